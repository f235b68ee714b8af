import type { Segment } from './route-mix';

/**
 * Traffic shapes: how many requests per second, over time. A shape flattens into stages of
 * constant or linearly changing rate; the runner cuts stages into short slices.
 */

interface StageOptions {
  /** Label of the stage in records and summaries. */
  name?: string;
  /** A route mix for this stage only (same shares as the run's if user affinity must hold). */
  segments?: Segment[];
}

export interface SteadyShape extends StageOptions {
  kind: 'steady';
  /** requests per second */
  rate: number;
  durationMs: number;
}

export interface RampShape extends StageOptions {
  kind: 'ramp';
  /** requests per second at the start and at the end, linear in between */
  from: number;
  to: number;
  durationMs: number;
}

/** A baseline rate with a burst of rate × multiplier during [surgeAtMs, surgeAtMs + surgeForMs). */
export interface SurgeShape extends StageOptions {
  kind: 'surge';
  rate: number;
  multiplier: number;
  durationMs: number;
  surgeAtMs: number;
  surgeForMs: number;
  /** A route mix for the burst only (for example keys drawn from a large key space). */
  surgeSegments?: Segment[];
}

/** Shapes one after the other. */
export interface SequenceShape {
  kind: 'sequence';
  shapes: Shape[];
}

export type Shape = SteadyShape | RampShape | SurgeShape | SequenceShape;

/** A stretch of linear rate, placed on the run's timeline. */
export interface Stage {
  name: string;
  startMs: number;
  durationMs: number;
  fromRate: number;
  toRate: number;
  segments?: Segment[];
}

export function flattenShape(shape: Shape): Stage[] {
  const stages: Stage[] = [];
  let at = 0;
  // Records name their stage, so two stages never share a name ("steady", "steady#2").
  const uniqueName = (name: string) => {
    let candidate = name;
    for (let n = 2; stages.some((s) => s.name === candidate); n++) candidate = `${name}#${n}`;
    return candidate;
  };
  const push = (name: string, durationMs: number, fromRate: number, toRate: number, segments?: Segment[]) => {
    checkDuration(name, durationMs);
    checkRate(name, fromRate);
    checkRate(name, toRate);
    if (durationMs > 0) stages.push({ name: uniqueName(name), startMs: at, durationMs, fromRate, toRate, segments });
    at += durationMs;
  };
  const visit = (s: Shape): void => {
    switch (s.kind) {
      case 'steady':
        push(s.name ?? 'steady', s.durationMs, s.rate, s.rate, s.segments);
        break;
      case 'ramp':
        push(s.name ?? 'ramp', s.durationMs, s.from, s.to, s.segments);
        break;
      case 'surge': {
        const label = s.name ?? 'surge';
        checkDuration(label, s.durationMs);
        if (!(s.multiplier >= 0) || !Number.isFinite(s.multiplier)) {
          throw new RangeError(`${label}: multiplier must be a number >= 0`);
        }
        if (!(s.surgeAtMs >= 0 && s.surgeForMs > 0 && s.surgeAtMs + s.surgeForMs <= s.durationMs)) {
          throw new RangeError(`${label}: the surge window must lie within the shape's duration`);
        }
        const prefix = s.name ? `${s.name}:` : '';
        push(`${prefix}before-surge`, s.surgeAtMs, s.rate, s.rate, s.segments);
        const burst = s.rate * s.multiplier;
        push(`${prefix}surge`, s.surgeForMs, burst, burst, s.surgeSegments ?? s.segments);
        const rest = s.durationMs - s.surgeAtMs - s.surgeForMs;
        push(`${prefix}after-surge`, rest, s.rate, s.rate, s.segments);
        break;
      }
      case 'sequence':
        s.shapes.forEach(visit);
        break;
    }
  };
  visit(shape);
  if (stages.length === 0) throw new RangeError('the shape has no duration');
  return stages;
}

export function shapeDurationMs(stages: readonly Stage[]): number {
  const last = stages[stages.length - 1];
  return last.startMs + last.durationMs;
}

/** Requests the stage plans from its start up to `t` ms into it (the integral of its rate). */
export function stageRequestsUntil(stage: Stage, t: number): number {
  const s = Math.min(Math.max(t, 0), stage.durationMs) / 1000;
  const d = stage.durationMs / 1000;
  return stage.fromRate * s + ((stage.toRate - stage.fromRate) * s * s) / (2 * d);
}

/** One autocannon run: `count` requests started at `startMs` into the load. */
export interface Slice {
  index: number;
  stage: Stage;
  startMs: number;
  endMs: number;
  count: number;
}

/**
 * Cuts stages into slices of at most `sliceMs`. Counts come from the rounded cumulative total
 * over the whole run, so fractions carry over (2 req/s in 250 ms slices gives 1, 0, 1, 0, ...).
 */
export function planSlices(stages: readonly Stage[], sliceMs: number): Slice[] {
  const slices: Slice[] = [];
  let before = 0; // requests planned by the stages before this one
  let sentSoFar = 0;
  for (const stage of stages) {
    for (let offset = 0; offset < stage.durationMs; offset += sliceMs) {
      const end = Math.min(offset + sliceMs, stage.durationMs);
      const due = Math.floor(before + stageRequestsUntil(stage, end) + 0.5);
      slices.push({
        index: slices.length,
        stage,
        startMs: stage.startMs + offset,
        endMs: stage.startMs + end,
        count: due - sentSoFar,
      });
      sentSoFar = due;
    }
    before += stageRequestsUntil(stage, stage.durationMs);
  }
  return slices;
}

function checkRate(name: string, rate: number): void {
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`${name}: rate must be a number >= 0, got ${rate}`);
}

function checkDuration(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${name}: duration must be >= 0 ms, got ${ms}`);
}
