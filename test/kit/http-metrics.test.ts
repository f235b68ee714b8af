import { AppError } from '../../services/kit/errors';
import { createServiceApp } from '../../services/kit/service-app';
import { serve, testKit } from '../support/app-server';

describe('request metrics', () => {
  it('labels by route template, never the raw URL, and exposes the default Node metrics', async () => {
    const kit = testKit('metrics-test');
    const app = createServiceApp(kit, (router) => {
      router.get('/items/:id', (req, res) => res.json({ id: req.params.id }));
      router.get('/broken/:id', () => {
        throw new AppError('DB_UNAVAILABLE');
      });
    });
    const server = await serve(app, kit);
    try {
      for (const id of ['1', '22', '333']) await (await fetch(`${server.url}/items/${id}`)).text();
      await (await fetch(`${server.url}/nope/42`)).text();
      // An error that leaves its route for the error handler is still counted under the route.
      await (await fetch(`${server.url}/broken/7`)).text();
      await (await fetch(`${server.url}/__lab/ops/releases`)).text();
      // The GC histogram has no series until a collection was observed: make one (a young-generation
      // scavenge), and give the PerformanceObserver a turn to deliver it.
      for (let i = 0; i < 100; i++) new Array(100_000).fill(i);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toMatch(/http_request_duration_seconds_count\{service="metrics-test",method="GET",route="\/items\/:id",status_code="200"\} 3/);
      expect(text).toMatch(/route="unmatched",status_code="404"/);
      expect(text).toMatch(/route="\/broken\/:id",status_code="503"/);
      expect(text).not.toMatch(/\/items\/(1|22|333)"/);
      expect(text).not.toMatch(/route="\/nope/);
      expect(text).not.toMatch(/__lab/);
      for (const name of [
        'nodejs_heap_size_used_bytes',
        'nodejs_gc_duration_seconds_bucket',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_active_handles_total',
        'process_resident_memory_bytes',
        'nodejs_heap_size_limit_bytes',
        'http_requests_in_flight',
      ]) {
        expect(text).toContain(name);
      }
    } finally {
      await server.shutdown();
    }
  });
});
