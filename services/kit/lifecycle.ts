/** Shared between the server (which starts shutting down) and the app (which reports it on /readyz). */
export interface Lifecycle {
  shuttingDown: boolean;
}
