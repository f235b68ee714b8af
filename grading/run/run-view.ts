import { FAULT_CLASSES } from '../../catalogue/service-catalogue';
import type { RunRecord } from '../../scenarios/run-record';
import { excerpt } from '../document/prose';
import type { Evidence } from '../criteria/criterion';
import { causeClauses, matchClass, redHerringsAsCause, type CauseClause } from '../facts/cause';
import type { DocumentFacts } from '../facts/document-facts';
import { impactUnits, namedServices } from '../facts/impact';
import { FAULT_CLASS_TERMS, FOREIGN_MECHANISM } from '../lexicon/fault-classes';
import { HEDGE } from '../lexicon/language';
import { RED_HERRING_TERMS } from '../lexicon/red-herrings';
import { culpritOf, otherCulprits } from '../lexicon/culprits';
import { serviceTermsFor } from '../lexicon/services';
import { DateTime } from 'luxon';
import { REFERENCE_DAY, resolveNear } from '../time/resolve';
import { WINDOW_TOLERANCE_MS, WINDOW_TOLERANCE_SHARE } from '../tolerances';
import { causeComponents, type ComponentMention } from './cause-component';
import { causeOwners } from './cause-owner';
import { reportCopy } from './report-facts';
import { faultEnd, instant, runZone } from './run-times';

/**
 * What the postmortem says about this run, judged once for every run criterion: is it about this run
 * at all, and is the root cause it asserts this run's (or a red herring, another service, another
 * scenario's culprit). A wrong cause takes the fix and the misleading-path credit with it.
 */

export type CauseKind = 'right' | 'symptom' | 'unnamed' | 'none' | 'herring' | 'other-service' | 'other-culprit' | 'other-component' | 'other-class';

export interface CauseVerdict {
  kind: CauseKind;
  /** 0..1 for run-root-cause. */
  score: number;
  evidence: Evidence[];
  feedback: string[];
  /** The cause the run really had, in words. */
  expected: string;
}

export interface RunView {
  /** Why the postmortem is not about this run (null: it is). */
  offTopic: string | null;
  /** Why its facts are the incident report's rather than the run's (null: they are not). */
  reportCopy: string | null;
  cause: CauseVerdict;
}

/** Parts of the root-cause score: the fault class counts most, then where it was, then which service. */
const CLASS_PART = 0.6;
const CULPRIT_PART = 0.25;
const SERVICE_PART = 0.15;
/** "Memory leak" for an unbounded cache: the symptom family without the mechanism. */
const SYMPTOM_CREDIT = 0.5;
/** A document this short is empty rather than about something else. */
const MIN_OFF_TOPIC_WORDS = 40;
/** A written date this far from the run's is another incident. */
const OTHER_DAY_MS = 36 * 3600_000;

export function viewRun(facts: DocumentFacts, run: RunRecord): RunView {
  const cause = judgeCause(facts, run);
  const off = offTopic(facts, run, cause);
  return { offTopic: off, reportCopy: off ? null : reportCopy(facts.window, run), cause };
}

/**
 * A postmortem is about this run when its cause is this run's mechanism (even placed in another service)
 * or its window is the run's. Without either, a date of another day says it is another incident, whatever
 * words it shares with the run (heap, cache, the service's name in passing); without a date, naming
 * neither the service nor the fault does.
 */
function offTopic(facts: DocumentFacts, run: RunRecord, cause: CauseVerdict): string | null {
  if (facts.ownWords < MIN_OFF_TOPIC_WORDS) return null;
  if (cause.kind === 'right' || cause.kind === 'other-service') return null;
  if (windowNear(facts, run)) return null;
  // Its cause told in the terms of an incident the lab never reproduces (DNS, certificates, a disk, Kafka...).
  const foreign = cause.kind === 'unnamed' || cause.kind === 'none' ? causeClauses(facts).find((c) => FOREIGN_MECHANISM.test(c.text)) : undefined;
  if (foreign && facts.window) return `its root cause is another kind of incident ("${excerpt(foreign.text, 80)}", line ${foreign.unit.line}) and its window is not the run's`;
  const day = otherDay(facts, run);
  if (day) return `it is about an incident on ${day}, not this run (${instant(run.faultWindow.start!).setZone(runZone(run)).toISODate()}), and its root cause is not this run's (${FAULT_CLASS_TERMS[run.fault.class].name})`;
  // Without a date: a postmortem of this run speaks of what the run's fault does (memory or heap that grows,
  // connections that run out), however badly it explains it. One that never does is about something else,
  // even when it names the run's service (the storefront's checkout, Widgetify's login) or shares a culprit's
  // word by chance ("a formatting library" is not the recommendation library).
  if (cause.kind !== 'unnamed' && cause.kind !== 'none' && cause.kind !== 'other-culprit') return null;
  if (speaksOfFault(facts, run)) return null;
  const service = serviceTermsFor(run)[run.service];
  const named = service !== undefined && facts.units.some((u) => service.test(u.text));
  return named
    ? `it names ${run.service}, but nowhere speaks of this run's fault (${FAULT_CLASS_TERMS[run.fault.class].name}: ${FAULT_SIGNS[run.fault.class]}), and its window is not the run's`
    : `it names neither ${run.service} nor this run's fault (${FAULT_CLASS_TERMS[run.fault.class].name}), and its window is not the run's`;
}

