import { z } from 'zod';

/**
 * What a service knows about how it is deployed, as kept on disk between its processes: the
 * releases that went out (with the configuration each shipped), the configuration changes made
 * since (from the config store, or by the on-call through `ops set`), and the operations log.
 */

export const settingValueSchema = z.union([z.number(), z.boolean(), z.string()]);
export type SettingValue = z.infer<typeof settingValueSchema>;

export const actorSchema = z.object({ role: z.enum(['instructor', 'learner']), name: z.string().optional() });

/** Held while whoever made the change keeps renewing it (a scenario run): undone by itself when it runs out. */
export const leaseSchema = z.object({ expiresAt: z.string(), ttlMs: z.number().int().positive() });

export const releaseEventSchema = z.object({
  kind: z.literal('release'),
  version: z.string(),
  changelog: z.string(),
  at: z.string(),
  /** The configuration this release ships (code paths and settings), by key. */
  changes: z.record(z.string(), settingValueSchema),
  rolledBack: z.object({ at: z.string(), by: actorSchema.optional() }).optional(),
  lease: leaseSchema.optional(),
});
export type ReleaseEvent = z.infer<typeof releaseEventSchema>;

export const configEventSchema = z.object({
  kind: z.literal('config'),
  at: z.string(),
  changes: z.record(z.string(), settingValueSchema),
  /** config-store: a change outside any release (an environment or config store edit); ops: `ops set`. */
  source: z.enum(['config-store', 'ops']),
  by: actorSchema.optional(),
  note: z.string().optional(),
  /** Set on a change made under a lease; `undone` once it was taken back. */
  id: z.string().optional(),
  lease: leaseSchema.optional(),
  undone: z.boolean().optional(),
});
export type ConfigEvent = z.infer<typeof configEventSchema>;

export const opsEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  role: z.enum(['instructor', 'learner']),
  name: z.string().optional(),
  /** Who asked, beyond the role: "runner" for the drill's own calls. */
  via: z.string().optional(),
  action: z.string(),
  service: z.string(),
  detail: z.string(),
  result: z.string(),
});
export type OpsEntry = z.infer<typeof opsEntrySchema>;

export const deploymentStateSchema = z.object({
  timeline: z.array(z.discriminatedUnion('kind', [releaseEventSchema, configEventSchema])),
  log: z.array(opsEntrySchema),
});
export type DeploymentState = z.infer<typeof deploymentStateSchema>;
export type TimelineEvent = DeploymentState['timeline'][number];
