import { CliError } from '../../cli/cli-error';
import { scenarioSchema, type Scenario, type ScenarioInput } from '../scenario-schema';
import { dbPoolExhaustion } from './db-pool-exhaustion';
import { featureBackgroundLeak } from './feature-background-leak';
import { recommendationLibraryLeak } from './recommendation-library-leak';
import { surgeCacheGrowth } from './surge-cache-growth';
import { widgetRenderLeak } from './widget-render-leak';

/** The five incidents of /work/shared/spec/incidents.md, in its order. */
const DEFINITIONS: readonly ScenarioInput[] = [widgetRenderLeak, featureBackgroundLeak, recommendationLibraryLeak, surgeCacheGrowth, dbPoolExhaustion];

let parsed: Scenario[] | undefined;

/** Every scenario, validated (a broken definition fails loudly, naming the field). */
export function scenarios(): Scenario[] {
  parsed ??= DEFINITIONS.map((d) => {
    const result = scenarioSchema.safeParse(d);
    if (!result.success) throw new Error(`scenario ${d.name}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return result.data;
  });
  return parsed;
}

export function findScenario(name: string): Scenario {
  const found = scenarios().find((s) => s.name === name);
  if (!found) throw new CliError(`no scenario named "${name}"; there are: ${scenarios().map((s) => s.name).join(', ')}`);
  return found;
}
