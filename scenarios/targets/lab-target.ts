import type { AdminClient } from '../../lab/admin-client';

/** How a service's process has fared so far (counters only grow; the runner takes differences). */
export interface ProcessHistory {
  /** times the process was started again, for any reason (a requested restart, or after it died) */
  restarts: number;
  /** deaths nobody asked for */
  crashes: number;
  /** deaths from running out of memory (V8's heap limit, or the kernel's OOM killer) */
  oomKills: number;
  /** when each death happened (ISO), with whether it was out of memory */
  deaths: Array<{ at: string; outOfMemory: boolean }>;
}

/**
 * Where a scenario runs: the embedded lab (local processes) or the classroom's compose stack
 * (containers). The runner only talks to this interface.
 */
export interface LabTarget {
  readonly kind: 'local' | 'docker';
  /** one line for the terminal: "embedded lab started for this run", "compose project outage-lab" */
  readonly description: string;
  /** The lab services it runs (the catalogue's). */
  readonly services: string[];
  /** Base URL of a lab service (widget-api, storefront, widgetify, partner-api). */
  serviceUrl(service: string): string;
  /** /metrics base URL of PostgreSQL's side (pg_stat_activity_count, pg_settings_max_connections), when the runner can read it. */
  readonly databaseMetricsUrl: string | null;
  /**
   * Where under databaseMetricsUrl those metrics are (default /metrics). The compose stack does not
   * publish its exporter's port: its metrics are read through the stack's Prometheus (/federate).
   */
  readonly databaseMetricsPath?: string;
  /** A Prometheus that already watches this lab (the stack's); null when the runner should bring its own. */
  readonly prometheusUrl: string | null;
  /** Hosts besides loopback that load may go to. */
  readonly allowHosts: string[];
  admin(service: string): AdminClient;
  /** Restarts the service (graceful stop, start again) and resolves once it serves again. */
  restart(service: string): Promise<void>;
  processHistory(service: string): Promise<ProcessHistory>;
  /** Values to add to the service's samples that /metrics cannot give (a container's memory). */
  extraValues(service: string): Promise<Record<string, number>>;
  /** Releases what the target started for the run (an embedded lab started for it). */
  close(): Promise<void>;
}

/** Whether a URL answers /readyz within the deadline. */
export async function waitUntilReady(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) })).ok) return true;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
