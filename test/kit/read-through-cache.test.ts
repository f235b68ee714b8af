import { Registry } from 'prom-client';
import { ReadThroughCache } from '../../services/kit/read-through-cache';

/** A cache whose source counts its loads, so a hit and a miss can be told apart. */
function cache(maxEntries: number) {
  const loads: string[] = [];
  const c = new ReadThroughCache<{ key: string }>(new Registry(), 'pages', { maxEntries, ttlMs: 0 }, async (key) => {
    loads.push(key);
    return { key };
  });
  return { c, loads };
}

describe('ReadThroughCache', () => {
  it('loads once per key, then answers from memory', async () => {
    const { c, loads } = cache(10);
    await Promise.all([c.get('a'), c.get('a'), c.get('b')]);
    await c.get('a');
    expect(loads).toEqual(['a', 'b']);
    expect(c.size).toBe(2);
  });

  it('bounded again after running unbounded, keeps the entries most recently used, not the last added', async () => {
    const { c, loads } = cache(0);
    for (const key of ['popular', 'b', 'c', 'd']) await c.get(key);
    await c.get('popular'); // in demand: used after the others were added
    c.configure({ maxEntries: 2, ttlMs: 0 });
    expect(c.size).toBe(2);
    loads.length = 0;
    await c.get('popular');
    await c.get('d');
    expect(loads).toEqual([]); // both kept
    await c.get('b');
    expect(loads).toEqual(['b']); // dropped
  });

  it('bounded from bounded keeps the least recently used out', async () => {
    const { c, loads } = cache(3);
    for (const key of ['a', 'b', 'c']) await c.get(key);
    await c.get('a');
    c.configure({ maxEntries: 2, ttlMs: 0 });
    loads.length = 0;
    await c.get('a');
    await c.get('c');
    expect(loads).toEqual([]);
  });
});
