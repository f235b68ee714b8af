import { DateTime } from 'luxon';

/**
 * Timestamps of a run: ISO 8601 with an explicit offset (never `Z`) in the machine's IANA zone, so
 * a learner's "14:05" can be read against the record in the zone the run happened in.
 */
export class RunClock {
  readonly timezone: string;

  constructor(timezone?: string) {
    const zone = timezone ?? (DateTime.local().zoneName || 'UTC');
    this.timezone = DateTime.local().setZone(zone).isValid ? zone : 'UTC';
  }

  iso(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ");
  }

  now(): string {
    return this.iso(Date.now());
  }

  /** A folder-friendly local stamp: 20261122-142305. */
  stamp(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.timezone }).toFormat('yyyyMMdd-HHmmss');
  }
}

/** "4:05" for 245 000 ms. */
export function minutesSeconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
