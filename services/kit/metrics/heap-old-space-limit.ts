import { Gauge, type Registry } from 'prom-client';

export const NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES = 'nodejs_heap_old_space_limit_bytes';

/**
 * V8's old-generation limit (`--max-old-space-size`), the one a leak runs into. V8 does not report
 * it (its heap_size_limit adds the young generation's reserve, 3 semi-spaces: 240 MiB for 192),
 * so it is read from the flags as V8 reads them: NODE_OPTIONS, then the command line, the last
 * one winning. Undefined when V8 sized the heap itself.
 */
export function oldSpaceLimitBytes(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): number | undefined {
  const args = [...nodeOptions.split(/\s+/).filter(Boolean), ...execArgv];
  let mb: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const flag = /^--max[-_]old[-_]space[-_]size(?:=(.*))?$/.exec(args[i]!);
    if (flag) mb = Number(flag[1] ?? args[++i]);
  }
  return mb !== undefined && Number.isInteger(mb) && mb > 0 ? mb * 1024 * 1024 : undefined;
}

export function createHeapOldSpaceLimit(registry: Registry, limitBytes: number): Gauge {
  const gauge = new Gauge({
    name: NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES,
    help: 'V8 old generation limit in bytes (--max-old-space-size)',
    registers: [registry],
  });
  gauge.set(limitBytes);
  return gauge;
}
