import type { ScenarioInput } from '../scenario-schema';

/**
 * Incident 1: the Quantum Widget API slows down for the users who render complex widgets.
 * The complex renderers (30% of users) are the ones whose requests leak and the ones slowed:
 * every complex render brings every frame the composer kept up to date, so renders get slower
 * with each frame kept, and they wait their turn (two at a time). The others' simple renders and
 * cached lookups never wait for a turn and stay fast; the heap climbs with the kept frames.
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
      "The composer keeps the frame of each live (complex) widget it drew (its ~130 sparklines), and every complex render brings every kept frame up to date. The frames are keyed by render instead of by widget, so every complex render adds one (~120 KB at 4 points, ~165 KB at 8) and every later complex render redraws them all (~0.7-0.9 ms of CPU per frame, and a timer tick's pause between frames): complex renders (GET /widgets/:id/render, id % 5 == 0), which take turns two at a time, get slower with each one kept, until they queue and time out. Nothing else leaks or waits.",
    // The slowdown sets in once the kept frames cost a complex render its share of a second:
    // two renders at a time, so ~2 / (renders per second × (redraw + pause) per frame) frames:
    // by that arithmetic ~360 at the default (2.9 renders/s, ~1.9 ms), ~140 in --quick (7.2/s, ~2 ms).
    params: { historyPoints: 4 },
    quickParams: { historyPoints: 8 },
    speed: { traffic: true },
  },
  slo: { latencyObjectiveMs: 300 },
  quickRateFactor: 2.5,
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
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 12 } }],
    },
    {
      name: 'live sparklines release',
      kind: 'trigger',
      description: 'the release with live sparklines in complex widgets goes out; each complex render now keeps its series',
      durationS: 180,
      quickDurationS: 28,
      actions: [
        { do: 'fault-on', note: 'release 4.2: live sparklines in complex widgets' },
        { do: 'red-herring', id: 'database' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 12 } }],
    },
    {
      name: 'slowdown',
      kind: 'escalation',
      description: 'complex renders slow down and queue, then time out, while the heap climbs; the on-call looks at the database and the cache',
      durationS: 90,
      quickDurationS: 20,
      actions: [
        { do: 'red-herring', id: 'cache' },
        { do: 'red-herring', id: 'indexes' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 12 } }],
    },
    {
      name: 'periodic restart',
      kind: 'stop-gap',
      description: 'the service is restarted (rolling): memory back to normal, fast again, and the heap starts climbing again',
      durationS: 150,
      quickDurationS: 10,
      actions: [{ do: 'restart', note: 'stop-gap: restart the widget-api' }],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 12 } }],
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
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 12 } }],
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
