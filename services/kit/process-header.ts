/**
 * The process a heap snapshot or profile comes from, in a header of the answer: `<service>
 * pid=<pid> started=<ISO time>`. `heap diff` uses it to refuse two snapshots of different processes
 * (heap/snapshot-origin.ts). It names the service and the process, nothing about what ails it.
 */
export const PROCESS_HEADER = 'x-process';

export function processHeader(service: string): string {
  const startedAt = new Date(Date.now() - process.uptime() * 1000).toISOString();
  return `${service} pid=${process.pid} started=${startedAt}`;
}
