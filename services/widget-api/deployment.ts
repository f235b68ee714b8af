import { z } from 'zod';
import type { Database } from '../kit/database';
import type { Deployment } from '../kit/deployment/deployment';
import type { ReadThroughCache } from '../kit/read-through-cache';
import { declareDeployment, type ServiceKit } from '../kit/service-kit';
import type { PartnerClient } from './partner-client';
import type { UsageInsights } from './usage-insights';
import type { WidgetComposer } from './widget-composer';
import type { WidgetDefinition } from './widget-repository';

export interface WidgetApiComponents {
  db: Database;
  composer: WidgetComposer;
  insights: UsageInsights;
  definitions: ReadThroughCache<WidgetDefinition>;
  partner: PartnerClient;
  /** The usage-insights feature flag as the environment sets it. */
  usageInsights: boolean;
}

/** What went out before: the history `ops releases widget-api` starts with. */
export const WIDGET_API_RELEASES = [
  { version: '4.0.0', changelog: 'Widget API v4: widgets composed from nested parts', daysAgo: 41 },
  { version: '4.1.0', changelog: 'Price quotes from the pricing partner', daysAgo: 22 },
  { version: '4.1.1', changelog: 'Numbers formatted for de-DE, fr-FR and ja-JP', daysAgo: 15 },
  { version: '4.1.2', changelog: 'Widget definitions cached for a minute', daysAgo: 6 },
  { version: '4.1.3', changelog: 'Request logs carry the user id', daysAgo: 2 },
];

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** The widget-api's settings and code paths, each applied to the component that uses it. */
export function deployWidgetApi(kit: ServiceKit, parts: WidgetApiComponents): Deployment {
  const { db, composer, insights, definitions, partner } = parts;
  const cache = definitions.currentSettings;
  const job = insights.currentOptions;
  const deployment = declareDeployment(
    kit,
    {
      'features.usageInsights': { description: 'The usage-insights feature: a background job summarising widget usage', schema: z.boolean(), default: parts.usageInsights },
      'insights.intervalMs': { description: 'How often the usage-insights job reads a batch of usage events', schema: int(50, 60_000), default: job.intervalMs },
      'insights.batchSize': { description: 'Usage events read per batch', schema: int(1, 50_000), default: job.batchSize },
      'insights.trendWindow': { kind: 'code', description: 'Recent batches the usage trend looks back over', schema: int(0, 1_000), default: job.trendWindow ?? 0 },
      'composer.sparklinePoints': { kind: 'code', description: 'Points of history in live sparklines', schema: int(2, 4_096), default: composer.options.sparklinePoints },
      'composer.framePerRender': { kind: 'code', description: 'Live frames kept by render rather than by widget', schema: z.boolean(), default: composer.options.framePerRender },
      'definitionCache.maxEntries': { description: 'Widget definitions kept in memory (least recently used go first)', schema: int(1, 100_000), default: cache.maxEntries },
      'definitionCache.ttlMs': { description: 'How long a cached definition stays fresh (0: until evicted)', schema: int(0, 86_400_000), default: cache.ttlMs },
      'partner.timeoutMs': { description: 'How long a price quote may take at the pricing partner', schema: int(50, 60_000), default: partner.timeoutMs },
      'pool.max': { description: 'Most database connections the pool opens', schema: int(1, 1_000), default: db.poolSettings.max },
    },
    WIDGET_API_RELEASES,
  );
  deployment.bind(['composer.sparklinePoints', 'composer.framePerRender'], (c) => {
    Object.assign(composer.options, { sparklinePoints: c.number('composer.sparklinePoints'), framePerRender: c.boolean('composer.framePerRender') });
  });
  deployment.bind(['features.usageInsights', 'insights.intervalMs', 'insights.batchSize', 'insights.trendWindow'], (c) => {
    if (!c.boolean('features.usageInsights')) {
      insights.stop();
      return;
    }
    const trendWindow = c.number('insights.trendWindow');
    insights.start({ intervalMs: c.number('insights.intervalMs'), batchSize: c.number('insights.batchSize'), ...(trendWindow > 0 ? { trendWindow } : {}) });
  });
  deployment.bind(['definitionCache.maxEntries', 'definitionCache.ttlMs'], (c) => {
    definitions.configure({ maxEntries: c.number('definitionCache.maxEntries'), ttlMs: c.number('definitionCache.ttlMs') });
  });
  deployment.bind(['partner.timeoutMs'], (c) => (partner.timeoutMs = c.number('partner.timeoutMs')));
  deployment.bind(['pool.max'], (c) => db.reconfigure({ max: c.number('pool.max') }));
  return deployment;
}