/** What a learner who saw the run's fault would have written about, for the off-topic message. */
const FAULT_SIGNS: Record<RunRecord['fault']['class'], string> = {
  'memory-leak-references': 'memory or heap growing, a leak',
  'unbounded-cache': 'memory or heap growing, a cache',
  'pool-exhaustion': 'database connections running out',
};

/**
 * Any statement (timeline included) that tells the run's fault class (its mechanism or its symptom family),
 * a cause that names the run's culprit ("the pages slowed after the recommendations rollout"), or an alert
 * the run fired, by its name: a weak postmortem of the run still says one of these.
 */
function speaksOfFault(facts: DocumentFacts, run: RunRecord): boolean {
  const terms = FAULT_CLASS_TERMS[run.fault.class];
  const patterns = [...terms.mechanism, ...terms.symptom];
  if (facts.telling.some((u) => patterns.some((p) => p.test(u.text)))) return true;
  const culprit = culpritOf(run);
  if (culprit && causeClauses(facts).some((c) => culprit.pattern.test(c.text))) return true;
  const alerts = new Set(run.alerts.map((a) => a.name.toLowerCase()));
  return facts.units.some((u) => [...alerts].some((name) => u.text.toLowerCase().includes(name)));
}

/** The date the learner wrote next to the window or a timeline entry, when it is not the run's day (ISO date), else null. */
function otherDay(facts: DocumentFacts, run: RunRecord): string | null {
  if (facts.day === REFERENCE_DAY || !run.faultWindow.start) return null;
  const start = instant(run.faultWindow.start).setZone(runZone(run));
  const runDay = DateTime.fromObject({ year: start.year, month: start.month, day: start.day, hour: 12 }, { zone: 'utc' });
  return Math.abs(facts.day - runDay.toMillis()) > OTHER_DAY_MS ? DateTime.fromMillis(facts.day, { zone: 'utc' }).toISODate() : null;
}

/** The stated window is the run's, or the run's shifted by whole hours (a timezone slip), on the run's day. */
function windowNear(facts: DocumentFacts, run: RunRecord): boolean {
  const w = facts.window;
  if (!w || !run.faultWindow.start) return false;
  const start = instant(run.faultWindow.start);
  const end = faultEnd(run) ?? start;
  const tolerance = Math.max(WINDOW_TOLERANCE_MS, WINDOW_TOLERANCE_SHARE * (end.toMillis() - start.toMillis()));
  const said = resolveNear(w.start, w.zone?.zone ?? runZone(run), start);
  if (w.start.date && Math.abs(said.toMillis() - start.toMillis()) > OTHER_DAY_MS) return false;
  const off = Math.abs(said.toMillis() - start.toMillis());
  const halfHours = Math.round(off / 1_800_000) * 1_800_000;
  return off <= tolerance || (off <= 14 * 3600_000 && Math.abs(off - halfHours) <= tolerance);
}

