import { z } from 'zod';
import { baseConfigSchema, readConfig } from '../kit/service-config';
import { runServiceMain } from '../kit/service-main';
import { createApp } from './app';

const config = readConfig(baseConfigSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(4104) }));

void runServiceMain('partner-api', config, async (kit) => ({ app: createApp(kit), close: async () => undefined }));
