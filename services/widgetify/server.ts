import { z } from 'zod';
import { Database } from '../kit/database';
import { baseConfigSchema, readConfig } from '../kit/service-config';
import { runServiceMain } from '../kit/service-main';
import { createApp } from './app';
import { prepareSchema } from './schema';

const config = readConfig(
  baseConfigSchema.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(4103),
    DATABASE_URL: z.string().min(1),
    /** A sane maximum: well under the database's max_connections, shared with the other services. */
    DB_POOL_MAX: z.coerce.number().int().positive().default(10),
    DB_CONNECTION_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
    DB_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  }),
);

void runServiceMain('widgetify', config, async (kit) => {
  const db = new Database(
    {
      connectionString: config.DATABASE_URL,
      name: 'widgetify',
      max: config.DB_POOL_MAX,
      connectionTimeoutMillis: config.DB_CONNECTION_TIMEOUT_MS,
      idleTimeoutMillis: config.DB_IDLE_TIMEOUT_MS,
    },
    kit.registry,
  );
  await prepareSchema(db);
  return { app: createApp({ kit, db }), close: () => db.close() };
});
