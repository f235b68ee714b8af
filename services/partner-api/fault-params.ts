import { z } from 'zod';

/** The parameters of the partner stand-in's lab fault (app.ts). Only zod here: the service catalogue imports this file. */
export const slowResponsesParams = z.object({
  extraMs: z.number().int().min(0).max(30_000).default(150),
  jitterMs: z.number().int().min(0).max(30_000).default(100),
});
