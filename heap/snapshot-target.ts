import { CliError } from '../cli/cli-error';
import { LAB_SERVICES } from '../lab/lab';
import { labStatePath, readLabState } from '../lab/lab-state';

export type TargetKind = 'local' | 'docker';

export interface TargetOptions {
  target: TargetKind;
  url?: string;
  token?: string;
  /** docker: the port the container publishes on 127.0.0.1 (default: the service's usual port). */
  port?: number;
}

export interface SnapshotTarget {
  service: string;
  baseUrl: string;
  token: string;
}

/**
 * Where to ask for a service's heap snapshot, and with which admin token.
 * local: the running lab's state file (`outage-lab up`), unless --url is given.
 * docker: the container's port published on 127.0.0.1 (the admin API is never exposed beyond it).
 * The token: --token, else LAB_ADMIN_TOKEN, else the lab state's.
 */
export async function resolveSnapshotTarget(service: string, options: TargetOptions): Promise<SnapshotTarget> {
  const state = await readLabState();
  let baseUrl = options.url;
  if (!baseUrl && options.target === 'docker') {
    const port = options.port ?? (LAB_SERVICES as Record<string, { port: number } | undefined>)[service]?.port;
    if (port === undefined) throw new CliError(`no usual port for "${service}": pass --port <published port> or --url`);
    baseUrl = `http://127.0.0.1:${port}`;
  }
  if (!baseUrl) {
    if (!state) throw new CliError(`no lab is running (no live ${labStatePath()}): start one with \`outage-lab up\`, or pass --url`);
    const entry = state.services[service];
    const known = Object.keys(state.services).filter((s) => s !== 'lab-exporter');
    if (!entry || service === 'lab-exporter') throw new CliError(`unknown service "${service}"; the lab runs: ${known.join(', ')}`);
    baseUrl = entry.url;
  }
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new CliError(`not a valid URL: ${baseUrl}`);
  }
  if (parsed.protocol !== 'http:') throw new CliError(`the admin API is plain HTTP on the local machine; got ${parsed.protocol}`);
  const token = options.token ?? process.env.LAB_ADMIN_TOKEN ?? state?.adminToken;
  if (!token) throw new CliError('no admin token: pass --token or set LAB_ADMIN_TOKEN (no running lab to read it from)');
  return { service, baseUrl: parsed.origin, token };
}
