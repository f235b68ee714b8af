import { InvalidArgumentError } from 'commander';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** "key=value" pairs for fault parameters; values are read as JSON when they parse (numbers, booleans), else as strings. */
export function keyValue(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  const key = value.slice(0, at);
  const raw = value.slice(at + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  return { ...previous, [key]: parsed };
}

export function portBase(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_000) throw new InvalidArgumentError('expected 0 (free ports) or a port number up to 65000');
  return n;
}
