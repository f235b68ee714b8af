import { DateTime } from 'luxon';
import { REFERENCE_DAY } from '../time/resolve';
import type { TimelineEntry } from './timeline';
import type { WindowFact } from './window';

/** The first date the learner wrote next to a time (window or timeline), as noon UTC; else REFERENCE_DAY. */
export function documentDay(window: WindowFact | null, timeline: TimelineEntry[]): number {
  const dated = [window?.start, window?.end, ...timeline.map((e) => e.time)].find((t) => t?.date);
  return dated?.date ? DateTime.fromObject({ ...dated.date, hour: 12 }, { zone: 'utc' }).toMillis() : REFERENCE_DAY;
}
