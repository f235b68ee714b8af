import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';

/** Where the classroom stack's files live, and small readers the stack tests share. */

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
export const PROMETHEUS_DIR = path.join(REPO_ROOT, 'prometheus');
export const RULES_DIR = path.join(PROMETHEUS_DIR, 'rules');
export const GRAFANA_DIR = path.join(REPO_ROOT, 'grafana', 'provisioning');
export const DATASOURCE_UID = 'outage-lab-prometheus';

/** The lab's Node services in the compose file, with the port each listens on (the catalogue's; catalogue-agreement.test.ts checks the file). */
export const NODE_SERVICES: Readonly<Record<string, number>> = Object.fromEntries(SERVICE_CATALOGUE.names().map((name) => [name, SERVICE_CATALOGUE.port(name)]));

export function repoFile(...parts: string[]): string {
  return readFileSync(path.join(REPO_ROOT, ...parts), 'utf8');
}

/** A YAML file of the repository, with `<<:` merge keys resolved as Compose resolves them. */
export function readYaml<T = unknown>(...parts: string[]): T {
  return parse(repoFile(...parts), { merge: true }) as T;
}

/** The absolute path of an executable on PATH, or null. */
export function commandPath(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || null : null;
}
