import { html } from 'htm/preact';
import { clock, since } from './format';
import { usePoll } from './hooks';
import type { AlertState as Alert } from '../shared/api-types';


/** Alerts pending and firing, with since when; always on screen. */
export function Alerts() {
  const { data, error } = usePoll<{ alerts: Alert[]; source: string }>('/alerts', 3_000);
  const alerts = data?.alerts ?? [];
  return html`
    <section class="alerts" data-alert-count=${alerts.length}>
      <h2>Alerts</h2>
      ${error ? html`<p class="error">${error}</p>` : null}
      ${alerts.length === 0 ? html`<p class="muted">${data ? 'nothing pending or firing' : 'loading…'}</p>` : null}
      <ul>
        ${alerts.map(
          (a) => html`<li class=${`alert ${a.state}`} data-alert=${a.name}>
            <strong>${a.state === 'firing' ? 'FIRING' : 'pending'}</strong> ${a.name}${a.service ? html` <span class="muted">(${a.service})</span>` : null}
            <span class="muted"> since ${clock(a.firingAt ?? a.activeAt)} (${since(a.firingAt ?? a.activeAt)})</span>
            ${a.summary ? html`<div class="small">${a.summary}</div>` : null}
          </li>`,
        )}
      </ul>
    </section>
  `;
}
