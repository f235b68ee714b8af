import { excerpt, wordCount } from '../document/prose';
import { SECTION_IDS, SECTION_TITLES, sectionText } from '../document/sections';
import { pastedShare } from '../facts/pasted';
import { MIN_SECTION_WORDS, PASTED_SHARE } from '../tolerances';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** The four sections are there, each with the learner's own content. */
export const sectionsCriterion: Criterion = {
  id: 'sections',
  title: 'Four sections with real content',
  group: 'document',
  check({ facts }) {
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let total = 0;
    for (const id of SECTION_IDS) {
      const section = facts.sections.sections.get(id);
      const title = SECTION_TITLES[id];
      if (!section) {
        evidence.push(notFound(`a "${title}" section (a heading or a bold label)`));
        feedback.push(`Add a "${title}" section, with a heading such as "## ${title}".`);
        continue;
      }
      const label = section.labels[0];
      const text = sectionText(section);
      const n = wordCount(text);
      const pasted = pastedShare(text);
      const read = `${excerpt(label.label ?? label.text, 60)}: ${n} words`;
      if (n > 0 && pasted >= PASTED_SHARE) {
        total += 0.1;
        evidence.push({ line: label.line, read: `${read}, ${Math.round(pasted * 100)}% of it the assignment's own wording`, expected: 'your own account of this run' });
        feedback.push(`"${title}" (line ${label.line}) repeats the assignment's wording: replace it with what happened in your run.`);
      } else if (n < MIN_SECTION_WORDS[id]) {
        total += n === 0 ? 0.25 : 0.5;
        evidence.push({ line: label.line, read, expected: `at least ${MIN_SECTION_WORDS[id]} words of content` });
        feedback.push(`"${title}" (line ${label.line}) is too thin (${n} words): ${hint(id)}`);
      } else {
        total += 1;
        evidence.push({ line: label.line, read });
      }
    }
    return { score: clampScore(total / SECTION_IDS.length), evidence, feedback };
  },
};

function hint(id: (typeof SECTION_IDS)[number]): string {
  switch (id) {
    case 'summary':
      return 'give the start and end times with a timezone, who was affected and how, and the root cause in a sentence.';
    case 'timeline':
      return 'list the moments from detection to resolution, one bullet each, "time - what happened".';
    case 'root-cause':
      return 'explain the mechanism that caused it and what you changed to fix it.';
    case 'corrective':
      return 'list specific tasks that prevent or detect this next time.';
  }
}
