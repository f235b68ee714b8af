import { z } from 'zod';

/**
 * The parameters of the storefront's lab faults, with their defaults and bounds (faults.ts says
 * what each does and why). Only zod here: the service catalogue imports this file.
 */
export const recommendationSessionsParams = z.object({ rolloutPercent: z.number().int().min(1).max(100).default(50) });

// shedPercent: of the pages not in the cache, those the memory guard still refuses once the heap is
// past half its limit (the release lets one in four through, so the cache still grows to the limit).
export const pageCacheUnboundedParams = z.object({ maxEntries: z.number().int().min(0).default(0), shedPercent: z.number().int().min(0).max(100).default(75) });
