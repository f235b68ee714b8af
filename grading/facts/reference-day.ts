import { DateTime } from 'luxon';
import { REFERENCE_DAY } from '../time/resolve';
import type { DocumentFacts } from './document-facts';

/** The first date the learner wrote next to a time (window or timeline), as noon UTC; else REFERENCE_DAY. */
export function documentDay(facts: DocumentFacts): number {
  const dated = [facts.window?.start, facts.window?.end, ...facts.timeline.map((e) => e.time)].find((t) => t?.date);
  return dated?.date ? DateTime.fromObject({ ...dated.date, hour: 12 }, { zone: 'utc' }).toMillis() : REFERENCE_DAY;
}
