import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../common/user-error';
import { downloadHeapSnapshot } from '../../heap/snapshot-download';
import { ADMIN_TOKEN, startService, type RunningService } from './helpers/service-under-test';

describe('downloadHeapSnapshot', () => {
  let service: RunningService;
  let dir: string;

  beforeAll(async () => {
    service = await startService('test/heap/fixtures/leaky-service.js');
  });
  afterAll(async () => {
    await service?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'heap-download-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the snapshot under the requested name, reports progress and the pause, and leaves no temporary file', async () => {
    const file = path.join(dir, 'before.heapsnapshot');
    const progress: number[] = [];
    let total: number | undefined;
    const result = await downloadHeapSnapshot({
      service: 'fixture',
      baseUrl: service.url,
      token: ADMIN_TOKEN,
      file,
      onStart: (info) => (total = info.totalBytes),
      onProgress: (bytes) => progress.push(bytes),
    });
    // beside it, which process it is of (for heap diff), and no temporary file
    expect((await readdir(dir)).sort()).toEqual(['before.heapsnapshot', 'before.heapsnapshot.process.json']);
    expect(JSON.parse(await readFile(`${file}.process.json`, 'utf8'))).toMatchObject({ pid: expect.any(Number), startedAt: expect.any(String) });
    const text = await readFile(file, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    expect(total).toBe(result.bytes);
    expect(progress.at(-1)).toBe(result.bytes);
    expect(progress.length).toBeGreaterThan(1);
    expect(result.pauseMs).toBeGreaterThanOrEqual(0);
    expect((JSON.parse(text) as { snapshot: { node_count: number } }).snapshot.node_count).toBeGreaterThan(0);
  });

  it('says the token was refused on 401 and writes nothing', async () => {
    const file = path.join(dir, 'x.heapsnapshot');
    const attempt = downloadHeapSnapshot({ service: 'fixture', baseUrl: service.url, token: 'wrong', file });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/refused the token \(401\)/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('says a snapshot is already being taken on 409', async () => {
    // Hold the lock with a client that stops reading half way.
    const stalled = await new Promise<http.ClientRequest>((resolve, reject) => {
      const req = http.get(`${service.url}/__lab/heap-snapshot`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, (res) => {
        res.pause();
        resolve(req);
      });
      req.on('error', reject);
    });
    try {
      const attempt = downloadHeapSnapshot({ service: 'fixture', baseUrl: service.url, token: ADMIN_TOKEN, file: path.join(dir, 'y.heapsnapshot') });
      await expect(attempt).rejects.toThrow(/already taking a heap snapshot \(409 SNAPSHOT_IN_PROGRESS\)/);
    } finally {
      stalled.destroy();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('says the connection was refused when nothing listens', async () => {
    const port = await closedPort();
    const attempt = downloadHeapSnapshot({ service: 'storefront', baseUrl: `http://127.0.0.1:${port}`, token: ADMIN_TOKEN, file: path.join(dir, 'z') });
    await expect(attempt).rejects.toThrow(/cannot connect to storefront at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  it('keeps no partial file when the transfer breaks off', async () => {
    // A stand-in that announces more bytes than it sends, then hangs up (what a crashing service looks like).
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write('{"snapshot":{"meta":{}},"nodes":[1,2,3');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const file = path.join(dir, 'broken.heapsnapshot');
      await expect(downloadHeapSnapshot({ service: 'fixture', baseUrl: `http://127.0.0.1:${port}`, token: 't', file })).rejects.toThrow(
        /was not saved/,
      );
      expect(await readdir(dir)).toEqual([]);
    } finally {
      server.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
