import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLI } from '../support/lab-cli';

const run = promisify(execFile);

/** What `up` and `down` refuse before anything starts: each a one-line message and exit code 1, no stack. */
describe('outage-lab up / down: bad input and a busy machine', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'olab-input-'));
    env = { ...process.env, OUTAGE_LAB_DIR: dir, DATABASE_URL: '', LAB_ADMIN_TOKEN: '', LAB_LEARNER_TOKEN: '' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fails = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> => {
    const result = await run(process.execPath, [CLI, ...args], { env: { ...env, ...extraEnv } }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    return result;
  };

  it.each([
    ['base', /^outage-lab: DATABASE_URL \(--database-url\) is not a URL: give postgres:\/\/user:password@host:port\/database/],
    ['http://db.example/lab', /^outage-lab: DATABASE_URL \(--database-url\) is a http URL, not a PostgreSQL one/],
    ['postgres://', /^outage-lab: DATABASE_URL \(--database-url\) names no host/],
  ])('DATABASE_URL=%s: refused in one line, before anything starts', async (value, message) => {
    const { code, stderr } = await fails(['up', '--port-base', '0'], { DATABASE_URL: value });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('db.example'); // (the value is not repeated: it may hold a password)
  });

  it('a taken port: says which process holds it and how to free it', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    try {
      // --port-base puts the console on the base itself
      const { code, stderr } = await fails(['up', '--port-base', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(`outage-lab: port ${port} (console) is taken by pid ${process.pid} (${commandOf(process.pid)}): stop it (kill ${process.pid}) or use other ports (--port-base)\n`);
    } finally {
      server.close();
    }
  });

  it('down with no lab: says so', async () => {
    const { code, stderr } = await fails(['down']);
    expect(code).toBe(1);
    expect(stderr).toBe(`outage-lab: no lab is running in ${dir} (no state file there; give --dir, or OUTAGE_LAB_DIR, for a lab elsewhere)\n`);
  });
});

function commandOf(pid: number): string {
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  return command.length > 100 ? `${command.slice(0, 97)}...` : command;
}
