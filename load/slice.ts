import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { StallWatch } from './generator-stalls';
import type { RequestError, RequestRecord } from './request-record';
import type { PlannedRequest } from './route-mix';

/**
 * One slice of load: an autocannon run that sends exactly `count` requests (split over a few
 * connections) and ends when the last one is answered or fails. Successive slices give the
 * rate its shape; a slice still waiting on slow responses keeps running while the next starts,
 * so a slow target faces growing concurrency like it would from real users.
 *
 * autocannon does not say which request a response or a failure belongs to, so each client
 * gets its own request list (setupClient + setRequests) whose setupRequest draws the next
 * planned request and remembers it as that client's request in flight.
 */

export interface SliceOptions {
  /** scheme://host:port */
  origin: string;
  count: number;
  connections: number;
  timeoutMs: number;
  stage: string;
  nextRequest: () => PlannedRequest;
  record: (record: RequestRecord) => void;
  /** +1 when a connection opens, -1 when it is done (for the concurrency cap) */
  onConnections?: (delta: number) => void;
  /** The generator's own stalls, to tell each request how much of its time they took. */
  stalls?: StallWatch;
}

export interface SliceHandle {
  /** Resolves once autocannon is done and every request of the slice is recorded. */
  finished: Promise<void>;
  /** Stops now; requests in flight are recorded as cancelled. */
  stop(): void;
}

interface InFlight {
  planned: PlannedRequest;
  t: number;
  start: number;
  done: boolean;
}

/** How often autocannon checks whether it should stop: bounds how long stop() takes. */
const CHECK_INTERVAL_MS = 100;

/**
 * A histogram that keeps nothing, for autocannon's `histograms` option. Unless given its own,
 * autocannon builds three WebAssembly HDR histograms per run, and this runs one per slice:
 * latencies come from the response events here, so nothing needs recording. (Measured over a
 * 62 s quick feature-background-leak run: the load generator used 8.4 s of CPU with these,
 * 9.6 s without. `__custom` tells autocannon not to encode it; the getters serve its summary,
 * which is skipped anyway.)
 */
class NullHistogram {
  readonly __custom = true;
  readonly totalCount = 0;
  readonly minNonZeroValue = 0;
  readonly maxValue = 0;
  readonly mean = 0;
  readonly stdDeviation = 0;
  recordValue(): void {}
  recordValueWithExpectedInterval(): void {}
  getValueAtPercentile(): number {
    return 0;
  }
  reset(): void {}
  destroy(): void {}
}

export function startSlice(o: SliceOptions): SliceHandle {
  const inFlight = new Set<InFlight>();
  let stopping = false;

  const finish = (req: InFlight, status: number, latencyMs: number, error?: RequestError) => {
    if (req.done) return;
    req.done = true;
    inFlight.delete(req);
    const record: RequestRecord = {
      t: req.t,
      userId: req.planned.userId,
      route: req.planned.route,
      stage: o.stage,
      status,
      latencyMs: Math.round(latencyMs * 10) / 10,
    };
    if (error) record.error = error;
    const stallMs = o.stalls ? Math.min(latencyMs, o.stalls.overlapMs(req.start)) : 0;
    if (stallMs >= 1) record.generatorStallMs = Math.round(stallMs);
    o.record(record);
  };
  const fail = (req: InFlight | undefined, error: RequestError) => {
    if (req && !req.done) finish(req, 0, performance.now() - req.start, error);
  };

  const setupClient = (client: autocannon.Client) => {
    // 'timeout', 'connError' and 'done' are autocannon's own client events (test/load covers them).
    const events = client as unknown as EventEmitter;
    let current: InFlight | undefined;
    let lost: InFlight | undefined;
    o.onConnections?.(1);

    events.on('response', (status: number, _bytes: number, responseTime: number) => {
      if (current && !current.done) finish(current, status, responseTime);
    });
    // Emitted before autocannon reconnects and sends the next request.
    events.on('connError', () => fail(current, 'connection'));
    // Emitted after autocannon has reconnected and possibly set up the next request already.
    events.on('timeout', () => fail(lost && !lost.done ? lost : current, 'timeout'));
    events.once('done', () => {
      o.onConnections?.(-1);
      const last = current;
      queueMicrotask(() => fail(last, stopping ? 'cancelled' : 'connection'));
    });

    client.setRequests([
      {
        setupRequest: (req) => {
          if (current && !current.done) {
            // A new request while one is in flight: the connection was closed or timed out
            // (autocannon reports a timeout right after this call, which then relabels it).
            const closed = current;
            lost = closed;
            queueMicrotask(() => fail(closed, 'connection'));
          }
          const planned = o.nextRequest();
          current = { planned, t: Date.now(), start: performance.now(), done: false };
          inFlight.add(current);
          const headers: Record<string, string> = { ...(req.headers as Record<string, string>), 'x-user-id': planned.userId };
          if (planned.body !== undefined) headers['content-type'] = 'application/json';
          return { ...req, method: planned.method, path: planned.path, headers, body: planned.body };
        },
      },
    ]);
  };

  let instance: autocannon.Instance | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    instance = autocannon(
      {
        url: o.origin,
        amount: o.count,
        connections: Math.max(1, Math.min(o.connections, o.count)),
        timeout: o.timeoutMs / 1000,
        sampleInt: CHECK_INTERVAL_MS,
        skipAggregateResult: true,
        setupClient,
        // (not in autocannon's typings; read by its run(), see NullHistogram)
        ...({ histograms: { latencies: new NullHistogram(), requests: new NullHistogram(), throughput: new NullHistogram() } } as object),
      },
      (err: unknown) => {
        for (const req of [...inFlight]) fail(req, 'cancelled');
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      },
    );
  });

  return {
    finished,
    stop() {
      stopping = true;
      instance?.stop();
    },
  };
}
