import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { UserError } from '../common/user-error';

/** The process listening on a TCP port of this machine, from /proc (Linux); null when it cannot be told. */
export async function portHolder(port: number): Promise<{ pid: number; command: string } | null> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; field 9 the socket's inode
      if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1]!.split(':')[1]!, 16) === port) inodes.add(fields[9]!);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        const command = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
        return { pid: Number(entry), command };
      }
    }
  }
  return null;
}

/** Whether 127.0.0.1:port can be listened on now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Before the lab starts: each port it will listen on is free, or a UserError says which process
 * holds it and how to free it (rather than a service or PostgreSQL failing half-way up).
 */
export async function assertPortsFree(ports: Record<string, number | undefined>): Promise<void> {
  for (const [what, port] of Object.entries(ports)) {
    if (!port || (await isFree(port))) continue;
    const holder = await portHolder(port);
    const command = holder?.command && holder.command.length > 100 ? `${holder.command.slice(0, 97)}...` : holder?.command;
    throw new UserError(
      holder
        ? `port ${port} (${what}) is taken by pid ${holder.pid} (${command || 'unknown command'}): stop it (kill ${holder.pid}) or use other ports (--port-base)`
        : `port ${port} (${what}) is taken by a process this account cannot see (\`ss -ltnp 'sport = :${port}'\` as root names it): stop it or use other ports (--port-base)`,
    );
  }
}
