import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ThrowawayPostgres {
  url: string;
  maxConnections: number;
  stop(): Promise<void>;
}

const MAIN = path.join(__dirname, '../../dist/test/support/throwaway-postgres-main.js');

/** A private PostgreSQL cluster for one test file (needs `npm run build` first, as `npm test` does). */
export async function startThrowawayPostgres(maxConnections: number): Promise<ThrowawayPostgres> {
  const child = spawn(process.execPath, [MAIN, String(maxConnections)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`throwaway PostgreSQL exited with ${code}`)));
  });
  const { url, maxConnections: actual } = JSON.parse(first) as { url: string; maxConnections: number };
  return {
    url,
    maxConnections: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
