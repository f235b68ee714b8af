import { RED_HERRING_KINDS, type FaultClass, type RedHerringKind } from '../../scenarios/run-record';
import { clauses } from '../document/prose';
import { FAULT_CLASS_TERMS } from '../lexicon/fault-classes';
import { CAUSAL_CUE } from '../lexicon/language';
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
  const units = [
    ...facts.unitsIn['root-cause'],
    ...facts.unitsIn.summary.filter((u) => CAUSAL_CUE.test(u.text)),
  ];
  const out: CauseClause[] = [];
  for (const unit of units) {
    for (const text of clauses(unit.text)) {
      if (!MISLEADING_CUE.test(text)) out.push({ text, unit });
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
export function redHerringsAsCause(clausesToRead: CauseClause[], kinds: readonly RedHerringKind[] = RED_HERRING_KINDS): Array<{ kind: RedHerringKind; clause: CauseClause }> {
  const out: Array<{ kind: RedHerringKind; clause: CauseClause }> = [];
  for (const kind of kinds) {
    const clause = clausesToRead.find((c) => CAUSAL_CUE.test(c.unit.text) && RED_HERRING_TERMS[kind].patterns.some((p) => p.test(c.text)));
    if (clause) out.push({ kind, clause });
  }
  return out;
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
    if (!e.tags.has('misleading') && !e.tags.has('investigation')) continue;
    for (const kind of e.kinds) add(kind, e.line, e.text);
  }
  for (const u of facts.units) {
    for (const text of clauses(u.text)) {
      if (!MISLEADING_CUE.test(text)) continue;
      for (const kind of RED_HERRING_KINDS) {
        if (RED_HERRING_TERMS[kind].patterns.some((p) => p.test(text))) add(kind, u.line, u.text);
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}
