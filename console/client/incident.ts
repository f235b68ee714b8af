import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { message, post, put } from './api';
import { clock } from './format';
import { usePoll } from './hooks';

export interface IncidentState {
  run: null | { status: string; startedAt: string; closed: boolean; acknowledged: { acknowledgedAt?: string | null; acknowledgedBy?: string | null } | null };
  briefHtml?: string;
  hints?: Array<{ tier: number; at: string; html: string }>;
  postmortem?: { markdown: string; savedAt: string } | null;
  feedback?: { percent: number; text: string } | null;
}

/** The brief and the hints released so far (the server renders the author's Markdown with HTML off). */
export function Incident() {
  const { data, error } = usePoll<IncidentState>('/incident', 5_000);
  const [ack, setAck] = useState<{ ok: boolean; text: string; at?: string; by?: string } | null>(null);
  if (error) return html`<p class="error">${error}</p>`;
  if (!data) return html`<p class="muted">loading…</p>`;
  if (!data.run) return html`<p class="muted">No incident yet: wait for the instructor to start one.</p>`;
  const acknowledge = async () => {
    if (!window.confirm('Take the incident? Your name is recorded as the responder.')) return;
    try {
      const answer = await post<{ acknowledgedAt: string; by: string }>('/incident/ack');
      setAck({ ok: true, text: '', at: answer.acknowledgedAt, by: answer.by });
    } catch (err) {
      setAck({ ok: false, text: message(err) });
    }
  };
  // Taken: by whoever the run's record says first, else by this page's own answer (the record follows within seconds).
  const taken = data.run.acknowledged?.acknowledgedAt ?? ack?.at;
  const takenBy = data.run.acknowledged?.acknowledgedAt ? data.run.acknowledged.acknowledgedBy : ack?.by;
  return html`
    <div class="incident">
      <p class="status">Incident ${data.run.status === 'running' ? 'in progress' : data.run.status} since ${clock(data.run.startedAt)}${data.run.closed ? ' — closed by the instructor' : ''}.
        ${taken ? html` <span data-acknowledged="yes">Acknowledged at ${clock(taken)}${takenBy ? ` by ${takenBy}` : ''}.</span>` : html` <button type="button" id="ack" onClick=${acknowledge}>Acknowledge</button>`}
        ${ack && !ack.ok ? html` <span class="error" role="alert">${ack.text}</span>` : null}
      </p>
      <article class="brief" dangerouslySetInnerHTML=${{ __html: data.briefHtml ?? '' }}></article>
      <h2>Hints</h2>
      ${data.hints && data.hints.length > 0
        ? html`<ol class="hints">${data.hints.map((h) => html`<li data-hint=${h.tier}><span class="muted">${clock(h.at)}</span> <span dangerouslySetInnerHTML=${{ __html: h.html }}></span></li>`)}</ol>`
        : html`<p class="muted">No hint released yet.</p>`}
    </div>
  `;
}

/** Write or upload the postmortem (Markdown), saved for this learner; the graded feedback once the run is closed. */
export function Postmortem() {
  const { data } = usePoll<IncidentState>('/incident', 10_000);
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (text === null && data?.postmortem) setText(data.postmortem.markdown);
  }, [data]);
  if (!data?.run) return html`<p class="muted">No incident yet.</p>`;
  const save = async () => {
    try {
      const saved = await put<{ savedAt: string }>('/postmortem', { markdown: text ?? '' });
      setStatus({ ok: true, text: `Saved at ${clock(saved.savedAt)}` });
    } catch (err) {
      setStatus({ ok: false, text: message(err) });
    }
  };
  const upload = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) setText(await file.text());
  };
  return html`
    <div class="postmortem">
      ${data.feedback
        ? html`<section class="feedback" data-feedback=${data.feedback.percent}><h2>Your grade: ${data.feedback.percent}%</h2><pre>${data.feedback.text}</pre></section>`
        : data.run.closed
          ? html`<p class="muted">The run is closed; no graded postmortem of yours was found.</p>`
          : null}
      <div class="toolbar">
        <label>Upload a Markdown file <input type="file" accept=".md,.markdown,text/markdown,text/plain" onChange=${upload} /></label>
        <button type="button" id="save-postmortem" disabled=${data.run.closed} onClick=${save}>Save the postmortem</button>
        ${status ? html`<span class=${status.ok ? 'ok' : 'error'} data-saved=${status.ok ? 'yes' : 'no'}>${status.text}</span>` : null}
        ${data.postmortem && !status ? html`<span class="muted">last saved ${clock(data.postmortem.savedAt)}</span>` : null}
      </div>
      <textarea name="postmortem" rows="24" placeholder="# Postmortem&#10;&#10;## Issue summary&#10;…" value=${text ?? ''} onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)} disabled=${data.run.closed}></textarea>
    </div>
  `;
}
