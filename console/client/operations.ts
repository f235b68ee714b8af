import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { message, post } from './api';
import { clock } from './format';
import { usePoll } from './hooks';

interface Described {
  service: string;
  offered: boolean;
  releases: Array<{ version?: string; deployedAt?: string; changelog?: string; status?: string }>;
  settings: Array<{ key?: string; value?: unknown; default?: unknown; description?: string; source?: string }>;
}

/** Each operation asks for confirmation, then shows what the lab answered. */
function useOperation() {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (question: string, path: string, body: unknown = {}) => {
    if (!window.confirm(question)) return;
    setBusy(true);
    setResult(null);
    try {
      const answer = await post<{ result?: string }>(path, body);
      setResult({ ok: true, text: answer.result ?? JSON.stringify(answer) });
    } catch (err) {
      setResult({ ok: false, text: message(err) });
    }
    setBusy(false);
  };
  return { result, busy, run };
}

function Service({ name }: { name: string }) {
  // data-loaded: the tables below have drawn (the section's height changes when they do)
  const { data, error } = usePoll<Described>(`/ops/${encodeURIComponent(name)}`, 15_000);
  const op = useOperation();
  const [setting, setSetting] = useState({ key: '', value: '' });
  const [version, setVersion] = useState('');
  return html`
    <section class="service-ops" data-service=${name} data-loaded=${data || error ? 'yes' : 'no'}>
      <h3>${name}</h3>
      <div class="toolbar">
        <button type="button" data-op="restart" disabled=${op.busy} onClick=${() => op.run(`Restart ${name}? (rolling: the new process serves before the old one stops)`, `/ops/${name}/restart`)}>Restart</button>
        <input name="rollback-version" placeholder="version (default: the previous)" value=${version} onInput=${(e: Event) => setVersion((e.target as HTMLInputElement).value)} />
        <button type="button" data-op="rollback" disabled=${op.busy} onClick=${() => op.run(`Roll ${name} back${version ? ` to ${version}` : ' to its previous release'}?`, `/ops/${name}/rollback`, version ? { version } : {})}>Roll back</button>
        <input name="setting-key" placeholder="setting" value=${setting.key} onInput=${(e: Event) => setSetting({ ...setting, key: (e.target as HTMLInputElement).value })} />
        <input name="setting-value" placeholder="new value" value=${setting.value} onInput=${(e: Event) => setSetting({ ...setting, value: (e.target as HTMLInputElement).value })} />
        <button type="button" data-op="set" disabled=${op.busy || !setting.key} onClick=${() => op.run(`Set ${setting.key}=${setting.value} on ${name}?`, `/ops/${name}/settings`, setting)}>Change setting</button>
      </div>
      ${op.busy ? html`<p class="muted">working…</p>` : null}
      ${op.result ? html`<p class=${op.result.ok ? 'ok' : 'error'} data-op-result=${op.result.ok ? 'ok' : 'error'}>${op.result.text}</p>` : null}
      ${data && !data.offered ? html`<p class="muted">Releases and settings of ${name} are not shown by this lab.</p>` : null}
      ${data?.releases.length
        ? html`<table><thead><tr><th>release</th><th>deployed</th><th>status</th><th>changelog</th></tr></thead><tbody>
            ${data.releases.map((r) => html`<tr><td>${r.version ?? ''}</td><td>${r.deployedAt ? clock(r.deployedAt) : ''}</td><td>${r.status ?? ''}</td><td>${r.changelog ?? ''}</td></tr>`)}
          </tbody></table>`
        : null}
      ${data?.settings.length
        ? html`<table><thead><tr><th>setting</th><th>value</th><th>default</th><th>set by</th><th></th></tr></thead><tbody>
            ${data.settings.map((s) => html`<tr><td>${s.key ?? ''}</td><td>${String(s.value ?? '')}</td><td>${String(s.default ?? '')}</td><td>${s.source ?? ''}</td><td>${s.description ?? ''}</td></tr>`)}
          </tbody></table>`
        : null}
    </section>
  `;
}

/** Releases and settings per service; restart, roll back, change a setting. */
export function Operations({ services }: { services: string[] }) {
  return html`<div>${services.map((s) => html`<${Service} key=${s} name=${s} />`)}</div>`;
}
