import { z } from 'zod';
import { SERVICE_CATALOGUE, type FaultClass, type ServiceCatalogue } from '../catalogue/service-catalogue';
import { HTTP_METHODS } from '../load/route-mix';
import { culpritSchema, PHASE_KINDS, redHerringKindSchema } from './run-record';

/**
 * A scenario is data: what the lab does, when, with which traffic, and what the learner is told.
 * The runner interprets it (scenario-runner.ts); nothing scenario-specific lives in code paths.
 * Durations are at speed 1; `--speed` divides them, `--quick` uses the `quick*` figures.
 */

/** How a path parameter or a body field is drawn for each request (the data form of load/params.ts). */
export const paramSpecSchema = z.union([
  /** An integer in [min, max], optionally only multiples (or non-multiples) of a number: `{ int: [1, 200], multipleOf: 5 }`. */
  z.strictObject({
    int: z.tuple([z.number().int(), z.number().int()]),
    multipleOf: z.number().int().positive().optional(),
    notMultipleOf: z.number().int().positive().optional(),
  }),
  /** One of these values, uniformly. */
  z.strictObject({ oneOf: z.array(z.union([z.string(), z.number()])).min(1) }),
  /** A key from a large space (`{ distinct: 1e9, prefix: 'cmp-' }`): a stream of mostly new keys. */
  z.strictObject({ distinct: z.number().int().positive(), prefix: z.string().optional() }),
  /** A value fixed per user: `{user}` becomes the user id (`regulars-u12`), `{n}` its number. */
  z.strictObject({ perUser: z.string().min(1) }),
]);
export type ParamSpec = z.infer<typeof paramSpecSchema>;

const literalSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const routeSpecSchema = z.strictObject({
  method: z.enum(HTTP_METHODS).default('GET'),
  /** A template: `/widgets/:id/render`, `/products/:id?currency=:currency&ref=:ref`. */
  path: z.string().startsWith('/'),
  weight: z.number().nonnegative().default(1),
  params: z.record(z.string(), paramSpecSchema).default({}),
  /** A JSON object body; a field is a literal or drawn like a parameter. */
  body: z.record(z.string(), z.union([paramSpecSchema, literalSchema])).optional(),
});
export type RouteSpecData = z.infer<typeof routeSpecSchema>;

export const segmentSpecSchema = z.strictObject({
  name: z.string().min(1),
  /** Share of the population's users (the shares of a population sum to 1). */
  share: z.number().min(0).max(1),
  /** What this segment does, for the instructor ("renders complex widgets"). */
  description: z.string(),
  /** Whether the mechanism is meant to hurt these users: what the affected share is designed from. */
  expected: z.enum(['affected', 'unaffected']),
  mix: z.array(routeSpecSchema).min(1),
});
export type SegmentSpec = z.infer<typeof segmentSpecSchema>;

/** A group of simulated users (`<name>-u1..`) with their segments; streams send its traffic. */
export const populationSpecSchema = z.strictObject({
  users: z.number().int().positive().max(100_000),
  description: z.string(),
  segments: z.array(segmentSpecSchema).min(1),
});
export type PopulationSpec = z.infer<typeof populationSpecSchema>;

/** Traffic of one population during one phase, in requests per second at speed 1. */
export const trafficShapeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('steady'), rate: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('ramp'), from: z.number().nonnegative(), to: z.number().nonnegative() }),
  z.strictObject({
    kind: z.literal('surge'),
    rate: z.number().nonnegative(),
    multiplier: z.number().min(1).max(50),
    /** When the burst starts and how long it lasts, as fractions of the phase. */
    at: z.number().min(0).max(1),
    for: z.number().positive().max(1),
  }),
]);
export type TrafficShape = z.infer<typeof trafficShapeSchema>;

export const trafficStreamSchema = z.strictObject({ population: z.string(), shape: trafficShapeSchema });
export type TrafficStream = z.infer<typeof trafficStreamSchema>;

/** What the runner does at the start of a phase. */
export const phaseActionSchema = z.discriminatedUnion('do', [
  /** Switch the scenario's fault on (the bad release, the config change). */
  z.strictObject({ do: z.literal('fault-on'), note: z.string() }),
  /** Switch it off (the fix is deployed). */
  z.strictObject({ do: z.literal('fault-off'), note: z.string() }),
  /** Restart the scenario's service (a stop-gap, or the deploy of the fix). The fault survives a restart while it is on. */
  z.strictObject({ do: z.literal('restart'), note: z.string() }),
  /** Plant or offer one of the scenario's red herrings (by id). */
  z.strictObject({ do: z.literal('red-herring'), id: z.string() }),
  /** Take a planted red herring away (its fault off). */
  z.strictObject({ do: z.literal('red-herring-off'), id: z.string() }),
]);
export type PhaseAction = z.infer<typeof phaseActionSchema>;

