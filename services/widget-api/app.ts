import type { Express } from 'express';
import { z } from 'zod';
import type { Database } from '../kit/database';
import { sliceFor } from '../kit/client-gone';
import { AppError } from '../kit/errors';
import { ReadThroughCache } from '../kit/read-through-cache';
import { createServiceApp } from '../kit/service-app';
import type { ServiceKit } from '../kit/service-kit';
import { parse } from '../kit/validation';
import type { PartnerClient } from './partner-client';
import type { UsageInsights } from './usage-insights';
import { LOCALES, WidgetComposer } from './widget-composer';
import { WidgetRepository, type WidgetDefinition } from './widget-repository';
import { deployWidgetApi } from './deployment';

export interface WidgetApiDeps {
  kit: ServiceKit;
  db: Database;
  partner: PartnerClient;
  insights: UsageInsights;
  composer?: WidgetComposer;
  definitionCache?: { maxEntries: number; ttlMs: number };
  /** The usage-insights feature flag as the environment sets it (default off). */
  usageInsights?: boolean;
}

const idParams = z.object({ id: z.coerce.number().int().positive() });
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
const renderQuery = z.object({ locale: z.enum(LOCALES).default('en-US') });

/** The Quantum Widget API: widget definitions from PostgreSQL through a read-through cache, rendering, quotes, insights. */
export function createApp({ kit, db, partner, insights, composer = new WidgetComposer(), definitionCache, usageInsights = false }: WidgetApiDeps): Express {
  const repository = new WidgetRepository(db);
  const definitions = new ReadThroughCache<WidgetDefinition>(
    kit.registry,
    'widget-definitions',
    definitionCache ?? { maxEntries: 500, ttlMs: 60_000 },
    async (key) => {
      const widget = await repository.byId(Number(key));
      if (!widget) throw new AppError('NOT_FOUND', `No widget ${key}`);
      return widget;
    },
  );
  kit.readiness.push({ name: 'database', check: () => db.ping() });
  deployWidgetApi(kit, { db, composer, insights, definitions, partner, usageInsights });

  return createServiceApp(kit, (router) => {
    router.get('/widgets', async (req, res) => {
      const { limit, offset } = parse(listQuery, req.query);
      const widgets = await repository.list(limit, offset);
      if (!insights.enabled) {
        res.json({ widgets, limit, offset });
        return;
      }
      // With usage insights on, the listing shows each widget's recent usage.
      const usage = await insights.recentUsage(widgets.map((w) => w.id), sliceFor(res, kit.lifecycle));
      res.json({ widgets: widgets.map((w) => ({ ...w, usage: usage.get(w.id) ?? { events: 0, users: 0, byDay: {} } })), limit, offset });
    });

    router.get('/widgets/:id', async (req, res) => {
      const { id } = parse(idParams, req.params);
      const widget = await definitions.get(String(id));
      res.json({ id: widget.id, name: widget.name, kind: widget.kind, updatedAt: widget.updatedAt });
    });

    router.get('/widgets/:id/render', async (req, res) => {
      const { id } = parse(idParams, req.params);
      const { locale } = parse(renderQuery, req.query);
      const widget = await definitions.get(String(id));
      res.json(await composer.render(widget, locale, sliceFor(res, kit.lifecycle)));
    });

    router.get('/widgets/:id/quote', async (req, res) => {
      const { id } = parse(idParams, req.params);
      const widget = await definitions.get(String(id));
      const quote = await partner.quote(`QW-${widget.id}`);
      res.json({ widgetId: widget.id, ...quote });
    });

    router.get('/insights', async (_req, res) => {
      const summary = insights.latest();
      if (!insights.enabled || !summary) throw new AppError('FEATURE_DISABLED');
      const top = summary.topWidgets.map((w) => w.widgetId);
      const recent = await insights.recentUsage(top, sliceFor(res, kit.lifecycle));
      res.json({ ...summary, recent: Object.fromEntries(recent) });
    });
  });
}
