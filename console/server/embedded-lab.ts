import type { Lab } from '../../lab/lab';
import type { ConsoleLab } from './console-lab';

/** The embedded lab (`outage-lab up`) as the console sees it: the services it runs, in its order. */
export function embeddedConsoleLab(lab: Lab): ConsoleLab {
  return {
    dir: lab.dir,
    adminToken: lab.adminToken,
    learnerToken: lab.learnerToken,
    databaseMetricsUrl: lab.exporterUrl,
    services: () => [...lab.services].flatMap(([name, s]) => (s.url ? [{ name, url: s.url }] : [])),
    restart: (service) => lab.restart(service),
  };
}
