import { createServer, type AddressInfo } from 'node:net';

/**
 * A port free on 127.0.0.1 right now (a small race remains until it is used). The OS picks it
 * from its ephemeral range, unless `range` is given: then ports in it are tried at random, for
 * a port that other processes' port-0 listeners cannot take before it is bound.
 */
export async function freePort(range?: { from: number; to: number }): Promise<number> {
  if (!range) return listenOn(0) as Promise<number>;
  for (;;) {
    const port = await listenOn(range.from + Math.floor(Math.random() * (range.to - range.from)));
    if (port !== null) return port;
  }
}

/** The port bound on 127.0.0.1 and released; null if it was taken. */
function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (port !== 0 && err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}
