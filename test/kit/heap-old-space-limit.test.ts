import { rmSync } from 'node:fs';
import path from 'node:path';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES, oldSpaceLimitBytes } from '../../services/kit/metrics/heap-old-space-limit';
import { NODEJS_HEAP_SIZE_LIMIT_BYTES } from '../../services/kit/metrics/heap-size-limit';
import { scrapeValue } from '../support/metrics';
import { startService } from '../support/service-process';

const MiB = 1024 * 1024;

describe('old-space limit', () => {
  it('is read from the flags as V8 reads them: NODE_OPTIONS first, the command line last, the last flag winning', () => {
    expect(oldSpaceLimitBytes(['--max-old-space-size=192', '--expose-gc'], '')).toBe(192 * MiB);
    expect(oldSpaceLimitBytes([], '--max-old-space-size=192')).toBe(192 * MiB);
    expect(oldSpaceLimitBytes(['--max_old_space_size', '64'], '--max-old-space-size=192')).toBe(64 * MiB);
    expect(oldSpaceLimitBytes(['--max-old-space-size=96', '--max-old-space-size=128'], '')).toBe(128 * MiB);
    expect(oldSpaceLimitBytes(['--expose-gc'], '--enable-source-maps')).toBeUndefined();
    expect(oldSpaceLimitBytes(['--max-old-space-size=lots'], '')).toBeUndefined();
  });

  it('a service process exports the limit it was started with, below V8\'s heap_size_limit', async () => {
    const service = await startService('partner-api', {}, 96);
    try {
      expect(await scrapeValue(service.url, NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES)).toBe(96 * MiB);
      // The reason for the gauge: heap_size_limit also counts the young generation's reserve
      // (3 semi-spaces: 48 MiB on a machine without a memory limit; V8 sizes them from the memory).
      expect(await scrapeValue(service.url, NODEJS_HEAP_SIZE_LIMIT_BYTES)).toBeGreaterThan(96 * MiB);
    } finally {
      await service.stop();
      rmSync(path.dirname(service.logFile), { recursive: true, force: true });
    }
  });
});
