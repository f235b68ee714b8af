import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLASSROOM_ADMIN_TOKEN, loadComposeEnv } from '../../common/compose-env';
import { CLI } from '../support/lab-cli';

const run = promisify(execFile);

/** The CLI reads the `.env` Compose reads, with the shell's environment first, as Compose does. */
describe('the .env of the classroom stack', () => {
  let dir: string;
  let server: Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'olab-env-'));
    // A service that records the token it was given and refuses it (no snapshot needed to tell).
    server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'no' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (seen.length = 0));

  it('sets what the shell has not set; a variable the shell set, even empty, wins', () => {
    writeFileSync(path.join(dir, '.env'), '# the stack\nOLAB_TEST_TOKEN=from-env-file\nOLAB_TEST_QUOTED="two words"\nOLAB_TEST_SHELL=from-file\n');
    process.env.OLAB_TEST_SHELL = '';
    try {
      expect(loadComposeEnv(dir).sort()).toEqual(['OLAB_TEST_QUOTED', 'OLAB_TEST_TOKEN']);
      expect(process.env.OLAB_TEST_TOKEN).toBe('from-env-file');
      expect(process.env.OLAB_TEST_QUOTED).toBe('two words');
      expect(process.env.OLAB_TEST_SHELL).toBe('');
    } finally {
      for (const name of ['OLAB_TEST_TOKEN', 'OLAB_TEST_QUOTED', 'OLAB_TEST_SHELL']) delete process.env[name];
    }
    expect(loadComposeEnv(path.join(dir, 'nowhere'))).toEqual([]);
  });

  const cleanEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, OUTAGE_LAB_DIR: path.join(dir, 'lab') };
    delete env.LAB_ADMIN_TOKEN;
    delete env.OUTAGE_LAB_TOKEN;
    return env;
  };

  it('a command run beside docker-compose.yml uses the LAB_ADMIN_TOKEN of its .env', async () => {
    writeFileSync(path.join(dir, '.env'), 'LAB_ADMIN_TOKEN=set-in-dot-env\n');
    await expect(run(process.execPath, [CLI, 'heap', 'snapshot', 'widget-api', '--target', 'docker', '--port', String(port), '-o', path.join(dir, 'x.heapsnapshot')], { cwd: dir, env: cleanEnv() })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/outage-lab: widget-api refused the token \(401\)/),
    });
    expect(seen).toEqual(['Bearer set-in-dot-env']);
  });

  it('with no token anywhere, --target docker takes the stack\'s default, as scenario run does', async () => {
    rmSync(path.join(dir, '.env'));
    await expect(run(process.execPath, [CLI, 'heap', 'snapshot', 'widget-api', '--target', 'docker', '--port', String(port), '-o', path.join(dir, 'y.heapsnapshot')], { cwd: dir, env: cleanEnv() })).rejects.toMatchObject({ code: 1 });
    expect(seen).toEqual([`Bearer ${CLASSROOM_ADMIN_TOKEN}`]);
  });
});
