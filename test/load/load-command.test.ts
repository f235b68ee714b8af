import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { UserError } from '../../common/user-error';
import { loadCommand } from '../../cli/commands/load';
import { writeLabState } from '../../lab/lab-state';
import { startTestServer, type TestServer } from './test-server';

let server: TestServer;
let dir: string;
let printed: string[];
const savedLabDir = process.env.OUTAGE_LAB_DIR;

beforeEach(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'outage-lab-load-'));
  process.env.OUTAGE_LAB_DIR = dir;
  printed = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
});
afterEach(async () => {
  jest.restoreAllMocks();
  if (savedLabDir === undefined) delete process.env.OUTAGE_LAB_DIR;
  else process.env.OUTAGE_LAB_DIR = savedLabDir;
  await rm(dir, { recursive: true, force: true });
  await server.close();
});

const run = (...args: string[]) => loadCommand().exitOverride().parseAsync(args, { from: 'user' });

test('bad parameters give a one-line UserError', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--rate', '-3'], /--rate/],
    [['--rate', 'lots'], /--rate/],
    [['--shape', 'ramp'], /needs --to/],
    [['--shape', 'wave'], /--shape/],
    [['--duration', '3x'], /--duration must look like/],
    [['--timeout', '200ms'], /--timeout/],
    [['--shape', 'surge', '--rate', '500', '--multiplier', '10'], /above 2000/],
    [['--shape', 'surge', '--duration', '10s', '--surge-at', '8s', '--surge-for', '5s'], /within --duration/],
  ];
  for (const [args, message] of cases) {
    const attempt = run(server.url, ...args);
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(message);
  }
  await expect(run('http://192.0.2.1:4101', '--duration', '1s')).rejects.toThrow(/refusing to send load/);
  await expect(run('no-such-service')).rejects.toThrow(/unknown target/);
  expect(server.seen).toHaveLength(0);
});

test('a service name needs a running lab', async () => {
  await expect(run('widget-api', '--duration', '1s')).rejects.toThrow(/outage-lab up/);
});

test('a service name resolves through the lab state and uses its route mix; --log writes every request', async () => {
  await writeLabState({
    pid: process.pid,
    startedAt: new Date().toISOString(),
    adminToken: 'token',
    databaseUrl: 'postgres://localhost/lab',
    services: { 'widget-api': { url: server.url } },
  });
  const log = path.join(dir, 'requests.jsonl');
  await run('widget-api', '--rate', '20', '--duration', '1s', '--users', '10', '--json', '--log', log);

  const summary = JSON.parse(printed.join('\n'));
  expect(summary.requests).toBe(server.seen.length);
  expect(summary.requests).toBeGreaterThanOrEqual(10);
  expect(summary.users).toBe(10);
  for (const route of Object.keys(summary.byRoute)) expect(route).toMatch(/^GET \/(widgets|insights)/);
  for (const s of server.seen) expect(s.userId).toMatch(/^u([1-9]|10)$/);

  const lines = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(summary.requests);
  expect(lines[0]).toEqual(
    expect.objectContaining({ t: expect.any(Number), userId: expect.any(String), route: expect.any(String), status: 200 }),
  );
});

test('a URL target without a mix sends GET to that path, and prints a text summary', async () => {
  await run(`${server.url}/health?deep=1`, '--rate', '10', '--duration', '1s');
  expect(server.seen.length).toBeGreaterThanOrEqual(5);
  for (const s of server.seen) expect(s.path).toBe('/health?deep=1');
  const text = printed.join('\n');
  expect(text).toMatch(/^Load done: /);
  expect(text).toContain('GET /health?deep=1');
});

describe('a run where most requests get no answer fails with the cause', () => {
  it('a closed port: connection refused, nothing listens there', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const attempt = run(url, '--rate', '20', '--duration', '1s', '--no-progress');
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^most requests failed: (\\d+) of \\1 got no answer — \\1 connection refused: nothing listens on ${new URL(url).host} \\(is the lab up, the port right\\?\\)$`),
    );
  }, 30_000);

  it('a server that never answers: the requests time out', async () => {
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await expect(run(url, '--rate', '5', '--duration', '1s', '--timeout', '1s', '--no-progress')).rejects.toThrow(
        /^most requests failed: (\d+) of \1 got no answer — \1 timed out \(no answer within 1000 ms\)$/,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  }, 30_000);

  it('connections closed before an answer: said so', async () => {
    await expect(run(`${server.url}/drop`, '--rate', '20', '--duration', '1s', '--no-progress')).rejects.toThrow(
      /^most requests failed: (\d+) of \1 got no answer — \1 connection errors \(connections reset or closed before an answer\)$/,
    );
  }, 30_000);

  it('a service that answers, even with 500s, passes (an error status is an answer: the lab\'s faults make them)', async () => {
    await run(`${server.url}/fail`, '--rate', '20', '--duration', '1s', '--no-progress');
    expect(printed.join('\n')).toMatch(/Load done/);
    expect(server.seen.length).toBeGreaterThan(10);
  }, 30_000);
});
