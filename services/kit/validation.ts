import { z } from 'zod';
import { AppError } from './errors';

/** Validates request input; a failure is a 400 VALIDATION_FAILED naming every problem. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', describeIssues(result.error), result.error.issues);
  }
  return result.data;
}

/** "limit: Too big: expected number to be <=100; id: Invalid input: expected number, received NaN" */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`).join('; ');
}
