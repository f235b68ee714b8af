import { UserError } from '../common/user-error';
import { storefrontMix, widgetApiMix, widgetifyMix } from '../load/route-mixes';
import type { Segment } from '../load/route-mix';
import { partnerApiFaults } from '../services/partner-api/faults';
import { storefrontFaults } from '../services/storefront/faults';
import { widgetApiFaults } from '../services/widget-api/faults';
import { widgetifyFaults } from '../services/widgetify/faults';
import type { FaultDelivery } from './fault-delivery';

/**
 * What the lab is made of: one entry per service, with every fact other parts derive from (the
 * embedded lab's processes and ports, `outage-lab load`'s traffic, which faults a scenario may
 * switch and with which parameters, the words the grader recognises). docker-compose.yml and
 * prometheus/prometheus.yml stay plain YAML for people to read; test/stack/catalogue-agreement
 * fails when they disagree with this file. Adding a service: docs/adding-an-incident.md.
 */

/** What kind of mechanism a fault is: what a root-cause statement is graded against (grading/lexicon/fault-classes.ts). */
export const FAULT_CLASSES = ['memory-leak-references', 'unbounded-cache', 'pool-exhaustion'] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

/**
 * A fault: its family, and how it arrives (a release or a configuration change: fault-delivery.ts,
 * from services/<name>/faults.ts) with its parameters (services/<name>/fault-params.ts).
 */
export interface FaultEntry extends FaultDelivery {
  /** The mechanism's family; null for a fault that only ever plays a red herring (a slower partner). */
  readonly class: FaultClass | null;
}

export interface ServiceEntry {
  /** The service's name everywhere: its metrics' `service` label, its compose service, its log file. */
  readonly name: string;
  /** Its compiled entry point, relative to the build output (dist/). */
  readonly entry: string;
  /** It listens on the port base + this (4100 + 3 = 4103), in the embedded lab and in the compose stack. */
  readonly portOffset: number;
  /** Whether it needs DATABASE_URL (and so waits for PostgreSQL). */
  readonly database: boolean;
  /** Environment variables that receive another service's base URL (PARTNER_URL: partner-api): it starts after them. */
  readonly calls: Readonly<Record<string, string>>;
  /** Its users' traffic (`outage-lab load <service>`); a service without one only serves the others. */
  readonly routeMix?: (options: { distinctKeys?: boolean }) => Segment[];
  /**
   * How learners name it in a postmortem, as regular-expression fragments matched case-insensitively
   * as whole words (`widget[- ]?api`). Empty: the grader does not count it as a lab service.
   */
  readonly terms: readonly string[];
  /** The faults it has, by their admin name. */
  readonly faults: Readonly<Record<string, FaultEntry>>;
}

/** The embedded lab's ports besides the services': its database metrics and PostgreSQL. */
export const DEFAULT_PORT_BASE = 4100;
export const INFRASTRUCTURE_PORT_OFFSETS = { exporter: 9, database: 32 } as const;

/**
 * The lab's own processes built from this repository besides the services: the console, on the
 * port base itself (`up` serves it there; the compose stack runs it as a service of its own).
 */
export const LAB_COMPONENTS = [{ name: 'console', entry: 'console/server/server.js', portOffset: 0 }] as const;

const SERVICES: readonly ServiceEntry[] = [
  {
    name: 'widget-api',
    entry: 'services/widget-api/server.js',
    portOffset: 1,
    database: true,
    calls: { PARTNER_URL: 'partner-api' },
    routeMix: widgetApiMix,
    terms: ['widget[- ]?api', 'quantum widget', 'widget (service|server|backend|renderer|rendering service)', 'widgets api'],
    faults: {
      'render-retention': { class: 'memory-leak-references', ...widgetApiFaults['render-retention'] },
      'insights-retention': { class: 'memory-leak-references', ...widgetApiFaults['insights-retention'] },
    },
  },
  {
    name: 'storefront',
    entry: 'services/storefront/server.js',
    portOffset: 2,
    database: true,
    calls: {},
    routeMix: storefrontMix,
    terms: ['store[- ]?front', 'e-?commerce (platform|site|store|app\\w*|service|backend)', 'online (store|shop)', 'shop(ping)? (site|platform|app)'],
    faults: {
      'recommendation-sessions': { class: 'memory-leak-references', ...storefrontFaults['recommendation-sessions'] },
      'page-cache-unbounded': { class: 'unbounded-cache', ...storefrontFaults['page-cache-unbounded'] },
    },
  },
  {
    name: 'widgetify',
    entry: 'services/widgetify/server.js',
    portOffset: 3,
    database: true,
    calls: {},
    routeMix: widgetifyMix,
    terms: ['widgetify'],
    faults: {
      'pool-unbounded': { class: 'pool-exhaustion', ...widgetifyFaults['pool-unbounded'] },
    },
  },
  {
    // The external pricing partner the widget-api calls. No terms: learners name it as an external
    // dependency, which the grader reads as that red herring, not as a lab service.
    name: 'partner-api',
    entry: 'services/partner-api/server.js',
    portOffset: 4,
    database: false,
    calls: {},
    terms: [],
    faults: {
      'slow-responses': { class: null, ...partnerApiFaults['slow-responses'] },
    },
  },
];

