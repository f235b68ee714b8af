import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * What `outage-lab up` writes so that other commands (fault, load, scenario, heap, ops) find the
 * running lab: service URLs and both tokens. Kept in the lab's data folder, mode 0600: only the
 * instructor's account reads it; learners bring their token (OUTAGE_LAB_TOKEN) and find the
 * services through lab-endpoints.json, which holds no secret.
 */

export const DEFAULT_LAB_DIR = '.outage-lab';
export const LAB_STATE_FILE = 'lab.json';
/** The same lab's addresses without its secrets, readable by everyone on the machine. */
export const LAB_ENDPOINTS_FILE = 'lab-endpoints.json';
/** The state's entry for the lab's own endpoint (database metrics, control), beside the services'. */
export const LAB_EXPORTER = 'lab-exporter';

const labStateSchema = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  adminToken: z.string().min(1),
  learnerToken: z.string().min(1).optional(),
  databaseUrl: z.string(),
  /** The embedded PostgreSQL's postmaster now (none for DATABASE_URL). */
  databasePid: z.number().int().optional(),
  /** The watchdog that stops the lab's processes should `up` die without doing so (lab/orphan-watchdog.ts). */
  watchdogPid: z.number().int().optional(),
  /** name -> base URL, e.g. { "widget-api": "http://127.0.0.1:4101" }; includes partner-api and lab-exporter. */
  services: z.record(z.string(), z.object({ url: z.string().url(), pid: z.number().int().optional() })),
});
export type LabState = z.infer<typeof labStateSchema>;

const labEndpointsSchema = labStateSchema.pick({ pid: true, startedAt: true, services: true });
export type LabEndpoints = z.infer<typeof labEndpointsSchema>;

/** The services a running lab has (its state's entries but the lab's own endpoint). */
export function servicesOf(state: Pick<LabState, 'services'>): string[] {
  return Object.keys(state.services).filter((name) => name !== LAB_EXPORTER);
}

export function labDir(): string {
  return path.resolve(process.env.OUTAGE_LAB_DIR ?? DEFAULT_LAB_DIR);
}

export function labStatePath(dir = labDir()): string {
  return path.join(dir, LAB_STATE_FILE);
}

export async function writeLabState(state: LabState, dir = labDir()): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomically(labStatePath(dir), state, 0o600);
  const endpoints: LabEndpoints = { pid: state.pid, startedAt: state.startedAt, services: state.services };
  await writeAtomically(path.join(dir, LAB_ENDPOINTS_FILE), endpoints, 0o644);
}

async function writeAtomically(file: string, value: unknown, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode });
  await rename(tmp, file);
}

/** The running lab's addresses (no secrets), for learners who cannot read lab.json; null when no lab is up. */
export async function readLabEndpoints(dir = labDir()): Promise<LabEndpoints | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, LAB_ENDPOINTS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const endpoints = labEndpointsSchema.parse(JSON.parse(text));
  return isAlive(endpoints.pid) ? endpoints : null;
}

/** The running lab's state, or null when no lab is up (no file, or its process is gone). */
export async function readLabState(dir = labDir()): Promise<LabState | null> {
  const state = await readStateFile(dir);
  return state && isAlive(state.pid) ? state : null;
}

/** lab.json as it is, whether its lab still runs or not (null: no file, or another account's). */
export async function readStateFile(dir = labDir()): Promise<LabState | null> {
  let text: string;
  try {
    text = await readFile(labStatePath(dir), 'utf8');
  } catch (err) {
    // EACCES: another account's lab (a learner's shell): its addresses are in lab-endpoints.json.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EACCES') return null;
    throw err;
  }
  return labStateSchema.parse(JSON.parse(text));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
