import { constants } from 'node:os';
import path from 'node:path';
import { ServiceProcess, type ServiceExit } from './service-process';

/**
 * The entry of a service's container (docker-compose.yml: `node dist/lab/container-supervisor.js
 * dist/services/<name>/server.js`): the service runs as a cluster worker of this process, as under
 * the embedded lab's supervisor, so a restart asked for is rolling there too: SIGHUP (the scenario
 * runner's restart: `kill -HUP 1` inside the container) or the service's own request (`ops restart`, a rollback)
 * starts a new process, which serves from the same socket before the old one drains. A plain
 * `docker restart` stopped the process first: connections were refused for 4-9 s (measured on the
 * stack: every user of a quick widget-render-leak run was hurt by its three restarts, 98% against
 * 30% on the embedded lab).
 *
 * A death nobody asked for (V8's heap limit, a crash, a kill) ends the container with the
 * process's status (134 for V8's abort, 137 for a SIGKILL), so Docker's restart policy and events
 * tell it as before. SIGTERM (docker stop, compose down) drains the service and exits 0.
 */

const KILLED_BY_SIGNAL_BASE = 128;

/** The status a shell would report for the process: its exit code, or 128 + the signal's number. */
export function exitStatus(exit: Pick<ServiceExit, 'code' | 'signal'>): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal ? constants.signals[exit.signal] : undefined;
  return number === undefined ? 1 : KILLED_BY_SIGNAL_BASE + number;
}

/** The old-space limit the service runs with: NODE_OPTIONS's --max-old-space-size (the compose file's), else 192. */
export function maxOldSpaceMbFrom(nodeOptions: string | undefined): number {
  const m = /--max-old-space-size=(\d+)/.exec(nodeOptions ?? '');
  return m ? Number(m[1]) : 192;
}

function main(): void {
  const entry = process.argv[2];
  if (!entry) {
    console.error('usage: container-supervisor <service entry, e.g. dist/services/widget-api/server.js>');
    process.exit(2);
  }
  let stopping = false;
  const service: ServiceProcess = new ServiceProcess({
    name: path.basename(path.dirname(entry)),
    entry,
    env: { PORT: process.env.PORT ?? '0' },
    maxOldSpaceMb: maxOldSpaceMbFrom(process.env.NODE_OPTIONS),
    // the container's log is this process's output
    logFile: 'stdout',
    // Docker's restart policy restarts the container; this process only rolls restarts asked for
    restartOnExit: false,
    watchOrphans: false,
    onExit: (exit) => {
      if (exit.requested || stopping) return;
      // Once the supervisor has taken the exit in: a rolling restart's new process that died before
      // serving leaves the old one serving (current), and the container goes on with it.
      setImmediate(() => {
        if (service.pid === undefined) process.exit(exitStatus(exit));
      });
    },
  });
  process.on('SIGHUP', () => {
    if (stopping) return;
    service.restart().catch((err: Error) => console.error(`rolling restart failed: ${err.message}`));
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void service.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  service.start().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}

if (require.main === module) main();
