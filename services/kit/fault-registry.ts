import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from './errors';
import { describeIssues } from './validation';

/**
 * Faults a service can switch on and off at run time. A fault is described by a name, a
 * parameter schema with defaults, and what to do when it is enabled (with its parameters) or
 * disabled. The domain code owns the mechanism; the registry only switches it.
 *
 * Faults hook into the service through their own components (a cache setting, a job, a pool
 * option) or through the two generic hooks here: a per-request hook and a repeating timer,
 * both removed when the fault is disabled.
 */

export interface FaultHooks {
  /** Repeat `fn` every `ms` while the fault is on; the timer does not keep the process alive. */
  every(ms: number, fn: () => void): void;
  /** Run `fn` at the start of every request while the fault is on. */
  onRequest(fn: (route: { method: string; path: string }) => void): void;
}

export interface FaultDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** What the fault does, for instructors (only ever shown behind the admin token). */
  description: string;
  params: S;
  enable(params: z.infer<S>, hooks: FaultHooks): void | Promise<void>;
  disable(): void | Promise<void>;
}

export interface FaultState {
  name: string;
  description: string;
  enabled: boolean;
  params: Record<string, unknown>;
  enabledAt: string | null;
  paramsSchema: unknown;
}

interface Entry {
  definition: FaultDefinition;
  enabled: boolean;
  params: Record<string, unknown>;
  enabledAt: Date | null;
  timers: NodeJS.Timeout[];
  requestHooks: Array<(route: { method: string; path: string }) => void>;
}

export class FaultRegistry {
  private readonly entries = new Map<string, Entry>();
  private activeRequestHooks: Array<(route: { method: string; path: string }) => void> = [];

  constructor(private readonly logger?: Logger) {}

  define<S extends z.ZodObject>(definition: FaultDefinition<S>): this {
    if (this.entries.has(definition.name)) throw new Error(`fault ${definition.name} is defined twice`);
    this.entries.set(definition.name, {
      definition: definition as unknown as FaultDefinition,
      enabled: false,
      params: definition.params.parse({}) as Record<string, unknown>,
      enabledAt: null,
      timers: [],
      requestHooks: [],
    });
    return this;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  list(): FaultState[] {
    return this.names().map((name) => this.get(name));
  }

  get(name: string): FaultState {
    const entry = this.entry(name);
    return {
      name,
      description: entry.definition.description,
      enabled: entry.enabled,
      params: { ...entry.params },
      enabledAt: entry.enabledAt?.toISOString() ?? null,
      paramsSchema: z.toJSONSchema(entry.definition.params, { io: 'input' }),
    };
  }

  /** Switch a fault on, or change the parameters of one that is on. Throws VALIDATION_FAILED for bad parameters. */
  async enable(name: string, rawParams: unknown = {}): Promise<FaultState> {
    const entry = this.entry(name);
    const parsed = entry.definition.params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', describeIssues(parsed.error), parsed.error.issues);
    }
    if (entry.enabled) await this.switchOff(entry);
    const hooks: FaultHooks = {
      every: (ms, fn) => {
        const timer = setInterval(fn, ms);
        timer.unref();
        entry.timers.push(timer);
      },
      onRequest: (fn) => {
        entry.requestHooks.push(fn);
        this.refreshRequestHooks();
      },
    };
    await entry.definition.enable(parsed.data, hooks);
    entry.enabled = true;
    entry.params = parsed.data as Record<string, unknown>;
    entry.enabledAt = new Date();
    // Debug level: an instructor can see it with LOG_LEVEL=debug; learners read info logs.
    this.logger?.debug({ fault: name, params: entry.params }, 'lab fault enabled');
    return this.get(name);
  }

  async disable(name: string): Promise<FaultState> {
    const entry = this.entry(name);
    if (entry.enabled) {
      await this.switchOff(entry);
      this.logger?.debug({ fault: name }, 'lab fault disabled');
    }
    return this.get(name);
  }

  async disableAll(): Promise<void> {
    for (const name of this.names()) await this.disable(name);
  }

  /** Called by the kit at the start of each request; cheap when no fault hooks requests. */
  runRequestHooks(route: { method: string; path: string }): void {
    for (const hook of this.activeRequestHooks) hook(route);
  }

  private async switchOff(entry: Entry): Promise<void> {
    for (const timer of entry.timers) clearInterval(timer);
    entry.timers = [];
    entry.requestHooks = [];
    this.refreshRequestHooks();
    entry.enabled = false;
    entry.enabledAt = null;
    await entry.definition.disable();
  }

  private refreshRequestHooks(): void {
    this.activeRequestHooks = [...this.entries.values()].flatMap((e) => e.requestHooks);
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new AppError('FAULT_NOT_FOUND', `No fault named "${name}"; known: ${this.names().join(', ') || 'none'}`);
    return entry;
  }
}

/**
 * Faults to switch on at start, from LAB_FAULTS: a JSON object `{"<fault>": {params}}` or a
 * comma-separated list of names (default parameters).
 */
export function parseStartupFaults(value: string | undefined): Record<string, Record<string, unknown>> {
  if (!value || value.trim() === '') return {};
  const text = value.trim();
  if (text.startsWith('{')) {
    const parsed = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`LAB_FAULTS is not a JSON object of fault parameters: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
  return Object.fromEntries(text.split(',').map((name) => [name.trim(), {}]));
}
