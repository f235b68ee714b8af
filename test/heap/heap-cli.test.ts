import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_TOKEN, startService, type RunningService } from './helpers/service-under-test';

const BIN = path.join(__dirname, '..', '..', 'bin', 'outage-lab.js');

async function cli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...nodeArgs, BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `outage-lab heap …` as a learner runs it, against a real service process. */
describe('outage-lab heap (command line)', () => {
  let service: RunningService;
  let dir: string;

  beforeAll(async () => {
    service = await startService('test/heap/fixtures/leaky-service.js');
    dir = await mkdtemp(path.join(os.tmpdir(), 'heap-cli-'));
  });
  afterAll(async () => {
    await service?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves a snapshot from a container-style target: the port published on 127.0.0.1, token from LAB_ADMIN_TOKEN', async () => {
    const port = new URL(service.url).port;
    const out = path.join(dir, 'docker.heapsnapshot');
    const run = await cli(['heap', 'snapshot', 'widget-api', '--target', 'docker', '--port', port, '-o', out], { LAB_ADMIN_TOKEN: ADMIN_TOKEN, OUTAGE_LAB_DIR: dir });
    expect(run.stderr).not.toMatch(/outage-lab:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^saved .*docker\.heapsnapshot \([\d.]+ MB in [\d.]+ s; widget-api paused [\d.]+ s\)/);
    expect((await stat(out)).size).toBeGreaterThan(1_000_000);
  });

  it('names the problem when no lab is running and no --url is given', async () => {
    const run = await cli(['heap', 'snapshot', 'storefront'], { OUTAGE_LAB_DIR: dir, LAB_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/outage-lab: no lab is running .*outage-lab up.*--url/);
  });

  it('rejects a wrong token with exit code 1 and one line, leaving no file behind', async () => {
    const out = path.join(dir, 'refused.heapsnapshot');
    const run = await cli(['heap', 'snapshot', 'storefront', '--url', service.url, '--token', 'nope', '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^outage-lab: storefront refused the token \(401\)/);
    expect((await readdir(dir)).filter((f) => f.startsWith('refused'))).toEqual([]);
  });

  it('says how to install memlab when the optional packages are missing', async () => {
    const snapshot = path.join(dir, 'docker.heapsnapshot');
    const run = await cli(['heap', 'diff', snapshot, snapshot + '.missing'], {}, ['-r', path.join(__dirname, 'fixtures', 'hide-memlab.js')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/needs the optional package @memlab\/core.*npm install --include=optional/);
  });

  it('refuses to diff snapshots of two different processes, naming each, unless --force', async () => {
    const first = path.join(dir, 'docker.heapsnapshot');
    // `heap snapshot` kept which process it came from beside it
    const origin = JSON.parse(await readFile(`${first}.process.json`, 'utf8')) as { service: string; pid: number; startedAt: string };
    expect(origin).toEqual({ service: expect.any(String), pid: expect.any(Number), startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // the same bytes, said to be of another process (another service's, say)
    const other = path.join(dir, 'other.heapsnapshot');
    await copyFile(first, other);
    await writeFile(`${other}.process.json`, JSON.stringify({ service: 'storefront', pid: origin.pid + 1, startedAt: origin.startedAt }));
    const refused = await cli(['heap', 'diff', first, other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `outage-lab: the snapshots are of two processes: docker.heapsnapshot of ${origin.service} (pid ${origin.pid}, started ${origin.startedAt}), other.heapsnapshot of storefront (pid ${origin.pid + 1}, started ${origin.startedAt}); a diff compares one process over time (--force to diff them anyway)\n`,
    );
    const forced = await cli(['heap', 'diff', first, other, '--force', '--json']);
    expect(forced.code).toBe(0);
  }, 60_000);

  it('says which file is not a heap snapshot', async () => {
    const run = await cli(['heap', 'diff', BIN, path.join(dir, 'docker.heapsnapshot')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/outage-lab: .*outage-lab\.js is not a V8 heap snapshot/);
  });
});
