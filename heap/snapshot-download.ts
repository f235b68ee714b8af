import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseProcessHeader, PROCESS_HEADER, writeOrigin } from './snapshot-origin';
import { UserError } from '../common/user-error';

export interface DownloadRequest {
  service: string;
  /** The service's base URL, e.g. http://127.0.0.1:4101 */
  baseUrl: string;
  token: string;
  /** The learner's name, logged with the snapshot as their action. */
  learner?: string;
  /** Where the snapshot ends up; written to a temporary file next to it first, then renamed. */
  file: string;
  /** How long the service may take to start answering (it is busy taking the snapshot meanwhile). */
  answerTimeoutMs?: number;
  /** A transfer that makes no progress for this long is abandoned. */
  stallTimeoutMs?: number;
  /** Called once the service starts sending: the total size when it says so. */
  onStart?: (info: { totalBytes?: number } & Timing) => void;
  onProgress?: (receivedBytes: number) => void;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  /** How long the service stopped answering while V8 walked its heap and wrote it out (Server-Timing `snapshot`). */
  pauseMs?: number;
  /** How long the service then spent blanking secrets, without pausing (Server-Timing `scrub`). */
  scrubMs?: number;
  elapsedMs: number;
}

const SNAPSHOT_START = '{"snapshot":';

/** `widget-api-2026-05-04T10-11-12-345Z.heapsnapshot`: sorts by time, loads in DevTools as is. */
export function defaultSnapshotFile(service: string, at = new Date()): string {
  return `${service}-${at.toISOString().replace(/[:.]/g, '-')}.heapsnapshot`;
}

/** Streams a heap snapshot from the service's admin API to a file, atomically (temporary file + rename). */
export async function downloadHeapSnapshot(request: DownloadRequest): Promise<DownloadResult> {
  const { service, baseUrl, file, answerTimeoutMs = 600_000, stallTimeoutMs = 60_000 } = request;
  const started = performance.now();
  const url = new URL('/__lab/heap-snapshot', baseUrl);
  const response = await get(url, request.token, request.learner, answerTimeoutMs, service);
  if (response.statusCode !== 200) throw await refusal(response, service, baseUrl);

  const timing = serverTiming(response.headers['server-timing']);
  const declared = Number(response.headers['content-length']);
  const totalBytes = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  request.onStart?.({ totalBytes, ...timing });

  const tmp = `${file}.${process.pid}.tmp`;
  let bytes = 0;
  let head = '';
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (head.length < SNAPSHOT_START.length) head += chunk.toString('utf8', 0, SNAPSHOT_START.length);
      request.onProgress?.(bytes);
      done(null, chunk);
    },
  });
  response.setTimeout(stallTimeoutMs, () => response.destroy(new Error(`no data for ${stallTimeoutMs / 1000} s`)));
  try {
    await pipeline(response, count, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    if (!head.startsWith(SNAPSHOT_START)) throw new Error('the answer is not a V8 heap snapshot');
    if (totalBytes !== undefined && bytes !== totalBytes) throw new Error(`received ${bytes} of ${totalBytes} bytes`);
    await rename(tmp, file);
    const origin = parseProcessHeader(response.headers[PROCESS_HEADER]);
    if (origin) await writeOrigin(file, origin);
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof UserError) throw err;
    throw new UserError(`the heap snapshot of ${service} was not saved: ${(err as Error).message}`);
  }
  return { file, bytes, ...timing, elapsedMs: Math.round(performance.now() - started) };
}

function get(url: URL, token: string, learner: string | undefined, timeoutMs: number, service: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json', 'x-requested-by': 'cli', ...(learner ? { 'x-learner': learner } : {}) };
    const req = http.get(url, { headers }, resolve);
    // Until the headers arrive the service is busy walking its heap; the socket is silent meanwhile.
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.once('response', () => req.setTimeout(0));
    req.on('error', (err: NodeJS.ErrnoException) => reject(connectionError(err, service, url, timeoutMs)));
  });
}

function connectionError(err: NodeJS.ErrnoException, service: string, url: URL, timeoutMs: number): UserError {
  const where = `${service} at ${url.origin}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new UserError(`cannot connect to ${where} (connection refused): is the lab up (\`outage-lab up\`), or the container running with its port published?`);
    case 'ETIMEDOUT':
      return new UserError(`${where} did not answer within ${timeoutMs / 1000} s; a very large heap takes long to snapshot (raise --timeout)`);
    case 'ECONNRESET':
      return new UserError(`${where} closed the connection while taking the snapshot; it may have run out of memory (check its logs and restarts)`);
    default:
      return new UserError(`cannot reach ${where}: ${err.message}`);
  }
}

async function refusal(response: IncomingMessage, service: string, baseUrl: string): Promise<UserError> {
  let text = '';
  for await (const chunk of response) text += (chunk as Buffer).toString();
  let error: { code?: string; message?: string } | undefined;
  try {
    error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
  } catch {
    error = undefined;
  }
  switch (response.statusCode) {
    case 401:
      return new UserError(`${service} refused the token (401): set OUTAGE_LAB_TOKEN to the token \`outage-lab up\` printed (the learners' or the instructor's), or pass --token`);
    case 409:
      return new UserError(`${service} is already taking a heap snapshot (409 ${error?.code ?? 'CONFLICT'}); wait for it to finish and try again`);
    case 404:
      return new UserError(`${service} at ${baseUrl} has no heap snapshot endpoint (404 ${error?.code ?? ''}): is this a lab service, built from this version?`);
    default:
      return new UserError(`${service}: ${response.statusCode} ${error?.code ?? ''} ${error?.message ?? text.slice(0, 200)}`.replace(/\s+/g, ' ').trim());
  }
}

type Timing = Pick<DownloadResult, 'pauseMs' | 'scrubMs'>;
const TIMING_FIELDS = { snapshot: 'pauseMs', scrub: 'scrubMs' } as const;

/** `snapshot;dur=812, scrub;dur=230` → { pauseMs: 812, scrubMs: 230 } */
function serverTiming(header: string | string[] | undefined): Timing {
  const result: Timing = {};
  for (const part of String(header ?? '').split(',')) {
    const match = /^\s*(snapshot|scrub)\s*;\s*dur=([\d.]+)/.exec(part);
    if (match) result[TIMING_FIELDS[match[1] as keyof typeof TIMING_FIELDS]] = Number(match[2]);
  }
  return result;
}
