import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../../common/user-error';
import { createDockerClient, DockerUnavailable } from '../../lab/container-client';

/** Without an engine: the ContainerClient says so in one actionable line. (With one: docker.test.ts.) */
describe('ContainerClient without a Docker engine', () => {
  test('a socket that does not exist: DockerUnavailable, a UserError naming the socket', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outage-lab-docker-'));
    try {
      const socketPath = path.join(dir, 'docker.sock');
      const client = createDockerClient({ docker: { socketPath }, project: 'nothing-here' });
      const failure = client.ping();
      await expect(failure).rejects.toBeInstanceOf(DockerUnavailable);
      await expect(failure).rejects.toBeInstanceOf(UserError);
      await expect(failure).rejects.toThrow(`No Docker engine answers at unix://${socketPath} (ENOENT)`);
      await expect(client.find('widget-api')).rejects.toBeInstanceOf(DockerUnavailable);
      await expect(client.list()).rejects.toBeInstanceOf(DockerUnavailable);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a TCP address where nothing listens: DockerUnavailable (connection refused)', async () => {
    // A port just freed on loopback: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const client = createDockerClient({ docker: { host: '127.0.0.1', port, protocol: 'http' } });
    await expect(client.restart('widget-api')).rejects.toThrow(`No Docker engine answers at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
});
