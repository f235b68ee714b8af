import { SYMPTOM } from '../lexicon/language';
import { GENERIC_SERVICE, SERVICE_TERMS } from '../lexicon/services';
import type { DocumentFacts } from './document-facts';
import type { PercentFact } from './percentages';
import type { TextUnit } from './units';

/** A sentence that states who was affected, rather than some other percentage (heap, CPU, hit ratio). */
export const IMPACT_CUE = /\b(affect\w*|impact\w*|experienc\w*|saw|seeing|hit|suffer\w*|encounter\w*|got|received|faced|users?|customers?)\b/i;

/**
 * The impact sentences: the summary and the text before the first section (often a header or an intro);
 * without a figure there, any statement (facts are found anywhere, their own section first).
 */
export function impactUnits(facts: DocumentFacts): TextUnit[] {
  const own = [...facts.unitsIn.summary, ...facts.preamble];
  const ownFigure = facts.percentages.some((p) => own.includes(p.unit));
  return ownFigure ? own : [...own, ...facts.telling.filter((u) => !own.includes(u) && u.section !== 'corrective')];
}

/**
 * The affected share the learner gives in the summary. The assignment asks for the percentage of
 * users affected, so that comes first; then requests affected; then shares of failures.
 */
export function impactFigure(facts: DocumentFacts): PercentFact | null {
  const lines = new Set(impactUnits(facts));
  const inSummary = facts.percentages.filter((p) => lines.has(p.unit));
  const preference: Array<(p: PercentFact) => boolean> = [
    (p) => p.noun === 'users' && p.kind === 'affected',
    (p) => p.noun === 'requests' && p.kind === 'affected',
    (p) => p.noun === 'users',
    (p) => p.noun === 'requests',
    (p) => IMPACT_CUE.test(p.unit.text),
  ];
  for (const wanted of preference) {
    const found = inSummary.find((p) => wanted(p) && !p.fromCount) ?? inSummary.find(wanted);
    if (found) return found;
  }
  return null;
}

/** Services named in these units: lab services by name (the catalogue's terms, or those given), or any "<something> API/service". */
export function namedServices(
  units: TextUnit[],
  terms: Readonly<Record<string, RegExp>> = SERVICE_TERMS,
): { lab: Array<{ name: string; unit: TextUnit }>; generic: TextUnit | null } {
  const lab: Array<{ name: string; unit: TextUnit }> = [];
  for (const [name, re] of Object.entries(terms)) {
    const unit = units.find((u) => re.test(u.text));
    if (unit) lab.push({ name, unit });
  }
  return { lab, generic: units.find((u) => GENERIC_SERVICE.test(u.text)) ?? null };
}

export function symptomUnit(units: TextUnit[]): TextUnit | null {
  return units.find((u) => SYMPTOM.test(u.text)) ?? null;
}
