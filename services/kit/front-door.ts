import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The lab's supervisor can hold a service's listening socket and hand it each connection over
 * IPC (lab/service-process.ts): a restart then starts the new process before the old one drains,
 * as behind a load balancer. These are the two messages of that exchange.
 */
export const FRONT_DOOR_CONNECTION = 'lab:connection';
export const FRONT_DOOR_READY = 'lab:ready';

/** Serves the connections the parent process hands over; returns a function that stops taking them. */
export function acceptFromParent(server: Server): () => void {
  if (!process.send) throw new Error('LAB_FRONT_DOOR_URL is set but there is no IPC channel to the parent');
  const onMessage = (message: unknown, socket: unknown): void => {
    if (message !== FRONT_DOOR_CONNECTION || !socket) return;
    server.emit('connection', socket as Socket);
    (socket as Socket).resume();
  };
  process.on('message', onMessage);
  // http.Server starts tracking its connections (idle ones, request timeouts) on 'listening'; it
  // never listens itself here, so that is what lets a drain close idle keep-alive connections.
  server.emit('listening');
  return () => {
    process.off('message', onMessage);
    process.channel?.unref();
  };
}

/** Tells the parent the service serves (after its "listening" log line). */
export function announceReady(): void {
  process.send?.(FRONT_DOOR_READY);
}
