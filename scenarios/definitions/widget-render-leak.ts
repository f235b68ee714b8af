import type { ScenarioInput } from '../scenario-schema';

/**
 * Incident 1: the Quantum Widget API slows down for the users who render complex widgets.
 * The complex renderers (30% of users) are the ones whose requests leak and the ones slowed:
 * rendering a complex widget is the heavy, allocating work that GC pressure stretches, while the
 * others' light, cached lookups stay within the objective.
 */
export const widgetRenderLeak: ScenarioInput = {
  name: 'widget-render-leak',
  title: 'Quantum Widget API slowdown',
  service: 'widget-api',
  incident: {
    system: 'An HTTP API that renders dynamic widgets composed of parts; some widgets are complex (many nested parts).',
    window: '10:00 to 02:30 the next day (UTC+2), 16.5 hours',
    impact: 'sluggish responses (not errors) for the users whose requests render complex widgets',
    affectedUsersShare: 0.3,
    rootCause: 'widget composition kept references to what it rendered for complex widgets, so memory grew until the process thrashed in GC',
    resolution: 'periodic restarts as a stop-gap; the composition logic rewritten to release widgets, GC settings tuned',
  },
  fault: {
    name: 'render-retention',
    class: 'memory-leak-references',
    mechanism:
      "Each complex render's sparkline series is memoised per render instead of per part, so the composer keeps every series it ever drew (~130 × historyPoints numbers per complex render, ~59 KB at 32 points). Only GET /widgets/:id/render of complex widgets (id % 5 == 0) leaks.",
    params: { historyPoints: 32 },
    quickParams: { historyPoints: 400 },
    speed: { params: { historyPoints: 'multiply' } },
  },
  slo: { latencyObjectiveMs: 300 },
  populations: {
    users: {
      users: 400,
      description: 'users of the widget dashboards',
      segments: [
        {
          name: 'complex-renderers',
          share: 0.3,
          description: 'render complex widgets (live dashboards with many nested parts)',
          expected: 'affected',
          mix: [
            { path: '/widgets/:id/render', weight: 8, params: { id: { int: [1, 200], multipleOf: 5 } } },
            { path: '/widgets/:id', weight: 1, params: { id: { int: [1, 200], multipleOf: 5 } } },
            { path: '/widgets', weight: 1 },
          ],
        },
        {
          name: 'simple-renderers',
          share: 0.7,
          description: 'render simple widgets, browse the list, ask for quotes',
          expected: 'unaffected',
          mix: [
            { path: '/widgets/:id/render', weight: 3, params: { id: { int: [1, 200], notMultipleOf: 5 } } },
            { path: '/widgets/:id', weight: 4, params: { id: { int: [1, 200], notMultipleOf: 5 } } },
            { path: '/widgets', weight: 2 },
            { path: '/widgets/:id/quote', weight: 1, params: { id: { int: [1, 200], notMultipleOf: 5 } } },
          ],
        },
      ],
    },
  },
  phases: [
    {
      name: 'baseline',
      kind: 'baseline',
      description: 'a normal morning: every route fast, heap flat',
      durationS: 60,
      quickDurationS: 8,
      actions: [],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 30 } }],
    },
    {
      name: 'live sparklines release',
      kind: 'trigger',
      description: 'the release with live sparklines in complex widgets goes out; each complex render now keeps its series',
      durationS: 200,
      quickDurationS: 28,
      actions: [
        { do: 'fault-on', note: 'release 4.2: live sparklines in complex widgets' },
        { do: 'red-herring', id: 'database' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 30 } }],
    },
    {
      name: 'slowdown',
      kind: 'escalation',
      description: 'heap near its limit, GC takes over, complex renders slow down; the on-call looks at the database and the cache',
      durationS: 120,
      quickDurationS: 12,
      actions: [
        { do: 'red-herring', id: 'cache' },
        { do: 'red-herring', id: 'indexes' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 30 } }],
    },
    {
      name: 'periodic restart',
      kind: 'stop-gap',
      description: 'the service is restarted: memory back to normal, fast again, and the heap starts climbing again',
      durationS: 120,
      quickDurationS: 8,
      actions: [{ do: 'restart', note: 'stop-gap: restart the widget-api' }],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 30 } }],
    },
    {
      name: 'composition fix',
      kind: 'resolution',
      description: 'the composition fix is deployed (fault off, fresh process); memory stays flat',
      durationS: 60,
      quickDurationS: 6,
      actions: [
        { do: 'fault-off', note: 'composition rewritten to release what it rendered' },
        { do: 'restart', note: 'deploy the fix' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 30 } }],
    },
  ],
  redHerrings: [
    {
      id: 'database',
      kind: 'database-queries',
      description: 'the widget definitions come from PostgreSQL: the database panel is there to suspect, and its query times stay normal',
    },
    {
      id: 'cache',
      kind: 'cache-configuration',
      description: 'a widget-definition cache sits in front of the database; its entries and hit ratio look healthy throughout',
    },
    {
      id: 'indexes',
      kind: 'database-indexes',
      description: "the parts tables are an obvious place to add indexes; nothing the database does changes the service's latency",
    },
  ],
  brief: {
    headline: 'Quantum Widget API: dashboards are sluggish',
    pager: 'HighLatency: widget-api p95 above 300 ms for a minute.',
    userReports: [
      '"The live dashboard takes ages to draw today, it was fine this morning."',
      '"Some of our widgets are slow, others are fine. No errors, just slow."',
    ],
    context: [
      'A release went out this morning.',
      'widget-api reads widget definitions from PostgreSQL through an in-process cache and renders them.',
    ],
  },
  hints: [
    'Compare the users who complain with those who do not: what do their requests have in common?',
    'Look at the memory of widget-api over the whole morning, not just now, and at what a restart changes.',
    'Take two heap snapshots of widget-api a minute apart while complex widgets are being rendered, and diff them: what keeps growing, and who holds it?',
  ],
};
