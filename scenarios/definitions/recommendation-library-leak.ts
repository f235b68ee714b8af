import type { ScenarioInput } from '../scenario-schema';

/**
 * Incident 3: the storefront slows down for shoppers. Personalised recommendations (a vendor
 * library) leak a session per call for the users in the rollout; the shoppers, whose pages call
 * the recommendation engine and check out, are the ones slowed: every ranking notifies the
 * sessions kept, and recommendation calls take turns. Browsing never calls the engine. Search
 * queries look slow in the database, as they always do.
 */
export const recommendationLibraryLeak: ScenarioInput = {
  name: 'recommendation-library-leak',
  title: 'E-commerce slowdown: product pages and checkout',
  service: 'storefront',
  incident: {
    system: 'An e-commerce platform whose product pages and checkout call a recommendation engine built on a third-party library.',
    window: '14:00 to 17:00 PST, 3 hours',
    impact: 'slow page loads and checkout; carts abandoned',
    affectedUsersShare: 0.4,
    rootCause: 'one library call in the recommendation engine did not release what it allocated, so the application server\'s memory rose steadily',
    resolution: 'hotfix that isolated the bad library call',
  },
  fault: {
    name: 'recommendation-sessions',
    class: 'memory-leak-references',
    mechanism:
      "Personalised recommendations roll out to rolloutPercent of users; for them each call opens a similarity-reco session (a score buffer per catalogue item plus listeners on the library's long-lived engine) that is never closed: ~41 KB per personalised recommendation or checkout. After every ranking the engine notifies its listeners in batches with a timer tick between them (~100 µs per kept session, a fifth of it CPU), so recommendation calls, which take turns, get slower with each session kept until they queue and time out.",
    params: { rolloutPercent: 50 },
    quickParams: { rolloutPercent: 100 },
    speed: { traffic: true },
  },
  slo: { latencyObjectiveMs: 300 },
  quickRateFactor: 1.5,
  populations: {
    shoppers: {
      users: 400,
      description: 'the storefront\'s visitors',
      segments: [
        {
          name: 'shoppers',
          share: 0.4,
          description: 'open product pages with recommendations, fill carts and check out',
          expected: 'affected',
          mix: [
            { path: '/products/:id/recommendations', weight: 6, params: { id: { int: [1, 5000] } } },
            { path: '/products/:id', weight: 2, params: { id: { int: [1, 500] } } },
            { path: '/carts/:cartId', weight: 1, params: { cartId: { perUser: 'cart-{user}' } } },
            {
              method: 'POST',
              path: '/carts/:cartId/items',
              weight: 1,
              params: { cartId: { perUser: 'cart-{user}' } },
              body: { productId: { int: [1, 5000] }, quantity: 1 },
            },
            { method: 'POST', path: '/checkout', weight: 0.5, body: { cartId: { perUser: 'cart-{user}' } } },
          ],
        },
        {
          name: 'browsers',
          share: 0.6,
          description: 'browse categories, search, and look at product pages',
          expected: 'unaffected',
          mix: [
            { path: '/products?category=:category&page=:page', weight: 3, params: { category: { oneOf: ['audio', 'books', 'garden', 'kitchen', 'sports', 'toys'] }, page: { int: [0, 5] } } },
            { path: '/products?q=:q', weight: 0.3, params: { q: { oneOf: ['pro', 'mini', 'eco', 'max', 'ultra', 'smart'] } } },
            { path: '/products/:id', weight: 4, params: { id: { int: [1, 500] } } },
          ],
        },
      ],
    },
  },
  phases: [
    {
      name: 'baseline',
      kind: 'baseline',
      description: 'an ordinary afternoon: pages fast, memory flat',
      durationS: 60,
      quickDurationS: 8,
      actions: [],
      traffic: [{ population: 'shoppers', shape: { kind: 'steady', rate: 90 } }],
    },
    {
      name: 'personalisation rollout',
      kind: 'trigger',
      description: 'personalised recommendations are rolled out to half of the users; every personalised call leaks a library session',
      durationS: 150,
      quickDurationS: 32,
      actions: [
        { do: 'fault-on', note: 'personalised recommendations rolled out to 50% of users' },
        { do: 'red-herring', id: 'queries' },
      ],
      traffic: [{ population: 'shoppers', shape: { kind: 'steady', rate: 90 } }],
    },
    {
      name: 'slow pages',
      kind: 'escalation',
      description: 'memory near the limit: product pages with recommendations and checkout slow down; the database is suspected',
      durationS: 90,
      quickDurationS: 12,
      actions: [],
      traffic: [{ population: 'shoppers', shape: { kind: 'steady', rate: 90 } }],
    },
    {
      name: 'library call isolated',
      kind: 'resolution',
      description: 'the hotfix isolates the library call (fault off) and the servers are restarted',
      durationS: 60,
      quickDurationS: 8,
      actions: [
        { do: 'fault-off', note: 'hotfix: sessions closed after each call' },
        { do: 'restart', note: 'deploy the hotfix' },
      ],
      traffic: [{ population: 'shoppers', shape: { kind: 'steady', rate: 90 } }],
    },
  ],
  redHerrings: [
    {
      id: 'queries',
      kind: 'database-queries',
      description: 'catalogue searches (LIKE on product names) and checkout transactions are the slowest queries in the database panel, as on any day',
    },
  ],
  brief: {
    headline: 'Storefront: product pages and checkout are slow',
    pager: 'HighLatency: storefront p95 above 300 ms; memory of the storefront servers rising.',
    userReports: [
      '"The product page takes forever to show the \'you may also like\' bit."',
      '"Checkout hung, I gave up." (support sees more abandoned carts than usual)',
      '"Browsing the catalogue is fine."',
    ],
    context: [
      'The storefront reads the catalogue from PostgreSQL and recommends products with a third-party similarity library.',
      'Personalised recommendations started rolling out this afternoon.',
    ],
  },
  hints: [
    'Which pages are slow, and what do they do that the fast ones do not?',
    "Watch the storefront's heap against the number of recommendation calls: does it grow per call?",
    "A heap diff shows what the recommendation library keeps: who holds those objects, and is anything ever released?",
  ],
};
