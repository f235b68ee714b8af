import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AdminClient } from '../../lab/admin-client';
import { ServiceProcess } from '../../lab/service-process';
import { TEST_LEARNER_TOKEN, TEST_TOKEN } from './app-server';

export interface RunningService {
  url: string;
  admin: AdminClient;
  process: ServiceProcess;
  logFile: string;
  /** Heap used after forced full GCs (the service runs with --expose-gc). */
  heapAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

/** A real service process from dist/ (built by `npm test`), on a free port, as the lab runs it. */
export async function startService(
  name: 'widget-api' | 'storefront' | 'widgetify' | 'partner-api',
  env: Record<string, string>,
  maxOldSpaceMb = 192,
): Promise<RunningService> {
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), `olab-${name}-`)), 'service.log');
  const process = new ServiceProcess({
    name,
    entry: path.join(__dirname, `../../dist/services/${name}/server.js`),
    env: { PORT: '0', LAB_ADMIN_TOKEN: TEST_TOKEN, LAB_LEARNER_TOKEN: TEST_LEARNER_TOKEN, LOG_LEVEL: 'info', ...env },
    maxOldSpaceMb,
    logFile,
    restartOnExit: false,
  });
  const url = await process.start();
  const admin = new AdminClient(name, url, TEST_TOKEN);
  return {
    url,
    admin,
    process,
    logFile,
    heapAfterGc: async () => (await admin.gc()).memory.heapUsed,
    stop: () => process.stop(),
  };
}

/** Sends `count` GET requests, `concurrency` at a time; returns the statuses seen. */
export async function drive(
  baseUrl: string,
  count: number,
  path: (i: number) => string,
  headers: Record<string, string> = {},
  concurrency = 10,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await fetch(`${baseUrl}${path(i)}`, { headers });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}
