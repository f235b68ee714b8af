import { z } from 'zod';
import { FAULT_CLASSES } from '../catalogue/service-catalogue';

/**
 * The ground truth of one scenario run, written to `<run folder>/run.json` as the run goes.
 * The grader compares a learner's postmortem with it; the debrief report charts it.
 * Every timestamp is ISO 8601 with an explicit offset (for example 2026-11-22T10:00:00.000+02:00).
 */

export const RUN_RECORD_FILE = 'run.json';
export const RUN_RECORD_SCHEMA_VERSION = 1;

const isoTimestamp = z.iso.datetime({ offset: true });

/** What kind of mechanism caused the incident (the catalogue's class of the fault): what a root-cause statement is graded against. */
export const faultClassSchema = z.enum(FAULT_CLASSES);

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

/**
 * Where the fault was, in the words a correct root cause uses: what tells two scenarios of the same
 * service and fault class apart when grading (widget-render-leak's rendering code, feature-background-leak's job).
 */
export const culpritSchema = z.strictObject({
  /** How the grader's feedback names it ("the complex-widget rendering code"). */
  name: z.string().min(1),
  /** Regular-expression fragments, matched case-insensitively as whole words (`render\w*`, `complex widgets?`). */
  words: z.array(z.string().min(1)).min(1),
});
export type Culprit = z.infer<typeof culpritSchema>;

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

/** One operation by someone during the run: `restart`, `rollback`, `set`, `acknowledge`, `heap-snapshot`, `cpu-profile` … */
export const actionRecordSchema = z.object({
  at: isoTimestamp,
  role: z.enum(['instructor', 'learner']),
  /** The learner's name, when they gave one (`--as`, the console's login). */
  learner: z.string().optional(),
  action: z.string(),
  service: z.string(),
  detail: z.string(),
  /** `ok`, or `refused: <CODE>: <reason>`. */
  result: z.string(),
  /** Which client: cli, console. */
  via: z.string().optional(),
});
export type ActionRecord = z.infer<typeof actionRecordSchema>;

export const responseRecordSchema = z.object({
  /** The first `ack` (`outage-lab ack`, the console's button), and who took the incident. */
  acknowledgedAt: isoTimestamp.nullable(),
  acknowledgedBy: z.string().nullable(),
  /** The start of the first stretch back within objective (the drill's hold time: a minute at speed 1) after the first SLO breach. */
  mitigatedAt: isoTimestamp.nullable(),
  /** When the cause was removed: by the learners' change, or the runner's fix at the time limit. */
  resolvedAt: isoTimestamp.nullable(),
  resolvedBy: z.enum(['learners', 'runner', 'none']),
  /** The learners' action that took the cause away ("set widgetify: pool.max 500 → 10"). */
  resolvedWith: z.string().nullable(),
  /** Restarts the learners asked for (relief from a leak, never its fix). */
  restarts: z.number().int().nonnegative(),
  /** Rollbacks that left the cause where it was (a harmless release rolled back). */
  harmlessRollbacks: z.number().int().nonnegative(),
  /** From the start of the incident (the fault went on) to each of the above; null when it did not happen. */
  timeToAcknowledgeMs: z.number().nullable(),
  timeToMitigateMs: z.number().nullable(),
  timeToResolveMs: z.number().nullable(),
});
export type ResponseRecord = z.infer<typeof responseRecordSchema>;

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
    /** The parameters set by hand for this run (`--fault-param`), over the definition's. */
    setByHand: z.record(z.string(), z.unknown()).optional(),
  }),
  target: z.enum(['local', 'docker']),
  speed: z.number().positive(),
  quick: z.boolean(),
  seed: z.number().int(),
  /** IANA zone of the machine that ran the scenario; timestamps carry its offset. */
  timezone: z.string(),
  /** abandoned: left `running` by a runner that died (kill -9), marked so by the next command that saw it. */
  status: z.enum(['running', 'completed', 'interrupted', 'failed', 'abandoned']),
  /** The process writing the record, so a record left `running` by a dead one can be told from a live run's. */
  runner: z.object({ pid: z.number().int(), host: z.string() }).optional(),
  /** When status is abandoned: the record's last write (the runner was alive then) and when it was found so. */
  abandoned: z.object({ lastWrittenAt: isoTimestamp, markedAt: isoTimestamp }).optional(),
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
  /**
   * The words the grader looks for, so that a run grades on its own, whatever scenario file it came
   * from: the scenario's culprit and the catalogue's terms for the service (absent in older records).
   */
  grading: z.object({ culprit: culpritSchema, serviceTerms: z.array(z.string()) }).optional(),
  /**
   * How busy the machine was (load average at the start and end, a CPU probe against an idle
   * core) and what the run did about it (absent in older records).
   */
  machine: z
    .object({
      cores: z.number().int().positive(),
      loadAverage1m: z.object({ start: z.number().nonnegative(), end: z.number().nonnegative().nullable() }),
      cpuProbe: z.object({ ms: z.number().nonnegative(), referenceMs: z.number().positive(), factor: z.number().nonnegative() }),
      adjustment: z.string(),
      /**
       * The load generator's own stalls (its process not running: a busy machine, its GC): each
       * request's latency is judged without the part of it they took (absent in older records).
       */
      generatorStalls: z
        .object({ count: z.number().int().nonnegative(), totalMs: z.number().nonnegative(), longestMs: z.number().nonnegative(), requestsTouched: z.number().int().nonnegative() })
        .optional(),
    })
    .optional(),
  /** scripted: the runner plays the whole arc; drill: the learners respond (absent in older records: scripted). */
  mode: z.enum(['scripted', 'drill']).optional(),
  /** A drill's terms and how it ended. */
  drill: z
    .object({
      /** From the start of the arc: the runner plays the fix then. */
      timeLimitMs: z.number().positive(),
      /** How long the objective had to hold again once the cause was gone. */
      holdMs: z.number().positive(),
      /** resolved: the learners took the cause away; unresolved: the runner played the fix at the time limit. */
      outcome: z.enum(['resolved', 'unresolved', 'interrupted']).nullable(),
      /** What ended it: the objective held again after the cause went, the time limit, or Ctrl-C / a failure. */
      endedBy: z.enum(['objective-held', 'time-limit', 'interrupted']).nullable(),
    })
    .optional(),
  /** What people did during the run (the services' operations logs, the runner's own calls left out), oldest first. */
  actions: z.array(actionRecordSchema).optional(),
  /** How the incident was responded to (drills). */
  response: responseRecordSchema.optional(),
  /** Where the alerts came from and how often the runner sampled (absent in older records). */
  monitoring: z
    .object({
      alertSource: z.enum(['prometheus', 'runner']),
      prometheusUrl: z.string().nullable(),
      ruleFiles: z.array(z.string()),
      sampleIntervalMs: z.number().positive(),
      /** A shared Prometheus (the stack's): how long the run waited for the earlier alerts of its services to clear, and any still active then. */
      earlierAlerts: z.object({ waitedMs: z.number().nonnegative(), stillActive: z.array(z.string()) }).optional(),
    })
    .optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type PhaseRecord = z.infer<typeof phaseRecordSchema>;
