import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exitStatus, maxOldSpaceMbFrom } from '../../lab/container-supervisor';
import { freePort } from '../../lab/free-port';
import { TEST_LEARNER_TOKEN, TEST_TOKEN } from '../support/app-server';
import { processTable } from '../support/process-table';

const SUPERVISOR = path.join(__dirname, '../../dist/lab/container-supervisor.js');
const ENTRY = path.join(__dirname, '../../dist/services/partner-api/server.js');

test('the status a container ends with: the exit code, or 128 + the signal (134 for V8\'s abort, 137 for SIGKILL)', () => {
  expect(exitStatus({ code: 1, signal: null })).toBe(1);
  expect(exitStatus({ code: null, signal: 'SIGABRT' })).toBe(134);
  expect(exitStatus({ code: null, signal: 'SIGKILL' })).toBe(137);
  expect(maxOldSpaceMbFrom('--max-old-space-size=192')).toBe(192);
  expect(maxOldSpaceMbFrom(undefined)).toBe(192);
});

/**
 * The container's entry, as docker-compose.yml runs it (no Docker needed): SIGHUP rolls the
 * service over with no request refused; a death nobody asked for ends the supervisor with the
 * process's status, so the container exits and Docker's restart policy starts it again.
 */
test('SIGHUP is a rolling restart with no request refused; a death ends the supervisor with its status', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-supervisor-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LAB_ADMIN_TOKEN: TEST_TOKEN, LAB_LEARNER_TOKEN: TEST_LEARNER_TOKEN, STATE_DIR: dir, NODE_OPTIONS: '--max-old-space-size=128' };
  const supervisor = spawn(process.execPath, [SUPERVISOR, ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(supervisor, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let output = '';
  supervisor.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const workers = (): number[] => processTable().filter((p) => p.ppid === supervisor.pid && p.state !== 'Z' && p.command.includes(ENTRY)).map((p) => p.pid);
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 30_000;
    while (!output.includes('"listening"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const [first] = workers();
    expect(first).toBeDefined();

    let ok = 0;
    const failed: string[] = [];
    let hupAt = Date.now() + 500;
    setTimeout(() => {
      hupAt = Date.now();
      supervisor.kill('SIGHUP');
    }, 500);
    const until = Date.now() + 4_000; // bounded: the restart and a little after
    while (Date.now() < until) {
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
        (r) => (r.ok ? ok++ : failed.push(String(r.status))),
        (err: Error) => failed.push(`${err.message}: ${String((err.cause as Error | undefined)?.message ?? '')} at +${Date.now() - hupAt} ms`),
      );
    }
    // (a request sent on an idle keep-alive connection just as the old process closes it may fail:
    // one, not a gap; answers in flight say "Connection: close", so no client reuses their connection)
    expect(failed.length <= 1 ? [] : failed).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    // the old process drains (its keep-alive connections close), then the new one is alone
    let left = workers();
    for (let i = 0; i < 60 && (left.length !== 1 || left[0] === first); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = workers();
    }
    const second = left[0];
    expect(left).toHaveLength(1);
    expect(second).not.toBe(first);
    expect(supervisor.exitCode).toBeNull();

    process.kill(second!, 'SIGKILL'); // a death nobody asked for
    const [code] = await exited;
    expect(code).toBe(137);
  } finally {
    if (supervisor.exitCode === null) supervisor.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
