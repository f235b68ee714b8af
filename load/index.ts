/** The load generator: shaped, seeded traffic from simulated users, on autocannon. See README.md. */
export { runLoad, type LoadOptions, type LoadResult } from './run-load';
export type { LoadSummary, StageSummary } from './load-summary';
export type { Shape, SteadyShape, RampShape, SurgeShape, SequenceShape } from './shapes';
export type { RouteSpec, Segment, HttpMethod, UserSegmentRange } from './route-mix';
export { intBetween, oneOf, distinctKey, perUser, type ParamGenerator, type DrawContext } from './params';
export type { RequestRecord, RequestError } from './request-record';
export type { TrafficSummary, LatencySummary } from './summary';
export { measureImpact, type Impact, type ImpactOptions, type ImpactShare } from './impact';
export { RefusedTargetError, checkLoadTarget } from './local-target';
export { widgetApiMix, storefrontMix, widgetifyMix } from './route-mixes';
export { routeMixFor } from '../catalogue/service-catalogue';
export { formatSummary } from './format-summary';
