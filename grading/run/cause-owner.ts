import { NAMED_SERVICE, NOT_A_SERVICE_NAME } from '../lexicon/services';
import type { CauseClause } from '../facts/cause';

/**
 * Which service a cause clause places its mechanism in. A postmortem can tell the run's mechanism
 * well and pin it on another service ("the search-api's cache never evicted"): the service that owns
 * the mechanism is the one named nearest before it in its clause (the subject, or the possessor of
 * "the billing-service's pool"), else the first named after it in the clause, else the sentence's
 * subject (its first service), else the one the previous cause sentence was about ("The search-api
 * keeps a cache. ... this cache kept every query").
 */

export interface ServiceMention {
  /** A lab service's name (record.service), or the words a learner used for another service. */
  name: string;
  lab: boolean;
  index: number;
}

/** Services named in a text: the lab's (by their terms) and any other named service, worker or API. */
export function serviceMentions(text: string, labTerms: Readonly<Record<string, RegExp>>, ignore: RegExp | null): ServiceMention[] {
  const out: ServiceMention[] = [];
  const covered: Array<[number, number]> = [];
  for (const [name, re] of Object.entries(labTerms)) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(global)) {
      out.push({ name, lab: true, index: m.index });
      covered.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of text.matchAll(NAMED_SERVICE)) {
    const qualifier = m[1].toLowerCase();
    if (NOT_A_SERVICE_NAME.has(qualifier)) continue;
    if (covered.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
    // The run's own culprit named as a service ("the recommendation service") is not another service.
    if (ignore?.test(m[0])) continue;
    out.push({ name: m[0].toLowerCase(), lab: false, index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The service each clause places its mechanism in (null: none named in or before it). */
export function causeOwners(
  clauses: CauseClause[],
  isMechanism: (text: string) => RegExpExecArray | null,
  labTerms: Readonly<Record<string, RegExp>>,
  ignore: RegExp | null,
): Array<{ clause: CauseClause; owner: ServiceMention | null }> {
  const out: Array<{ clause: CauseClause; owner: ServiceMention | null }> = [];
  let previous: ServiceMention | null = null;
  let previousSection: string | null | undefined;
  const seenUnits = new Set<unknown>();
  for (const clause of clauses) {
    const unit = clause.unit;
    if (unit.section !== previousSection) previous = null;
    previousSection = unit.section;
    const mentions = serviceMentions(unit.text, labTerms, ignore);
    const match = isMechanism(clause.text);
    if (match) {
      // In the clause: the service nearest before the mechanism, else the first after it; a clause that
      // names none belongs to its sentence's subject (the first service named), else to the previous sentence's.
      const from = Math.max(0, unit.text.indexOf(clause.text));
      const at = from + match.index;
      const inClause = mentions.filter((m) => m.index >= from && m.index < from + clause.text.length);
      const before = inClause.filter((m) => m.index <= at);
      const owner = before.length > 0 ? before[before.length - 1] : inClause.find((m) => m.index > at) ?? mentions[0] ?? previous;
      out.push({ clause, owner });
    }
    if (!seenUnits.has(unit) && mentions.length > 0) previous = mentions[0];
    seenUnits.add(unit);
  }
  return out;
}
