import type { FaultRegistry } from '../kit/fault-registry';
import type { ReadThroughCache } from '../kit/read-through-cache';
import type { UsageInsights } from './usage-insights';
import type { WidgetComposer } from './widget-composer';
import type { WidgetDefinition } from './widget-repository';

export interface WidgetApiParts {
  insights: UsageInsights;
  composer: WidgetComposer;
  definitions: ReadThroughCache<WidgetDefinition>;
}

/** The widget-api's lab faults (issue 3). */
export function registerWidgetApiFaults(_faults: FaultRegistry, _parts: WidgetApiParts): void {}
