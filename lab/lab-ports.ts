import { INFRASTRUCTURE_PORT_OFFSETS, SERVICE_CATALOGUE } from '../catalogue/service-catalogue';
import type { LabOptions } from './lab';

/**
 * The lab's ports from a base: each service on base + its catalogue offset (4101..4104 from 4100),
 * the database metrics on base + 9, PostgreSQL on base + 32; 0 picks free ports.
 */
export function portsFrom(base: number, catalogue = SERVICE_CATALOGUE): NonNullable<LabOptions['ports']> {
  const at = (offset: number): number => (base === 0 ? 0 : base + offset);
  return {
    ...Object.fromEntries(catalogue.services.map((s) => [s.name, at(s.portOffset)])),
    exporter: at(INFRASTRUCTURE_PORT_OFFSETS.exporter),
    database: at(INFRASTRUCTURE_PORT_OFFSETS.database),
  };
}

/** "n+1..n+4": where the services listen from a port base, for option help. */
export function servicePortsText(catalogue = SERVICE_CATALOGUE): string {
  const offsets = catalogue.services.map((s) => s.portOffset);
  return `n+${Math.min(...offsets)}..n+${Math.max(...offsets)}`;
}
