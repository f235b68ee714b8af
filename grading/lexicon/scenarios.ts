/**
 * Where each of the lab's scenarios puts its fault (record.scenario -> the component a correct root
 * cause names). Two scenarios can share a service and a fault class (widget-render-leak and
 * feature-background-leak): the culprit is what tells them apart.
 */
export interface ScenarioCulprit {
  name: string;
  patterns: RegExp[];
}

export const SCENARIO_CULPRITS: Record<string, ScenarioCulprit> = {
  'widget-render-leak': {
    name: 'the complex-widget rendering/composition code',
    patterns: [/\b(complex widgets?|render\w*|compos(e|ed|er|es|ing|ition)|nested (parts|widgets)|widget parts?|sparklines?|series ?memo\w*)\b/i],
  },
  'feature-background-leak': {
    name: "the new feature's background job",
    patterns: [/\b(background (job|task|worker|process\w*)|(the|this|that|new|his|her|their) job\b|new feature|feature flag|scheduled (job|task)|timer|setInterval|batch(es)? it processed|usage[- ]insights|insights (job|feature)|trend ?window|trend)\b/i],
  },
  'recommendation-library-leak': {
    name: "the recommendation engine's third-party library call",
    patterns: [/\b(recommendation\w*|recommender|(third[- ]party|vendor\w*|external) (library|lib|sdk|package|module)|library (call|sessions?)|the library)\b/i],
  },
  'surge-cache-growth': {
    name: 'the in-process cache',
    patterns: [/\b(cache|caching|cached)\b/i],
  },
  'db-pool-exhaustion': {
    name: 'the database connection pool',
    patterns: [/\b(connection pool|pool|max_connections|connection (slots|limit))\b/i],
  },
};
