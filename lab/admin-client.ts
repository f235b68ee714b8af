import { CliError } from '../cli/cli-error';
import type { FaultState } from '../services/kit/fault-registry';

export type { FaultState };

/** Talks to one service's admin API (/__lab) with the bearer token; errors carry the service's message. */
export class AdminClient {
  constructor(
    readonly service: string,
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async listFaults(): Promise<FaultState[]> {
    return ((await this.request('GET', '/__lab/faults')) as { faults: FaultState[] }).faults;
  }

  async enableFault(name: string, params: Record<string, unknown> = {}): Promise<FaultState> {
    return (await this.request('PUT', `/__lab/faults/${encodeURIComponent(name)}`, { params })) as FaultState;
  }

  async disableFault(name: string): Promise<FaultState> {
    return (await this.request('DELETE', `/__lab/faults/${encodeURIComponent(name)}`)) as FaultState;
  }

  /** Forces garbage collection (when the service runs with --expose-gc) and returns process.memoryUsage(). */
  async gc(): Promise<{ collected: boolean; memory: NodeJS.MemoryUsage }> {
    return (await this.request('POST', '/__lab/gc')) as { collected: boolean; memory: NodeJS.MemoryUsage };
  }

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new CliError(`${this.service} at ${this.baseUrl} did not answer (${(err as Error).cause ?? (err as Error).message})`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new CliError(`${this.service}: ${response.status} ${error?.code ?? ''} ${error?.message ?? text}`.replace(/\s+/g, ' ').trim());
    }
    return parsed;
  }
}
