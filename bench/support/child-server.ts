import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Forks a compiled bench server (dist/bench/support/<file>.js) and waits for the port it sends. */
export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** The child's CPU time (user + system) so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function forkServer(file: string, args: string[]): Promise<ChildServer> {
  const child = fork(path.join(__dirname, `${file}.js`), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        const onMessage = (m: { cpuMicros?: number }): void => {
          if (m.cpuMicros === undefined) return;
          child.off('message', onMessage);
          resolve(m.cpuMicros);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