export function judgeCause(facts: DocumentFacts, run: RunRecord): CauseVerdict {
  const clauses = causeClauses(facts);
  const terms = FAULT_CLASS_TERMS[run.fault.class];
  const culprit = culpritOf(run);
  const expected = `${terms.name} in ${run.service}${culprit ? ` (${culprit.name})` : ''}`;
  const verdict = (kind: CauseKind, score: number, evidence: Evidence[], feedback: string[]): CauseVerdict => ({ kind, score, evidence, feedback, expected });
  if (clauses.length === 0) {
    return verdict('none', 0, [{ line: null, read: '(no root cause stated)', expected }], [`State the root cause: what in the system caused the outage, and where.`]);
  }

  // The mechanism named with its trigger ("the surge triggered a leak in a cache that never evicted") keeps the credit.
  const stated = matchClass(clauses, run.fault.class);
  // A mechanism offered only as a guess ("I think ... might have been keeping references") is a hypothesis, not a finding: symptom credit.
  const guessed = stated?.level === 'mechanism' && !matchClass(clauses.filter((c) => !HEDGE.test(c.text)), run.fault.class)?.level.startsWith('m');
  const classMatch: typeof stated = guessed ? { level: 'symptom', clause: stated!.clause } : stated;
  const offered = [...new Set(run.redHerrings.map((r) => r.kind))];
  const herring = stated?.level === 'mechanism' ? [] : redHerringsAsCause(clauses, offered, classMatch !== null);
  if (herring.length > 0) {
    const h = herring[0];
    const names = herring.map((x) => RED_HERRING_TERMS[x.kind].name).join(' / ');
    return verdict('herring', 0, [{ line: h.clause.unit.line, read: excerpt(h.clause.unit.text, 120), expected }], [
      `Wrong root cause: you name ${names} as the cause, but in this run that was a red herring, and a fix for it does not remove the real cause. Look again at what grew in memory or ran out.`,
    ]);
  }

  const causeUnits = [...new Set(clauses.map((c) => c.unit))];
  const serviceTerms = serviceTermsFor(run);
  const inCause = namedServices(causeUnits, serviceTerms).lab;
  const services = inCause.length > 0 ? inCause : namedServices(impactUnits(facts), serviceTerms).lab;
  const rightService = services.some((s) => s.name === run.service);
  if (inCause.length > 0 && !rightService) {
    return verdict('other-service', 0, [{ line: inCause[0].unit.line, read: `service named: ${inCause.map((s) => s.name).join(', ')}`, expected: run.service }], [
      `Wrong root cause: it is placed in ${inCause.map((s) => s.name).join(', ')}, but this run's fault was in ${run.service}.`,
    ]);
  }

  // The run's mechanism told well but placed in another service ("the search-api's cache never evicted").
  const elsewhere = placedElsewhere(clauses, run, serviceTerms);
  if (elsewhere) {
    return verdict('other-service', 0, [{ line: elsewhere.line, read: `placed in: ${elsewhere.names.join(', ')}`, expected: run.service }], [
      `Wrong root cause: you place it in ${elsewhere.names.join(', ')}, but this run's fault was in ${run.service}: a fix there would not have helped.`,
    ]);
  }

  // Nothing of this run's fault class, but another class stated as the cause ("a memory leak" for a pool run).
  if (!stated) {
    const firm = clauses.filter((c) => !HEDGE.test(c.text));
    const other = FAULT_CLASSES.filter((fc) => fc !== run.fault.class).map((fc) => ({ fc, match: matchClass(firm, fc) })).find((x) => x.match);
    if (other) {
      return verdict('other-class', 0, [{ line: other.match!.clause.unit.line, read: excerpt(other.match!.clause.text, 120), expected }], [
        `Wrong root cause: you name ${FAULT_CLASS_TERMS[other.fc].name} as the cause, but this run's fault was ${terms.name}. Look again at what grew or ran out.`,
      ]);
    }
  }

  const evidence: Evidence[] = [];
  let culpritCredit = 0;
  if (culprit) {
    const own = clauses.find((c) => culprit.pattern.test(c.text));
    const other = otherCulprits(run).find((c) => clauses.some((cl) => c.pattern.test(cl.text)));
    if (!own && other) {
      const at: CauseClause = clauses.find((cl) => other.pattern.test(cl.text))!;
      return verdict('other-culprit', 0, [{ line: at.unit.line, read: excerpt(at.unit.text, 120), expected }], [
        `Wrong root cause: it points at ${other.name}, which is not where this run's fault was.`,
      ]);
    }
    // The right service and kind of fault, pinned on another part of the service ("the cart-session store
    // never expired sessions" for the recommendation library's leak): the fix would leave the fault in place.
    // Only for leaks: in a pool exhaustion the connections are the pool's, whatever the learner calls it ("the pg client").
    const component = run.fault.class === 'pool-exhaustion' ? null : placedInComponent(clauses, run, culprit.pattern, culprit.name);
    if (component) {
      return verdict('other-component', 0, [{ line: component.line, read: `placed in: ${component.names.join(', ')}`, expected: culprit.name }], [
        `Wrong root cause: you place the ${terms.name} in ${component.names.join(', ')}, but in this run it was in ${culprit.name}: a fix there would not have helped.`,
      ]);
    }
    if (own) {
      culpritCredit = 1;
      evidence.push({ line: own.unit.line, read: `culprit: ${excerpt(own.text, 100)}`, expected: culprit.name });
    } else {
      evidence.push({ line: null, read: '(culprit not named)', expected: culprit.name });
    }
  }
  const classCredit = classMatch?.level === 'mechanism' ? 1 : classMatch?.level === 'symptom' ? SYMPTOM_CREDIT : 0;
  if (classMatch) evidence.push({ line: classMatch.clause.unit.line, read: `${classMatch.level === 'mechanism' ? 'mechanism' : 'symptom only'}: ${excerpt(classMatch.clause.text, 100)}`, expected: terms.name });
  else evidence.push({ line: clauses[0].unit.line, read: excerpt(clauses[0].unit.text, 100), expected: terms.name });
  const serviceAt = services.find((s) => s.name === run.service);
  evidence.push(serviceAt ? { line: serviceAt.unit.line, read: `service: ${run.service}` } : { line: null, read: '(service not named)', expected: run.service });

  const score = CLASS_PART * classCredit + CULPRIT_PART * (culprit ? culpritCredit * Math.max(classCredit, 0.5) : classCredit) + SERVICE_PART * (rightService ? 1 : 0);
  const feedback: string[] = [];
  if (classCredit === 0) feedback.push(`The root cause does not name this run's mechanism: what kept growing or ran out, and why nothing released it.`);
  else if (guessed) feedback.push(`Line ${classMatch!.clause.unit.line} offers the mechanism as a guess ("${excerpt(HEDGE.exec(classMatch!.clause.text)![0], 30)}"): say what you saw that shows it (a heap snapshot, a metric), and state it as a finding.`);
  else if (classCredit < 1) feedback.push(`You found the symptom family but not the mechanism (line ${classMatch!.clause.unit.line}): say what kept growing and why nothing released it.`);
  if (culprit && culpritCredit === 0) feedback.push(`Say where in the code the fault was.`);
  if (!rightService) feedback.push(`Name the service that failed (${run.service}).`);
  const kind: CauseKind = classCredit === 1 ? 'right' : classCredit > 0 ? 'symptom' : 'unnamed';
  return verdict(kind, score, evidence, feedback);
}

