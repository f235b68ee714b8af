import { excerpt, wordCount } from '../document/prose';
import { SECTION_IDS, SECTION_TITLES, sectionText, type SectionId } from '../document/sections';
import { causeClauses } from '../facts/cause';
import type { DocumentFacts } from '../facts/document-facts';
import { pastedShare } from '../facts/pasted';
import { MIN_SECTION_WORDS, PASTED_SHARE } from '../tolerances';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** A section's content written without its label (prose): found, but the reader has to hunt for it. */
const UNLABELLED_CREDIT = 0.4;
/** A section with content the grader could not read (an image, a link): an instructor decides. */
const UNREAD_CREDIT = 0.5;

/** The four sections are there, each with the learner's own statements (not terms, not the assignment). */
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
        const loose = unlabelled(facts, id);
        if (loose !== null) {
          total += UNLABELLED_CREDIT;
          evidence.push({ line: loose, read: `${title}: content without a label`, expected: `a "${title}" heading` });
          feedback.push(`Give "${title}" its own heading (its content starts around line ${loose}): readers and reviewers look for the four sections.`);
        } else {
          evidence.push(notFound(`a "${title}" section (a heading or a bold label)`));
          feedback.push(`Add a "${title}" section, with a heading such as "## ${title}": ${hint(id)}`);
        }
        continue;
      }
      const label = section.labels[0];
      const text = sectionText(section);
      const said = facts.unitsIn[id].reduce((n, u) => n + u.words, 0);
      const written = wordCount(text);
      const pasted = pastedShare(text);
      const unread = facts.reading.find((r) => r.unread && section.blocks.some((b) => b.line <= r.line && r.line <= b.endLine + 1));
      const read = `${excerpt(label.label ?? label.text, 60)}: ${said} words said${written > said ? ` (${written} written)` : ''}`;
      if (written > 0 && pasted >= PASTED_SHARE) {
        evidence.push({ line: label.line, read: `${read}, ${Math.round(pasted * 100)}% of it the assignment's own wording`, expected: 'your own account of the incident' });
        feedback.push(`"${title}" (line ${label.line}) repeats the assignment's wording: replace it with what happened.`);
      } else if (said === 0 && unread) {
        total += UNREAD_CREDIT;
        evidence.push({ line: unread.line, read: `${title}: ${unread.message}` });
        feedback.push(`"${title}" (line ${label.line}) could not be read (${unread.message}): write it as text so that it can be graded.`);
      } else if (said === 0) {
        evidence.push({ line: label.line, read, expected: `at least ${MIN_SECTION_WORDS[id]} words of statements` });
        feedback.push(written > 0
          ? `"${title}" (line ${label.line}) lists terms without saying anything: write sentences (who or what did what), ${hint(id)}`
          : `"${title}" (line ${label.line}) is a heading with nothing under it: ${hint(id)}`);
      } else if (said < MIN_SECTION_WORDS[id]) {
        total += 0.3 + 0.4 * (said / MIN_SECTION_WORDS[id]);
        evidence.push({ line: label.line, read, expected: `at least ${MIN_SECTION_WORDS[id]} words of statements` });
        feedback.push(`"${title}" (line ${label.line}) is too thin (${said} words): ${hint(id)}`);
      } else {
        total += 1;
        evidence.push({ line: label.line, read });
      }
    }
    return { score: clampScore(total / SECTION_IDS.length), evidence, feedback };
  },
};

/** Where a section's content is when it has no label: the line it starts on, or null. */
function unlabelled(facts: DocumentFacts, id: SectionId): number | null {
  switch (id) {
    case 'summary':
      return facts.window && facts.window.where > 0 ? facts.window.startUnit.line : null;
    case 'timeline':
      return facts.timeline.filter((e) => e.says).length >= 3 ? facts.timeline[0].line : null;
    case 'root-cause':
      return facts.sections.sections.has('summary') || facts.sections.sections.size === 0 ? (causeClauses(facts).find((c) => /\b(cause|because|due to|kept|held|never|leak|ran out|filled|expired)\b/i.test(c.text))?.unit.line ?? null) : null;
    case 'corrective':
      return facts.telling.find((u) => u.section === null && /\b(will|should|plan to|want to|next time|in the future|to prevent)\b/i.test(u.text))?.line ?? null;
  }
}

function hint(id: SectionId): string {
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
