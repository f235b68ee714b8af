import { createServer, type Server } from 'node:net';
import { freePort } from '../../lab/free-port';

function listen(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null)).listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

test('without a range the OS picks a port, and it can be bound', async () => {
  const server = await listen(await freePort());
  expect(server).not.toBeNull();
  await close(server!);
});

test('with a range it stays inside it and passes over a port that is taken', async () => {
  // two neighbouring free ports, the first of them held: every draw must return the second
  let held: Server | null = null;
  let first = 0;
  while (!held) {
    first = await freePort({ from: 20_000, to: 32_000 });
    held = await listen(first);
    const neighbour = held && (await listen(first + 1));
    if (neighbour) await close(neighbour);
    else if (held) held = (await close(held), null);
  }
  try {
    for (let i = 0; i < 20; i++) expect(await freePort({ from: first, to: first + 2 })).toBe(first + 1);
  } finally {
    await close(held);
  }
});
