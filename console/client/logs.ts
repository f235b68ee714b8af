import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { clock } from './format';
import { usePoll } from './hooks';
import type { LogEntry } from '../shared/api-types';


/** Tail and search across the services' logs, newest first (refreshes every 5 s while following). */
export function Logs({ services }: { services: string[] }) {
  const [filters, setFilters] = useState({ service: '', level: '', route: '', status: '', text: '' });
  const [applied, setApplied] = useState(filters);
  const [follow, setFollow] = useState(true);
  const query = new URLSearchParams({ ...applied, limit: '200' }).toString();
  const { data, error } = usePoll<{ entries: LogEntry[] }>(`/logs?${query}`, follow ? 5_000 : 0);
  const set = (key: keyof typeof filters) => (e: Event) => setFilters({ ...filters, [key]: (e.target as HTMLInputElement).value });
  return html`
    <form class="toolbar" onSubmit=${(e: Event) => (e.preventDefault(), setApplied(filters))}>
      <select name="service" value=${filters.service} onChange=${set('service')}>
        <option value="">every service</option>
        ${services.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
      <select name="level" value=${filters.level} onChange=${set('level')}>
        <option value="">any level</option>
        ${['info', 'warn', 'error'].map((l) => html`<option value=${l}>${l} and above</option>`)}
      </select>
      <input name="route" placeholder="route, e.g. /widgets/:id" value=${filters.route} onInput=${set('route')} />
      <input name="status" placeholder="status: 503 or 5xx" size="8" value=${filters.status} onInput=${set('status')} />
      <input name="text" placeholder="text" value=${filters.text} onInput=${set('text')} />
      <button type="submit">Search</button>
      <label><input type="checkbox" checked=${follow} onChange=${() => setFollow(!follow)} /> follow</label>
    </form>
    ${error ? html`<p class="error">${error}</p>` : null}
    <table class="logs" data-log-count=${data?.entries.length ?? 0}>
      <thead><tr><th>time</th><th>service</th><th>level</th><th>status</th><th>route</th><th>message</th></tr></thead>
      <tbody>
        ${(data?.entries ?? []).map(
          (e) => html`<tr class=${`level-${e.level}`}>
            <td>${clock(e.time)}</td><td>${e.service}</td><td>${e.level}</td><td>${e.status ?? ''}</td>
            <td>${e.method ?? ''} ${e.route ?? e.url ?? ''}</td>
            <td>${e.msg}${e.responseTimeMs !== undefined ? html` <span class="muted">${Math.round(e.responseTimeMs)} ms</span>` : null}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
