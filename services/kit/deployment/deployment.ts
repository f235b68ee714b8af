import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors';
import { Lease } from '../lease';
import { parseParams } from '../params-validator';
import type { Actor } from '../roles';
import type { DeploymentStore } from './deployment-store';
import type { ConfigEvent, DeploymentState, OpsEntry, ReleaseEvent, SettingValue, TimelineEvent } from './deployment-state';

/**
 * How a service is deployed, as production knows it: releases (a version, a changelog line, the
 * configuration it ships) and configuration changes made since, in the order they happened. What
 * the service runs is their sum over its settings' defaults, skipping releases rolled back. Each
 * component binds to the settings it uses and is told when they change.
 *
 * Settings are of two kinds. `setting`: configuration the on-call may read and change (pool
 * maximum, cache size, timeouts, feature flags). `code`: behaviour that only a release changes; it
 * is never listed as a setting, and changing it means deploying or rolling back.
 *
 * (Over 300 lines on purpose: one class holds the releases, changes, leases and log together, so
 * that every operation is checked and recorded against the same state in one place.)
 */

export interface SettingSpec {
  description: string;
  schema: z.ZodType<SettingValue>;
  default: SettingValue;
  kind?: 'setting' | 'code';
}
export type SettingSpecs = Record<string, SettingSpec>;

/** A release that went out before the lab started: what the service's history shows. */
export interface BaselineRelease {
  version: string;
  changelog: string;
  /** How long before the service first started it went out. */
  daysAgo: number;
  changes?: Record<string, SettingValue>;
}

export interface DeploymentOptions {
  service: string;
  specs: SettingSpecs;
  /** Oldest first; the last one is what runs when nothing else has been deployed. */
  baseline: BaselineRelease[];
  store: DeploymentStore;
  now?: () => Date;
}

export interface ConfigReader {
  number(key: string): number;
  boolean(key: string): boolean;
  string(key: string): string;
}

export interface ReleaseView {
  version: string;
  changelog: string;
  deployedAt: string;
  status: 'running' | 'superseded' | 'rolled back';
  rolledBackAt?: string;
  rolledBackBy?: string;
}

export interface SettingView {
  key: string;
  value: SettingValue;
  default: SettingValue;
  description: string;
  /** Where the value comes from: "default", "release 4.2.0", "config store", "ops set by Ana". */
  source: string;
  changedAt: string | null;
}

const LOG_LIMIT = 1_000;
const DAY_MS = 86_400_000;

interface Binding {
  keys: string[];
  apply: (config: ConfigReader) => void;
}

export class Deployment {
  readonly service: string;
  private readonly specs: SettingSpecs;
  private readonly baseline: BaselineRelease[];
  private readonly store: DeploymentStore;
  private readonly now: () => Date;
  private state: DeploymentState;
  private current: Record<string, SettingValue>;
  private readonly bindings: Binding[] = [];
  /** Changes held by a lease, each with its timer. */
  private readonly leases = new Map<TimelineEvent, Lease>();

  constructor(options: DeploymentOptions) {
    this.service = options.service;
    this.specs = options.specs;
    this.baseline = options.baseline;
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    if (this.baseline.length === 0) throw new Error(`${this.service}: a deployment needs at least one release`);
    this.state = this.store.load() ?? { timeline: this.baselineTimeline(), log: [] };
    this.current = this.compute();
    this.store.save(this.state);
    // A lease runs on across restarts: one that ran out meanwhile is undone now.
    for (const event of this.state.timeline) if (event.lease && this.effective(event)) this.hold(event, Date.parse(event.lease.expiresAt) - Date.now());
  }

  /** Calls `apply` now and whenever one of `keys` changes value. */
  bind(keys: string[], apply: (config: ConfigReader) => void): void {
    for (const key of keys) this.spec(key);
    const binding = { keys, apply };
    this.bindings.push(binding);
    apply(this.reader());
  }

  value(key: string): SettingValue {
    this.spec(key);
    return this.current[key]!;
  }

  reader(): ConfigReader {
    const typed = <T extends SettingValue>(key: string, type: string): T => {
      const value = this.value(key);
      if (typeof value !== type) throw new Error(`${this.service}: ${key} is a ${typeof value}, not a ${type}`);
      return value as T;
    };
    return { number: (key) => typed<number>(key, 'number'), boolean: (key) => typed<boolean>(key, 'boolean'), string: (key) => typed<string>(key, 'string') };
  }

  /** The running release's version. */
  get version(): string {
    return this.activeReleases().at(-1)!.version;
  }

  releases(): ReleaseView[] {
    const active = this.activeReleases();
    const running = active.at(-1);
    return this.releaseEvents()
      .map((r): ReleaseView => ({
        version: r.version,
        changelog: r.changelog,
        deployedAt: r.at,
        status: r.rolledBack ? 'rolled back' : r === running ? 'running' : 'superseded',
        ...(r.rolledBack ? { rolledBackAt: r.rolledBack.at, rolledBackBy: describeActor(r.rolledBack.by) } : {}),
      }))
      .reverse();
  }

