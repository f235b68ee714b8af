import { DockerLabTarget, dockerTargetFrom, type ContainerControl } from '../../scenarios/targets/docker-target';

/** The engine's side as lab/container-client.ts reports it; the Docker engine itself is exercised by the stack's tests. */
function engine(events: Array<{ action: string; time: Date; exitCode?: number }>): ContainerControl & { restarted: string[] } {
  const restarted: string[] = [];
  return {
    restarted,
    ping: async () => undefined,
    restart: async (service) => void restarted.push(service),
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
