/** Shapes the console's API answers with, shared by the server and the page (no Node or DOM types here). */

/** One line of a service's JSON log (pino, pino-http), reduced to what the console shows and searches. */
export interface LogEntry {
  time: string;
  service: string;
  level: string;
  msg: string;
  method?: string;
  url?: string;
  route?: string;
  status?: number;
  responseTimeMs?: number;
  requestId?: string;
}

/** An alert pending or firing. */
export interface AlertState {
  name: string;
  service: string;
  state: 'pending' | 'firing';
  /** epoch ms: when the condition started to hold (Prometheus's activeAt) */
  activeAt: number;
  /** epoch ms: when it started firing (null where the source does not say) */
  firingAt: number | null;
  severity: string;
  summary: string;
  value: number;
}