  /** The settings the on-call may see (not the code paths), with where each value comes from. */
  settings(): SettingView[] {
    return Object.entries(this.specs)
      .filter(([, spec]) => (spec.kind ?? 'setting') === 'setting')
      .map(([key, spec]) => {
        const origin = this.origin(key);
        return { key, value: this.current[key]!, default: spec.default, description: spec.description, source: origin.source, changedAt: origin.at };
      });
  }

  /** Everything, code paths included: the instructor's view. */
  snapshot(): { service: string; version: string; state: DeploymentState; effective: Record<string, SettingValue>; defaults: Record<string, SettingValue> } {
    const defaults = Object.fromEntries(Object.entries(this.specs).map(([key, spec]) => [key, spec.default]));
    return { service: this.service, version: this.version, state: structuredClone(this.state), effective: { ...this.current }, defaults };
  }

  /** A new release goes out with the configuration it ships (held by a lease of `leaseMs` when given). */
  deploy(input: { version: string; changelog: string; changes?: Record<string, unknown> }, options: { leaseMs?: number } = {}): ReleaseEvent {
    const changes = this.validate(input.changes ?? {}, 'instructor');
    const release: ReleaseEvent = { kind: 'release', version: input.version, changelog: input.changelog, at: this.now().toISOString(), changes, ...this.leaseFor(options.leaseMs) };
    this.change(() => this.state.timeline.push(release));
    if (options.leaseMs !== undefined) this.hold(release, options.leaseMs);
    return release;
  }

  /**
   * Back to `version` (default: the release before the running one): every release after it is
   * rolled back, configuration changes stay. Returns the versions before and after.
   */
  rollback(version: string | undefined, by: Actor): { from: string; to: string; rolledBack: string[] } {
    const active = this.activeReleases();
    const from = active.at(-1)!;
    let keep: number;
    if (version === undefined) {
      keep = active.length - 2;
      if (keep < 0) throw new AppError('NOTHING_TO_ROLL_BACK');
    } else {
      keep = active.findLastIndex((r) => r.version === version);
      if (keep < 0) {
        const known = this.releaseEvents().some((r) => r.version === version);
        throw known
          ? new AppError('NOTHING_TO_ROLL_BACK', `Release ${version} was rolled back already; running: ${from.version}`)
          : new AppError('RELEASE_NOT_FOUND', `${this.service} has no release ${version}; running: ${from.version}`);
      }
      if (keep === active.length - 1) throw new AppError('NOTHING_TO_ROLL_BACK', `${version} is the release running now`);
    }
    const undone = active.slice(keep + 1);
    const at = this.now().toISOString();
    this.change(() => undone.forEach((r) => (r.rolledBack = { at, by })));
    return { from: from.version, to: active[keep]!.version, rolledBack: undone.map((r) => r.version) };
  }

  /** Takes one release back out (the instructor ending what a run deployed), whatever came after it. */
  withdraw(version: string, by: Actor): boolean {
    const release = this.activeReleases().findLast((r) => r.version === version);
    if (!release) return false;
    if (this.activeReleases().length === 1) throw new AppError('NOTHING_TO_ROLL_BACK');
    this.release(release);
    this.change(() => (release.rolledBack = { at: this.now().toISOString(), by }));
    return true;
  }

  /** A configuration change outside any release; validated first (400 naming each problem), all or nothing. */
  configure(
    input: unknown,
    options: { source: ConfigEvent['source']; by: Actor; note?: string; leaseMs?: number },
  ): Array<{ key: string; from: SettingValue; to: SettingValue }> {
    const changes = this.validate(input, options.by.role);
    if (Object.keys(changes).length === 0) throw new AppError('VALIDATION_FAILED', 'no setting given: key=value, for example pool.max=10');
    const changed = Object.entries(changes).map(([key, to]) => ({ key, from: this.current[key]!, to }));
    const event: ConfigEvent = {
      kind: 'config',
      at: this.now().toISOString(),
      changes,
      source: options.source,
      by: options.by,
      ...(options.note ? { note: options.note } : {}),
      ...(options.leaseMs !== undefined ? { id: randomUUID(), ...this.leaseFor(options.leaseMs) } : {}),
    };
    this.change(() => this.state.timeline.push(event));
    if (options.leaseMs !== undefined) this.hold(event, options.leaseMs);
    return changed;
  }

  /** Keeps every change held by a lease for `ttlMs` more (default: each one's last length); LEASE_NOT_HELD when none is. */
  renewLeases(ttlMs?: number): number {
    if (this.leases.size === 0) throw new AppError('LEASE_NOT_HELD', `${this.service} holds no change under a lease`);
    for (const [event, lease] of this.leases) {
      lease.renew(ttlMs);
      event.lease = { expiresAt: lease.expiresAt.toISOString(), ttlMs: ttlMs ?? event.lease!.ttlMs };
    }
    this.store.save(this.state);
    return this.leases.size;
  }

