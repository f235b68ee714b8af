import type { Segment } from '../load/route-mix';
import type { Shape } from '../load/shapes';
import type { PhaseAction, PhaseSpec, Scenario, TrafficShape } from './scenario-schema';
import { segmentsOf } from './traffic-mix';

/** The most the runner sends at once, over every population: the machine is shared. */
export const MAX_TOTAL_RATE = 1_500;
/** The default arc, at speed 1, lasts at most this long. */
export const MAX_DEFAULT_ARC_MS = 10 * 60_000;

export interface RunOptions {
  speed: number;
  quick: boolean;
  /** Fault parameters set by hand (`--fault-param`), over the definition's and the speed's. */
  faultParams?: Record<string, number>;
  /**
   * A drill: the learners respond. The runner plays baseline, trigger and escalation (with their
   * red herrings), never the stop-gap or the fix; the incident then goes on ("on call") until the
   * learners remove the cause and the objective holds again, or until the time limit (from the
   * start of the arc), when the runner plays the fix itself.
   */
  drill?: { timeLimitMs?: number | undefined } | undefined;
}

/** What a drill adds to the plan. */
export interface DrillPlan {
  /** From the start of the arc: the runner plays the fix then. */
  timeLimitMs: number;
  /** How long the objective must hold again, once the cause is gone, for the incident to be over. */
  holdMs: number;
  /** The scenario's fix (its stop-gap and resolution phases' fault-off and red-herring-off), played at the time limit. */
  fix: PhaseAction[];
}

/** The drill's own last phase: the incident goes on with the escalation's traffic until it ends. */
export const ON_CALL_PHASE = 'on call';
/** At speed 1: a minute back within objective after the cause is gone ends a drill; --quick 15 s. */
export const DRILL_HOLD_MS = 60_000;
export const QUICK_DRILL_HOLD_MS = 15_000;
/** The default time limit: 20 minutes at speed 1; --quick: the arc and 90 s more. */
export const DEFAULT_DRILL_TIME_LIMIT_MS = 20 * 60_000;
const QUICK_DRILL_EXTRA_MS = 90_000;

export interface PlannedPhase {
  spec: PhaseSpec;
  index: number;
  /** from the start of the arc */
  startMs: number;
  durationMs: number;
}

export interface PlannedLoad {
  population: string;
  userIdPrefix: string;
  users: number;
  segments: Segment[];
  /** One stage per phase, named after it (a surge phase gives `<phase>:before-surge`, `<phase>:surge`, ...). */
  shape: Shape;
}

export interface RunPlan {
  /** what it was planned for */
  options: RunOptions;
  phases: PlannedPhase[];
  totalMs: number;
  faultParams: Record<string, unknown>;
  loads: PlannedLoad[];
  /** what every rate was multiplied by (quick, and speed for traffic-driven faults) */
  rateFactor: number;
  /** set for a drill */
  drill?: DrillPlan;
}

/** Lays the scenario's arc out in time for a speed and mode: phase offsets, fault parameters, one load per population. */
export function planRun(scenario: Scenario, options: RunOptions): RunPlan {
  if (!(options.speed > 0) || !Number.isFinite(options.speed)) throw new RangeError(`speed must be a positive number, got ${options.speed}`);
  let at = 0;
  const durationOf = (spec: PhaseSpec): number => Math.max(1_000, Math.round(((options.quick ? spec.quickDurationS : spec.durationS) * 1000) / options.speed));
  const specs = options.drill ? drillSpecs(scenario) : scenario.phases;
  let phases = specs.map((spec, index): PlannedPhase => {
    const durationMs = durationOf(spec);
    const phase = { spec, index, startMs: at, durationMs };
    at += durationMs;
    return phase;
  });
  let drill: DrillPlan | undefined;
  if (options.drill) {
    const arcMs = at - phases.at(-1)!.durationMs;
    const faultOnEnd = phases.find((p) => p.spec.actions.some((a) => a.do === 'fault-on'))!;
    const timeLimitMs =
      options.drill.timeLimitMs ?? (options.quick ? arcMs + QUICK_DRILL_EXTRA_MS : Math.round(DEFAULT_DRILL_TIME_LIMIT_MS / options.speed));
    if (!(timeLimitMs > faultOnEnd.startMs + faultOnEnd.durationMs)) {
      throw new RangeError(
        `a time limit of ${Math.round(timeLimitMs / 1000)} s ends the drill before the incident starts (its trigger ends at ${Math.round((faultOnEnd.startMs + faultOnEnd.durationMs) / 1000)} s): choose a longer --time-limit`,
      );
    }
    // The arc up to the limit: phases that would start after it are left out, the last one ends at it.
    phases = phases.filter((p) => p.startMs < timeLimitMs);
    const last = phases.at(-1)!;
    last.durationMs = timeLimitMs - last.startMs;
    at = timeLimitMs;
    drill = { timeLimitMs, holdMs: Math.max(5_000, Math.round((options.quick ? QUICK_DRILL_HOLD_MS : DRILL_HOLD_MS) / options.speed)), fix: drillFix(scenario) };
  }
  const rateFactor = (options.quick ? scenario.quickRateFactor : 1) * (scenario.fault.speed.traffic ? options.speed : 1);
  const loads = Object.entries(scenario.populations).map(([population, spec]): PlannedLoad => ({
    population,
    userIdPrefix: `${population}-`,
    users: spec.users,
    segments: segmentsOf(spec),
    shape: {
      kind: 'sequence',
      shapes: phases.map((phase) => stageShape(phase, phase.spec.traffic.find((t) => t.population === population)?.shape, rateFactor)),
    },
  }));
  const peak = phases.reduce((max, phase) => Math.max(max, phase.spec.traffic.reduce((sum, t) => sum + peakRate(t.shape), 0) * rateFactor), 0);
  if (peak > MAX_TOTAL_RATE) {
    throw new RangeError(`at this speed the scenario would send ${Math.round(peak)} req/s, above ${MAX_TOTAL_RATE}: choose a lower --speed`);
  }
  return { options, phases, totalMs: at, faultParams: faultParams(scenario, options), loads, rateFactor, ...(drill ? { drill } : {}) };
}

