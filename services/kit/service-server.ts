import { createServer, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import type { Express } from 'express';
import type { ServiceKit } from './service-kit';

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stop accepting, let in-flight requests finish (up to drainMs), then run `close`. Idempotent. */
  shutdown(reason?: string): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string;
  /** How long in-flight requests may take to finish before their connections are cut. */
  drainMs?: number;
  /** How long idle keep-alive connections stay open once shutting down, for their clients' next request. */
  idleGraceMs?: number;
  /** Releases the service's resources (pool, timers) once requests have drained. */
  close?: () => Promise<void>;
}

export async function startServer(app: Express, kit: ServiceKit, options: ServerOptions): Promise<RunningServer> {
  const { port, host = '127.0.0.1', drainMs = 10_000, idleGraceMs = 1_000, close } = options;
  const server = createServer(app);
  // Longer than the usual load balancer idle timeout, so the LB closes idle connections first.
  server.keepAliveTimeout = 65_000;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const unanswered = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let allClosed: (() => void) | undefined;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) allClosed?.();
    });
  });
  server.on('request', (_req, res) => {
    inFlight++;
    unanswered.add(res);
    if (kit.lifecycle.shuttingDown) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight--;
      unanswered.delete(res);
      if (inFlight === 0) drained?.();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown'): Promise<void> => {
    stopping ??= (async () => {
      kit.lifecycle.shuttingDown = true;
      kit.logger.info({ reason, inFlight }, 'shutting down: draining in-flight requests');
      // A keep-alive client sends its next request on the connection it has. Cut at once (Node's
      // server.close() closes idle connections), the request it was sending fails: measured in a
      // rolling restart, 1-2 of a sequential client's requests failed with "other side closed". So
      // new connections are refused at once, but answers still to come, and those to requests that
      // arrive on an open connection for a moment more, say "Connection: close": the client then
      // closes the connection itself and connects again (to the new process in a rolling restart).
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
      NetServer.prototype.close.call(server); // stops accepting, leaves open connections (http's close cuts idle ones)
      if (sockets.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (allClosed = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(idleGraceMs, drainMs)))),
        ]);
        clearTimeout(timer);
      }
      server.close(); // the connections still idle now (a client that sent nothing meanwhile), and Node's own timers
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs))),
        ]);
        clearTimeout(timer);
        if (inFlight > 0) kit.logger.warn({ inFlight }, 'drain timed out: closing remaining connections');
      }
      server.closeAllConnections();
      await closed;
      await close?.();
      kit.logger.info('stopped');
    })();
    return stopping;
  };
  return { server, url, port: address.port, shutdown };
}

/** For a service's server.ts: exit cleanly on SIGTERM/SIGINT after draining. */
export function exitOnSignals(running: RunningServer, kit: ServiceKit): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.shutdown(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          kit.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
