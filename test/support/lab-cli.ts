import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.join(__dirname, '../../bin/outage-lab.js');

export interface UpProcess {
  dir: string;
  env: NodeJS.ProcessEnv;
  process: ChildProcess;
  /** Everything `up` printed so far (stdout and stderr). */
  output(): string;
}

/**
 * `outage-lab up` on free ports in a fresh lab folder, as an instructor starts it; resolves
 * once it has printed the admin token (every service ready).
 */
export async function startUp(extraArgs: string[] = [], timeoutMs = 90_000): Promise<UpProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-up-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when tests run as root
  const env = { ...process.env, OUTAGE_LAB_DIR: dir, DATABASE_URL: '', LAB_ADMIN_TOKEN: '' };
  const up = spawn(process.execPath, [CLI, 'up', '--port-base', '0', ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  up.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  up.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lab did not come up:\n${output}`)), timeoutMs);
    const check = setInterval(() => {
      if (output.includes('Admin token')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    up.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`up exited with ${code}:\n${output}`));
    });
  });
  return { dir, env, process: up, output: () => output };
}
