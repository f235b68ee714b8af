import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * What `outage-lab up` writes so that other commands (fault, load, scenario, heap) find the
 * running lab: service URLs and the admin token. Kept in the lab's data folder, mode 0600.
 */

export const DEFAULT_LAB_DIR = '.outage-lab';
export const LAB_STATE_FILE = 'lab.json';

export const SERVICE_NAMES = ['widget-api', 'storefront', 'widgetify'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const labStateSchema = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  adminToken: z.string().min(1),
  databaseUrl: z.string(),
  /** name -> base URL, e.g. { "widget-api": "http://127.0.0.1:4101" }; includes partner-api and lab-exporter. */
  services: z.record(z.string(), z.object({ url: z.string().url(), pid: z.number().int().optional() })),
});
export type LabState = z.infer<typeof labStateSchema>;

export function labDir(): string {
  return path.resolve(process.env.OUTAGE_LAB_DIR ?? DEFAULT_LAB_DIR);
}

export function labStatePath(dir = labDir()): string {
  return path.join(dir, LAB_STATE_FILE);
}

export async function writeLabState(state: LabState, dir = labDir()): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = labStatePath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}

/** The running lab's state, or null when no lab is up (no file, or its process is gone). */
export async function readLabState(dir = labDir()): Promise<LabState | null> {
  let text: string;
  try {
    text = await readFile(labStatePath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const state = labStateSchema.parse(JSON.parse(text));
  return isAlive(state.pid) ? state : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
