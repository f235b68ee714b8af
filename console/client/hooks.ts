import { useEffect, useRef, useState } from 'preact/hooks';
import { get, message } from './api';

/** GET `path` now and every `everyMs` (0: once) while the component is shown. */
export function usePoll<T>(path: string | null, everyMs: number): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    if (!path) return;
    let timer: number | undefined;
    const load = async (): Promise<void> => {
      try {
        const value = await get<T>(path);
        if (alive.current) {
          setData(value);
          setError(null);
        }
      } catch (err) {
        if (alive.current) setError(message(err));
      }
      if (alive.current && everyMs > 0) timer = window.setTimeout(load, everyMs);
    };
    void load();
    return () => {
      alive.current = false;
      window.clearTimeout(timer);
    };
  }, [path, everyMs, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}
