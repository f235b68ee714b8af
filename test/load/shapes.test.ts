import { flattenShape, planSlices, shapeDurationMs } from '../../load/shapes';

const total = (counts: { count: number }[]) => counts.reduce((sum, s) => sum + s.count, 0);

test('a steady rate is planned evenly over slices, fractions carried over', () => {
  const slices = planSlices(flattenShape({ kind: 'steady', rate: 2, durationMs: 3000 }), 250);
  expect(slices).toHaveLength(12);
  expect(total(slices)).toBe(6);
  // one request every other slice, starting at once
  expect(slices.map((s) => s.count)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
});

test('a ramp integrates its rate: more requests later, the total of the trapezoid', () => {
  const slices = planSlices(flattenShape({ kind: 'ramp', from: 10, to: 30, durationMs: 4000 }), 500);
  expect(total(slices)).toBe(80);
  const counts = slices.map((s) => s.count);
  expect(counts[counts.length - 1]).toBeGreaterThan(counts[0] * 2);
});

test('a surge becomes three stages, and sequences chain with unique stage names', () => {
  const stages = flattenShape({
    kind: 'sequence',
    shapes: [
      { kind: 'steady', rate: 5, durationMs: 1000 },
      { kind: 'surge', rate: 5, multiplier: 4, durationMs: 3000, surgeAtMs: 1000, surgeForMs: 1000 },
      { kind: 'steady', rate: 5, durationMs: 1000 },
    ],
  });
  expect(stages.map((s) => [s.name, s.startMs, s.fromRate])).toEqual([
    ['steady', 0, 5],
    ['before-surge', 1000, 5],
    ['surge', 2000, 20],
    ['after-surge', 3000, 5],
    ['steady#2', 4000, 5],
  ]);
  expect(shapeDurationMs(stages)).toBe(5000);
  expect(total(planSlices(stages, 250))).toBe(5 + 5 + 20 + 5 + 5);
});

test('bad shapes are refused with a reason', () => {
  expect(() => flattenShape({ kind: 'steady', rate: -1, durationMs: 1000 })).toThrow(/rate/);
  expect(() => flattenShape({ kind: 'steady', rate: 1, durationMs: Number.NaN })).toThrow(/duration/);
  expect(() =>
    flattenShape({ kind: 'surge', rate: 1, multiplier: 2, durationMs: 1000, surgeAtMs: 800, surgeForMs: 500 }),
  ).toThrow(/surge window/);
  expect(() => flattenShape({ kind: 'sequence', shapes: [] })).toThrow(/no duration/);
});
