import { distinctKey, intBetween, oneOf, type DrawContext, type ParamGenerator } from '../load/params';
import type { RouteSpec, Segment } from '../load/route-mix';
import type { ParamSpec, PopulationSpec, RouteSpecData } from './scenario-schema';

/** Turns a scenario's data form of a route mix into the load generator's segments (with generators). */
export function segmentsOf(population: PopulationSpec): Segment[] {
  return population.segments.map((segment) => ({ name: segment.name, share: segment.share, mix: segment.mix.map(routeOf) }));
}

function routeOf(route: RouteSpecData): RouteSpec {
  const params = Object.fromEntries(Object.entries(route.params).map(([name, spec]) => [name, generatorOf(spec)]));
  const body = route.body;
  return {
    method: route.method,
    path: route.path,
    weight: route.weight,
    params,
    ...(body
      ? {
          body: (ctx: DrawContext) =>
            Object.fromEntries(
              Object.entries(body).map(([field, value]) => [field, isParamSpec(value) ? generatorOf(value)(ctx) : value]),
            ),
        }
      : {}),
  };
}

export function generatorOf(spec: ParamSpec): ParamGenerator {
  if ('int' in spec) {
    const [min, max] = spec.int;
    const { multipleOf, notMultipleOf } = spec;
    if (multipleOf === undefined && notMultipleOf === undefined) return intBetween(min, max);
    return intBetween(min, max, (n) => (multipleOf === undefined || n % multipleOf === 0) && (notMultipleOf === undefined || n % notMultipleOf !== 0));
  }
  if ('oneOf' in spec) return oneOf(spec.oneOf);
  if ('distinct' in spec) return distinctKey(spec.distinct, spec.prefix ?? '');
  const template = spec.perUser;
  return ({ userId, userIndex }) => template.replaceAll('{user}', userId).replaceAll('{n}', String(userIndex));
}

function isParamSpec(value: unknown): value is ParamSpec {
  return typeof value === 'object' && value !== null && ['int', 'oneOf', 'distinct', 'perUser'].some((k) => k in value);
}
