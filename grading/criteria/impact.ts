import { excerpt } from '../document/prose';
import { IMPACT_CUE, impactFigure, impactUnits, namedServices, symptomUnit } from '../facts/impact';
import { CONSISTENCY_TOLERANCE_PP } from '../tolerances';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** The impact names the service, the symptom and a percentage, and that figure is used throughout. */
export const impactCriterion: Criterion = {
  id: 'impact',
  title: 'Impact: service, symptom, percentage, consistent',
  group: 'document',
  check({ facts }) {
    const units = impactUnits(facts);
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let score = 0;

    const services = namedServices(units);
    const serviceUnit = services.lab[0]?.unit ?? services.generic;
    if (serviceUnit) {
      score += 0.25;
      evidence.push({ line: serviceUnit.line, read: `service: ${services.lab.map((s) => s.name).join(', ') || excerpt(serviceUnit.text, 80)}` });
    } else {
      evidence.push(notFound('the affected service named in the summary'));
      feedback.push('Name the service that was slow or down in the summary (for example "the widget-api service").');
    }

    const symptom = symptomUnit(units);
    if (symptom) {
      score += 0.25;
      evidence.push({ line: symptom.line, read: `symptom: ${excerpt(symptom.text, 100)}` });
    } else {
      evidence.push(notFound('what users experienced (slow pages, timeouts, 503 errors)'));
      feedback.push('Say what users experienced: slow responses, timeouts, errors (which status codes).');
    }

    const figure = impactFigure(facts);
    if (figure) {
      score += 0.3;
      evidence.push({ line: figure.unit.line, read: `impact figure: "${figure.raw}"${figure.noun ? ` of ${figure.noun}` : ''}` });
      if (!figure.noun) feedback.push(`Say what "${figure.raw}" is a share of: users or requests.`);
      const conflicts = facts.percentages.filter(
        (p) =>
          p !== figure &&
          p.noun === figure.noun &&
          p.kind === figure.kind &&
          p.unit !== figure.unit && // figures in one sentence describe different things ("31% of users, 27% of requests")
          (IMPACT_CUE.test(p.unit.text) || p.unit.section === 'summary') &&
          Math.abs(p.value - figure.value) > CONSISTENCY_TOLERANCE_PP,
      );
      if (conflicts.length === 0) {
        score += 0.2;
      } else {
        for (const c of conflicts) {
          evidence.push({ line: c.unit.line, read: `"${c.raw}"${c.fromCount ? ` (= ${round(c.value)}%)` : ''}: ${excerpt(c.unit.text, 90)}`, expected: `${round(figure.value)}% as on line ${figure.unit.line}` });
        }
        feedback.push(`Your figures contradict each other: ${round(figure.value)}% (line ${figure.unit.line}) and ${conflicts.map((c) => `${round(c.value)}% (line ${c.unit.line})`).join(', ')}. Use one measured figure everywhere.`);
      }
    } else {
      evidence.push(notFound('the share of users or requests affected, as a percentage'));
      feedback.push('Give the share of users (or requests) affected as a percentage, as measured ("about 30% of users").');
    }
    return { score: clampScore(score), evidence, feedback };
  },
};

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
