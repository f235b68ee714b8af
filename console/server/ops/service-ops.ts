import { AppError } from '../../../services/kit/errors';
import type { Actor, LabOps } from './lab-ops';
import { readJsonAnswer } from '../../../common/json-answer';

export interface ServiceOpsOptions {
  services: () => Array<{ name: string; url: string }>;
  /** the instructor's token (LAB_ADMIN_TOKEN) and the learners' (LAB_LEARNER_TOKEN) */
  tokens: { instructor: string; learner?: string | undefined };
  /** a restart through the lab itself, for services that do not offer /__lab/ops/restart */
  restart: ((service: string) => Promise<void>) | null;
}

/**
 * The lab's operations API on each service (`/__lab/ops/*`, `/__lab/cpu-profile`, with the acting
 * role's own token and the learner's name in `x-learner`, so the service records who did what): the
 * console only relays. A service that does not offer an operation (404) makes it NOT_AVAILABLE.
 */
export class ServiceOps implements LabOps {
  constructor(private readonly options: ServiceOpsOptions) {}

  async describe(service: string): Promise<{ releases: unknown[]; settings: unknown[] } | null> {
    const actor: Actor = { role: 'learner', learner: null };
    try {
      const releases = (await this.call(service, 'GET', '/ops/releases', actor)) as { releases?: unknown[] };
      const settings = (await this.call(service, 'GET', '/ops/settings', actor)) as { settings?: unknown[] };
      return { releases: releases.releases ?? [], settings: settings.settings ?? [] };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_AVAILABLE') return null;
      throw err;
    }
  }

  async restart(service: string, actor: Actor): Promise<{ result: string }> {
    try {
      await this.call(service, 'POST', '/ops/restart', actor, {});
      return { result: `${service}: rolling restart started (the new process takes over once it serves)` };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NOT_AVAILABLE') || !this.options.restart) throw err;
    }
    const started = Date.now();
    await this.options.restart(service);
    return { result: `${service} restarted (rolling) in ${((Date.now() - started) / 1000).toFixed(1)} s` };
  }

  async rollback(service: string, version: string | undefined, actor: Actor): Promise<{ result: string }> {
    const done = (await this.call(service, 'POST', '/ops/rollback', actor, version ? { version } : {})) as { from?: string; to?: string };
    return { result: `${service} rolled back${done.from ? ` from ${done.from}` : ''}${done.to ? ` to ${done.to}` : ''}; restarting` };
  }

  async set(service: string, key: string, value: string, actor: Actor): Promise<{ result: string }> {
    const typed = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
    const done = (await this.call(service, 'PATCH', '/ops/settings', actor, { [key]: typed })) as { changed?: Array<{ key: string; from: unknown; to: unknown }> };
    const changes = (done.changed ?? []).map((c) => `${c.key} ${String(c.from)} → ${String(c.to)}`).join(', ');
    return { result: `${service}: ${changes || 'nothing changed'}` };
  }

  async profile(service: string, seconds: number): Promise<Buffer> {
    const body = await this.call(service, 'GET', `/cpu-profile?seconds=${seconds}`, { role: 'learner', learner: null }, undefined, (seconds + 30) * 1000);
    return Buffer.from(JSON.stringify(body));
  }

  async acknowledge(service: string, actor: Actor): Promise<{ acknowledgedAt: string; by: string }> {
    const done = (await this.call(service, 'POST', '/ops/ack', actor, {})) as { acknowledgedAt: string; by: string };
    return { acknowledgedAt: done.acknowledgedAt, by: done.by };
  }

  private async call(service: string, method: string, path: string, actor: Actor, body?: unknown, timeoutMs = 30_000): Promise<unknown> {
    const entry = this.options.services().find((s) => s.name === service);
    if (!entry) throw new AppError('VALIDATION_FAILED', `unknown service ${service}`);
    const { instructor, learner } = this.options.tokens;
    const token = actor.role === 'instructor' || !learner ? instructor : learner;
    let response: Response;
    try {
      response = await fetch(`${entry.url}/__lab${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-requested-by': 'console',
          ...(actor.learner ? { 'x-learner': actor.learner } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new AppError('UPSTREAM_FAILED', `${service} did not answer (${(err as Error).message})`);
    }
    const { body: parsed, error } = await readJsonAnswer(response);
    if (response.ok) return parsed;
    const message = `${service}: ${error?.message ?? `${response.status}`}`;
    if (response.status === 404 && (error?.code === 'ROUTE_NOT_FOUND' || !error)) throw new AppError('NOT_AVAILABLE', `${service} does not offer that operation`);
    if (response.status === 400) throw new AppError('VALIDATION_FAILED', message);
    if (response.status === 409) throw new AppError('CONFLICT', message);
    // A service that does not know the learners' token predates the learner role: it offers no operation to them.
    if (response.status === 401) throw new AppError('NOT_AVAILABLE', `${service} does not take the learners' token for operations`);
    if (response.status === 403) throw new AppError('FORBIDDEN', message);
    throw new AppError('UPSTREAM_FAILED', message);
  }
}
