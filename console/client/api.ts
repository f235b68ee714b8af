import { readJsonAnswer } from '../../common/json-answer';
/** Calls to the console's API: JSON both ways, the session cookie, errors as ApiError with the server's code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const { body: parsed, error } = await readJsonAnswer(response);
  if (!response.ok) {
    throw new ApiError(response.status, error?.code ?? 'ERROR', error?.message ?? `${response.status} ${response.statusText}`);
  }
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown): Promise<T> => api<T>('PUT', path, body);

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