/** A set of services that hang together (names and ports unique, calls to services it has). */
export class ServiceCatalogue {
  private readonly byName: ReadonlyMap<string, ServiceEntry>;

  constructor(readonly services: readonly ServiceEntry[]) {
    const offsets = new Set<number>([...Object.values(INFRASTRUCTURE_PORT_OFFSETS)]);
    const names = new Map<string, ServiceEntry>();
    for (const s of services) {
      if (!/^[a-z][a-z0-9-]*$/.test(s.name)) throw new Error(`service name "${s.name}": lower-case letters, digits and dashes`);
      if (names.has(s.name)) throw new Error(`service ${s.name} is in the catalogue twice`);
      if (offsets.has(s.portOffset)) throw new Error(`${s.name}'s port offset ${s.portOffset} is taken`);
      names.set(s.name, s);
      offsets.add(s.portOffset);
    }
    for (const s of services) {
      for (const [variable, callee] of Object.entries(s.calls)) {
        if (!names.has(callee)) throw new Error(`${s.name} calls ${callee} (${variable}), which is not in the catalogue`);
      }
    }
    this.byName = names;
  }

  /** This catalogue and more entries (a test fixture's new service, without editing this file). */
  with(...more: ServiceEntry[]): ServiceCatalogue {
    return new ServiceCatalogue([...this.services, ...more]);
  }

  names(): string[] {
    return this.services.map((s) => s.name);
  }

  /** The services learners use (they have a route mix): what `load` and a scenario's `service` may name. */
  userFacing(): string[] {
    return this.services.filter((s) => s.routeMix).map((s) => s.name);
  }

  get(name: string): ServiceEntry | undefined {
    return this.byName.get(name);
  }

  /** The entry, or a user error listing the services there are. */
  require(name: string): ServiceEntry {
    const found = this.byName.get(name);
    if (!found) throw new UserError(`no service named "${name}"; there are: ${this.names().join(', ')}`);
    return found;
  }

  fault(service: string, fault: string): FaultEntry | undefined {
    return this.byName.get(service)?.faults[fault];
  }

  /** The order to start them in: a service after the ones it calls. */
  startOrder(): ServiceEntry[] {
    const ordered: ServiceEntry[] = [];
    const visit = (s: ServiceEntry, path: string[]): void => {
      if (ordered.includes(s)) return;
      if (path.includes(s.name)) throw new Error(`services call each other in a circle: ${[...path, s.name].join(' → ')}`);
      for (const callee of Object.values(s.calls)) visit(this.byName.get(callee)!, [...path, s.name]);
      ordered.push(s);
    };
    for (const s of this.services) visit(s, []);
    return ordered;
  }

  /** A service's port for a port base (0 = pick free ports: 0 for every service). */
  port(name: string, base = DEFAULT_PORT_BASE): number {
    return base === 0 ? 0 : base + this.require(name).portOffset;
  }
}

/** The lab's services: widget-api, storefront, widgetify, and partner-api that the widget-api calls. */
export const SERVICE_CATALOGUE = new ServiceCatalogue(SERVICES);

/** The default traffic of a service with a route mix (`outage-lab load widget-api`). */
export function routeMixFor(service: string, options: { distinctKeys?: boolean } = {}, catalogue = SERVICE_CATALOGUE): Segment[] {
  const mix = catalogue.require(service).routeMix;
  if (!mix) throw new UserError(`${service} has no route mix of its own; these do: ${catalogue.userFacing().join(', ')}`);
  return mix(options);
}

/** A whole-word, case-insensitive pattern from term fragments (as in ServiceEntry.terms); null when there are none. */
export function termsPattern(terms: readonly string[]): RegExp | null {
  return terms.length === 0 ? null : new RegExp(`\\b(${terms.join('|')})\\b`, 'i');
}
