import type { Segment } from '../load/route-mix';
import type { Shape } from '../load/shapes';
import type { PhaseSpec, Scenario, TrafficShape } from './scenario-schema';
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
}

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
  phases: PlannedPhase[];
  totalMs: number;
  faultParams: Record<string, unknown>;
  loads: PlannedLoad[];
  /** what every rate was multiplied by (quick, and speed for traffic-driven faults) */
  rateFactor: number;
}

/** Lays the scenario's arc out in time for a speed and mode: phase offsets, fault parameters, one load per population. */
export function planRun(scenario: Scenario, options: RunOptions): RunPlan {
  if (!(options.speed > 0) || !Number.isFinite(options.speed)) throw new RangeError(`speed must be a positive number, got ${options.speed}`);
  let at = 0;
  const phases = scenario.phases.map((spec, index): PlannedPhase => {
    const durationMs = Math.max(1_000, Math.round(((options.quick ? spec.quickDurationS : spec.durationS) * 1000) / options.speed));
    const phase = { spec, index, startMs: at, durationMs };
    at += durationMs;
    return phase;
  });
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
  return { phases, totalMs: at, faultParams: faultParams(scenario, options), loads, rateFactor };
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
