/**
 * One benchmark server, as a child process: the same widget-api handler either in the full service kit
 * (logs, metrics, request ids, error handler) or on bare Express. argv[2] = "kit" | "bare".
 */
import express from 'express';
import pino from 'pino';
import { createServiceApp } from '../../services/kit/service-app';
import { createServiceKit } from '../../services/kit/service-kit';
import { WidgetComposer } from '../../services/widget-api/widget-composer';
import type { PartDefinition, WidgetDefinition } from '../../services/widget-api/widget-repository';

const mode = process.argv[2];

/** The widget-api's render of a simple widget (definition in memory, so the database is not measured). */
const composer = new WidgetComposer();
const part = (seed: number, depth: number, fanout: number): PartDefinition => ({
  type: ['panel', 'chart', 'table', 'label', 'gauge', 'sparkline'][seed % 6]!,
  props: { title: `Part ${seed}`, color: '#336699', weight: seed % 13, format: 'number' },
  children: depth > 0 ? Array.from({ length: fanout }, (_, i) => part((seed * 31 + i + 1) % 1_000_003, depth - 1, fanout)) : [],
});
// As seeded in the database: simple widgets are 4 parts, complex ones (every fifth id) 781.
const simple: WidgetDefinition = { id: 3, name: 'Widget 3', kind: 'simple', root: part(3, 1, 3), updatedAt: new Date(0).toISOString() };
const complex: WidgetDefinition = { id: 5, name: 'Widget 5', kind: 'complex', root: part(5, 4, 5), updatedAt: new Date(0).toISOString() };

async function render(req: express.Request, res: express.Response): Promise<void> {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) {
    res.status(400).json({ error: 'bad id' });
    return;
  }
  res.json(await composer.render({ ...(id % 5 === 0 ? complex : simple), id }, 'en-US'));
}

let app: express.Express;
if (mode === 'kit') {
  // Logs go to stdout as in production; the parent discards them.
  const kit = createServiceKit({ service: 'bench', tokens: { instructor: 'x' }, logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info' }, process.env.BENCH_ASYNC ? pino.destination({ sync: false }) : undefined) });
  app = createServiceApp(kit, (router) => router.get('/widgets/:id/render', render));
} else {
  app = express();
  app.get('/widgets/:id/render', render);
}
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.send?.({ port: address.port });
});
// CPU time spent so far, on request: the parent divides it by requests served.
process.on('message', (m: unknown) => {
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});
