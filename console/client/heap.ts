import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { message, post } from './api';
import { bytes, clock } from './format';
import { usePoll } from './hooks';

interface Snapshot {
  id: string;
  service: string;
  takenAt: string;
  takenBy: string;
  bytes: number;
}
interface DiffRow {
  constructor: string;
  countBefore: number;
  countAfter: number;
  countDelta: number;
  retainedGrowth: number;
  retainedAfter: number;
  retainerPath: string[] | null;
}

/** Take heap snapshots, list them, download one for DevTools, diff two of the same service. */
export function Heap({ services }: { services: string[] }) {
  const list = usePoll<{ snapshots: Snapshot[] }>('/heap/snapshots', 10_000);
  const [service, setService] = useState(services[0] ?? '');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const [pair, setPair] = useState({ before: '', after: '' });
  const [diff, setDiff] = useState<{ rows: DiffRow[]; before: Snapshot; after: Snapshot } | null>(null);
  const snapshots = list.data?.snapshots ?? [];

  const take = async () => {
    setBusy(`taking a snapshot of ${service} (it pauses while V8 walks its heap)…`);
    setError('');
    try {
      await post('/heap/snapshots', { service });
      list.reload();
    } catch (err) {
      setError(message(err));
    }
    setBusy('');
  };
  const compare = async () => {
    setBusy('comparing the snapshots (a few seconds)…');
    setError('');
    setDiff(null);
    try {
      setDiff(await post('/heap/diff', pair));
    } catch (err) {
      setError(message(err));
    }
    setBusy('');
  };
  const pick = (key: 'before' | 'after') => (e: Event) => setPair({ ...pair, [key]: (e.target as HTMLSelectElement).value });

  return html`
    <div class="toolbar">
      <select name="heap-service" value=${service} onChange=${(e: Event) => setService((e.target as HTMLSelectElement).value)}>
        ${services.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
      <button type="button" id="take-snapshot" disabled=${!!busy} onClick=${take}>Take a heap snapshot</button>
      ${busy ? html`<span class="muted">${busy}</span>` : null}
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <table class="snapshots" data-snapshot-count=${snapshots.length}>
      <thead><tr><th>snapshot</th><th>service</th><th>taken</th><th>by</th><th>size</th><th></th></tr></thead>
      <tbody>
        ${snapshots.map(
          (s) => html`<tr>
            <td>${s.id}</td><td>${s.service}</td><td>${clock(s.takenAt)}</td><td>${s.takenBy}</td><td>${bytes(s.bytes)}</td>
            <td><a href=${`/api/heap/snapshots/${encodeURIComponent(s.id)}/file`} download>download (.heapsnapshot)</a></td>
          </tr>`,
        )}
      </tbody>
    </table>
    <div class="toolbar">
      <span>Compare</span>
      <select name="before" value=${pair.before} onChange=${pick('before')}>
        <option value="">before…</option>
        ${[...snapshots].reverse().map((s) => html`<option value=${s.id}>${s.id}</option>`)}
      </select>
      <select name="after" value=${pair.after} onChange=${pick('after')}>
        <option value="">after…</option>
        ${snapshots.map((s) => html`<option value=${s.id}>${s.id}</option>`)}
      </select>
      <button type="button" id="diff-snapshots" disabled=${!!busy || !pair.before || !pair.after} onClick=${compare}>Diff</button>
    </div>
    ${diff
      ? html`<table class="diff" data-diff-rows=${diff.rows.length}>
          <thead><tr><th>constructor</th><th>objects before → after</th><th>count Δ</th><th>retained growth</th><th>retained now</th><th>retainer path (of one new object)</th></tr></thead>
          <tbody>
            ${diff.rows.length === 0 ? html`<tr><td colspan="6">Nothing grew between the two snapshots.</td></tr>` : null}
            ${diff.rows.map(
              (r) => html`<tr class="diff-row">
                <td>${r.constructor}</td><td>${r.countBefore} → ${r.countAfter}</td><td>+${r.countDelta}</td>
                <td>+${bytes(r.retainedGrowth)}</td><td>${bytes(r.retainedAfter)}</td>
                <td class="path">${r.retainerPath ? r.retainerPath.map((step) => html`<div>${step}</div>`) : html`<span class="muted">—</span>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : null}
  `;
}