  /** Back to the releases the service started with and no configuration changes; the log stays. */
  reset(): void {
    for (const event of [...this.leases.keys()]) this.release(event);
    this.change(() => (this.state.timeline = this.baselineTimeline()));
  }

  /** Adds an operation to the log (kept with the deployment, so a restart does not lose it). */
  record(entry: Omit<OpsEntry, 'id' | 'at' | 'service'>): OpsEntry {
    const full: OpsEntry = { id: randomUUID(), at: this.now().toISOString(), service: this.service, ...entry };
    this.state.log.push(full);
    if (this.state.log.length > LOG_LIMIT) this.state.log.splice(0, this.state.log.length - LOG_LIMIT);
    this.store.save(this.state);
    return full;
  }

  log(since?: Date): OpsEntry[] {
    return this.state.log.filter((e) => !since || Date.parse(e.at) >= since.getTime());
  }

  private change(mutate: () => void): void {
    mutate();
    this.store.save(this.state);
    const before = this.current;
    this.current = this.compute();
    for (const binding of this.bindings) {
      if (binding.keys.some((key) => before[key] !== this.current[key])) binding.apply(this.reader());
    }
  }

  private compute(): Record<string, SettingValue> {
    const values: Record<string, SettingValue> = Object.fromEntries(Object.entries(this.specs).map(([key, spec]) => [key, spec.default]));
    for (const event of this.state.timeline) {
      if (!this.effective(event)) continue;
      for (const [key, value] of Object.entries(event.changes)) if (key in this.specs) values[key] = value;
    }
    return values;
  }

  private effective(event: TimelineEvent): boolean {
    return event.kind === 'release' ? !event.rolledBack : !event.undone;
  }

  private leaseFor(leaseMs: number | undefined): { lease?: { expiresAt: string; ttlMs: number } } {
    return leaseMs === undefined ? {} : { lease: { expiresAt: new Date(Date.now() + leaseMs).toISOString(), ttlMs: leaseMs } };
  }

  private hold(event: TimelineEvent, ms: number): void {
    this.leases.set(event, new Lease(Math.max(0, ms), () => this.expire(event)));
  }

  /** The change's lease is over without it running out (withdrawn, reset). */
  private release(event: TimelineEvent): void {
    this.leases.get(event)?.cancel();
    this.leases.delete(event);
  }

  /** Nobody renewed the lease (the run that made the change is gone): the change is taken back. */
  private expire(event: TimelineEvent): void {
    this.leases.delete(event);
    if (!this.effective(event)) return;
    const by: Actor = { role: 'instructor', name: 'lease expired' };
    this.change(() => {
      if (event.kind === 'release') event.rolledBack = { at: this.now().toISOString(), by };
      else event.undone = true;
    });
    const what = event.kind === 'release' ? `release ${event.version} rolled back` : `configuration change of ${Object.keys(event.changes).join(', ')} undone`;
    this.record({ role: 'instructor', via: 'lease', action: 'lease-expired', detail: what, result: 'ok' });
  }

  /** Where a setting's current value comes from: the last event that set it. */
  private origin(key: string): { source: string; at: string | null } {
    const event = this.state.timeline.findLast((e) => key in e.changes && this.effective(e));
    if (!event) return { source: 'default', at: null };
    if (event.kind === 'release') return { source: `release ${event.version}`, at: event.at };
    return { source: event.source === 'ops' ? `ops set by ${describeActor(event.by)}` : 'config store', at: event.at };
  }

  /**
   * Every unknown key and every bad value named in one 400 line (params-validator's wording); a
   * learner's code paths are unknown keys to them: they are not settings.
   */
  private validate(input: unknown, role: Actor['role']): Record<string, SettingValue> {
    const open = Object.entries(this.specs).filter(([, spec]) => role === 'instructor' || (spec.kind ?? 'setting') === 'setting');
    const schema = z.strictObject(Object.fromEntries(open.map(([key, spec]) => [key, spec.schema.optional()])));
    const values = parseParams(schema, input, 'setting') as Record<string, SettingValue | undefined>;
    return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, SettingValue] => entry[1] !== undefined));
  }

  private spec(key: string): SettingSpec {
    const spec = this.specs[key];
    if (!spec) throw new Error(`${this.service}: no setting ${key}`);
    return spec;
  }

  private releaseEvents(): ReleaseEvent[] {
    return this.state.timeline.filter((e): e is ReleaseEvent => e.kind === 'release');
  }

  private activeReleases(): ReleaseEvent[] {
    return this.releaseEvents().filter((r) => !r.rolledBack);
  }

  private baselineTimeline(): TimelineEvent[] {
    const now = this.now().getTime();
    return this.baseline.map((r) => ({
      kind: 'release',
      version: r.version,
      changelog: r.changelog,
      at: new Date(now - r.daysAgo * DAY_MS).toISOString(),
      changes: r.changes ?? {},
    }));
  }
}

function describeActor(actor: Actor | undefined): string {
  if (!actor) return 'unknown';
  return actor.name ? `${actor.name} (${actor.role})` : `the ${actor.role}`;
}
