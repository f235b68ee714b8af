import { excerpt } from '../document/prose';
import { causeClauses, matchClass, redHerringsAsCause } from '../facts/cause';
import { impactUnits, namedServices } from '../facts/impact';
import { FAULT_CLASS_TERMS } from '../lexicon/fault-classes';
import { RED_HERRING_TERMS } from '../lexicon/red-herrings';
import { SCENARIO_CULPRITS } from '../lexicon/scenarios';
import { clampScore, type Criterion, type Evidence } from './criterion';

/** Parts of the root-cause score: the fault class counts most, then where it was, then which service. */
const CLASS_PART = 0.6;
const CULPRIT_PART = 0.25;
const SERVICE_PART = 0.15;
/** "Memory leak" for an unbounded cache: the symptom family without the mechanism. */
const SYMPTOM_CREDIT = 0.5;

/**
 * The service, fault class and culprit named as the root cause match this run. A red herring named
 * as the cause, another service, or another scenario's culprit (and not this one's) scores nothing.
 */
export const runRootCauseCriterion: Criterion = {
  id: 'run-root-cause',
  title: 'Root cause matches the run',
  group: 'run',
  check({ facts, run }) {
    if (!run) return { skipped: 'no run given' };
    const clauses = causeClauses(facts);
    const terms = FAULT_CLASS_TERMS[run.fault.class];
    const culprit = SCENARIO_CULPRITS[run.scenario];
    const expected = `${terms.name} in ${run.service}${culprit ? ` (${culprit.name})` : ''}`;
    const evidence: Evidence[] = [];
    if (clauses.length === 0) {
      return {
        score: 0,
        evidence: [{ line: null, read: '(no root cause stated)', expected }],
        feedback: [`State the root cause: in this run it was ${expected}.`],
      };
    }

    const classMatch = matchClass(clauses, run.fault.class);
    const offered = [...new Set(run.redHerrings.map((r) => r.kind))];
    const herring = classMatch?.level === 'mechanism' ? [] : redHerringsAsCause(clauses, offered);
    if (herring.length > 0) {
      const h = herring[0];
      const names = herring.map((x) => RED_HERRING_TERMS[x.kind].name).join(' / ');
      return {
        score: 0,
        evidence: [{ line: h.clause.unit.line, read: excerpt(h.clause.unit.text, 120), expected }],
        feedback: [`You name ${names} as the cause, but in this run that was a red herring: the cause was ${expected}. Look again at what grew in memory or ran out.`],
      };
    }

    const causeUnits = [...new Set(clauses.map((c) => c.unit))];
    // The service named with the cause, else the one the summary names.
    const services = namedServices(causeUnits).lab.length > 0 ? namedServices(causeUnits).lab : namedServices(impactUnits(facts)).lab;
    const rightService = services.some((s) => s.name === run.service);
    if (services.length > 0 && !rightService) {
      return {
        score: 0,
        evidence: [{ line: services[0].unit.line, read: `service named: ${services.map((s) => s.name).join(', ')}`, expected: `${run.service}` }],
        feedback: [`Your root cause is about ${services.map((s) => s.name).join(', ')}, but this run's fault was in ${run.service}: ${expected}.`],
      };
    }

    let culpritCredit = 0;
    if (culprit) {
      const own = clauses.find((c) => culprit.patterns.some((p) => p.test(c.text)));
      const other = Object.entries(SCENARIO_CULPRITS).find(
        ([name, c]) => name !== run.scenario && clauses.some((cl) => c.patterns.some((p) => p.test(cl.text))),
      );
      if (!own && other) {
        const at = clauses.find((cl) => other[1].patterns.some((p) => p.test(cl.text)))!;
        return {
          score: 0,
          evidence: [{ line: at.unit.line, read: excerpt(at.unit.text, 120), expected }],
          feedback: [`Your root cause points at ${other[1].name}, which is not where this run's fault was: it was ${expected}.`],
        };
      }
      if (own) {
        culpritCredit = 1;
        evidence.push({ line: own.unit.line, read: `culprit: ${excerpt(own.text, 100)}`, expected: culprit.name });
      } else {
        evidence.push({ line: null, read: '(culprit not named)', expected: culprit.name });
      }
    }

    const classCredit = classMatch?.level === 'mechanism' ? 1 : classMatch?.level === 'symptom' ? SYMPTOM_CREDIT : 0;
    if (classMatch) evidence.push({ line: classMatch.clause.unit.line, read: `${classMatch.level === 'mechanism' ? 'mechanism' : 'symptom only'}: ${excerpt(classMatch.clause.text, 100)}`, expected: terms.name });
    else evidence.push({ line: clauses[0].unit.line, read: excerpt(clauses[0].unit.text, 100), expected: terms.name });
    const serviceAt = services.find((s) => s.name === run.service);
    evidence.push(serviceAt ? { line: serviceAt.unit.line, read: `service: ${run.service}` } : { line: null, read: '(service not named)', expected: run.service });

    const score = CLASS_PART * classCredit + CULPRIT_PART * (culprit ? culpritCredit : classCredit) + SERVICE_PART * (rightService ? 1 : 0);
    const feedback: string[] = [];
    if (classCredit === 0) feedback.push(`The root cause does not name this run's mechanism: it was ${terms.name}.`);
    else if (classCredit < 1) feedback.push(`You found the symptom family but not the mechanism: it was ${terms.name}. Say what kept growing and why nothing released it.`);
    if (culprit && culpritCredit === 0) feedback.push(`Say where the fault was: ${culprit.name}.`);
    if (!rightService) feedback.push(`Name the service that failed (${run.service}).`);
    return { score: clampScore(score), evidence, feedback };
  },
};
