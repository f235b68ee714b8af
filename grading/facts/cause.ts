import type { FaultClass } from '../../catalogue/service-catalogue';
import { RED_HERRING_KINDS, type RedHerringKind } from '../../scenarios/run-record';
import { clauses, words } from '../document/prose';
import { FAULT_CLASS_TERMS } from '../lexicon/fault-classes';
import { CAUSAL_CUE, GENERAL_TRUTH, genericStatement } from '../lexicon/language';
import { MISLEADING_CUE, RED_HERRING_TERMS } from '../lexicon/red-herrings';
import type { DocumentFacts } from './document-facts';
import type { TextUnit } from './units';

/** A clause that asserts something about the cause (not a path that was suspected and ruled out). */
export interface CauseClause {
  text: string;
  unit: TextUnit;
}

/** The root-cause section, and the summary's sentences about the cause. */
export function causeClauses(facts: DocumentFacts): CauseClause[] {
  // Without a root-cause section (prose, or labels the reader did not recognise), any statement may carry it.
  const units = facts.unitsIn['root-cause'].length > 0
    ? [...facts.unitsIn['root-cause'], ...facts.unitsIn.summary.filter((u) => CAUSAL_CUE.test(u.text))]
    : facts.telling.filter((u) => u.section !== 'corrective' && u.section !== 'timeline');
  const out: CauseClause[] = [];
  for (const unit of units) {
    // A lecture on the topic ("databases like PostgreSQL can only accept so many connections") is not this incident's cause.
    if (genericStatement(unit.text)) continue;
    for (const text of clauses(unit.text)) {
      // A general truth ("memory leaks are one of the most common problems") says nothing about this incident.
      if (!MISLEADING_CUE.test(text) && !GENERAL_TRUTH.test(text)) out.push({ text, unit });
    }
  }
  return out;
}

export type ClassMatch = { level: 'mechanism' | 'symptom'; clause: CauseClause } | null;

/** How well the cause clauses name a fault class: its mechanism, only its symptom family, or not at all. */
export function matchClass(clausesToRead: CauseClause[], faultClass: FaultClass): ClassMatch {
  const terms = FAULT_CLASS_TERMS[faultClass];
  const mechanism = clausesToRead.find((c) => terms.mechanism.some((p) => p.test(c.text)));
  if (mechanism) return { level: 'mechanism', clause: mechanism };
  const symptom = clausesToRead.find((c) => terms.symptom.some((p) => p.test(c.text)));
  return symptom ? { level: 'symptom', clause: symptom } : null;
}

/** Red-herring kinds asserted as the cause: a causal clause naming the kind. */
export function redHerringsAsCause(
  clausesToRead: CauseClause[],
  kinds: readonly RedHerringKind[] = RED_HERRING_KINDS,
  otherCause = true,
): Array<{ kind: RedHerringKind; clause: CauseClause }> {
  const out: Array<{ kind: RedHerringKind; clause: CauseClause }> = [];
  for (const kind of kinds) {
    // A herring is asserted as the cause by a causal word; in the root-cause section also by where it
    // stands: as the subject of a statement ("A botnet flooded the service, so the connections ran out"),
    // or anywhere when the section gives no other cause, not even the symptom family.
    const asserted = (c: CauseClause): boolean =>
      CAUSAL_CUE.test(c.unit.text) || (c.unit.section === 'root-cause' && (!otherCause || RED_HERRING_TERMS[kind].patterns.some((p) => isSubject(c.text, p))));
    const clause = clausesToRead.find((c) => asserted(c) && RED_HERRING_TERMS[kind].patterns.some((p) => p.test(c.text)));
    if (clause) out.push({ kind, clause });
  }
  return out;
}

/** The subject of a clause: named in its first words, not inside a phrase of time or place ("During the surge, memory grew"). */
const NOT_SUBJECT = /\b(during|amid|amidst|after|before|with|despite|while|when|in|at|on|through|from|under|by|since|until|as)\b/i;
const SUBJECT_WORDS = 4;
function isSubject(text: string, pattern: RegExp): boolean {
  const m = pattern.exec(text);
  if (!m) return false;
  const before = text.slice(0, m.index);
  return words(before).length < SUBJECT_WORDS && !NOT_SUBJECT.test(before);
}

/** Red-herring kinds the learner names as misleading, suspected or investigated paths. */
export function misleadingPathsNamed(facts: DocumentFacts): Array<{ kind: RedHerringKind; line: number; text: string }> {
  const out: Array<{ kind: RedHerringKind; line: number; text: string }> = [];
  const seen = new Set<RedHerringKind>();
  const add = (kind: RedHerringKind, line: number, text: string): void => {
    if (!seen.has(kind)) out.push({ kind, line, text });
    seen.add(kind);
  };
  for (const e of facts.timeline) {
    if (!e.says) continue;
    if (!e.tags.has('misleading') && !e.tags.has('investigation')) continue;
    for (const kind of e.kinds) add(kind, e.line, e.text);
  }
  for (const u of facts.telling) {
    for (const text of clauses(u.text)) {
      if (!MISLEADING_CUE.test(text)) continue;
      for (const kind of RED_HERRING_KINDS) {
        if (RED_HERRING_TERMS[kind].patterns.some((p) => p.test(text))) add(kind, u.line, u.text);
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}
