/**
 * similarity-reco 2.3.1 — item-to-item recommendations by feature similarity.
 * Vendored copy of a third-party library (MIT); do not edit, upgrade instead.
 */
export { RecommendationEngine } from './engine';
export { RecommendationSession } from './session';
export type { CatalogItem, Recommendation, SessionContext } from './types';
