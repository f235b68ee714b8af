import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../scenarios/package-root';

export const CLI = path.join(packageRoot(), 'bin', 'outage-lab.js');

/** `outage-lab up` on free ports in a fresh folder, as a separate process (what kill -9 is done to). */
export async function startUpProcess(dir = mkdtempSync(path.join(os.tmpdir(), 'olab-bench-'))): Promise<{ dir: string; env: NodeJS.ProcessEnv; child: ChildProcess; output(): string }> {
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user under root
  const env = { ...process.env, OUTAGE_LAB_DIR: dir, DATABASE_URL: '', LAB_ADMIN_TOKEN: '', LAB_LEARNER_TOKEN: '', OUTAGE_LAB_TOKEN: '' };
  const child = spawn(process.execPath, [CLI, 'up', '--port-base', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Learner token')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`up exited with ${code}:\n${output}`));
    });
  });
  return { dir, env, child, output: () => output };
}

/** The running lab's state file (lab.json), as it is now. */
export function labJson(dir: string): { pid: number; databasePid?: number; databaseUrl: string; adminToken: string; services: Record<string, { url: string; pid?: number }> } {
  return JSON.parse(readFileSync(path.join(dir, 'lab.json'), 'utf8'));
}
