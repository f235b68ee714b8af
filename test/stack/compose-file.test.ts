import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SCRAPE_INTERVAL_S } from '../../scenarios/alerts/private-prometheus';
import { commandPath, COMPOSE_FILE, NODE_SERVICES, readYaml, repoFile, REPO_ROOT } from './stack-files';

interface ComposeService {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  command?: string[];
  environment?: Record<string, string>;
  init?: boolean;
  restart?: string;
  mem_limit?: string;
  memswap_limit?: string;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  logging?: { driver: string; options?: Record<string, string> };
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  version?: string;
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = readYaml<ComposeFile>('docker-compose.yml');
const services = Object.entries(compose.services);
const nodeServices = Object.keys(NODE_SERVICES);

/** "256m" -> bytes. */
function bytes(size: string): number {
  const match = /^(\d+)([kmg])?b?$/i.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Number(match[1]) * unit;
}

/** Resolves "${NAME:-default}" the way Compose does when NAME is unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

describe('docker-compose.yml', () => {
  test('has the services, the console, the database, its exporter, Prometheus, Alertmanager and Grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [...nodeServices, 'console', 'postgres', 'postgres-exporter', 'prometheus', 'alertmanager', 'grafana'].sort(),
    );
  });

  test('the console: built from this repository, its own server, charts and alerts from the stack\'s Prometheus, tokens set', () => {
    const console_ = compose.services.console!;
    expect(console_.build).toBe('.');
    expect(console_.command).toEqual(['node', 'dist/console/server/server.js']);
    expect(existsSync(path.join(REPO_ROOT, 'console', 'server', 'server.ts'))).toBe(true);
    expect(console_.environment?.PROMETHEUS_URL).toBe('http://prometheus:9090');
    expect(withDefaults(console_.environment?.LAB_ADMIN_TOKEN ?? '')).toBe(withDefaults(compose.services['widget-api']!.environment!.LAB_ADMIN_TOKEN!));
    expect(withDefaults(console_.environment?.LAB_LEARNER_TOKEN ?? '')).not.toBe('');
    expect(console_.ports).toEqual([`127.0.0.1:${console_.environment?.PORT}:${console_.environment?.PORT}`]);
  });

  test('stays within what Compose v1 and v2 both accept (no version/name keys, no deploy limits)', () => {
    expect(compose.version).toBeUndefined();
    expect(compose.name).toBeUndefined();
    for (const [name, service] of services) expect({ name, deploy: 'deploy' in service }).toEqual({ name, deploy: false });
  });

  test.each(services)('%s: restarts, is health-checked, has a memory limit and capped logs', (_name, service) => {
    expect(service.restart).toBe('unless-stopped');
    expect(service.healthcheck?.test?.length).toBeGreaterThan(1);
    expect(bytes(service.mem_limit ?? '0')).toBeGreaterThan(0);
    expect(service.logging?.driver).toBe('json-file');
    expect(service.logging?.options?.['max-size']).toMatch(/^\d+[kmg]$/);
    expect(Number(service.logging?.options?.['max-file'])).toBeGreaterThan(0);
  });

  test.each(services)('%s: image tag pinned', (_name, service) => {
    const image = withDefaults(service.image ?? '');
    const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
    expect({ image, tag }).toMatchObject({ tag: expect.stringMatching(/\d|^local$/) });
    expect(tag).not.toBe('latest');
  });

  test.each(services)('%s: depends_on waits on conditions, host ports bind to 127.0.0.1 only', (_name, service) => {
    if (service.depends_on) {
      expect(Array.isArray(service.depends_on)).toBe(false);
      for (const dep of Object.values(service.depends_on)) {
        expect(['service_healthy', 'service_started', 'service_completed_successfully']).toContain(dep.condition);
      }
    }
    for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  test.each(nodeServices)('%s: built image (never pulled), init, no swap, V8 heap limit well inside the memory limit', (name) => {
    const service = compose.services[name]!;
    expect(service.build).toBe('.');
    // with image: and build:, Compose v2 would first try to pull the image from a registry
    expect(service.pull_policy).toBe('build');
    expect(service.init).toBe(true);
    expect(service.memswap_limit).toBe(service.mem_limit);
    const limit = bytes(service.mem_limit!);
    expect(limit).toBeLessThanOrEqual(512 * 1024 ** 2);
    const heap = Number(/--max-old-space-size=(\d+)/.exec(service.environment?.NODE_OPTIONS ?? '')?.[1]) * 1024 ** 2;
    // A leak must end at V8's limit, not the kernel's: the service needs ~40 MiB besides its heap
    // and the healthcheck's node process ~30 MiB (measured), so keep at least 96 MiB free.
    expect(heap).toBeGreaterThan(0);
    expect(limit - heap).toBeGreaterThanOrEqual(96 * 1024 ** 2);
    expect(heap / limit).toBeGreaterThanOrEqual(0.5);
  });

  test.each(nodeServices)('%s: runs its own compiled server on its own port, reachable from other containers', (name) => {
    const service = compose.services[name]!;
    // under the container's supervisor, which rolls a restart as the embedded lab does (no refused connections)
    expect(service.command).toEqual(['node', 'dist/lab/container-supervisor.js', `dist/services/${name}/server.js`]);
    expect(existsSync(path.join(REPO_ROOT, 'services', name, 'server.ts'))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, 'lab', 'container-supervisor.ts'))).toBe(true);
    expect(service.environment?.PORT).toBe(String(NODE_SERVICES[name]));
    expect(service.environment?.HOST).toBe('0.0.0.0');
    expect(withDefaults(service.environment?.LAB_ADMIN_TOKEN ?? '')).not.toBe('');
    expect(withDefaults(service.environment?.LAB_LEARNER_TOKEN ?? '')).not.toBe('');
    expect(withDefaults(service.environment?.LAB_LEARNER_TOKEN ?? '')).not.toBe(withDefaults(service.environment?.LAB_ADMIN_TOKEN ?? ''));
    expect(service.environment?.STATE_DIR).toMatch(/^\//);
    expect(service.healthcheck?.test?.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
  });

  test('services that use the database wait for it to be healthy; the widget-api waits for its partner', () => {
    for (const name of nodeServices) {
      const service = compose.services[name]!;
      if (!service.environment?.DATABASE_URL) continue;
      expect((service.depends_on as Record<string, { condition: string }>).postgres).toEqual({ condition: 'service_healthy' });
    }
    expect(compose.services['widget-api']!.environment?.PARTNER_URL).toBe('http://partner-api:4104');
    expect((compose.services['widget-api']!.depends_on as Record<string, unknown>)['partner-api']).toEqual({ condition: 'service_healthy' });
  });

  test('PostgreSQL: pinned 15, a small max_connections that the pools fit under the alert threshold, pg_isready', () => {
    const postgres = compose.services.postgres!;
    expect(postgres.image).toMatch(/^postgres:15\.\d+/);
    expect(postgres.healthcheck?.test).toContain('pg_isready');
    const maxConnections = Number(/^max_connections=(\d+)$/.exec(postgres.command!.find((a) => a.startsWith('max_connections='))!)![1]);
    expect(maxConnections).toBeLessThanOrEqual(50);
    // Healthy pools at their maximum, plus the exporter's connection, stay under DatabaseConnectionsNearLimit (80%).
    const pools = nodeServices
      .filter((name) => compose.services[name]!.environment?.DATABASE_URL)
      .map((name) => Number(compose.services[name]!.environment?.DB_POOL_MAX));
    expect(pools.every((n) => n > 0)).toBe(true);
    expect(pools.reduce((a, b) => a + b, 0) + 1).toBeLessThanOrEqual(0.8 * maxConnections);
  });

  test('mounted configuration files exist', () => {
    for (const [, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect({ source, exists: existsSync(path.join(REPO_ROOT, source)) }).toEqual({ source, exists: true });
      }
    }
  });

  test('Grafana: anonymous Viewer, provisioned', () => {
    const grafana = compose.services.grafana!;
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    expect(grafana.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  test('.env.example documents every variable the file reads', () => {
    const used = new Set([...repoFile('docker-compose.yml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]));
    const documented = new Set([...repoFile('.env.example').matchAll(/^#?\s*([A-Z_]+)=/gm)].map((m) => m[1]));
    expect([...used].filter((v) => !documented.has(v))).toEqual([]);
  });

  const composeBinary = commandPath('docker-compose');
  (composeBinary ? test : test.skip)('docker-compose config -q accepts it', () => {
    const result = spawnSync(composeBinary!, ['-f', COMPOSE_FILE, 'config', '-q'], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
  if (!composeBinary) console.warn('SKIPPED docker-compose config -q: docker-compose is not installed');
});

describe('Dockerfile', () => {
  const dockerfile = repoFile('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));

  test('multi-stage on a pinned Node 20 slim image; runtime with production dependencies only', () => {
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(nodeImage).toMatch(/^node:20\.\d+(\.\d+)?-bookworm-slim$/);
    expect(instructions.filter((l) => l.startsWith('FROM '))).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE} AS runtime']);
    const runtime = instructions.slice(instructions.indexOf('FROM ${NODE_IMAGE} AS runtime'));
    expect(runtime.some((l) => /^RUN npm ci .*--omit=dev.*--omit=optional/.test(l))).toBe(true);
    expect(instructions.some((l) => /^RUN npx tsc -p \.$/.test(l))).toBe(true);
  });

  test('runs as a non-root user, checks health with node -e, starts with CMD ["node", ...]', () => {
    const user = instructions.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(instructions.some((l) => /^HEALTHCHECK .*CMD \["node", "-e"/.test(l))).toBe(true);
    expect(instructions.filter((l) => l.startsWith('CMD ')).pop()).toMatch(/^CMD \["node", "dist\/services\/[a-z-]+\/server\.js"\]$/);
  });

  test('.dockerignore is an allow-list', () => {
    const lines = repoFile('.dockerignore')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines[0]).toBe('*');
    expect(lines.slice(1).every((l) => l.startsWith('!'))).toBe(true);
    expect(lines).toEqual(expect.arrayContaining(['!package.json', '!package-lock.json', '!services/']));
  });
});

describe('prometheus.yml', () => {
  test("scrapes and evaluates as often as the embedded lab's Prometheus: an arc pages at the same time on both targets", () => {
    const config = readYaml<{ global: Record<string, string> }>('prometheus', 'prometheus.yml');
    const interval = `${SCRAPE_INTERVAL_S}s`;
    expect(config.global).toMatchObject({ scrape_interval: interval, evaluation_interval: interval });
    expect(parseFloat(config.global.scrape_timeout!)).toBeLessThanOrEqual(SCRAPE_INTERVAL_S);
  });
});
