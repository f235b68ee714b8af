import { z } from 'zod';

/**
 * The ground truth of one scenario run, written to `<run folder>/run.json` as the run goes.
 * The grader compares a learner's postmortem with it; the debrief report charts it.
 * Every timestamp is ISO 8601 with an explicit offset (for example 2026-11-22T10:00:00.000+02:00).
 */

export const RUN_RECORD_FILE = 'run.json';
export const RUN_RECORD_SCHEMA_VERSION = 1;

const isoTimestamp = z.iso.datetime({ offset: true });

/** What kind of mechanism caused the incident: what a root-cause statement is graded against. */
export const FAULT_CLASSES = ['memory-leak-references', 'unbounded-cache', 'pool-exhaustion'] as const;
export const faultClassSchema = z.enum(FAULT_CLASSES);
export type FaultClass = z.infer<typeof faultClassSchema>;

/** The misleading paths a scenario can offer (its red herrings). */
export const RED_HERRING_KINDS = [
  'database-queries', // slow-looking or "the database is slow" signals
  'database-indexes',
  'cache-configuration',
  'traffic-surge',
  'external-dependency',
  'recent-deployment',
  'ddos',
] as const;
export const redHerringKindSchema = z.enum(RED_HERRING_KINDS);
export type RedHerringKind = z.infer<typeof redHerringKindSchema>;

export const PHASE_KINDS = ['baseline', 'trigger', 'escalation', 'stop-gap', 'resolution'] as const;

export const phaseRecordSchema = z.object({
  name: z.string(),
  kind: z.enum(PHASE_KINDS),
  start: isoTimestamp,
  end: isoTimestamp.nullable(),
  /** What the runner did at the start of the phase ("fault on", "restart widget-api", ...). */
  actions: z.array(z.string()),
});

export const redHerringRecordSchema = z.object({
  kind: redHerringKindSchema,
  description: z.string(),
  at: isoTimestamp,
});

export const alertRecordSchema = z.object({
  name: z.string(),
  at: isoTimestamp,
  source: z.enum(['prometheus', 'runner']),
  /** The service the alert is about (its `service` label; `postgres` for the database). */
  service: z.string().optional(),
});

export const impactShareSchema = z.object({
  total: z.number().int().nonnegative(),
  affected: z.number().int().nonnegative(),
  /** affected / total, 0..1 (0 when total is 0). */
  share: z.number().min(0).max(1),
});

export const segmentImpactSchema = z.object({
  /** The group of simulated users (`regulars`) and its segment (`complex-renderers`). */
  population: z.string(),
  segment: z.string(),
  /** What the scenario designed: whether the mechanism is meant to hurt this segment. */
  expected: z.enum(['affected', 'unaffected']).optional(),
  requests: impactShareSchema,
  users: impactShareSchema,
});

export const processEventSchema = z.object({
  at: isoTimestamp,
  kind: z.enum(['restart', 'crash', 'out-of-memory']),
  service: z.string(),
  detail: z.string(),
});

export const sampleSchema = z.object({
  at: isoTimestamp,
  service: z.string(),
  /** Raw gauge values read from the service's /metrics; absent when the scrape failed. */
  values: z.record(z.string(), z.number()),
  up: z.boolean(),
});

export const runRecordSchema = z.object({
  schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
  runId: z.string(),
  scenario: z.string(),
  title: z.string(),
  service: z.string(),
  fault: z.object({
    name: z.string(),
    class: faultClassSchema,
    params: z.record(z.string(), z.unknown()),
  }),
  target: z.enum(['local', 'docker']),
  speed: z.number().positive(),
  quick: z.boolean(),
  seed: z.number().int(),
  /** IANA zone of the machine that ran the scenario; timestamps carry its offset. */
  timezone: z.string(),
  status: z.enum(['running', 'completed', 'interrupted', 'failed']),
  startedAt: isoTimestamp,
  endedAt: isoTimestamp.nullable(),
  faultWindow: z.object({ start: isoTimestamp.nullable(), end: isoTimestamp.nullable() }),
  phases: z.array(phaseRecordSchema),
  /** First moment the latency objective or error objective was breached after the fault started. */
  firstSloBreach: z.object({ at: isoTimestamp, detail: z.string() }).nullable(),
  firstAlert: alertRecordSchema.nullable(),
  alerts: z.array(alertRecordSchema),
  slo: z.object({ latencyObjectiveMs: z.number().positive(), errorStatuses: z.string() }),
  impact: z.object({
    /** Requests during the fault window that were slower than the objective or failed. */
    requests: impactShareSchema,
    /** Simulated users who had at least one such request during the fault window. */
    users: impactShareSchema,
    /** Share of requests in the fault window that failed (errors or 5xx). */
    errorShare: z.number().min(0).max(1),
    /** The same per user segment (which group of simulated users was hurt), for the debrief. */
    bySegment: z.array(segmentImpactSchema).optional(),
  }),
  redHerrings: z.array(redHerringRecordSchema),
  resources: z.object({
    peakHeapUsedBytes: z.number().nonnegative(),
    peakRssBytes: z.number().nonnegative(),
    restarts: z.number().int().nonnegative(),
    oomKills: z.number().int().nonnegative(),
    /** Each restart and death of the service during the run, in order. */
    events: z.array(processEventSchema).optional(),
  }),
  samples: z.array(sampleSchema),
  loadSummaries: z.array(z.record(z.string(), z.unknown())),
  error: z.string().optional(),
  /** Where the alerts came from and how often the runner sampled (absent in older records). */
  monitoring: z
    .object({
      alertSource: z.enum(['prometheus', 'runner']),
      prometheusUrl: z.string().nullable(),
      ruleFiles: z.array(z.string()),
      sampleIntervalMs: z.number().positive(),
    })
    .optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type PhaseRecord = z.infer<typeof phaseRecordSchema>;
