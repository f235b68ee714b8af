import { findScenario } from '../../scenarios/definitions';
import { faultParams, phaseOfStage, planRun } from '../../scenarios/run-plan';
import { flattenShape } from '../../load/shapes';
import { formatStatus } from '../../cli/scenario-progress';

test('phases follow each other; --speed divides their lengths and scales the fault as the definition says', () => {
  const scenario = findScenario('widget-render-leak');
  const normal = planRun(scenario, { speed: 1, quick: false });
  const fast = planRun(scenario, { speed: 2, quick: false });
  expect(normal.phases.map((p) => p.durationMs)).toEqual(scenario.phases.map((p) => p.durationS * 1000));
  normal.phases.slice(1).forEach((p, i) => expect(p.startMs).toBe(normal.phases[i]!.startMs + normal.phases[i]!.durationMs));
  expect(fast.totalMs).toBe(normal.totalMs / 2);
  // the render leak grows with complex renders, so speed brings more of them
  expect(fast.faultParams.historyPoints).toBe(normal.faultParams.historyPoints);
  expect(fast.rateFactor).toBe(2);
  // a time-driven leak runs its job more often instead
  const feature = findScenario('feature-background-leak');
  expect(faultParams(feature, { speed: 4, quick: false }).intervalMs).toBe((feature.fault.params.intervalMs as number) / 4);
  // a traffic-driven leak gets more traffic
  expect(planRun(findScenario('recommendation-library-leak'), { speed: 2, quick: false }).rateFactor).toBe(2);
  expect(() => planRun(findScenario('surge-cache-growth'), { speed: 20, quick: false })).toThrow(/req\/s/);
  // --fault-param wins over the definition and the speed
  const harsh = faultParams(feature, { speed: 4, quick: true, faultParams: { batchSize: 5000 } });
  expect(harsh).toEqual({ ...faultParams(feature, { speed: 4, quick: true }), batchSize: 5000 });
  // ...and names only the fault's own parameters
  expect(() => faultParams(feature, { speed: 1, quick: false, faultParams: { batchsize: 5000 } })).toThrow(
    new RangeError("feature-background-leak's fault (insights-retention) has no parameter batchsize; it has: intervalMs, batchSize"),
  );
});

test('each population gets one load whose stages are the phases, silent where it sends nothing', () => {
  const plan = planRun(findScenario('db-pool-exhaustion'), { speed: 1, quick: true });
  expect(plan.loads.map((l) => l.population)).toEqual(['early', 'morning']);
  const morning = flattenShape(plan.loads[1]!.shape);
  expect(morning.map((s) => s.name)).toEqual(['night', 'config deploy', 'morning peak', 'pool reconfigured']);
  expect(morning[0]!.fromRate).toBe(0);
  expect(morning[2]!.toRate).toBeGreaterThan(100);
  const surge = flattenShape(planRun(findScenario('surge-cache-growth'), { speed: 1, quick: true }).loads[1]!.shape);
  expect(surge.map((s) => phaseOfStage(s.name))).toEqual(['baseline', 'cache change deployed', 'campaign surge', 'eviction and reboot']);
});

test('the live status line says where the run is and how the service does', () => {
  const line = formatStatus({
    phase: 'slowdown',
    phaseIndex: 2,
    phaseCount: 5,
    elapsedMs: 125_000,
    totalMs: 560_000,
    heapUsedBytes: 150 * 1048576,
    heapLimitBytes: 240 * 1048576,
    p95Ms: 412.4,
    errorRate: 0.0123,
    restarts: 1,
  });
  expect(line).toBe('[3/5 slowdown]  2:05 / 9:20 (7:15 left)  heap 150/240 MB  p95 412 ms  errors 1.2%  restarts 1');
});

test('a drill plays up to the escalation, then "on call" at the escalation\'s last rates until the time limit; the fix is kept for the limit', () => {
  const scenario = findScenario('db-pool-exhaustion');
  const plan = planRun(scenario, { speed: 1, quick: true, drill: { timeLimitMs: 120_000 } });
  expect(plan.phases.map((p) => [p.spec.name, p.spec.kind])).toEqual([
    ['night', 'baseline'],
    ['config deploy', 'trigger'],
    ['morning peak', 'escalation'],
    ['on call', 'escalation'],
  ]);
  expect(plan.totalMs).toBe(120_000);
  const onCall = plan.phases[3]!;
  expect(onCall.startMs + onCall.durationMs).toBe(120_000);
  expect(onCall.spec.actions).toEqual([]);
  // the morning ramp ends at 160 req/s: on call holds it there
  expect(onCall.spec.traffic).toEqual([{ population: 'morning', shape: { kind: 'steady', rate: 160 } }]);
  expect(plan.drill).toEqual({ timeLimitMs: 120_000, holdMs: 15_000, fix: [scenario.phases[3]!.actions[0]] });
  // never the runner's stop-gap restarts, nor the fix, before the limit
  const leak = planRun(findScenario('widget-render-leak'), { speed: 1, quick: false, drill: {} });
  expect(leak.phases.some((p) => p.spec.kind === 'stop-gap' || p.spec.kind === 'resolution')).toBe(false);
  expect(leak.totalMs).toBe(20 * 60_000);
  expect(leak.drill!.holdMs).toBe(60_000);
  expect(leak.drill!.fix.map((a) => a.do)).toEqual(expect.arrayContaining(['fault-off']));
  expect(leak.drill!.fix.some((a) => a.do === 'restart')).toBe(false);
  // a limit before the incident starts is refused; a short one cuts the arc there
  expect(() => planRun(scenario, { speed: 1, quick: true, drill: { timeLimitMs: 15_000 } })).toThrow(/before the incident starts/);
  const cut = planRun(scenario, { speed: 1, quick: true, drill: { timeLimitMs: 40_000 } });
  expect(cut.phases.map((p) => p.spec.name)).toEqual(['night', 'config deploy', 'morning peak']);
  expect(cut.phases.at(-1)!.durationMs).toBe(20_000);
  // --quick's default limit: the arc and 90 s
  expect(planRun(scenario, { speed: 1, quick: true, drill: {} }).totalMs).toBe(70_000 + 90_000);
});
