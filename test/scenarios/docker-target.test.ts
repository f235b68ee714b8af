import { DockerLabTarget, dockerTargetFrom, type ContainerControl } from '../../scenarios/targets/docker-target';

/** The engine's side as lab/container-client.ts reports it; the Docker engine itself is exercised by the stack's tests. */
function engine(events: Array<{ action: string; time: Date; exitCode?: number }>, restartCount = 0): ContainerControl & { restarted: string[] } {
  const restarted: string[] = [];
  return {
    restarted,
    ping: async () => undefined,
    find: async () => ({ restartCount, status: 'running' }),
    restart: async (service) => void restarted.push(service),
    memory: async () => ({ usageBytes: 150e6, limitBytes: 256 * 1024 * 1024 }),
    events: async () => events,
    hostPort: async (_service, port) => port + 30_000,
  };
}

test('deaths are read from the engine: 134 is V8 out of memory, an oom event too, a requested stop is not a death', async () => {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s));
  const target = new DockerLabTarget(
    engine(
      [
        { action: 'die', time: t(10), exitCode: 134 },
        { action: 'oom', time: t(30) },
        { action: 'die', time: t(31), exitCode: 137 },
        { action: 'die', time: t(50), exitCode: 143 },
        { action: 'die', time: t(60), exitCode: 0 },
        { action: 'die', time: t(70), exitCode: 1 },
      ],
      3,
    ),
    { 'widget-api': 'http://127.0.0.1:1' },
    'http://127.0.0.1:9090',
  );
  const history = await target.processHistory('widget-api');
  expect(history.crashes).toBe(3);
  expect(history.oomKills).toBe(2);
  expect(history.deaths.map((d) => d.outOfMemory)).toEqual([true, true, false]);
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
