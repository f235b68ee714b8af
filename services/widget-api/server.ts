import { z } from 'zod';
import { Database } from '../kit/database';
import { baseConfigSchema, readConfig } from '../kit/service-config';
import { runServiceMain } from '../kit/service-main';
import { createApp } from './app';
import { PartnerClient } from './partner-client';
import { prepareSchema } from './schema';
import { UsageInsights } from './usage-insights';

const config = readConfig(
  baseConfigSchema.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(4101),
    DATABASE_URL: z.string().min(1),
    PARTNER_URL: z.string().url().default('http://127.0.0.1:4104'),
    DB_POOL_MAX: z.coerce.number().int().positive().default(10),
    /** The usage-insights feature flag. */
    FEATURE_USAGE_INSIGHTS: z.stringbool().default(false),
  }),
);

void runServiceMain('widget-api', config, async (kit) => {
  const db = new Database({ connectionString: config.DATABASE_URL, name: 'widget-api', max: config.DB_POOL_MAX }, kit.registry);
  await prepareSchema(db);
  const insights = new UsageInsights(db, kit.logger);
  const partner = new PartnerClient(config.PARTNER_URL, kit.registry);
  const app = createApp({ kit, db, partner, insights, usageInsights: config.FEATURE_USAGE_INSIGHTS });
  return {
    app,
    close: async () => {
      insights.stop();
      await db.close();
    },
  };
});
