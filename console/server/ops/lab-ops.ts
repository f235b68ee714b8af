export interface Actor {
  role: 'instructor' | 'learner';
  learner: string | null;
}

/**
 * What learners do to the lab (operations, CPU profiles, taking the incident), behind one seam:
 * the console calls the lab's own operations API (ServiceOps), and shows what it answers. Until the
 * lab offers an operation, it answers NOT_AVAILABLE (501) and the page says so.
 */
export interface LabOps {
  /** releases and settings of a service, null when the lab does not expose them */
  describe(service: string): Promise<{ releases: unknown[]; settings: unknown[] } | null>;
  restart(service: string, actor: Actor): Promise<{ result: string }>;
  rollback(service: string, version: string | undefined, actor: Actor): Promise<{ result: string }>;
  set(service: string, key: string, value: string, actor: Actor): Promise<{ result: string }>;
  /** a CPU profile of the service over `seconds` (the .cpuprofile JSON DevTools opens) */
  profile(service: string, seconds: number): Promise<Buffer>;
  /** takes the incident paged for `service` (the current run's), recorded with the learner's name */
  acknowledge(service: string, actor: Actor): Promise<{ acknowledgedAt: string; by: string }>;
}
