import { z } from 'zod';

/**
 * The parameters of the storefront's lab faults, with their defaults and bounds (faults.ts says
 * what each does and why). Only zod here: the service catalogue imports this file.
 */
export const recommendationSessionsParams = z.object({ rolloutPercent: z.number().int().min(1).max(100).default(50) });

export const pageCacheUnboundedParams = z.object({ maxEntries: z.number().int().min(0).default(0) });
