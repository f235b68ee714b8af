import { AdminClient } from '../lab/admin-client';
import { labStatePath, readLabState, type LabState } from '../lab/lab-state';
import { CliError } from './cli-error';

/** The running lab (from the state file `outage-lab up` writes), or a clear error saying how to start one. */
export async function requireLab(): Promise<LabState> {
  const state = await readLabState();
  if (!state) throw new CliError(`no lab is running (no live ${labStatePath()}): start one with \`outage-lab up\``);
  return state;
}

export function adminClientFor(state: LabState, service: string): AdminClient {
  const entry = state.services[service];
  const known = Object.keys(state.services).filter((s) => s !== 'lab-exporter');
  if (!entry || service === 'lab-exporter') throw new CliError(`unknown service "${service}"; the lab runs: ${known.join(', ')}`);
  return new AdminClient(service, entry.url, process.env.LAB_ADMIN_TOKEN || state.adminToken);
}
