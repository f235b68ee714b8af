import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AdminClient } from '../../../lab/admin-client';
import { FaultSwitch } from '../../../lab/faults/fault-switch';
import { ServiceProcess } from '../../../lab/service-process';
import { leakyFaults } from '../fixtures/leaky-faults';

export const ADMIN_TOKEN = 'heap-test-token';
export const LEARNER_TOKEN = 'heap-test-learner-token';
const DIST = path.join(__dirname, '..', '..', '..', 'dist');

export interface RunningService {
  url: string;
  dir: string;
  process: ServiceProcess;
  /** The service's faults, switched as the lab does (the leaky fixture's from leaky-faults.ts). */
  faults: FaultSwitch;
  admin(method: string, route: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A compiled service (or the leaky fixture) as a real child process with a small heap, through the
 * lab's own ServiceProcess. Needs `npx tsc -p .` first (npm test builds).
 */
export async function startService(entry: string, env: Record<string, string> = {}, maxOldSpaceMb = 96): Promise<RunningService> {
  const file = path.join(DIST, entry);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx tsc -p .)`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heap-test-'));
  const service = new ServiceProcess({
    name: path.basename(path.dirname(entry)),
    entry: file,
    env: { PORT: '0', HOST: '127.0.0.1', LAB_ADMIN_TOKEN: ADMIN_TOKEN, LAB_LEARNER_TOKEN: LEARNER_TOKEN, LOG_LEVEL: 'info', ...env },
    maxOldSpaceMb,
    logFile: path.join(dir, 'service.log'),
    restartOnExit: false,
  });
  let url: string;
  try {
    url = await service.start();
  } catch (err) {
    // The log goes with the temporary folder: keep its end in the error.
    const log = await readFile(path.join(dir, 'service.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n--- service log (end) ---\n${log.slice(-3000)}`);
  }
  const name = path.basename(path.dirname(entry));
  const client = new AdminClient(name, url, ADMIN_TOKEN);
  return {
    url,
    dir,
    process: service,
    faults: name === 'fixtures' ? new FaultSwitch('leaky-fixture', client, leakyFaults) : new FaultSwitch(name, client),
    admin: (method, route, body) =>
      fetch(`${url}/__lab${route}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    stop: async () => {
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Sends `count` GET requests (at most `concurrency` at a time) to 127.0.0.1; every answer must be 2xx. */
export async function drive(
  baseUrl: string,
  count: number,
  request: (i: number) => { path: string; headers?: Record<string, string> },
  concurrency = 8,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const { path: route, headers } = request(next++);
      const res = await fetch(`${baseUrl}${route}`, headers ? { headers } : {});
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${route}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
