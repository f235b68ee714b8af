import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';
import { createHeapOldSpaceLimit, oldSpaceLimitBytes } from './heap-old-space-limit';
import { createHeapSizeLimit } from './heap-size-limit';

/**
 * One registry per service instance (not prom-client's global one), so tests can run several
 * apps in one process. It carries the default Node metrics (heap, GC, event loop lag, handles)
 * and a `service` label on every series.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  createHeapSizeLimit(registry);
  // No series rather than a wrong one when the process runs without the flag (tests in-process).
  const oldSpaceLimit = oldSpaceLimitBytes();
  if (oldSpaceLimit !== undefined) createHeapOldSpaceLimit(registry, oldSpaceLimit);
  return registry;
}

/** The metric registered under `name`, created by `create` the first time (components share metrics by name). */
export function sharedMetric<T extends Metric>(registry: Registry, name: string, create: (registry: Registry) => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create(registry);
}
