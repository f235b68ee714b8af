/**
 * The default Node.js metrics prom-client registers (collectDefaultMetrics, in service-registry.ts)
 * that the lab reads back: the run's samples, the runner's alerts, the debrief's charts.
 */

export const NODEJS_HEAP_SIZE_USED_BYTES = 'nodejs_heap_size_used_bytes';
export const NODEJS_HEAP_SIZE_TOTAL_BYTES = 'nodejs_heap_size_total_bytes';
export const PROCESS_RESIDENT_MEMORY_BYTES = 'process_resident_memory_bytes';
/** p99 of the event loop's delay, in seconds (sampled every eventLoopMonitoringPrecision ms). */
export const NODEJS_EVENTLOOP_LAG_P99_SECONDS = 'nodejs_eventloop_lag_p99_seconds';
/** Mean of the event loop's delay, in seconds (the console's event-loop chart, beside the p99). */
export const NODEJS_EVENTLOOP_LAG_SECONDS = 'nodejs_eventloop_lag_seconds';
/** V8 heap in use per space (new, old, code, large objects …), label `space`: the console's heap-by-space chart. */
export const NODEJS_HEAP_SPACE_SIZE_USED_BYTES = 'nodejs_heap_space_size_used_bytes';
/** Unix time the process started, in seconds: a change means a restart. */
export const PROCESS_START_TIME_SECONDS = 'process_start_time_seconds';
/** A histogram of garbage-collection pauses, in seconds (its _sum is the time spent in GC). */
export const NODEJS_GC_DURATION_SECONDS = 'nodejs_gc_duration_seconds';
