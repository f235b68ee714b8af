import type { z } from 'zod';
import { SERVICE_CATALOGUE, type ServiceCatalogue } from '../catalogue/service-catalogue';
import { scenarioSchema, scenarioSchemaFor, type Scenario } from './scenario-schema';

export type ScenarioParse = { success: true; scenario: Scenario } | { success: false; issues: z.core.$ZodIssue[] };

/**
 * A scenario from its data (a definition, a parsed YAML file), validated against the schema and
 * the catalogue, with what the catalogue says of its fault. The one way in, built-in or not.
 */
export function parseScenario(data: unknown, catalogue: ServiceCatalogue = SERVICE_CATALOGUE): ScenarioParse {
  const schema = catalogue === SERVICE_CATALOGUE ? scenarioSchema : scenarioSchemaFor(catalogue);
  const result = schema.safeParse(data);
  if (!result.success) return { success: false, issues: result.error.issues };
  const spec = result.data;
  const fault = catalogue.fault(spec.service, spec.fault.name)!;
  const serviceTerms = catalogue.require(spec.service).terms;
  return { success: true, scenario: { ...spec, fault: { ...spec.fault, class: fault.class! }, serviceTerms } };
}
