import type { LoadSummary } from './load-summary';
import type { TrafficSummary } from './summary';

/** A load summary as a few lines of text for a terminal. */
export function formatSummary(s: LoadSummary): string {
  const lines = [
    `${s.aborted ? 'Load stopped early' : 'Load done'}: ${s.target}, ${s.durationS.toFixed(1)} s, ${s.users} users, seed ${s.seed}`,
    `  ${trafficLine(s)}`,
    `  planned ${s.planned}, sent ${s.requests}${s.unsent ? `, not sent ${s.unsent}` : ''}`,
    `  statuses: ${Object.entries(s.statusCounts).map(([code, n]) => `${code}×${n}`).join(' ') || 'none'}`,
    'by stage:',
    ...s.byStage.map((st) => `  ${st.name.padEnd(16)} ${trafficLine(st)}`),
    'by route:',
    ...Object.entries(s.byRoute)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, r]) => `  ${route.padEnd(44)} ${trafficLine(r)}`),
  ];
  return lines.join('\n');
}

function trafficLine(t: TrafficSummary): string {
  const l = t.latencyMs;
  const latency = l ? `p50 ${l.p50} p90 ${l.p90} p95 ${l.p95} p99 ${l.p99} max ${l.max} ms` : 'no responses';
  const failures = [`${t.non2xx} non-2xx`, `${t.errors} errors${t.timeouts ? ` (${t.timeouts} timeouts)` : ''}`];
  if (t.cancelled) failures.push(`${t.cancelled} cancelled`);
  return `${t.requests} req, ${t.throughput} req/s, ${latency}, ${failures.join(', ')}`;
}
