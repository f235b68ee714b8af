import type { DrawContext, ParamGenerator } from './params';
import { pickWeighted, type Rng } from './rng';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One route of a mix. */
export interface RouteSpec {
  /** Default GET. */
  method?: HttpMethod;
  /** A template: `/widgets/:id/render`, `/products?category=:category&page=:page`. */
  path: string;
  /** Relative weight within its mix (default 1). */
  weight?: number;
  /** A generator for every `:name` of the template. */
  params?: Record<string, ParamGenerator>;
  /** A JSON body, or a function drawing one; sent with content-type application/json. */
  body?: unknown;
  /** The label in records and summaries; default `<METHOD> <path template>`. */
  name?: string;
}

/** A share of the user population with its own route mix ("30% of users render complex widgets"). */
export interface Segment {
  name?: string;
  /** Share of the users, 0..1; the shares of a list are normalised to sum to 1. */
  share: number;
  mix: RouteSpec[];
}

/** One request, fully drawn: what a client sends and how the record labels it. */
export interface PlannedRequest {
  route: string;
  method: HttpMethod;
  /** Path and query, base path included. */
  path: string;
  userId: string;
  body?: string;
}

export interface UserSegmentRange {
  name: string;
  /** First and last user index of the segment (users are u<from>..u<to>), or null when it got none. */
  users: [number, number] | null;
}

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

interface CompiledRoute {
  name: string;
  method: HttpMethod;
  template: string;
  params: Record<string, ParamGenerator>;
  body: unknown;
}

interface CompiledSegment {
  name: string;
  routes: CompiledRoute[];
  weights: number[];
}

/**
 * Draws requests for a population of `users` split into segments. Users are assigned to
 * segments in contiguous blocks (u1.. for the first segment), so a user keeps one segment.
 */
export class RequestPlanner {
  private readonly segments: CompiledSegment[];
  /** segment index of user i at [i - 1] */
  private readonly segmentOfUser: Uint16Array;
  readonly ranges: UserSegmentRange[];

  constructor(
    segments: readonly Segment[],
    readonly users: number,
    private readonly basePath = '',
    /** Put before `u<n>` in user ids, so that two populations sent at once keep distinct users. */
    private readonly userIdPrefix = '',
  ) {
    if (!Number.isInteger(users) || users < 1) throw new RangeError(`users must be a positive integer, got ${users}`);
    if (segments.length === 0) throw new RangeError('the route mix is empty');
    const totalShare = segments.reduce((sum, s) => sum + s.share, 0);
    if (segments.some((s) => !(s.share >= 0)) || !(totalShare > 0)) {
      throw new RangeError('segment shares must be >= 0 and not all 0');
    }
    this.segments = segments.map((s, i) => compileSegment(s, i));
    const counts = splitByShare(
      users,
      segments.map((s) => s.share / totalShare),
    );
    this.segmentOfUser = new Uint16Array(users);
    this.ranges = [];
    let next = 1;
    counts.forEach((count, index) => {
      this.segmentOfUser.fill(index, next - 1, next - 1 + count);
      this.ranges.push({ name: this.segments[index].name, users: count > 0 ? [next, next + count - 1] : null });
      next += count;
    });
  }

  /** The segment name of user `u<userIndex>`. */
  segmentOf(userIndex: number): string {
    return this.segments[this.segmentOfUser[userIndex - 1]].name;
  }

  draw(rng: Rng): PlannedRequest {
    const userIndex = 1 + Math.floor(rng() * this.users);
    const userId = `${this.userIdPrefix}u${userIndex}`;
    const segment = this.segments[this.segmentOfUser[userIndex - 1]];
    const route = pickWeighted(rng, segment.routes, segment.weights);
    const ctx: DrawContext = { rng, userIndex, userId };
    const path = route.template.replace(PARAM, (_, name: string) =>
      encodeURIComponent(String(route.params[name](ctx))),
    );
    const body = typeof route.body === 'function' ? route.body(ctx) : route.body;
    return {
      route: route.name,
      method: route.method,
      path: this.basePath + path,
      userId,
      body: body === undefined ? undefined : JSON.stringify(body),
    };
  }
}

function compileSegment(segment: Segment, index: number): CompiledSegment {
  const name = segment.name ?? `segment-${index + 1}`;
  if (segment.mix.length === 0) throw new RangeError(`segment ${name} has no routes`);
  const routes = segment.mix.map((spec) => compileRoute(spec));
  const weights = segment.mix.map((spec) => spec.weight ?? 1);
  if (weights.some((w) => !(w >= 0)) || !weights.some((w) => w > 0)) {
    throw new RangeError(`segment ${name}: route weights must be >= 0 and not all 0`);
  }
  return { name, routes, weights };
}

function compileRoute(spec: RouteSpec): CompiledRoute {
  const method = spec.method ?? 'GET';
  if (!HTTP_METHODS.includes(method)) throw new RangeError(`unsupported method ${method}`);
  if (!spec.path.startsWith('/')) throw new RangeError(`route path must start with /: ${spec.path}`);
  const params = spec.params ?? {};
  for (const [, name] of spec.path.matchAll(PARAM)) {
    if (typeof params[name] !== 'function') {
      throw new RangeError(`route ${spec.path}: no generator for parameter :${name}`);
    }
  }
  return { name: spec.name ?? `${method} ${spec.path}`, method, template: spec.path, params, body: spec.body };
}

/** Splits `total` into integer parts proportional to `shares` (largest remainder). */
export function splitByShare(total: number, shares: readonly number[]): number[] {
  const exact = shares.map((s) => s * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]++;
    left--;
  }
  return counts;
}
