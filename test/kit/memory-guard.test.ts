import { MemoryGuard } from '../../services/kit/memory-guard';

/** How many of `calls` renders the guard lets through at a given heap share. */
function admitted(guard: MemoryGuard, calls: number): number {
  let n = 0;
  for (let i = 0; i < calls; i++) {
    try {
      guard.admit();
      n++;
    } catch (err) {
      expect((err as { code?: string }).code).toBe('OVERLOADED');
    }
  }
  return n;
}

describe('MemoryGuard', () => {
  it('below its heap share it admits everything; past it, by default, nothing', () => {
    let share = 0.3;
    const guard = new MemoryGuard(0.5, 100, () => share);
    expect(admitted(guard, 40)).toBe(40);
    share = 0.6;
    expect(admitted(guard, 40)).toBe(0);
  });

  it('with shedPercent 75, past its share it lets one call in four through, evenly spread', () => {
    const guard = new MemoryGuard(0.5, 75, () => 0.6);
    const pattern = Array.from({ length: 8 }, () => admitted(guard, 1));
    expect(pattern).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(admitted(guard, 400)).toBe(100);
  });
});
