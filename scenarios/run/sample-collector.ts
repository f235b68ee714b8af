import { NODEJS_HEAP_SIZE_USED_BYTES, PROCESS_RESIDENT_MEMORY_BYTES } from '../../services/kit/metrics/node-runtime';
import { CONTAINER_MEMORY_USAGE_BYTES } from '../metrics/derived-metrics';
import type { AlertCollector } from './alert-collector';
import type { PhasePlayer } from './phase-player';
import type { RunContext } from './run-context';
import { Scraper } from './scraper';

/**
 * Scrapes the service, the services its red herrings plant faults in, and PostgreSQL's side: each
 * scrape becomes a record sample and feeds the runner's alert rules. It keeps the peaks of the
 * service's memory, and switches the fault on again when the service came back without it (a
 * crash and the supervisor's restart), unless a phase's actions are under way.
 */
export class SampleCollector {
  private readonly scrapers: Scraper[];
  private lastStartTime: number | undefined;

  constructor(
    private readonly run: RunContext,
    private readonly player: PhasePlayer,
    private readonly alerts: AlertCollector,
  ) {
    const { scenario, target } = run;
    const service = scenario.service;
    const planted = new Set(scenario.redHerrings.flatMap((h) => (h.plant && h.plant.service !== service ? [h.plant.service] : [])));
    this.scrapers = [new Scraper(service, target.serviceUrl(service)), ...[...planted].map((s) => new Scraper(s, target.serviceUrl(s)))];
    if (target.databaseMetricsUrl) this.scrapers.push(new Scraper('postgres', target.databaseMetricsUrl, undefined, target.databaseMetricsPath));
  }

  async collect(): Promise<void> {
    const { scenario, target, record, clock, progress } = this.run;
    const service = scenario.service;
    const results = await Promise.all(this.scrapers.map(async (s) => ({ service: s.service, ...(await s.scrape()) })));
    for (const { service: name, snapshot, values } of results) {
      if (name === service) Object.assign(values, await target.extraValues(service).catch(() => ({})));
      record.samples.push({ at: clock.iso(snapshot.at), service: name, values, up: snapshot.up });
      this.alerts.observe(name, snapshot);
      if (name !== service) continue;
      const r = record.resources;
      r.peakHeapUsedBytes = Math.max(r.peakHeapUsedBytes, values[NODEJS_HEAP_SIZE_USED_BYTES] ?? 0);
      r.peakRssBytes = Math.max(r.peakRssBytes, values[PROCESS_RESIDENT_MEMORY_BYTES] ?? values[CONTAINER_MEMORY_USAGE_BYTES] ?? 0);
      if (snapshot.up && snapshot.startTimeSeconds !== undefined) {
        const restarted = this.lastStartTime !== undefined && snapshot.startTimeSeconds !== this.lastStartTime;
        this.lastStartTime = snapshot.startTimeSeconds;
        // (Not in a drill: the deployment keeps the fault across restarts, and only the learners take it away.)
        if (restarted && this.player.faultOn && !this.player.acting && !this.run.plan.drill) {
          await this.player.ensureFaultOn().catch((err: unknown) => progress.event(`could not switch the fault on again: ${(err as Error).message}`));
        }
      }
    }
  }
}