export const phaseSpecSchema = z.strictObject({
  name: z.string().min(1).regex(/^[a-z0-9][a-z0-9 -]*$/, 'lower-case words: it names load stages too'),
  kind: z.enum(PHASE_KINDS),
  /** What happens, for the instructor and the debrief. */
  description: z.string(),
  durationS: z.number().positive(),
  quickDurationS: z.number().positive(),
  actions: z.array(phaseActionSchema),
  traffic: z.array(trafficStreamSchema),
});
export type PhaseSpec = z.infer<typeof phaseSpecSchema>;

export const redHerringSpecSchema = z.strictObject({
  id: z.string().min(1),
  kind: redHerringKindSchema,
  /** What the learner can see, and why it misleads (recorded in record.redHerrings). */
  description: z.string(),
  /**
   * What lets learners weigh it: `day-before-traffic` loads the same hours of the day before
   * (the plan's traffic, fault off) into the run's Prometheus, for `offset 1d` comparisons.
   */
  evidence: z.enum(['day-before-traffic']).optional(),
  /** A fault of another service that makes the signal real (for example a slower partner API). */
  plant: z.strictObject({ service: z.string(), fault: z.string(), params: z.record(z.string(), z.unknown()).default({}) }).optional(),
});
export type RedHerringSpec = z.infer<typeof redHerringSpecSchema>;

