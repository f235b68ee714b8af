import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { select } from 'd3-selection';
import flamegraph, { type FlameNode } from 'd3-flame-graph';
import { get, message, post } from './api';
import { clock } from './format';
import { usePoll } from './hooks';

interface ProfileInfo {
  id: string;
  service: string;
  seconds: number;
  takenAt: string;
  takenBy: string;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }>;
}

/** Samples when the process waited for work: most of a lightly loaded service's time, and no code of its own. */
const IDLE = '(idle)';

/**
 * A .cpuprofile (V8's sampled call tree) as a flame graph's tree: width = samples in the function
 * and below. The idle samples are left out, or a service that mostly waits would draw its work as a sliver.
 */
export function toFlameTree(profile: CpuProfile): FlameNode {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const build = (id: number): FlameNode => {
    const node = byId.get(id)!;
    const children = (node.children ?? []).map(build).filter((c) => c.value > 0 && c.name !== IDLE);
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? ` ${url.split('/').pop()}:${lineNumber + 1}` : '';
    return { name: `${functionName || '(anonymous)'}${file}`, value: (node.hitCount ?? 0) + children.reduce((n, c) => n + c.value, 0), children };
  };
  return build(profile.nodes[0]!.id);
}

/** Record a CPU profile of a service for N seconds, see it as a flame graph, download the .cpuprofile. */
export function Profiles({ services }: { services: string[] }) {
  const list = usePoll<{ profiles: ProfileInfo[] }>('/profiles', 0);
  const [service, setService] = useState(services[0] ?? '');
  const [seconds, setSeconds] = useState(10);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const [shown, setShown] = useState<{ info: ProfileInfo; tree: FlameNode } | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const show = async (info: ProfileInfo) => {
    const profile = await get<CpuProfile>(`/profiles/${encodeURIComponent(info.id)}/file`);
    setShown({ info, tree: toFlameTree(profile) });
  };
  const record = async () => {
    setBusy(`recording ${service} for ${seconds} s…`);
    setError('');
    try {
      const info = await post<ProfileInfo>('/profiles', { service, seconds });
      list.reload();
      await show(info);
    } catch (err) {
      setError(message(err));
    }
    setBusy('');
  };

  useEffect(() => {
    const el = box.current;
    if (!el || !shown) return;
    el.replaceChildren();
    const chart = flamegraph().width(Math.max(600, el.clientWidth)).cellHeight(18).minFrameSize(2).transitionDuration(0).sort(true);
    select(el).datum(shown.tree).call(chart as never);
  }, [shown]);

  return html`
    <div class="toolbar">
      <select name="profile-service" value=${service} onChange=${(e: Event) => setService((e.target as HTMLSelectElement).value)}>
        ${services.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
      <label>seconds <input name="seconds" type="number" min="1" max="60" value=${seconds} onInput=${(e: Event) => setSeconds(Number((e.target as HTMLInputElement).value))} /></label>
      <button type="button" id="record-profile" disabled=${!!busy} onClick=${record}>Record a CPU profile</button>
      ${busy ? html`<span class="muted">${busy}</span>` : null}
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <ul class="profiles">
      ${(list.data?.profiles ?? []).map(
        (p) => html`<li>
          <button type="button" class="link" onClick=${() => show(p)}>${p.id}</button> (${p.seconds} s, ${clock(p.takenAt)}, ${p.takenBy})${' '}
          <a href=${`/api/profiles/${encodeURIComponent(p.id)}/file`} download>download (.cpuprofile)</a>
        </li>`,
      )}
    </ul>
    ${shown ? html`<h3>${shown.info.id}: ${shown.tree.value} samples (wider = more time on the CPU; click a frame to zoom)</h3>` : null}
    <div ref=${box} class="flame" data-flame=${shown ? 'drawn' : ''}></div>
  `;
}
