import { intBetween as randomInt, type Rng } from './rng';

/** What a parameter or body generator sees when one request is planned. */
export interface DrawContext {
  rng: Rng;
  /** 1..users */
  userIndex: number;
  /** `u<userIndex>`, the request's x-user-id */
  userId: string;
}

/** Draws one path or query parameter (it is URI-encoded when put in the path). */
export type ParamGenerator = (ctx: DrawContext) => string | number;

/**
 * An integer in [min, max]; `where` keeps only some of them (for example the complex widgets,
 * `id => id % 5 === 0`). The candidates are listed once, so keep filtered ranges modest.
 */
export function intBetween(min: number, max: number, where?: (n: number) => boolean): ParamGenerator {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new RangeError(`intBetween(${min}, ${max}): need integers with min <= max`);
  }
  if (!where) return ({ rng }) => randomInt(rng, min, max);
  const candidates: number[] = [];
  for (let n = min; n <= max; n++) if (where(n)) candidates.push(n);
  if (candidates.length === 0) throw new RangeError(`intBetween(${min}, ${max}): the filter keeps no value`);
  return oneOf(candidates);
}

/** One of the given values, uniformly. */
export function oneOf<T extends string | number>(values: readonly T[]): ParamGenerator {
  if (values.length === 0) throw new RangeError('oneOf: no values');
  return ({ rng }) => values[Math.floor(rng() * values.length)];
}

/**
 * A key from a large space (1..space, with an optional prefix): a surge drawing from it brings
 * many distinct keys, which is what makes an unbounded cache grow.
 */
export function distinctKey(space = 1_000_000_000, prefix = ''): ParamGenerator {
  if (!Number.isInteger(space) || space < 1) throw new RangeError(`distinctKey: space must be a positive integer`);
  return ({ rng }) => `${prefix}${randomInt(rng, 1, space)}`;
}

/** A value fixed per user, for example a cart id: `perUser(u => \`cart-${u}\`)`. */
export function perUser(value: (userIndex: number) => string | number): ParamGenerator {
  return ({ userIndex }) => value(userIndex);
}