export const faultSpecSchema = z.strictObject({
  /** The admin name of the fault in the service (`render-retention`): one of the service's faults in the catalogue, which gives its class. */
  name: z.string().min(1),
  /** What the fault is, for the instructor: the ground truth the postmortem is graded against. */
  mechanism: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** Parameters for --quick (merged over params). */
  quickParams: z.record(z.string(), z.unknown()).default({}),
  /**
   * How `--speed s` compresses the fault: each named numeric parameter is multiplied or divided by s,
   * and with `traffic` every rate is multiplied by s (for leaks that grow with requests).
   */
  speed: z
    .strictObject({
      params: z.record(z.string(), z.enum(['multiply', 'divide'])).default({}),
      traffic: z.boolean().default(false),
    })
    .default({ params: {}, traffic: false }),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** The scenario schema for a catalogue: its services, their faults and their parameters are what a scenario may name. */
export function scenarioSchemaFor(catalogue: ServiceCatalogue) {
  return z
    .strictObject({
      name: z.string().regex(/^[a-z][a-z0-9-]*$/),
      title: z.string(),
      service: z.enum(catalogue.userFacing() as [string, ...string[]]),
      /** The incident as the report tells it: what the lab reproduces (instructor-facing). */
      incident: z.strictObject({
        system: z.string(),
        window: z.string(),
        impact: z.string(),
        /** The report's share of users affected, 0..1: what a run's measured share is compared with. */
        affectedUsersShare: z.number().min(0).max(1),
        rootCause: z.string(),
        resolution: z.string(),
      }),
      fault: faultSpecSchema,
      slo: z.strictObject({
        /** A request slower than this counts as affected (and p95 above it is a breach). */
        latencyObjectiveMs: z.number().positive(),
        /** Share of failed requests over which the error objective is breached. */
        errorObjective: z.number().min(0).max(1).default(0.05),
      }),
      populations: z.record(z.string().regex(/^[a-z][a-z0-9]*$/), populationSpecSchema),
      /** Per-request timeout of the simulated users (default 10 s). */
      requestTimeoutMs: z.number().int().min(1000).default(10_000),
      /** --quick multiplies every rate by this (a shorter arc may need more traffic to grow as far). */
      quickRateFactor: z.number().positive().default(1),
      phases: z.array(phaseSpecSchema).min(2),
      redHerrings: z.array(redHerringSpecSchema),
      /** What the learner receives: what the pager and the users said, never the cause. */
      brief: z.strictObject({
        headline: z.string(),
        pager: z.string(),
        userReports: z.array(z.string()).min(1),
        context: z.array(z.string()),
      }),
      /** Three tiers, vague to specific (`outage-lab hint`). */
      hints: z.tuple([z.string(), z.string(), z.string()]),
      culprit: culpritSchema,
    })
    .superRefine((s, ctx) => {
      const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      checkAgainstCatalogue(s, catalogue, issue);
      const names = new Set<string>();
      const herrings = new Set(s.redHerrings.map((h) => h.id));
      if (herrings.size !== s.redHerrings.length) issue(['redHerrings'], 'red herring ids must be unique');
      for (const [name, population] of Object.entries(s.populations)) {
        const total = population.segments.reduce((sum, seg) => sum + seg.share, 0);
        if (Math.abs(total - 1) > 1e-6) issue(['populations', name, 'segments'], `segment shares sum to ${total}, not 1`);
      }
      s.phases.forEach((phase, i) => {
        if (names.has(phase.name)) issue(['phases', i, 'name'], `phase "${phase.name}" appears twice`);
        names.add(phase.name);
        const seen = new Set<string>();
        for (const stream of phase.traffic) {
          if (!(stream.population in s.populations)) issue(['phases', i, 'traffic'], `no population "${stream.population}"`);
          if (seen.has(stream.population)) issue(['phases', i, 'traffic'], `population "${stream.population}" has two streams`);
          seen.add(stream.population);
          if (stream.shape.kind === 'surge' && stream.shape.at + stream.shape.for > 1) {
            issue(['phases', i, 'traffic'], 'the surge must end within the phase');
          }
        }
        for (const action of phase.actions) {
          if ((action.do === 'red-herring' || action.do === 'red-herring-off') && !herrings.has(action.id)) {
            issue(['phases', i, 'actions'], `no red herring "${action.id}"`);
          }
        }
      });
      if (s.phases[0]?.kind !== 'baseline') issue(['phases', 0, 'kind'], 'the first phase is the baseline');
      const on = s.phases.findIndex((p) => p.actions.some((a) => a.do === 'fault-on'));
      const off = s.phases.findIndex((p) => p.actions.some((a) => a.do === 'fault-off'));
      if (on < 0) issue(['phases'], 'no phase switches the fault on');
      if (off >= 0 && off <= on) issue(['phases'], 'the fault must go off after it goes on');
      for (const herring of s.redHerrings) {
        if (!s.phases.some((p) => p.actions.some((a) => a.do === 'red-herring' && a.id === herring.id))) {
          issue(['redHerrings'], `red herring "${herring.id}" is never planted or offered`);
        }
      }
    });
}

/** The scenarios of the lab's own catalogue. */
export const scenarioSchema = scenarioSchemaFor(SERVICE_CATALOGUE);
/** A scenario as written (defaults filled in). */
export type ScenarioSpec = z.infer<typeof scenarioSchema>;
/** What a definition file writes (defaults not filled in yet). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario ready to run: as written, with what the catalogue says of its fault (its class) and of its service (how learners name it). */
export type Scenario = ScenarioSpec & { fault: ScenarioSpec['fault'] & { class: FaultClass }; serviceTerms: readonly string[] };

type Issue = (path: PropertyKey[], message: string) => void;

/** The service, faults and parameters a scenario names exist in the catalogue, with parameters the fault accepts. */
function checkAgainstCatalogue(s: ScenarioSpec, catalogue: ServiceCatalogue, issue: Issue): void {
  const fault = catalogue.fault(s.service, s.fault.name);
  if (!catalogue.get(s.service)) return; // the enum said so
  if (!fault) {
    issue(['fault', 'name'], `${s.service} has no fault "${s.fault.name}"; it has: ${Object.keys(catalogue.require(s.service).faults).join(', ')}`);
  } else if (fault.class === null) {
    issue(['fault', 'name'], `${s.fault.name} has no fault class: it can only be planted as a red herring`);
  } else {
    checkParams(fault.params, s.fault.params, s.fault.name, ['fault', 'params'], issue);
    checkParams(fault.params, { ...s.fault.params, ...s.fault.quickParams }, s.fault.name, ['fault', 'quickParams'], issue, Object.keys(s.fault.quickParams));
    for (const name of Object.keys(s.fault.speed.params)) {
      if (!(name in fault.params.shape)) issue(['fault', 'speed', 'params', name], unknownParam(s.fault.name, name, fault.params));
    }
  }
  s.redHerrings.forEach((herring, i) => {
    if (!herring.plant) return;
    const { service, fault: name, params } = herring.plant;
    const at = ['redHerrings', i, 'plant'];
    if (!catalogue.get(service)) return issue([...at, 'service'], `no service "${service}"; there are: ${catalogue.names().join(', ')}`);
    const planted = catalogue.fault(service, name);
    if (!planted) return issue([...at, 'fault'], `${service} has no fault "${name}"; it has: ${Object.keys(catalogue.require(service).faults).join(', ')}`);
    checkParams(planted.params, params, name, [...at, 'params'], issue);
  });
  s.culprit.words.forEach((word, i) => {
    try {
      new RegExp(word, 'i');
    } catch (err) {
      issue(['culprit', 'words', i], `not a regular expression: ${(err as Error).message}`);
    }
  });
}

/** Each parameter is one the fault has, with a value it accepts (its schema's bounds). `only`: report only these names. */
function checkParams(schema: z.ZodObject, values: Record<string, unknown>, fault: string, at: PropertyKey[], issue: Issue, only?: string[]): void {
  const names = only ?? Object.keys(values);
  for (const name of names) if (!(name in schema.shape)) issue([...at, name], unknownParam(fault, name, schema));
  const parsed = schema.safeParse(values);
  if (parsed.success) return;
  for (const problem of parsed.error.issues) {
    if (problem.path.length > 0 && !names.includes(String(problem.path[0]))) continue;
    issue([...at, ...problem.path], problem.message);
  }
}

function unknownParam(fault: string, name: string, schema: z.ZodObject): string {
  return `${fault} has no parameter "${name}"; it has: ${Object.keys(schema.shape).join(', ') || 'none'}`;
}
