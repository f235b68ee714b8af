import { connect } from 'node:net';
import type { TrafficSummary } from './summary';

/** Over this share of requests without any answer, a load run failed (a 5xx is an answer: the lab's faults make them). */
export const MOST_FAILED_SHARE = 0.5;

/**
 * Why most requests of a load run got no answer, in one line: refused connections (nothing listens
 * there: is the lab up, the port right?), connections reset, or requests timing out. Null when most
 * requests were answered.
 */
export async function loadFailure(summary: TrafficSummary, baseUrl: string, timeoutMs: number): Promise<string | null> {
  if (summary.requests === 0 || summary.errors / summary.requests <= MOST_FAILED_SHARE) return null;
  const connectionErrors = summary.errors - summary.timeouts;
  const causes: string[] = [];
  if (connectionErrors > 0) {
    const url = new URL(baseUrl);
    const probe = await probeConnection(url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
    causes.push(
      probe === 'ECONNREFUSED'
        ? `${connectionErrors} connection refused: nothing listens on ${url.host} (is the lab up, the port right?)`
        : `${connectionErrors} connection errors (${probe === 'ok' ? 'connections reset or closed before an answer' : probe})`,
    );
  }
  if (summary.timeouts > 0) causes.push(`${summary.timeouts} timed out (no answer within ${timeoutMs} ms)`);
  return `most requests failed: ${summary.errors} of ${summary.requests} got no answer — ${causes.join('; ')}`;
}

/** 'ok' when a connection opens now, else the error's code. */
function probeConnection(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('connecting timed out');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
