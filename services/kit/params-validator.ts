import { z } from 'zod';
import { AppError } from './errors';

/**
 * Validates a JSON object of named parameters (a fault's, an operation's) against a zod object
 * schema, strictly: every unknown name and every value out of range or of the wrong type is
 * named in one 400 VALIDATION_FAILED line, e.g.
 *   unknown parameter "historypoints" (did you mean "historyPoints"?); intervalMs must be at most 60000 (got 90000)
 * zod's default object drops unknown keys, which silently switched a fault on with its defaults.
 */
export function parseParams<S extends z.ZodObject>(schema: S, input: unknown, what = 'parameter'): z.infer<S> {
  const raw = input ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('VALIDATION_FAILED', `the ${what}s must be a JSON object of name: value, not ${describeValue(raw)}`);
  }
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  const problems = unknown.map((key) => `unknown ${what} "${key}" (${suggest(key, known, what)})`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => describeIssue(i, raw)));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.join('; '), { unknown, issues: parsed.error?.issues ?? [] });
  return parsed.data as z.infer<S>;
}

function suggest(key: string, known: string[], what: string): string {
  const near = known.find((k) => k.toLowerCase() === key.toLowerCase() || k.replace(/[-_]/g, '').toLowerCase() === key.replace(/[-_]/g, '').toLowerCase());
  if (near) return `did you mean "${near}"?`;
  return known.length > 0 ? `known: ${known.join(', ')}` : `this takes no ${what}s`;
}

/** One issue as a phrase that names the parameter, the rule and the value given. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const name = issue.path.length > 0 ? issue.path.join('.') : 'input';
  const value = valueAt(input, issue.path);
  const got = value === undefined ? '' : ` (got ${describeValue(value)})`;
  switch (issue.code) {
    case 'too_big':
      return `${name} must be ${issue.inclusive ? 'at most' : 'below'} ${String(issue.maximum)}${got}`;
    case 'too_small':
      return `${name} must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}${got}`;
    case 'invalid_type':
      return `${name} must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}${got}`;
    case 'invalid_format':
      return `${name} must be ${issue.format}${got}`;
    case 'not_multiple_of':
      return `${name} must be a multiple of ${String(issue.divisor)}${got}`;
    case 'invalid_value':
      return `${name} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    default:
      return `${name}: ${issue.message}${got}`;
  }
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
