/** What a service process may ask of the supervisor that forked it (lab/service-process.ts), over IPC. */
export const RESTART_REQUEST = 'restart-request';

export interface RestartRequest {
  type: typeof RESTART_REQUEST;
  reason: string;
}

export function isRestartRequest(message: unknown): message is RestartRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === RESTART_REQUEST;
}
