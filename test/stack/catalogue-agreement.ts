import { DEFAULT_PORT_BASE, LAB_COMPONENTS, type ServiceCatalogue } from '../../catalogue/service-catalogue';

/**
 * Where docker-compose.yml, prometheus/prometheus.yml and the services' own defaults disagree with
 * the service catalogue: one line per disagreement (none when they agree). The files stay plain
 * YAML for people to read; this is what keeps them honest.
 */

export interface ComposeService {
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
}
export interface PrometheusConfig {
  scrape_configs: Array<{ job_name: string; static_configs?: Array<{ targets: string[]; labels?: Record<string, string> }> }>;
}

/** The job that scrapes the lab's services in prometheus.yml. */
export const SERVICES_JOB = 'services';

/** The entry every lab service's container runs its service under. */
export const CONTAINER_SUPERVISOR = 'dist/lab/container-supervisor.js';

export function composeDisagreements(compose: ComposeFile, catalogue: ServiceCatalogue): string[] {
  const problems: string[] = [];
  // The lab's services are the ones built from this repository's image.
  const built = Object.entries(compose.services).filter(([, s]) => s.build !== undefined).map(([name]) => name);
  const components = new Map<string, (typeof LAB_COMPONENTS)[number]>(LAB_COMPONENTS.map((c) => [c.name, c]));
  for (const name of built) if (!catalogue.get(name) && !components.has(name)) problems.push(`compose builds ${name}, which is not in the catalogue`);
  for (const component of LAB_COMPONENTS) {
    const service = compose.services[component.name];
    const port = DEFAULT_PORT_BASE + component.portOffset;
    if (!service) problems.push(`compose has no ${component.name}`);
    else {
      if (JSON.stringify(service.command) !== JSON.stringify(['node', `dist/${component.entry}`])) problems.push(`compose ${component.name}: command is ${JSON.stringify(service.command)}, the catalogue says ${JSON.stringify(['node', `dist/${component.entry}`])}`);
      if (service.environment?.PORT !== String(port)) problems.push(`compose ${component.name}: PORT is ${JSON.stringify(service.environment?.PORT)}, the catalogue says "${port}"`);
      if (JSON.stringify(service.ports) !== JSON.stringify([`127.0.0.1:${port}:${port}`])) problems.push(`compose ${component.name}: ports is ${JSON.stringify(service.ports)}, the catalogue says ["127.0.0.1:${port}:${port}"]`);
    }
  }
  for (const entry of catalogue.services) {
    const service = compose.services[entry.name];
    if (!service) {
      problems.push(`compose has no service ${entry.name}`);
      continue;
    }
    const port = catalogue.port(entry.name);
    const env = service.environment ?? {};
    const dependsOn = Array.isArray(service.depends_on) ? {} : (service.depends_on ?? {});
    const expect = (what: string, actual: unknown, wanted: unknown): void => {
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`compose ${entry.name}: ${what} is ${JSON.stringify(actual)}, the catalogue says ${JSON.stringify(wanted)}`);
    };
    // each service under the container's supervisor (rolling restarts, lab/container-supervisor.ts)
    expect('command', service.command, ['node', CONTAINER_SUPERVISOR, `dist/${entry.entry}`]);
    expect('PORT', env.PORT, String(port));
    expect('ports', service.ports, [`127.0.0.1:${port}:${port}`]);
    expect('DATABASE_URL set', env.DATABASE_URL !== undefined, entry.database);
    expect('waits for postgres', dependsOn.postgres?.condition, entry.database ? 'service_healthy' : undefined);
    for (const [variable, callee] of Object.entries(entry.calls)) {
      expect(variable, env[variable], `http://${callee}:${catalogue.port(callee)}`);
      expect(`waits for ${callee}`, dependsOn[callee]?.condition, 'service_healthy');
    }
  }
  return problems;
}

export function prometheusDisagreements(config: PrometheusConfig, catalogue: ServiceCatalogue): string[] {
  const job = config.scrape_configs.find((j) => j.job_name === SERVICES_JOB);
  if (!job) return [`prometheus.yml has no "${SERVICES_JOB}" job`];
  const scraped = (job.static_configs ?? []).flatMap((c) => c.targets.map((target) => `${target} (service=${c.labels?.service})`)).sort();
  const wanted = catalogue.names().map((name) => `${name}:${catalogue.port(name)} (service=${name})`).sort();
  return [
    ...scraped.filter((t) => !wanted.includes(t)).map((t) => `prometheus.yml scrapes ${t}, which the catalogue does not have`),
    ...wanted.filter((t) => !scraped.includes(t)).map((t) => `prometheus.yml does not scrape ${t}`),
  ];
}

/**
 * A service run by hand (`node dist/services/<name>/server.js`) listens on the catalogue's port
 * and calls the others on theirs: its server.ts's defaults (`PORT ... .default(4103)`).
 */
export function serverDefaultDisagreements(serverSource: (service: string) => string, catalogue: ServiceCatalogue): string[] {
  const problems: string[] = [];
  for (const entry of catalogue.services) {
    const source = serverSource(entry.name);
    const port = /\bPORT: z\.coerce\.number\(\)[^\n]*\.default\((\d+)\)/.exec(source)?.[1];
    if (port !== String(catalogue.port(entry.name))) problems.push(`services/${entry.name}/server.ts: default PORT ${port ?? '(none)'}, the catalogue says ${catalogue.port(entry.name)}`);
    for (const [variable, callee] of Object.entries(entry.calls)) {
      const url = new RegExp(`\\b${variable}: z\\.string\\(\\)[^\\n]*\\.default\\('([^']*)'\\)`).exec(source)?.[1];
      const wanted = `http://127.0.0.1:${catalogue.port(callee)}`;
      if (url !== wanted) problems.push(`services/${entry.name}/server.ts: default ${variable} ${url ?? '(none)'}, the catalogue says ${wanted}`);
    }
  }
  return problems;
}
