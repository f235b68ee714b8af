import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { message, post } from './api';
import { clock } from './format';
import { usePoll } from './hooks';

interface ScenarioInfo {
  name: string;
  title: string;
  service: string;
  durationS: number;
  quickDurationS: number;
  briefHtml: string;
}
interface RunView {
  run: null | { runFolder: string; scenario: string; startedAt: string; closed: boolean; startedByConsole: boolean };
  launched: null | { runFolder: string; exit: { code: number | null } | null; output: string };
  learnersOnline: string[];
  status: null | {
    status: string;
    phase: { name: string; kind: string; since: string } | null;
    usersHurt: { total: number; affected: number; share: number };
    slo: { latencyObjectiveMs: number };
    firstSloBreach: { at: string; detail: string } | null;
    alerts: Array<{ name: string; at: string; service?: string }>;
    actions: Array<{ at: string; learner?: string; role: string; action: string; service: string; detail: string; result: string }>;
    drill: null | { timeLimitMs: number; holdMs: number; outcome: string | null; endedBy: string | null };
    response: null | {
      acknowledgedAt: string | null;
      acknowledgedBy: string | null;
      mitigatedAt: string | null;
      resolvedAt: string | null;
      resolvedBy: string;
      resolvedWith: string | null;
      restarts: number;
      harmlessRollbacks: number;
      timeToAcknowledgeMs: number | null;
      timeToMitigateMs: number | null;
      timeToResolveMs: number | null;
    };
  };
  hints: Array<{ tier: number; at: string }>;
  submissions: Array<{ learner: string; savedAt: string; bytes: number; percent: number | null }>;
}

function useAction() {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (path: string, body: unknown, done: (answer: unknown) => string, confirm?: string) => {
    if (confirm && !window.confirm(confirm)) return;
    setNote(null);
    try {
      setNote({ ok: true, text: done(await post(path, body)) });
    } catch (err) {
      setNote({ ok: false, text: message(err) });
    }
  };
  return { note, act };
}

