import type { LabOptions } from './lab';

/** The lab's ports from a base: services on n+1..n+4, the database metrics on n+9, PostgreSQL on n+32; 0 picks free ports. */
export function portsFrom(base: number): LabOptions['ports'] {
  const at = (offset: number): number => (base === 0 ? 0 : base + offset);
  return { 'widget-api': at(1), storefront: at(2), widgetify: at(3), 'partner-api': at(4), exporter: at(9), database: at(32) };
}
