import type { Express, Response } from 'express';
import { z } from 'zod';
import type { Database } from '../kit/database';
import { AppError } from '../kit/errors';
import { createServiceApp } from '../kit/service-app';
import type { ServiceKit } from '../kit/service-kit';
import { parse } from '../kit/validation';
import { deployWidgetify } from './deployment';
import { WidgetStore } from './widget-store';
import { requestConnection, runnerFor, type ConnectionSettings } from './request-connection';

export interface WidgetifyDeps {
  kit: ServiceKit;
  db: Database;
  connections?: ConnectionSettings;
}

const idParams = z.object({ id: z.coerce.number().int().positive() });
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
const searchQuery = z.object({ q: z.string().trim().min(1).max(64), limit: z.coerce.number().int().min(1).max(50).default(10) });
const createBody = z.object({
  name: z.string().trim().min(1).max(100),
  color: z.enum(['red', 'green', 'blue', 'black', 'white']),
  priceCents: z.number().int().min(0).max(10_000_000),
});

/** Widgetify: a widget store on PostgreSQL; when the database refuses or times out it answers 503 with a stable code. */
export function createApp({ kit, db, connections = { releaseDelayMs: 0 } }: WidgetifyDeps): Express {
  const store = (res: Response): WidgetStore => new WidgetStore(runnerFor(res, db));
  kit.readiness.push({ name: 'database', check: () => db.ping() });
  deployWidgetify(kit, db, connections);

  return createServiceApp(kit, (router) => {
    router.use(requestConnection(db, connections));
    router.get('/widgets', async (req, res) => {
      const { limit, offset } = parse(listQuery, req.query);
      res.json({ widgets: await store(res).list(limit, offset), limit, offset });
    });
    router.get('/widgets/search', async (req, res) => {
      const { q, limit } = parse(searchQuery, req.query);
      res.json({ widgets: await store(res).search(q, limit) });
    });
    router.get('/widgets/:id', async (req, res) => {
      const { id } = parse(idParams, req.params);
      const widget = await store(res).byId(id);
      if (!widget) throw new AppError('NOT_FOUND', `No widget ${id}`);
      res.json(widget);
    });
    router.post('/widgets', async (req, res) => {
      res.status(201).json(await store(res).create(parse(createBody, req.body)));
    });
  });
}
