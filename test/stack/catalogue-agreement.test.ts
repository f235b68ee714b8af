import { SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import {
  composeDisagreements,
  prometheusDisagreements,
  serverDefaultDisagreements,
  SERVICES_JOB,
  type ComposeFile,
  type PrometheusConfig,
} from './catalogue-agreement';
import { readYaml, repoFile } from './stack-files';

/**
 * docker-compose.yml, prometheus/prometheus.yml and the services' own defaults say what the
 * service catalogue says: the same services, ports, entry points, databases, calls and scrape targets.
 */

const compose = readYaml<ComposeFile>('docker-compose.yml');
const prometheus = readYaml<PrometheusConfig>('prometheus', 'prometheus.yml');
const serverSource = (service: string): string => repoFile('services', service, 'server.ts');

test('docker-compose.yml runs the catalogue’s services, on its ports, with its databases and calls', () => {
  expect(composeDisagreements(compose, SERVICE_CATALOGUE)).toEqual([]);
});

test('prometheus.yml scrapes every catalogue service on its port, labelled with its name, and nothing else', () => {
  expect(prometheusDisagreements(prometheus, SERVICE_CATALOGUE)).toEqual([]);
});

test('each service run by hand listens on its catalogue port and calls the others on theirs', () => {
  expect(serverDefaultDisagreements(serverSource, SERVICE_CATALOGUE)).toEqual([]);
});

test('a disagreement is told, one line each: a moved port, a missing scrape target, a service the catalogue lacks', () => {
  const moved = structuredClone(compose);
  moved.services.widgetify!.environment!.PORT = '4105';
  moved.services.extra = { build: '.' };
  moved.services.console!.ports = ['127.0.0.1:4200:4200'];
  expect(composeDisagreements(moved, SERVICE_CATALOGUE)).toEqual([
    'compose builds extra, which is not in the catalogue',
    'compose console: ports is ["127.0.0.1:4200:4200"], the catalogue says ["127.0.0.1:4100:4100"]',
    'compose widgetify: PORT is "4105", the catalogue says "4103"',
  ]);
  const unscraped = structuredClone(prometheus);
  const job = unscraped.scrape_configs.find((j) => j.job_name === SERVICES_JOB)!;
  job.static_configs = job.static_configs!.filter((c) => c.labels?.service !== 'storefront');
  expect(prometheusDisagreements(unscraped, SERVICE_CATALOGUE)).toEqual(['prometheus.yml does not scrape storefront:4102 (service=storefront)']);
  const withNewService = SERVICE_CATALOGUE.with({ ...SERVICE_CATALOGUE.require('partner-api'), name: 'notifier', portOffset: 5 });
  expect(composeDisagreements(compose, withNewService)).toEqual(['compose has no service notifier']);
  expect(prometheusDisagreements(prometheus, withNewService)).toEqual(['prometheus.yml does not scrape notifier:4105 (service=notifier)']);
});