/** Scenarios and their briefs; start a run (scripted or drill, speed, quick). */
export function StartRun({ onStarted }: { onStarted: () => void }) {
  const list = usePoll<{ scenarios: ScenarioInfo[] }>('/instructor/scenarios', 0);
  const [form, setForm] = useState({ scenario: '', mode: 'scripted', speed: 1, quick: false, timeLimitMinutes: '' });
  const request = {
    scenario: form.scenario,
    mode: form.mode,
    speed: form.speed,
    quick: form.quick,
    ...(form.mode === 'drill' && form.timeLimitMinutes ? { timeLimitMinutes: Number(form.timeLimitMinutes) } : {}),
  };
  const { note, act } = useAction();
  const scenarios = list.data?.scenarios ?? [];
  const chosen = scenarios.find((s) => s.name === form.scenario);
  return html`
    <section>
      <h2>Start a run</h2>
      <div class="toolbar">
        <select name="scenario" value=${form.scenario} onChange=${(e: Event) => setForm({ ...form, scenario: (e.target as HTMLSelectElement).value })}>
          <option value="">scenario…</option>
          ${scenarios.map((s) => html`<option value=${s.name}>${s.name}: ${s.title}</option>`)}
        </select>
        <select name="mode" value=${form.mode} onChange=${(e: Event) => setForm({ ...form, mode: (e.target as HTMLSelectElement).value })}>
          <option value="scripted">scripted (the runner plays the stop-gap and the fix)</option>
          <option value="drill">drill (the learners must fix it)</option>
        </select>
        ${form.mode === 'drill'
          ? html`<label>time limit <input name="time-limit" type="number" min="1" max="1440" step="1" placeholder=${form.quick ? 'arc + 1.5' : '20'} value=${form.timeLimitMinutes} onInput=${(e: Event) => setForm({ ...form, timeLimitMinutes: (e.target as HTMLInputElement).value })} /> min</label>`
          : null}
        <label>speed <input name="speed" type="number" min="0.5" max="10" step="0.5" value=${form.speed} onInput=${(e: Event) => setForm({ ...form, speed: Number((e.target as HTMLInputElement).value) })} /></label>
        <label><input name="quick" type="checkbox" checked=${form.quick} onChange=${() => setForm({ ...form, quick: !form.quick })} /> quick (1-2 min)</label>
        <button type="button" id="start-run" disabled=${!form.scenario} onClick=${() => act('/instructor/runs', request, () => (onStarted(), 'Run started'), `Start ${form.scenario}${form.quick ? ' (quick)' : ''}${form.mode === 'drill' ? ' as a drill' : ''} for the class?`)}>Start</button>
        ${note ? html`<span class=${note.ok ? 'ok' : 'error'}>${note.text}</span>` : null}
      </div>
      ${chosen ? html`<p class="muted">${chosen.service}; ${form.mode === 'drill' ? 'a drill lasts until the learners fix it and it holds, or the time limit (default 20 min at speed 1; quick: the arc and 90 s)' : `${Math.round(chosen.durationS / 60)} min at speed 1 (quick: ${Math.round(chosen.quickDurationS)} s)`}</p><article class="brief" dangerouslySetInnerHTML=${{ __html: chosen.briefHtml }}></article>` : null}
    </section>
  `;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "2:05" for 125 000 ms. */
function minutes(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A drill's response so far: who took it, and the times to acknowledge, mitigate and resolve (from the fault going on). */
function Response({ drill, response }: { drill: NonNullable<NonNullable<RunView['status']>['drill']>; response: NonNullable<RunView['status']>['response'] }) {
  const outcome =
    drill.outcome === 'resolved'
      ? `resolved by the learners${drill.endedBy === 'objective-held' ? ' (the objective held again)' : ''}`
      : drill.outcome === 'unresolved'
        ? 'unresolved: the runner played the fix at the time limit'
        : drill.outcome === 'interrupted'
          ? 'interrupted'
          : response?.resolvedBy === 'learners'
            ? `cause removed by the learners; the objective must hold ${minutes(drill.holdMs)}`
            : `in progress (time limit ${minutes(drill.timeLimitMs)} from the start)`;
  return html`
    <h3>Response (drill)</h3>
    <ul class="facts response" data-resolved-by=${response?.resolvedBy ?? 'none'}>
      <li>outcome: <strong>${outcome}</strong></li>
      <li>time to acknowledge: <strong data-time="acknowledge">${minutes(response?.timeToAcknowledgeMs ?? null)}</strong>${response?.acknowledgedBy ? ` (${response.acknowledgedBy})` : ''}</li>
      <li>time to mitigate: <strong data-time="mitigate">${minutes(response?.timeToMitigateMs ?? null)}</strong></li>
      <li>time to resolve: <strong data-time="resolve">${minutes(response?.timeToResolveMs ?? null)}</strong>${response?.resolvedWith ? ` — ${response.resolvedWith}` : ''}</li>
      <li>${plural(response?.restarts ?? 0, 'restart')}, ${plural(response?.harmlessRollbacks ?? 0, 'harmless rollback')} <span class="muted">(times from the fault going on)</span></li>
    </ul>
  `;
}

/** Live status, hints, stop, close and grade, the debrief, submissions and the gradebook. */
export function RunStatus() {
  const { data, error, reload } = usePoll<RunView>('/instructor/runs/current', 3_000);
  const { note, act } = useAction();
  if (error) return html`<p class="error">${error}</p>`;
  const run = data?.run;
  const s = data?.status;
  return html`
    <section class="run-status" data-run-status=${s?.status ?? 'none'}>
      <h2>Current run</h2>
      ${!run ? html`<p class="muted">No run yet.</p>` : null}
      ${run
        ? html`
          <p><strong>${run.scenario}</strong> started ${clock(run.startedAt)} — <span class="run-state">${s?.status ?? 'starting'}</span>${run.closed ? ' — closed' : ''}</p>
          ${s
            ? html`<ul class="facts">
                <li>phase: <strong data-phase=${s.phase?.name ?? ''}>${s.phase ? `${s.phase.name} (${s.phase.kind})` : '—'}</strong>${s.phase ? ` since ${clock(s.phase.since)}` : ''}</li>
                <li>users hurt so far: <strong>${(s.usersHurt.share * 100).toFixed(1)}%</strong> (${s.usersHurt.affected} of ${s.usersHurt.total}); objective: ${s.slo.latencyObjectiveMs} ms, no 5xx</li>
                <li>first SLO breach: ${s.firstSloBreach ? `${clock(s.firstSloBreach.at)} ${s.firstSloBreach.detail}` : '—'}</li>
                <li data-alerts-fired=${s.alerts.length}>alerts fired in this run: ${s.alerts.length ? s.alerts.map((a) => `${clock(a.at)} ${a.name}${a.service ? ` (${a.service})` : ''}`).join('; ') : 'none yet (pending ones are in the Alerts panel)'}</li>
              </ul>
              ${s.drill ? html`<${Response} drill=${s.drill} response=${s.response} />` : null}
              <h3>Learners' actions</h3>
              ${s.actions.length
                ? html`<table class="actions" data-actions=${s.actions.length}><tbody>${s.actions.map(
                    (a) => html`<tr data-action=${a.action}><td>${clock(a.at)}</td><td>${a.learner ?? a.role}</td><td>${a.action}</td><td>${a.service}</td><td>${a.detail}</td><td>${a.result}</td></tr>`,
                  )}</tbody></table>`
                : html`<p class="muted">none recorded</p>`}`
            : null}
          <p>Hints released: ${data!.hints.length ? data!.hints.map((h) => `${h.tier} at ${clock(h.at)}`).join(', ') : 'none'}</p>
          <div class="toolbar">
            <button type="button" id="release-hint" disabled=${data!.hints.length >= 3 || run.closed} onClick=${() => act('/instructor/runs/current/hints', {}, (a) => `Hint ${(a as { tier: number }).tier} released`, 'Release the next hint to the class?')}>Release the next hint</button>
            <button type="button" id="stop-run" disabled=${!run.startedByConsole} onClick=${() => act('/instructor/runs/current/stop', {}, () => 'Run stopped', 'Stop the run now? The fault goes off and the record is kept.')}>Stop the run</button>
            <button type="button" id="close-run" disabled=${run.closed || s?.status === 'running'} onClick=${() => act('/instructor/runs/current/close', {}, (a) => `Closed: ${plural((a as { graded: number }).graded, 'postmortem')} graded`, 'Close the run and grade every postmortem?')}>Close and grade</button>
            <a href="/api/instructor/runs/current/debrief" target="_blank" rel="noopener">Debrief report</a>
            <a id="gradebook" href="/api/instructor/runs/current/gradebook.csv" download="gradebook.csv">Gradebook (CSV)</a>
          </div>
          ${note ? html`<p class=${note.ok ? 'ok' : 'error'} data-action-note=${note.ok ? 'ok' : 'error'}>${note.text}</p>` : null}`
        : null}
      ${data?.launched?.exit && data.launched.exit.code !== 0 && data.launched.exit.code !== 130 ? html`<pre class="error">${data.launched.output}</pre>` : null}
      <h3>Class</h3>
      <p class="muted">Learners logged in: ${data?.learnersOnline.join(', ') || 'none'}</p>
      <table class="submissions" data-submissions=${data?.submissions.length ?? 0}>
        <thead><tr><th>learner</th><th>saved</th><th>size</th><th>grade</th></tr></thead>
        <tbody>${(data?.submissions ?? []).map((x) => html`<tr><td>${x.learner}</td><td>${clock(x.savedAt)}</td><td>${x.bytes} B</td><td>${x.percent === null ? '—' : `${x.percent}%`}</td></tr>`)}</tbody>
      </table>
    </section>
    <${StartRun} onStarted=${reload} />
  `;
}
