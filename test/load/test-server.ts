import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  userId: string | undefined;
  body: string;
}

export interface TestServer {
  url: string;
  seen: SeenRequest[];
  /** TCP connections accepted so far */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A tiny real HTTP server on 127.0.0.1, port 0:
 * /fail -> 500, /slow?ms=N -> 200 after N ms (default 3000), /drop -> connection destroyed,
 * anything else -> 200 after 5 ms.
 */
export async function startTestServer(): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', path: req.url ?? '', userId: req.headers['x-user-id'] as string | undefined, body });
      if (url.pathname === '/fail') {
        res.statusCode = 500;
        res.end('failed');
      } else if (url.pathname === '/slow') {
        later(Number(url.searchParams.get('ms') ?? 3000), () => res.end('slow'));
      } else if (url.pathname === '/drop') {
        req.socket.destroy();
      } else {
        later(5, () => res.end('ok'));
      }
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
