import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Scraper } from '../../scenarios/run/scraper';
import { DockerLabTarget, dockerTargetFrom, type ContainerControl } from '../../scenarios/targets/docker-target';

/** The engine's side as lab/container-client.ts reports it; the Docker engine itself is exercised by the stack's tests. */
function engine(events: Array<{ action: string; time: Date; exitCode?: number }>): ContainerControl & { restarted: string[]; signalled: string[] } {
  const restarted: string[] = [];
  const signalled: string[] = [];
  return {
    restarted,
    signalled,
    ping: async () => undefined,
    find: async (service) => ({ command: ['node', 'dist/lab/container-supervisor.js', `dist/services/${service}/server.js`] }),
    restart: async (service) => void restarted.push(service),
    signal: async (service, signal) => void signalled.push(`${service} ${signal}`),
    memory: async () => ({ usageBytes: 150e6, limitBytes: 256 * 1024 * 1024 }),
    events: async () => events,
    hostPort: async (_service, port) => port + 30_000,
  };
}

test('deaths are read from the engine: 134 is V8 out of memory, an oom event too, a requested stop is not a death', async () => {
  const base = Date.now() + 1000; // after the target opened: earlier events are not the run's
  const t = (s: number) => new Date(base + s * 1000);
  const target = new DockerLabTarget(
    engine(
      [
        { action: 'die', time: t(10), exitCode: 134 },
        { action: 'start', time: t(11) },
        { action: 'oom', time: t(30) },
        { action: 'die', time: t(31), exitCode: 137 },
        { action: 'start', time: t(32) },
        { action: 'die', time: t(50), exitCode: 143 },
        { action: 'start', time: t(51) },
        { action: 'restart', time: t(51) },
        { action: 'die', time: t(60), exitCode: 0 },
        { action: 'die', time: t(70), exitCode: 1 },
      ],
    ),
    { 'widget-api': 'http://127.0.0.1:1' },
    'http://127.0.0.1:9090',
  );
  const history = await target.processHistory('widget-api');
  expect(history.crashes).toBe(3);
  expect(history.oomKills).toBe(2);
  expect(history.deaths.map((d) => d.outOfMemory)).toEqual([true, true, false]);
  // every start is a restart: by the engine's policy after a death, or asked for (the one at 51 s;
  // the engine's RestartCount would have gone back to 0 there)
  expect(history.restarts).toBe(3);
  expect(await target.extraValues('widget-api')).toEqual({ container_memory_usage_bytes: 150e6, container_memory_limit_bytes: 256 * 1024 * 1024 });
});

test('the services are found on the ports compose publishes', async () => {
  const target = await dockerTargetFrom(engine([]), 'http://127.0.0.1:9090');
  expect(target.serviceUrl('widgetify')).toBe('http://127.0.0.1:34103');
  expect(target.kind).toBe('docker');
  expect(target.prometheusUrl).toBe('http://127.0.0.1:9090');
  expect(() => target.serviceUrl('nowhere')).toThrow(/no port/);
});

test('a death stays in the history after the engine has forgotten it (it keeps only its last 256 events)', async () => {
  const soon = Date.now() + 1000;
  const control = engine([]);
  let calls = 0;
  control.events = async () =>
    ++calls === 1
      ? [
          { action: 'exec_die', time: new Date(soon), exitCode: 0 },
          { action: 'die', time: new Date(soon + 10), exitCode: 134 },
          { action: 'start', time: new Date(soon + 20) },
        ]
      : calls === 2
        ? [{ action: 'start', time: new Date(soon + 20) }] // the same start again (overlap), the death gone
        : [];
  const target = new DockerLabTarget(control, { 'widget-api': 'http://127.0.0.1:1' }, 'http://127.0.0.1:9090');
  const first = await target.processHistory('widget-api');
  const later = await target.processHistory('widget-api');
  const last = await target.processHistory('widget-api');
  for (const history of [first, later, last]) expect(history).toMatchObject({ restarts: 1, crashes: 1, oomKills: 1 });
});

test("PostgreSQL's connections are read through the stack's Prometheus (the exporter's port is not published)", async () => {
  const asked: string[] = [];
  // what /federate answers: the exporter's series as Prometheus scraped them, with timestamps
  const server = createServer((req, res) => {
    asked.push(decodeURIComponent(req.url!));
    res.end(
      [
        '# TYPE pg_stat_activity_count untyped',
        'pg_stat_activity_count{datname="outage_lab",instance="postgres-exporter:9187",job="postgres",service="postgres",state="active"} 27 1796560000000',
        'pg_stat_activity_count{datname="outage_lab",instance="postgres-exporter:9187",job="postgres",service="postgres",state="idle"} 2 1796560000000',
        'pg_settings_max_connections{instance="postgres-exporter:9187",job="postgres",server="postgres:5432",service="postgres"} 30 1796560000000',
      ].join('\n') + '\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const prometheus = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const target = new DockerLabTarget(engine([]), { widgetify: 'http://127.0.0.1:1' }, prometheus);
    expect(target.databaseMetricsUrl).toBe(prometheus);
    const { values } = await new Scraper('postgres', target.databaseMetricsUrl, undefined, target.databaseMetricsPath).scrape();
    expect(values).toMatchObject({ pg_stat_activity_count: 29, pg_settings_max_connections: 30 });
    expect(asked).toEqual(['/federate?match[]={job="postgres"}']);
  } finally {
    server.close();
  }
});

test("the runner's restart is rolling: SIGHUP to the container's supervisor, done once a new process serves, and counted", async () => {
  // the service as the supervisor runs it: the old process answers until the new one serves
  let startTime = 1_796_000_000;
  const server = createServer((req, res) => {
    if (req.url === '/metrics') res.end(`# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds ${startTime}\n`);
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const control = engine([]);
    control.signal = async (service, signal) => {
      control.signalled.push(`${service} ${signal}`);
      setTimeout(() => (startTime += 60), 600); // the new process serves a little later
    };
    const target = new DockerLabTarget(control, { 'widget-api': url }, 'http://127.0.0.1:9090');
    const asked = Date.now();
    await target.restart('widget-api');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(500); // it waited for the new process
    expect(control.signalled).toEqual(['widget-api SIGHUP']);
    expect(control.restarted).toEqual([]); // not `docker restart`: that refused connections for seconds
    // no engine event tells a restart inside the container: the target counts its own
    expect(await target.processHistory('widget-api')).toMatchObject({ restarts: 1, crashes: 0 });
    // A stack from an older compose file runs the service alone: SIGHUP would end it, and Docker
    // would not start it again (a kill is a stop by hand). Its container is restarted instead.
    control.find = async () => ({ command: ['node', 'dist/services/widget-api/server.js'] });
    await target.restart('widget-api');
    expect(control.signalled).toEqual(['widget-api SIGHUP']);
    expect(control.restarted).toEqual(['widget-api']);
  } finally {
    server.close();
  }
});
