import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceProcess } from '../../lab/service-process';
import { TEST_LEARNER_TOKEN, TEST_TOKEN } from '../support/app-server';
import { processTable } from '../support/process-table';

/** A rolling restart that fails (the new process will not start) leaves the old one serving, and says why. */
test('a failed rolling restart is not counted as a restart, and its error says why', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-restart-'));
  const env: Record<string, string> = { PORT: '0', LAB_ADMIN_TOKEN: TEST_TOKEN, LAB_LEARNER_TOKEN: TEST_LEARNER_TOKEN, LOG_LEVEL: 'info' };
  const service = new ServiceProcess({
    name: 'partner-api',
    entry: path.join(__dirname, '../../dist/services/partner-api/server.js'),
    env,
    maxOldSpaceMb: 128,
    logFile: path.join(dir, 'partner-api.log'),
    restartOnExit: true,
  });
  try {
    const url = await service.start();
    const pid = service.pid;
    await service.restart();
    expect(service.restarts).toBe(1);

    // The next process gets a configuration it refuses, as a bad deploy would.
    env.LOG_LEVEL = 'shouting';
    await expect(service.restart()).rejects.toThrow(/^partner-api exited with code 2 before serving \(see .+\): config: LOG_LEVEL: /);
    expect(service.restarts).toBe(1);
    expect(service.pid).not.toBe(pid);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

/**
 * A rolling restart whose new process dies before serving (a redeploy that cannot start while
 * PostgreSQL is full, say): the old process keeps serving, alone. No retry may start a second
 * process beside it on the shared socket.
 */
test('a new process that dies before serving is not retried beside the one still serving', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-restart-'));
  const entry = path.join(__dirname, '../../dist/services/partner-api/server.js');
  const env: Record<string, string> = { PORT: '0', LAB_ADMIN_TOKEN: TEST_TOKEN, LAB_LEARNER_TOKEN: TEST_LEARNER_TOKEN, LOG_LEVEL: 'info' };
  const service = new ServiceProcess({ name: 'partner-api', entry, env, maxOldSpaceMb: 128, logFile: path.join(dir, 'partner-api.log'), restartOnExit: true });
  const workers = (): number[] => processTable().filter((p) => p.ppid === process.pid && p.state !== 'Z' && p.command.includes(entry)).map((p) => p.pid);
  try {
    const url = await service.start();
    const pid = service.pid;
    // The next process cannot even load (exit code 1, not the configuration's 2).
    env.NODE_OPTIONS = '--require /nonexistent/olab-preload.js';
    await expect(service.restart()).rejects.toThrow(/exited with code 1 before serving/);
    delete env.NODE_OPTIONS;
    // Past the first back-off (1 s) and a start: still the one process, serving.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(service.pid).toBe(pid);
    expect(workers()).toEqual([pid]);
    expect(service.restarts).toBe(0);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