/**
 * The services the cause's mechanism, symptom or culprit clauses are placed in, when none of them is
 * the run's service: the cause is told of another service. Null when any is placed in the run's service
 * or none is placed at all (the document's subject is then the run's).
 */
function placedElsewhere(clauses: CauseClause[], run: RunRecord, serviceTerms: Readonly<Record<string, RegExp>>): { names: string[]; line: number } | null {
  const terms = FAULT_CLASS_TERMS[run.fault.class];
  const culprit = culpritOf(run);
  const matcher = (patterns: RegExp[]) => (text: string): RegExpExecArray | null => {
    for (const p of patterns) {
      const m = p.exec(text);
      if (m) return m;
    }
    return null;
  };
  // The mechanism's owner decides; the symptom ("the heap grew") and the culprit's name only when no mechanism clause is placed.
  for (const patterns of [terms.mechanism, [...terms.symptom, ...(culprit ? [culprit.pattern] : [])]]) {
    const placed = causeOwners(clauses, matcher(patterns), serviceTerms, culprit?.pattern ?? null).filter((o) => o.owner !== null);
    if (placed.length === 0) continue;
    if (placed.some((o) => o.owner!.lab && o.owner!.name === run.service)) return null;
    return { names: [...new Set(placed.map((o) => o.owner!.name))], line: placed[0].clause.unit.line };
  }
  return null;
}

/**
 * The components the cause's mechanism clauses are placed in, when none of them is the run's culprit and
 * some are another named part of the service. Null when any mechanism is the culprit's, or none is placed
 * in a named component (then the culprit's words anywhere in the cause still earn its credit).
 */
function placedInComponent(clauses: CauseClause[], run: RunRecord, culprit: RegExp, culpritName: string): { names: string[]; line: number } | null {
  // A component called by the culprit's own name ("the page cache" for "the page cache of partner
  // referral links") is the culprit, whether or not its words are among the culprit's grading words.
  const name = culpritName.toLowerCase();
  const isCulprit = (o: ComponentMention): boolean => o.culprit || (o.text.includes(' ') && name.includes(o.text.toLowerCase()));
  const terms = FAULT_CLASS_TERMS[run.fault.class];
  const matcher = (patterns: RegExp[]) => (text: string): RegExpExecArray | null => {
    for (const p of patterns) {
      const m = p.exec(text);
      if (m) return m;
    }
    return null;
  };
  // The mechanism decides; the symptom ("memory grew") only when no mechanism clause is placed.
  for (const patterns of [terms.mechanism, terms.symptom]) {
    const placed = causeComponents(clauses.filter((c) => !HEDGE.test(c.text)), matcher(patterns), culprit).filter((o) => o.owner !== null);
    if (placed.length === 0) continue;
    if (placed.some((o) => isCulprit(o.owner!))) return null;
    return { names: [...new Set(placed.map((o) => o.owner!.text.toLowerCase()))], line: placed[0].clause.unit.line };
  }
  return null;
}

/** A wrong root cause: the grade says so plainly, and the fix and misleading-path credit go with it. */
export function wrongCause(view: RunView | null): boolean {
  return view !== null && (view.cause.kind === 'herring' || view.cause.kind === 'other-service' || view.cause.kind === 'other-culprit' || view.cause.kind === 'other-component' || view.cause.kind === 'other-class');
}
