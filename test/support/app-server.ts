import type { Express } from 'express';
import pino from 'pino';
import { createServiceKit, type ServiceKit } from '../../services/kit/service-kit';
import { startServer, type RunningServer } from '../../services/kit/service-server';

export const TEST_TOKEN = 'test-admin-token-0123456789';
export const TEST_LEARNER_TOKEN = 'test-learner-token-9876543210';

/** A kit whose logs go nowhere unless TEST_LOGS is set. */
export function testKit(service: string): ServiceKit {
  return createServiceKit({
    service,
    tokens: { instructor: TEST_TOKEN, learner: TEST_LEARNER_TOKEN },
    logger: pino({ level: process.env.TEST_LOGS ? 'debug' : 'silent' }),
  });
}

/** Serves an app on port 0 of 127.0.0.1; `shutdown()` drains it. */
export async function serve(app: Express, kit: ServiceKit, close?: () => Promise<void>): Promise<RunningServer> {
  return startServer(app, kit, { port: 0, host: '127.0.0.1', drainMs: 5_000, ...(close ? { close } : {}) });
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
