import { RequestPlanner } from '../../load/route-mix';
import { createRng } from '../../load/rng';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { definitionFile, scenarios } from '../../scenarios/definitions';
import { MAX_DEFAULT_ARC_MS, planRun } from '../../scenarios/run-plan';
import { RED_HERRING_KINDS } from '../../scenarios/run-record';
import { scenarioSchema, type ScenarioInput } from '../../scenarios/scenario-schema';

const all = scenarios();
/** A built-in scenario's file as written (defaults not filled in). */
const widgetRenderLeak = parse(readFileSync(definitionFile('widget-render-leak'), 'utf8')) as ScenarioInput;

test('the five incidents are defined, one file per spec entry (by name), each valid', () => {
  expect(all.map((s) => s.name)).toEqual([
    'db-pool-exhaustion',
    'feature-background-leak',
    'recommendation-library-leak',
    'surge-cache-growth',
    'widget-render-leak',
  ]);
  expect(all.map((s) => s.incident.affectedUsersShare)).toEqual([0.75, 0.48, 0.4, 0.25, 0.3]);
});

describe.each(all.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  it('lasts at most 10 minutes at speed 1, and 1-2 minutes quick', () => {
    expect(planRun(scenario, { speed: 1, quick: false }).totalMs).toBeLessThanOrEqual(MAX_DEFAULT_ARC_MS);
    const quick = planRun(scenario, { speed: 1, quick: true }).totalMs;
    expect(quick).toBeGreaterThanOrEqual(60_000);
    expect(quick).toBeLessThanOrEqual(120_000);
  });

  it('has a baseline, switches its fault on and off, and offers red herrings of known kinds', () => {
    expect(scenario.phases[0]!.kind).toBe('baseline');
    const actions = scenario.phases.flatMap((p) => p.actions.map((a) => a.do));
    expect(actions).toContain('fault-on');
    expect(actions).toContain('fault-off');
    expect(scenario.redHerrings.length).toBeGreaterThan(0);
    for (const h of scenario.redHerrings) expect(RED_HERRING_KINDS).toContain(h.kind);
  });

  it('designs the affected segments to the share the report gives', () => {
    // users of every population that are active while the fault is on
    let total = 0;
    let affected = 0;
    for (const population of Object.values(scenario.populations)) {
      for (const segment of population.segments) {
        total += population.users * segment.share;
        if (segment.expected === 'affected') affected += population.users * segment.share;
      }
    }
    expect(Math.abs(affected / total - scenario.incident.affectedUsersShare)).toBeLessThanOrEqual(0.05);
  });

  it('plans requests on every route of every segment (parameters and bodies drawn)', () => {
    const rng = createRng(3);
    for (const load of planRun(scenario, { speed: 1, quick: true }).loads) {
      const planner = new RequestPlanner(load.segments, load.users, '', load.userIdPrefix);
      for (let i = 0; i < 200; i++) {
        const request = planner.draw(rng);
        expect(request.path).toMatch(/^\/[a-z]/);
        expect(request.path).not.toContain(':');
        expect(request.userId).toMatch(new RegExp(`^${load.population}-u\\d+$`));
        if (request.method === 'POST') expect(() => JSON.parse(request.body!)).not.toThrow();
      }
    }
  });

  it("never tells the learner the cause: the brief does not name the fault or its mechanism's words", () => {
    const brief = JSON.stringify(scenario.brief).toLowerCase();
    expect(brief).not.toContain(scenario.fault.name);
    for (const word of ['leak', 'retain', 'unbounded', 'evict', 'max_connections', 'pool size', 'garbage']) expect(brief).not.toContain(word);
    expect(scenario.hints).toHaveLength(3);
  });
});

test("incident 2's brief does not name the feature: the report's team suspected the surge, then added capacity, before anyone looked at the release", () => {
  const scenario = all.find((s) => s.name === 'feature-background-leak')!;
  const brief = JSON.stringify(scenario.brief);
  expect(scenario.culprit.words.filter((w) => new RegExp(w, 'i').test(brief))).toEqual([]);
  expect(brief).not.toMatch(/insights/i);
});

test('a definition that breaks the rules is refused with the reason', () => {
  const broken: ScenarioInput = {
    ...widgetRenderLeak,
    phases: widgetRenderLeak.phases.map((p) => ({ ...p, actions: p.actions.filter((a) => a.do !== 'fault-on') })),
  };
  const result = scenarioSchema.safeParse(broken);
  expect(result.success).toBe(false);
  expect(result.error!.issues.map((i) => i.message)).toContain('no phase switches the fault on');

  const unknownHerring: ScenarioInput = {
    ...widgetRenderLeak,
    phases: [...widgetRenderLeak.phases, { ...widgetRenderLeak.phases[1]!, name: 'extra', actions: [{ do: 'red-herring', id: 'nope' }] }],
  };
  expect(scenarioSchema.safeParse(unknownHerring).error?.issues.map((i) => i.message)).toContain('no red herring "nope"');
});
