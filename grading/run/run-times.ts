import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import type { RunRecord } from '../../scenarios/run-record';
import { formatOffset } from '../time/zones';

/** The run's instants as luxon DateTimes, and how to show them to the learner. */

const instants = new Map<string, DateTime>();
/** Parsed once per timestamp: a run's few instants are read by every run criterion (DateTimes are immutable). */
export function instant(iso: string): DateTime {
  let dt = instants.get(iso);
  if (!dt) {
    if (instants.size > 10_000) instants.clear();
    dt = DateTime.fromISO(iso, { setZone: true });
    instants.set(iso, dt);
  }
  return dt;
}

const zones = new WeakMap<RunRecord, Zone>();

/** The run's own zone (record.timezone), or the offset of its start if the name is unknown to this machine. */
export function runZone(run: RunRecord): Zone {
  let zone = zones.get(run);
  if (!zone) {
    // A run lasts minutes: the offset at its start holds throughout, and a fixed offset is far cheaper
    // to convert with than an IANA zone (which asks Intl for every instant).
    const named = IANAZone.create(run.timezone);
    zone = named.isValid ? FixedOffsetZone.instance(named.offset(instant(run.startedAt).toMillis())) : instant(run.startedAt).zone;
    zones.set(run, zone);
  }
  return zone;
}

/** "14:02:10 Europe/Berlin (13:02:10 UTC)", or "13:02:10 UTC+0 = 14:02:10 Europe/Berlin" in the learner's zone first. */
export function showInstant(at: DateTime, run: RunRecord, learnerZone: Zone | null): string {
  const inRun = `${at.setZone(runZone(run)).toFormat('HH:mm:ss')} ${run.timezone}`;
  const utcRun = at.setZone(runZone(run)).offset === 0;
  if (!learnerZone || learnerZone.equals(runZone(run))) return utcRun ? inRun : `${inRun} (${at.toUTC().toFormat('HH:mm:ss')} UTC)`;
  const local = at.setZone(learnerZone);
  return `${local.toFormat('HH:mm:ss')} ${formatOffset(local.offset)} (= ${inRun})`;
}

/** The first moment anything could be seen: the first alert or the first SLO breach, whichever came first. */
export function firstSignal(run: RunRecord): { at: DateTime; what: string } | null {
  const candidates: Array<{ at: DateTime; what: string }> = [];
  if (run.firstAlert) candidates.push({ at: instant(run.firstAlert.at), what: `the first alert (${run.firstAlert.name})` });
  if (run.firstSloBreach) candidates.push({ at: instant(run.firstSloBreach.at), what: 'the first SLO breach' });
  candidates.sort((a, b) => a.at.toMillis() - b.at.toMillis());
  return candidates[0] ?? null;
}

/** When the fault ended: its window's end, else the resolution phase, else the end of the run. */
export function faultEnd(run: RunRecord): DateTime | null {
  const end = run.faultWindow.end ?? run.phases.find((p) => p.kind === 'resolution')?.start ?? run.endedAt;
  return end ? instant(end) : null;
}
