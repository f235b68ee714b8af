/** What the runner tells the terminal as the run goes. */
export interface RunStatus {
  phase: string;
  phaseIndex: number;
  phaseCount: number;
  elapsedMs: number;
  totalMs: number;
  heapUsedBytes: number | undefined;
  heapLimitBytes: number | undefined;
  /** users' p95 over the last few seconds */
  p95Ms: number | undefined;
  /** share of failed requests over the last few seconds */
  errorRate: number | undefined;
  restarts: number;
}

export interface RunProgress {
  /** A line worth keeping: a phase starts, an alert fires, the service restarts. */
  event(message: string): void;
  /** The live status, every sample. */
  status(status: RunStatus): void;
  /** The run is over: leave the terminal clean. */
  done(): void;
}

export const silentProgress: RunProgress = { event() {}, status() {}, done() {} };