function stageShape(phase: PlannedPhase, shape: TrafficShape | undefined, factor: number): Shape {
  const name = phase.spec.name;
  const durationMs = phase.durationMs;
  if (!shape) return { kind: 'steady', name, rate: 0, durationMs };
  switch (shape.kind) {
    case 'steady':
      return { kind: 'steady', name, rate: shape.rate * factor, durationMs };
    case 'ramp':
      return { kind: 'ramp', name, from: shape.from * factor, to: shape.to * factor, durationMs };
    case 'surge': {
      const surgeAtMs = Math.round(shape.at * durationMs);
      return {
        kind: 'surge',
        name,
        rate: shape.rate * factor,
        multiplier: shape.multiplier,
        durationMs,
        surgeAtMs,
        surgeForMs: Math.min(Math.round(shape.for * durationMs), durationMs - surgeAtMs),
      };
    }
  }
}

function peakRate(shape: TrafficShape): number {
  switch (shape.kind) {
    case 'steady':
      return shape.rate;
    case 'ramp':
      return Math.max(shape.from, shape.to);
    case 'surge':
      return shape.rate * shape.multiplier;
  }
}

/** The fault's parameters for this run: quick ones over the defaults, scaled with the speed, then the ones set by hand. */
export function faultParams(scenario: Scenario, options: RunOptions): Record<string, unknown> {
  const known = Object.keys({ ...scenario.fault.params, ...scenario.fault.quickParams });
  const unknown = Object.keys(options.faultParams ?? {}).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new RangeError(`${scenario.name}'s fault (${scenario.fault.name}) has no parameter ${unknown.join(', ')}; it has: ${known.join(', ') || 'none'}`);
  }
  const params: Record<string, unknown> = { ...scenario.fault.params, ...(options.quick ? scenario.fault.quickParams : {}) };
  for (const [name, how] of Object.entries(scenario.fault.speed.params)) {
    const value = params[name];
    if (typeof value !== 'number') continue;
    const scaled = how === 'multiply' ? value * options.speed : value / options.speed;
    params[name] = Number.isInteger(value) ? Math.max(1, Math.round(scaled)) : scaled;
  }
  return { ...params, ...options.faultParams };
}

/** The phase a load stage belongs to (`escalation:surge` → `escalation`). */
export function phaseOfStage(stage: string): string {
  const colon = stage.indexOf(':');
  return colon < 0 ? stage : stage.slice(0, colon);
}

/** Whether a phase is the runner's answer to the incident (a drill leaves those to the learners). */
function isResponse(spec: PhaseSpec): boolean {
  return spec.kind === 'stop-gap' || spec.kind === 'resolution';
}

/**
 * A drill's phases: the scenario's up to its last escalation (the stop-gap and the fix left out),
 * then "on call": the last escalation's traffic held at the rate it ended with, no action, for as
 * long as the incident lasts (the plan stretches it to the time limit).
 */
function drillSpecs(scenario: Scenario): PhaseSpec[] {
  const firstResponse = scenario.phases.findIndex(isResponse);
  const played = firstResponse < 0 ? scenario.phases : scenario.phases.slice(0, firstResponse);
  const last = played.at(-1)!;
  const onCall: PhaseSpec = {
    name: ON_CALL_PHASE,
    kind: 'escalation',
    description: 'the incident goes on until the learners remove its cause and the objective holds again, or the time limit',
    durationS: 60,
    quickDurationS: 60,
    actions: [],
    traffic: last.traffic.map((t) => ({ population: t.population, shape: { kind: 'steady', rate: endRate(t.shape) } })),
  };
  return [...played, onCall];
}

function endRate(shape: TrafficShape): number {
  switch (shape.kind) {
    case 'steady':
      return shape.rate;
    case 'ramp':
      return shape.to;
    case 'surge':
      return shape.rate;
  }
}

/** What the runner plays when a drill reaches its time limit: the scenario's fix, without its restarts. */
function drillFix(scenario: Scenario): PhaseAction[] {
  return scenario.phases.filter(isResponse).flatMap((p) => p.actions.filter((a) => a.do === 'fault-off' || a.do === 'red-herring-off'));
}
