import { z } from 'zod';

/**
 * The parameters of the widget-api's lab faults, with their defaults and bounds (faults.ts says
 * how each arrives, what it does and why these figures). Only zod here: the service catalogue imports this file
 * to check scenarios without loading the service.
 */
export const renderRetentionParams = z.object({ historyPoints: z.number().int().min(2).max(4_096).default(8) });

export const insightsRetentionParams = z.object({
  intervalMs: z.number().int().min(50).max(60_000).default(1_000),
  batchSize: z.number().int().min(1).max(50_000).default(2_000),
});
