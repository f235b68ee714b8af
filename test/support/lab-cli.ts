import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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
 * once it has printed the tokens (every service ready).
 */
export async function startUp(extraArgs: string[] = [], timeoutMs = 90_000, options: { dir?: string } = {}): Promise<UpProcess> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'olab-up-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when tests run as root
  const env = { ...process.env, OUTAGE_LAB_DIR: dir, DATABASE_URL: '', LAB_ADMIN_TOKEN: '', LAB_LEARNER_TOKEN: '', OUTAGE_LAB_TOKEN: '' };
  const up = spawn(process.execPath, [CLI, 'up', '--port-base', '0', ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  up.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  up.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lab did not come up:\n${output}`)), timeoutMs);
    const check = setInterval(() => {
      if (output.includes('Learner token')) {
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

/**
 * Stops a lab started by `startUp` as an instructor does (Ctrl-C: faults off, everything stopped),
 * SIGKILL after `graceMs` if it hangs (its watchdog then stops the rest), and removes its folder.
 */
export async function stopUp(up: ChildProcess, dir: string, graceMs = 30_000): Promise<void> {
  if (up.exitCode === null && up.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => up.kill('SIGKILL'), graceMs);
      up.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      up.kill('SIGINT');
    });
  }
  rmSync(dir, { recursive: true, force: true });
}
