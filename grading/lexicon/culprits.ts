import { termsPattern } from '../../catalogue/service-catalogue';
import { scenarios } from '../../scenarios/definitions';
import type { Culprit, RunRecord } from '../../scenarios/run-record';

/**
 * Where each scenario puts its fault (the component a correct root cause names), from the
 * scenarios themselves: the run's own record carries its culprit (any scenario file), and older
 * records find theirs among the built-in scenarios by name. Two scenarios can share a service and
 * a fault class (widget-render-leak and feature-background-leak): the culprit tells them apart.
 */
export interface CulpritTerms {
  name: string;
  pattern: RegExp;
}

function termsOf(culprit: Culprit): CulpritTerms {
  return { name: culprit.name, pattern: termsPattern(culprit.words)! };
}

let builtIn: Map<string, CulpritTerms> | undefined;
function builtInCulprits(): Map<string, CulpritTerms> {
  builtIn ??= new Map(scenarios().map((s) => [s.name, termsOf(s.culprit)]));
  return builtIn;
}

/** The run's culprit: its record's, else its built-in scenario's; undefined for an old record of an unknown scenario. */
export function culpritOf(run: RunRecord): CulpritTerms | undefined {
  return run.grading ? termsOf(run.grading.culprit) : builtInCulprits().get(run.scenario);
}

/** The culprits of the other scenarios: a root cause that names one of them (and not this run's) points elsewhere. */
export function otherCulprits(run: RunRecord): CulpritTerms[] {
  return [...builtInCulprits()].filter(([name]) => name !== run.scenario).map(([, terms]) => terms);
}
