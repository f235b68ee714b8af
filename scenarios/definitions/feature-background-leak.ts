import type { ScenarioInput } from '../scenario-schema';

/**
 * Incident 2: after the usage-insights feature is switched on, data retrieval slows down and
 * times out. The job's memory grows with time, not traffic; the users who retrieve data (the
 * listing and the insights, which read usage over what the job keeps) are the ones hurt, and the
 * lookups are not. Traffic rises at the same time and the partner API gets slower: both are there
 * to mislead.
 */
export const featureBackgroundLeak: ScenarioInput = {
  name: 'feature-background-leak',
  title: 'Data retrieval timeouts after a feature release',
  service: 'widget-api',
  incident: {
    system: 'A service that serves data to users; a newly released feature runs background data processing.',
    window: '14:00 to 16:00 UTC, 2 hours',
    impact: 'slow data retrieval and timeouts',
    affectedUsersShare: 0.48,
    rootCause: "the new feature's background job held on to the data it processed, so memory grew with time (not with requests) until resources ran out",
    resolution: "hotfix to the job's memory handling, servers rebooted, traffic rerouted",
  },
  fault: {
    name: 'insights-retention',
    class: 'memory-leak-references',
    mechanism:
      "The usage-insights job (the new feature) runs without its trend window, so its list of recent batches is never trimmed and keeps every row it processed: batchSize rows (~320 B each) per intervalMs (~0.14 MB/s at 450 rows a second), whatever the traffic. The widget listing and /insights read usage over the recent batches (two reads at a time, ~5 µs a row, mostly pauses that leave the CPU to other requests), so they walk everything kept and slow down with time, then time out; lookups read nothing of it.",
    params: { intervalMs: 1000, batchSize: 450 },
    quickParams: { intervalMs: 500, batchSize: 1500 },
    speed: { params: { intervalMs: 'divide' } },
  },
  slo: { latencyObjectiveMs: 300 },
  requestTimeoutMs: 5_000,
  populations: {
    users: {
      users: 400,
      description: 'people and scripts using the widget data API',
      segments: [
        {
          name: 'data-retrievers',
          share: 0.48,
          description: 'pull data: long widget lists, the usage insights, rendered widgets',
          expected: 'affected',
          mix: [
            { path: '/widgets?limit=:limit&offset=:offset', weight: 4, params: { limit: { oneOf: [100] }, offset: { int: [0, 100] } } },
            { path: '/widgets/:id/render', weight: 3, params: { id: { int: [1, 200], multipleOf: 5 } } },
            { path: '/insights', weight: 1 },
          ],
        },
        {
          name: 'lookups',
          share: 0.52,
          description: 'look single widgets up and ask for quotes',
          expected: 'unaffected',
          mix: [
            { path: '/widgets/:id', weight: 6, params: { id: { int: [1, 200] } } },
            { path: '/widgets/:id/quote', weight: 1, params: { id: { int: [1, 200] } } },
          ],
        },
      ],
    },
  },
  phases: [
    {
      name: 'baseline',
      kind: 'baseline',
      description: 'before the release: flat memory, fast responses',
      durationS: 60,
      quickDurationS: 8,
      actions: [],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 25 } }],
    },
    {
      name: 'usage insights released',
      kind: 'trigger',
      description: 'the usage-insights feature is switched on; its background job starts, and the afternoon traffic picks up',
      durationS: 240,
      quickDurationS: 30,
      actions: [
        { do: 'fault-on', note: 'feature flag usage-insights switched on' },
        { do: 'red-herring', id: 'surge' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'ramp', from: 25, to: 40 } }],
    },
    {
      name: 'timeouts',
      kind: 'escalation',
      description: 'heap near the limit: data requests slow down and time out; the partner API is slower too',
      durationS: 150,
      quickDurationS: 14,
      actions: [{ do: 'red-herring', id: 'partner' }],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 40 } }],
    },
    {
      name: 'hotfix and reboot',
      kind: 'resolution',
      description: "the job's memory handling is fixed (fault off) and the service restarted",
      durationS: 90,
      quickDurationS: 8,
      actions: [
        { do: 'fault-off', note: 'hotfix: the insights job trims what it keeps' },
        { do: 'restart', note: 'reboot the servers' },
        { do: 'red-herring-off', id: 'partner' },
      ],
      traffic: [{ population: 'users', shape: { kind: 'steady', rate: 30 } }],
    },
  ],
  redHerrings: [
    {
      id: 'surge',
      kind: 'traffic-surge',
      description: 'requests per second rise by half as the afternoon starts, at the same time as the release',
    },
    {
      id: 'partner',
      kind: 'external-dependency',
      description: 'the partner pricing API the widget-api calls for quotes answers 60-120 ms slower',
      plant: { service: 'partner-api', fault: 'slow-responses', params: { extraMs: 60, jitterMs: 60 } },
    },
  ],
  brief: {
    headline: 'Widget data API: slow data retrieval and timeouts since the afternoon',
    pager: 'HighLatency: widget-api p95 above 300 ms for a minute; then client timeouts reported.',
    userReports: [
      '"Our export script times out pulling the widget list."',
      '"The insights page spins forever."',
      '"Single widget lookups are fine for us."',
    ],
    context: ['The usage-insights feature was released this afternoon.', 'Traffic is up compared with the morning.', 'widget-api calls a partner API for price quotes.'],
  },
  hints: [
    'Did the memory of widget-api grow with the traffic, or with the time since something changed?',
    'Lower the traffic (or look at a quiet minute): does the heap still climb? What runs in widget-api that no request starts?',
    'Heap snapshots a minute apart: the growth is rows of usage events held by the insights job, not request data.',
  ],
};
