import { findScenario } from '../../scenarios/definitions';
import { DAY_MS, earlierDayOpenMetrics } from '../../scenarios/history/earlier-day';
import { planRun } from '../../scenarios/run-plan';

/** Requests per second of the generated day before, per service, between two times (epoch ms). */
function rate(text: string, from: number, to: number): number {
  const counts = new Map<string, Array<[number, number]>>();
  for (const line of text.split('\n')) {
    const m = /^http_request_duration_seconds_count\{(.*)\} (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    const points = counts.get(m[1]!) ?? [];
    points.push([Number(m[3]) * 1000, Number(m[2])]);
    counts.set(m[1]!, points);
  }
  let total = 0;
  for (const points of counts.values()) {
    const at = (t: number) => points.reduce((best, p) => (Math.abs(p[0] - t) < Math.abs(best[0] - t) ? p : best))[1];
    total += at(to) - at(from);
  }
  return total / ((to - from) / 1000);
}

test("the day before plays the plan's traffic with the fault off: the same morning peak at the same hour, every request answered", () => {
  const scenario = findScenario('db-pool-exhaustion');
  const plan = planRun(scenario, { speed: 1, quick: false });
  const start = Date.UTC(2026, 10, 23, 8, 0, 0);
  const text = earlierDayOpenMetrics({ plan, service: 'widgetify', targetLabels: { job: 'widgetify', instance: '127.0.0.1:4103' }, startMs: start });
  const yesterday = start - DAY_MS;
  const peak = plan.phases.find((p) => p.spec.kind === 'escalation')!;
  const night = rate(text, yesterday + 15_000, yesterday + 45_000); // (the series step is 15 s from the hour)
  const morning = rate(text, yesterday + peak.startMs + peak.durationMs - 60_000, yesterday + peak.startMs + peak.durationMs);
  expect(night).toBeCloseTo(8, 0); // the early users' rate
  expect(morning).toBeGreaterThan(10 * night); // the "attack" is an ordinary morning
  // only successes (GET 200, POST 201), labelled as the service's own series, in OpenMetrics
  const statuses = new Set([...text.matchAll(/status_code="(\d+)"/g)].map((m) => m[1]));
  expect([...statuses].sort()).toEqual(['200', '201']);
  expect(text).toContain('route="/widgets/search"'); // the query string is not part of the route
  expect(text).toMatch(/service="widgetify",job="widgetify",instance="127\.0\.0\.1:4103"/);
  expect(text.trimEnd().endsWith('# EOF')).toBe(true);
  // nothing from the day of the run itself
  const times = [...text.matchAll(/ (\d+\.\d{3})$/gm)].map((m) => Number(m[1]) * 1000);
  expect(Math.max(...times)).toBeLessThan(start - DAY_MS / 2);
});
