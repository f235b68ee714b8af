import { distinctKey, intBetween, oneOf, perUser } from '../../load/params';
import { RequestPlanner, splitByShare } from '../../load/route-mix';
import { createRng } from '../../load/rng';
import { routeMixFor, SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';

test('path parameters are drawn, encoded, and the record keeps the template', () => {
  const planner = new RequestPlanner(
    [{ share: 1, mix: [{ path: '/search?q=:q&cart=:cart', params: { q: oneOf(['a b', 'c/d']), cart: perUser((u) => `c${u}`) } }] }],
    5,
    '/api',
  );
  const rng = createRng(7);
  for (let i = 0; i < 20; i++) {
    const req = planner.draw(rng);
    expect(req.route).toBe('GET /search?q=:q&cart=:cart');
    expect(req.path).toMatch(/^\/api\/search\?q=(a%20b|c%2Fd)&cart=c[1-5]$/);
    expect(req.path.endsWith(`cart=c${req.userId.slice(1)}`)).toBe(true);
  }
});

test('the same seed gives the same draws; JSON bodies are drawn per request', () => {
  const mix = [
    { method: 'POST' as const, path: '/widgets', body: ({ rng }: { rng: () => number }) => ({ price: Math.floor(rng() * 1000) }) },
    { path: '/widgets/:id', params: { id: distinctKey() } },
  ];
  const draw = (seed: number) => {
    const planner = new RequestPlanner([{ share: 1, mix }], 100);
    const rng = createRng(seed);
    return Array.from({ length: 50 }, () => planner.draw(rng));
  };
  expect(draw(3)).toEqual(draw(3));
  expect(draw(3)).not.toEqual(draw(4));
  const posts = draw(3).filter((r) => r.method === 'POST');
  expect(posts.length).toBeGreaterThan(0);
  for (const p of posts) expect(JSON.parse(p.body!)).toEqual({ price: expect.any(Number) });
});

test('users are split into segments by share in contiguous blocks', () => {
  const planner = new RequestPlanner(
    [
      { name: 'a', share: 0.3, mix: [{ path: '/a' }] },
      { name: 'b', share: 0.7, mix: [{ path: '/b' }] },
    ],
    10,
  );
  expect(planner.ranges).toEqual([
    { name: 'a', users: [1, 3] },
    { name: 'b', users: [4, 10] },
  ]);
  const rng = createRng(1);
  for (let i = 0; i < 200; i++) {
    const req = planner.draw(rng);
    expect(req.route).toBe(Number(req.userId.slice(1)) <= 3 ? 'GET /a' : 'GET /b');
  }
  expect(splitByShare(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
  expect(splitByShare(10, [1 / 3, 1 / 3, 1 / 3])).toEqual([4, 3, 3]);
});

test('a template parameter without a generator, or an empty mix, is refused', () => {
  expect(() => new RequestPlanner([{ share: 1, mix: [{ path: '/w/:id' }] }], 10)).toThrow(/:id/);
  expect(() => new RequestPlanner([{ share: 1, mix: [] }], 10)).toThrow(/no routes/);
  expect(() => intBetween(1, 10, () => false)).toThrow(/keeps no value/);
});

test('every lab service has a default mix that plans requests', () => {
  const rng = createRng(1);
  for (const service of SERVICE_CATALOGUE.userFacing()) {
    for (const distinctKeys of [false, true]) {
      const planner = new RequestPlanner(routeMixFor(service, { distinctKeys }), 50);
      for (let i = 0; i < 100; i++) expect(planner.draw(rng).path).toMatch(/^\/[a-z]/);
    }
  }
  // widget-api: only the complex-renderers segment renders complex widgets (id % 5 === 0)
  const widgetApi = new RequestPlanner(routeMixFor('widget-api'), 100);
  for (let i = 0; i < 500; i++) {
    const req = widgetApi.draw(rng);
    if (req.route !== 'GET /widgets/:id/render') continue;
    const complex = Number(req.path.split('/')[2]) % 5 === 0;
    expect(complex).toBe(widgetApi.segmentOf(Number(req.userId.slice(1))) === 'complex-renderers');
  }
});
