import { z } from 'zod';

/** Settings every service reads from its environment. */
export const baseConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).optional(),
  /** The instructor's token: the whole admin API. */
  LAB_ADMIN_TOKEN: z.string().min(1).optional(),
  /** The learners' token: diagnosis (heap snapshots, CPU profiles) and operations only. */
  LAB_LEARNER_TOKEN: z.string().min(1).optional(),
  /** Where the service keeps what is deployed (releases, configuration changes) across its restarts; memory only without. */
  STATE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(10_000),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Parses the environment, or exits with one line per problem (a service must not start half-configured). */
export function readConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // An empty variable means "not set" (docker compose passes `FOO=` through as an empty string).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`config: ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}
