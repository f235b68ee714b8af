import { z } from 'zod';

/**
 * The parameters of widgetify's lab fault, with defaults and bounds (faults.ts says what it does
 * and why). Only zod here: the service catalogue imports this file.
 */
export const poolUnboundedParams = z.object({
  max: z.number().int().min(1).max(10_000).default(500),
  holdMs: z.number().int().min(0).max(60_000).default(250),
});
