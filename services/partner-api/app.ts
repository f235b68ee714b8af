import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import { z } from 'zod';
import { createServiceApp } from '../kit/service-app';
import type { ServiceKit } from '../kit/service-kit';
import { parse } from '../kit/validation';

/**
 * Stand-in for an external partner's pricing API that the widget-api calls. Its answer time is
 * a base latency plus jitter; scenarios slow it down (the "slow external dependency").
 */
export interface PartnerLatency {
  baseMs: number;
  jitterMs: number;
}

const skuParams = z.object({ sku: z.string().regex(/^[A-Z]{2}-\d{1,8}$/) });

export function createApp(kit: ServiceKit, latency: PartnerLatency = { baseMs: 15, jitterMs: 10 }): Express {
  const normal = { ...latency };
  kit.faults.define({
    name: 'slow-responses',
    description: 'Adds latency to every quote (a red herring: the partner is slower, but not the cause)',
    params: z.object({
      extraMs: z.number().int().min(0).max(30_000).default(150),
      jitterMs: z.number().int().min(0).max(30_000).default(100),
    }),
    enable: ({ extraMs, jitterMs }) => {
      latency.baseMs = normal.baseMs + extraMs;
      latency.jitterMs = jitterMs;
    },
    disable: () => {
      Object.assign(latency, normal);
    },
  });

  return createServiceApp(kit, (router) => {
    router.get('/quotes/:sku', async (req, res) => {
      const { sku } = parse(skuParams, req.params);
      await sleep(latency.baseMs + Math.random() * latency.jitterMs);
      const digits = Number(sku.slice(3));
      res.json({ sku, priceCents: 1_000 + ((digits * 7_919) % 90_000), currency: 'EUR' });
    });
  });
}
