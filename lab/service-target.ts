import { UserError } from '../common/user-error';
import { SERVICE_CATALOGUE } from '../catalogue/service-catalogue';
import { AdminClient } from './admin-client';
import { CLASSROOM_ADMIN_TOKEN } from '../common/compose-env';
import { labStatePath, readLabEndpoints, readLabState, servicesOf } from './lab-state';

export type TargetKind = 'local' | 'docker';

export interface TargetOptions {
  target: TargetKind;
  url?: string;
  token?: string;
  /** docker: the port the container publishes on 127.0.0.1 (default: the service's usual port). */
  port?: number;
  /** The learner's name, shown with their actions in the record (default: OUTAGE_LAB_LEARNER). */
  as?: string;
}

export interface ServiceTarget {
  service: string;
  baseUrl: string;
  token: string;
  learner?: string;
}

/**
 * Where a command reaches a service's admin API, and with which token.
 * URL: --url; docker: the container's port published on 127.0.0.1; local: the running lab's
 * endpoints (`outage-lab up` writes them; lab-endpoints.json is readable by every account).
 * Token: --token, else OUTAGE_LAB_TOKEN (a learner's, or the instructor's), else LAB_ADMIN_TOKEN,
 * else the running lab's own state (the instructor on the lab's machine); for --target docker, the
 * classroom stack's default, as `scenario run --target docker` takes it.
 */
export async function resolveServiceTarget(service: string, options: TargetOptions): Promise<ServiceTarget> {
  const state = await readLabState();
  let baseUrl = options.url;
  if (!baseUrl && options.target === 'docker') {
    const port = options.port ?? (SERVICE_CATALOGUE.get(service) ? SERVICE_CATALOGUE.port(service) : undefined);
    if (port === undefined) throw new UserError(`no usual port for "${service}": pass --port <published port> or --url`);
    baseUrl = `http://127.0.0.1:${port}`;
  }
  if (!baseUrl) {
    const lab = state ?? (await readLabEndpoints());
    if (!lab) throw new UserError(`no lab is running (no live ${labStatePath()}): start one with \`outage-lab up\`, or pass --url`);
    const known = servicesOf(lab);
    const entry = lab.services[service];
    if (!entry || !known.includes(service)) throw new UserError(`unknown service "${service}"; the lab runs: ${known.join(', ')}`);
    baseUrl = entry.url;
  }
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new UserError(`not a valid URL: ${baseUrl}`);
  }
  if (parsed.protocol !== 'http:') throw new UserError(`the admin API is plain HTTP on the local machine; got ${parsed.protocol}`);
  const token =
    options.token || process.env.OUTAGE_LAB_TOKEN || process.env.LAB_ADMIN_TOKEN || (options.target === 'docker' ? CLASSROOM_ADMIN_TOKEN : state?.adminToken);
  if (!token) throw new UserError('no token: set OUTAGE_LAB_TOKEN to the token your instructor gave you, or pass --token');
  const learner = options.as ?? process.env.OUTAGE_LAB_LEARNER;
  return { service, baseUrl: parsed.origin, token, ...(learner ? { learner } : {}) };
}

export function clientFor(target: ServiceTarget, timeoutMs?: number): AdminClient {
  return new AdminClient(target.service, target.baseUrl, target.token, timeoutMs).as({ learner: target.learner, via: 'cli' });
}
