import type { ScenarioInput } from '../scenario-schema';

/**
 * Incident 4: a campaign brings a surge of visitors whose links carry unique click ids; the page
 * cache, which no longer evicts, keeps a page per click. The campaign visitors (a quarter of the
 * users) are the ones hurt: their pages always miss the cache, and once the heap is past half its
 * limit the storefront sheds the pages it does not hold (503). The regulars hit warm pages. The
 * surge itself, and the database load it brings, are what the on-call sees first.
 */
export const surgeCacheGrowth: ScenarioInput = {
  name: 'surge-cache-growth',
  title: 'Traffic surge and an unbounded cache',
  service: 'storefront',
  incident: {
    system: 'A web application on one primary server with an in-process cache.',
    window: '10:15 to 11:45 (UTC-4), 1.5 hours',
    impact: 'slow responses and partial unavailability; the server became unresponsive',
    affectedUsersShare: 0.25,
    rootCause: 'the cache never evicted entries; a surge of traffic with many distinct keys made it grow without bound',
    resolution: 'cache management rewritten to evict, server rebooted',
  },
  fault: {
    name: 'page-cache-unbounded',
    class: 'unbounded-cache',
    mechanism:
      "The product page cache (key: product, currency and campaign ref) has lost its size limit and expiry, so it keeps every page it ever rendered (~21 KB each, 42 KB in euros). Steady traffic over the catalogue stays mild; a surge of campaign links with unique ref values adds a page per click until the heap passes half its heap limit, where the storefront sheds every page it does not hold with 503 OVERLOADED.",
    params: { maxEntries: 0 },
    speed: { traffic: true },
  },
  slo: { latencyObjectiveMs: 300 },
  populations: {
    regulars: {
      users: 300,
      description: 'regular visitors: popular products, from bookmarks and search',
      segments: [
        {
          name: 'regulars',
          share: 1,
          description: 'popular product pages (warm in the cache) and category listings',
          expected: 'unaffected',
          mix: [
            { path: '/products/:id', weight: 6, params: { id: { int: [1, 100] } } },
            { path: '/products?category=:category', weight: 1, params: { category: { oneOf: ['audio', 'books', 'garden', 'kitchen', 'sports', 'toys'] } } },
          ],
        },
      ],
    },
    campaign: {
      users: 100,
      description: 'visitors from the campaign e-mail: every link carries a unique click id',
      segments: [
        {
          name: 'campaign-visitors',
          share: 1,
          description: 'open product pages from campaign links (?ref=<click id>, in their currency)',
          expected: 'affected',
          mix: [
            {
              path: '/products/:id?currency=:currency&ref=:ref',
              weight: 1,
              params: { id: { int: [1, 5000] }, currency: { oneOf: ['EUR', 'USD', 'GBP', 'JPY'] }, ref: { distinct: 1_000_000_000, prefix: 'spring-' } },
            },
          ],
        },
      ],
    },
  },
  phases: [
    {
      name: 'baseline',
      kind: 'baseline',
      description: 'regular traffic, the cache bounded and warm',
      durationS: 60,
      quickDurationS: 8,
      actions: [],
      traffic: [{ population: 'regulars', shape: { kind: 'steady', rate: 30 } }],
    },
    {
      name: 'cache change deployed',
      kind: 'trigger',
      description: 'a release drops the cache\'s size limit; with steady traffic nothing shows',
      durationS: 60,
      quickDurationS: 6,
      actions: [{ do: 'fault-on', note: 'release: page cache settings rewritten (no eviction)' }],
      traffic: [{ population: 'regulars', shape: { kind: 'steady', rate: 30 } }],
    },
    {
      name: 'campaign surge',
      kind: 'escalation',
      description: 'the campaign e-mail goes out: a surge of visitors with unique click ids; the cache grows by a page per click',
      durationS: 330,
      quickDurationS: 45,
      actions: [
        { do: 'red-herring', id: 'surge' },
        { do: 'red-herring', id: 'database' },
      ],
      traffic: [
        { population: 'regulars', shape: { kind: 'steady', rate: 30 } },
        { population: 'campaign', shape: { kind: 'ramp', from: 80, to: 130 } },
      ],
    },
    {
      name: 'eviction and reboot',
      kind: 'resolution',
      description: 'cache management fixed to evict (fault off) and the server rebooted',
      durationS: 60,
      quickDurationS: 6,
      actions: [
        { do: 'fault-off', note: 'cache evicts again' },
        { do: 'restart', note: 'reboot the server' },
      ],
      traffic: [
        { population: 'regulars', shape: { kind: 'steady', rate: 30 } },
        { population: 'campaign', shape: { kind: 'steady', rate: 20 } },
      ],
    },
  ],
  redHerrings: [
    {
      id: 'surge',
      kind: 'traffic-surge',
      description: 'requests per second jump several-fold when the campaign goes out: the obvious suspect',
    },
    {
      id: 'database',
      kind: 'database-queries',
      description: 'the surge\'s pages all miss the cache, so database queries per second climb with it: the database looks overloaded',
    },
  ],
  brief: {
    headline: 'Storefront: slow, then not answering, during the campaign',
    pager: 'HighLatency: storefront p95 above 300 ms; later TargetDown: storefront not answering.',
    userReports: [
      '"The product page from your e-mail just spins." (several, all from the campaign link)',
      '"Site was slow for a bit this morning." (a regular customer)',
    ],
    context: ['The spring campaign e-mail went out this morning.', 'The storefront runs on one server with an in-process page cache in front of PostgreSQL.'],
  },
  hints: [
    'What is different about the requests of the visitors who complain?',
    "Plot the storefront's heap next to its cache's entry count, and next to the number of distinct pages asked for.",
    'The page cache is keyed by product, currency and ref: how many distinct keys did the campaign bring, and what bounds the cache now?',
  ],
};
