import type { DateTime } from 'luxon';
import type { ActionRecord, RunRecord } from '../../scenarios/run-record';
import { excerpt } from '../document/prose';
import type { DocumentFacts } from '../facts/document-facts';
import type { TimelineEntry } from '../facts/timeline';
import { serviceTermsFor } from '../lexicon/services';
import { instant, runZone, showInstant } from './run-times';
import { resolveNear } from '../time/resolve';
import { ACTION_TOLERANCE_MS } from '../tolerances';
import type { Evidence } from '../criteria/criterion';
import { entryZone } from '../criteria/timeline';

/** What a timeline entry says was done, in the words learners use, by the action the services log. */
const CLAIMS: ReadonlyArray<{ action: string; words: RegExp; noun: string }> = [
  { action: 'restart', words: /\b(restart(ed|ing)?|reboot(ed|ing)?|bounced?)\b/i, noun: 'restart' },
  { action: 'rollback', words: /\b(roll(ed|ing)? ?back|rollback|revert(ed|ing)?)\b/i, noun: 'rollback' },
  { action: 'set', words: /\b(set|changed|raised|lowered|reduced|capped|reconfigured)\b[^.;]*?(\b[a-z]+\.[a-z][\w.]*\b|\bsetting\b|\bconfig(uration)?\b)/i, noun: 'setting change' },
  { action: 'acknowledge', words: /\b(ack(ed|nowledged)?|took (the|over the) (incident|page)|took it)\b/i, noun: 'acknowledgement' },
];
/** "we did not restart", "without rolling back", "considered a rollback": not something done. */
const NOT_DONE = /\b(not|never|didn'?t|without|instead of|considered|proposed|suggested|would|should|could|planned)\b/i;

interface Claim {
  entry: TimelineEntry;
  action: string;
  noun: string;
  /** The service the entry names (null: none named, any will do). */
  service: string | null;
}

/** What the timeline says was done, checked against the services' logs. */
export interface ActionCheck {
  evidence: Evidence[];
  /** Points of attention, costing nothing: a claimed operation at another time, or one nobody did. */
  warnings: string[];
}

/**
 * The operations a timeline says were done ("14:05 - restarted widget-api") against those the
 * services logged during the run (run.json's actions: restarts, rollbacks, setting changes,
 * acknowledgements, by whom and when). null for a run in which nobody operated anything (a
 * scripted run where the runner did it all, or a record from before actions were kept). The
 * timeline criterion shows it as evidence and points of attention: it costs no points (a drill's
 * record is not every run's, and the rubric's weights are the same for all).
 */
export function checkActionClaims(facts: DocumentFacts, run: RunRecord): ActionCheck | null {
  const done = (run.actions ?? []).filter((a) => a.result === 'ok' && CLAIMS.some((c) => c.action === a.action));
  if (done.length === 0) return null;
  const services = serviceTermsFor(run);
  const claims: Claim[] = [];
  for (const entry of facts.timeline) {
    if (!entry.time) continue;
    const said = CLAIMS.filter((c) => {
      const m = c.words.exec(entry.text);
      return m !== null && !NOT_DONE.test(entry.text.slice(0, m.index));
    });
    // A rollback redeploys: "rolled back and restarted" is one logged rollback.
    const own = said.some((c) => c.action === 'rollback') ? said.filter((c) => c.action !== 'restart') : said;
    const service = Object.entries(services).find(([, pattern]) => pattern.test(entry.text))?.[0] ?? null;
    for (const c of own) claims.push({ entry, action: c.action, noun: c.noun, service });
  }
  const logged = `${done.map((a) => `${clock(instant(a.at), run)} ${a.action} ${a.service}${a.learner ? ` (${a.learner})` : ''}`).join('; ')} (${run.timezone} time)`;
  if (claims.length === 0) {
    return {
      evidence: [{ line: facts.timeline[0]?.line ?? null, read: 'no operation in the timeline', expected: `the operations done: ${logged}` }],
      warnings: [`The timeline does not show what was done during the incident; the services logged: ${logged}. Add each with its time ("14:05 - restarted ${done[0]!.service}").`],
    };
  }
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  for (const claim of claims) {
    const zone = entryZone(facts, claim.entry)?.zone ?? runZone(run);
    const candidates = done.filter((a) => a.action === claim.action && (!claim.service || a.service === claim.service));
    const said = resolveNear(claim.entry.time!, zone, instant(candidates[0]?.at ?? done[0]!.at));
    const nearest = candidates
      .map((a) => ({ a, gap: Math.abs(instant(a.at).toMillis() - said.toMillis()) }))
      .sort((x, y) => x.gap - y.gap)[0];
    const read = `"${claim.entry.time!.raw}" ${claim.noun}${claim.service ? ` of ${claim.service}` : ''}: ${excerpt(claim.entry.text, 70)}`;
    if (nearest && nearest.gap <= ACTION_TOLERANCE_MS) {
      evidence.push({ line: claim.entry.line, read, expected: `logged at ${showInstant(instant(nearest.a.at), run, zone)}${describe(nearest.a)}` });
      continue;
    }
    evidence.push({
      line: claim.entry.line,
      read,
      expected: nearest ? `a ${claim.noun} near ${showInstant(said, run, zone)}; the nearest logged was at ${showInstant(instant(nearest.a.at), run, zone)}` : `a logged ${claim.noun}${claim.service ? ` of ${claim.service}` : ''}`,
    });
    warnings.push(
      nearest
        ? `Line ${claim.entry.line} puts a ${claim.noun}${claim.service ? ` of ${claim.service}` : ''} at ${claim.entry.time!.raw}; the services logged it at ${showInstant(instant(nearest.a.at), run, zone)}. Check the time (and its timezone).`
        : `Line ${claim.entry.line} says a ${claim.noun}${claim.service ? ` of ${claim.service}` : ''} was done; the services logged none during the run (they logged: ${logged}).`,
    );
  }
  return { evidence, warnings };
}

function clock(at: DateTime, run: RunRecord): string {
  return at.setZone(runZone(run)).toFormat('HH:mm');
}

function describe(a: ActionRecord): string {
  return ` (${a.action} ${a.service}${a.learner ? ` by ${a.learner}` : ''}: ${a.detail})`;
}
