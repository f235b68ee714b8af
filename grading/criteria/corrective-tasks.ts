import { excerpt } from '../document/prose';
import { DETECTION_VERB } from '../lexicon/language';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** Three specific tasks make a complete list; each vague one costs a little. */
const SPECIFIC_TASKS = 3;
const VAGUE_COST = 0.1;
const MAX_VAGUE_COST = 0.3;

/** A TODO-like list of specific, actionable tasks, one of which improves detection. */
export const correctiveTasksCriterion: Criterion = {
  id: 'corrective-tasks',
  title: 'Specific corrective tasks',
  group: 'document',
  check({ facts }) {
    const tasks = facts.tasks.filter((t) => t.says);
    const terms = facts.tasks.filter((t) => !t.says);
    if (tasks.length === 0 && terms.length > 0) {
      return {
        score: 0,
        evidence: [{ line: terms[0].line, read: `${terms.length} items, none saying what to do: "${excerpt(terms[0].text, 60)}"`, expected: 'tasks: what to change or add, where' }],
        feedback: [`The list on line ${terms[0].line} names topics, not tasks: write each as an action ("Add an alert when heap used grows 20% in 10 minutes").`],
      };
    }
    if (tasks.length === 0) {
      return {
        score: 0,
        evidence: [notFound('a list of corrective and preventative tasks')],
        feedback: ['List specific tasks, one per bullet: what to change or add, where, and ideally who and by when (e.g. "Add an alert when widget-api heap grows 20% in 10 minutes - @maya, by Friday").'],
      };
    }
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    const specific = tasks.filter((t) => !t.vague);
    const vague = tasks.filter((t) => t.vague);
    const listed = tasks.every((t) => t.listed);
    const detection = specific.find((t) => DETECTION_VERB.test(t.text));
    const owned = tasks.some((t) => t.ownerOrDue);

    let score = 0.6 * Math.min(1, specific.length / SPECIFIC_TASKS);
    if (listed) score += 0.15;
    else feedback.push('Write the tasks as a list (one bullet per task), like a TODO list.');
    if (detection) score += 0.15;
    else feedback.push('Add at least one task that improves detection: an alert, a dashboard or a test that would have caught this earlier.');
    if (owned) score += 0.1;
    else feedback.push('Give tasks an owner or a due date: a task nobody owns is rarely done.');
    score -= Math.min(MAX_VAGUE_COST, VAGUE_COST * vague.length);

    evidence.push({ line: tasks[0].line, read: `${tasks.length} tasks, ${specific.length} specific${listed ? '' : ', not a list'}`, expected: `at least ${SPECIFIC_TASKS} specific tasks in a list` });
    for (const t of vague) {
      evidence.push({ line: t.line, read: `vague: "${excerpt(t.text, 80)}" (${t.vagueReason})`, expected: 'what to do, where, measurable' });
      feedback.push(`Task on line ${t.line} is vague ("${excerpt(t.text, 50)}"): ${t.vagueReason}; say exactly what to add or change and how you will know it is done.`);
    }
    if (specific.length > 0 && specific.length < SPECIFIC_TASKS) feedback.push(`Only ${specific.length} specific task(s): aim for at least ${SPECIFIC_TASKS}.`);
    return { score: clampScore(score), evidence, feedback };
  },
};
