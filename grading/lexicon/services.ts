import { SERVICE_CATALOGUE, termsPattern } from '../../catalogue/service-catalogue';
import type { RunRecord } from '../../scenarios/run-record';

/** How learners name the lab's services (record.service): the catalogue's terms. */
export const SERVICE_TERMS: Readonly<Record<string, RegExp>> = Object.fromEntries(
  SERVICE_CATALOGUE.services.flatMap((s) => {
    const pattern = termsPattern(s.terms);
    return pattern ? [[s.name, pattern]] : [];
  }),
);

/** The catalogue's terms, with the run's own service's as its record gives them (a service added by a fork or a fixture). */
export function serviceTermsFor(run: RunRecord | null): Readonly<Record<string, RegExp>> {
  const own = run?.grading ? termsPattern(run.grading.serviceTerms) : null;
  return own && !(run!.service in SERVICE_TERMS) ? { ...SERVICE_TERMS, [run!.service]: own } : SERVICE_TERMS;
}

/** Any service or system named in general ("the checkout API", "our web server"), for the document-only check. */
export const GENERIC_SERVICE = /\b[\w-]+[ -](api|service|server|app|application|platform|backend|website|site|cluster|endpoint|database)\b/i;

/**
 * A named service, worker or API of some system: "the search-api", "billing-service", "the
 * notifications worker", "the Search API". Where a root cause places its mechanism in one of these
 * and not in the run's service, the cause is in another service (run/cause-owner.ts).
 */
export const NAMED_SERVICE = /\b([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)[-_ ](services?|apis?|workers?|microservices?|svc|daemons?|consumers?)\b/gi;

/** Words before "service"/"API"/"worker" that do not name one ("the service", "our API", "a background worker"). */
export const NOT_A_SERVICE_NAME = new Set(`
  the a an our this that its their his her my your same whole main one single entire other another each every any some
  new old web app application http https rest graphql public internal private backend frontend upstream downstream
  external third-party third party partner vendor lab affected slow failing faulty broken target core primary
  production staging prod dev test local remote cloud node nodejs background scheduled batch cron data database db
  sql postgres postgresql redis cache proxy load balancer gateway edge cdn mobile client customer user users
  kafka event events queue message messaging which what whose`.trim().split(/\s+/));
