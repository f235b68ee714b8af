import type { FiredAlert } from './runner-alerts';

/**
 * Which alerts belong in a run's record: those of the services the run touches (its service, the
 * ones a red herring is planted in, and PostgreSQL, which every service shares), that went pending
 * after the run's arc started. A shared Prometheus (the compose stack's) also reports other
 * services' alerts and alerts still firing from an earlier run (HighLatency of the last run's
 * service, 33 s after it ended, was seen in the next run's record): neither is this run's.
 */
export function alertScope(options: { services: Iterable<string>; fromMs: number }): (alert: FiredAlert) => boolean {
  const services = new Set([...options.services, 'postgres']);
  return (alert) => services.has(alert.service) && (alert.since ?? alert.at) >= options.fromMs;
}
