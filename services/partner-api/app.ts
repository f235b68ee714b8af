import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import { z } from 'zod';
import { createServiceApp } from '../kit/service-app';
import { declareDeployment, type ServiceKit } from '../kit/service-kit';
import { parse } from '../kit/validation';

/**
 * Stand-in for an external partner's pricing API that the widget-api calls. Its answer time is
 * a base latency plus jitter, plus whatever its own operators add (its `latency.extraMs` setting:
 * a partner having a slow day).
 */
export interface PartnerLatency {
  baseMs: number;
  jitterMs: number;
}

const skuParams = z.object({ sku: z.string().regex(/^[A-Z]{2}-\d{1,8}$/) });
const ms = z.number().int().min(0).max(30_000);

export function createApp(kit: ServiceKit, latency: PartnerLatency = { baseMs: 15, jitterMs: 10 }): Express {
  const answer = { extraMs: 0, jitterMs: latency.jitterMs };
  const deployment = declareDeployment(
    kit,
    {
      'latency.extraMs': { description: 'Added to every quote on top of the usual answer time', schema: ms, default: 0 },
      'latency.jitterMs': { description: 'Random extra time per quote, up to this much', schema: ms, default: latency.jitterMs },
    },
    [{ version: '1.0.0', changelog: 'Pricing partner stand-in', daysAgo: 60 }],
  );
  deployment.bind(['latency.extraMs', 'latency.jitterMs'], (c) => Object.assign(answer, { extraMs: c.number('latency.extraMs'), jitterMs: c.number('latency.jitterMs') }));

  return createServiceApp(kit, (router) => {
    router.get('/quotes/:sku', async (req, res) => {
      const { sku } = parse(skuParams, req.params);
      await sleep(latency.baseMs + answer.extraMs + Math.random() * answer.jitterMs);
      const digits = Number(sku.slice(3));
      res.json({ sku, priceCents: 1_000 + ((digits * 7_919) % 90_000), currency: 'EUR' });
    });
  });
}
