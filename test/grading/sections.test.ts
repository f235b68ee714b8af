import { parseDocument } from '../../grading/document/parse-document';
import { findSections, sectionText, type SectionId } from '../../grading/document/sections';

function sectionsOf(md: string): Record<string, string> {
  const map = findSections(parseDocument(md));
  return Object.fromEntries([...map.sections.entries()].map(([id, s]) => [id, sectionText(s)]));
}

const BODY = {
  summary: 'From 14:01 to 14:12 UTC the API was slow for 49% of users.',
  timeline: '- 14:05 UTC - alert fired',
  cause: 'The job kept every batch in memory.',
  tasks: '- Add a heap growth alert',
};

/** The same four sections, labelled the ways learners label them. */
const STYLES: Record<string, string> = {
  'ATX headings': `# Postmortem\n\n## Issue Summary\n\n${BODY.summary}\n\n## Timeline\n\n${BODY.timeline}\n\n## Root Cause and Resolution\n\n${BODY.cause}\n\n## Corrective and Preventative Measures\n\n${BODY.tasks}\n`,
  'numbered headings': `### 1. Issue summary\n${BODY.summary}\n### 2) Timeline (all times UTC)\n${BODY.timeline}\n### 3. Root cause & resolution\n${BODY.cause}\n### 4. Corrective and preventive actions\n${BODY.tasks}\n`,
  'setext headings': `Issue Summary\n=============\n\n${BODY.summary}\n\nTimeline\n--------\n\n${BODY.timeline}\n\nRoot cause\n----------\n\n${BODY.cause}\n\nAction items\n------------\n\n${BODY.tasks}\n`,
  'bold labels on their own line': `**Issue Summary**\n\n${BODY.summary}\n\n**Timeline**\n\n${BODY.timeline}\n\n**Root Cause and Resolution**\n\n${BODY.cause}\n\n**Corrective and Preventative Measures**\n\n${BODY.tasks}\n`,
  'bold labels with text after them': `**Issue summary:** ${BODY.summary}\n\n**Timeline:**\n\n${BODY.timeline}\n\n**Root cause and resolution:** ${BODY.cause}\n\n**Corrective measures:**\n\n${BODY.tasks}\n`,
  'numbered list labels': `1. Issue summary:\n\n   ${BODY.summary}\n\n2. Timeline:\n\n   ${BODY.timeline}\n\n3. Root cause and resolution:\n\n   ${BODY.cause}\n\n4. Corrective and preventative measures:\n\n   ${BODY.tasks}\n`,
  'plain label lines': `Issue Summary\n\n${BODY.summary}\n\nTimeline\n\n${BODY.timeline}\n\nRoot Cause\n\n${BODY.cause}\n\nNext steps\n\n${BODY.tasks}\n`,
  'different order and wording': `## Summary\n${BODY.summary}\n## What went wrong\n${BODY.cause}\n## Chronology\n${BODY.timeline}\n## Lessons learned\n${BODY.tasks}\n`,
};

describe('findSections', () => {
  test.each(Object.entries(STYLES))('%s', (_style, md) => {
    const s = sectionsOf(md);
    expect(Object.keys(s).sort()).toEqual(['corrective', 'root-cause', 'summary', 'timeline'] satisfies SectionId[]);
    expect(s.summary).toContain('49% of users');
    expect(s.timeline).toContain('alert fired');
    expect(s['root-cause']).toContain('kept every batch');
    expect(s.corrective).toContain('heap growth alert');
  });

  test('a "Root cause:" line in the summary stays in the summary', () => {
    const s = sectionsOf(`**Issue Summary**\n\nDuration: 14:01-14:12 UTC.\n\nRoot cause: a leak in the job.\n\nImpact: 49% of users.\n\n**Timeline**\n\n${BODY.timeline}\n`);
    expect(s.summary).toContain('Impact: 49% of users');
    expect(s.summary).toContain('a leak in the job');
    expect(s['root-cause']).toBeUndefined();
  });

  test('labels inside a section with a heading do not start another one', () => {
    const s = sectionsOf(`## Timeline\n\n- 14:05 - alert\n- **Resolution:** 14:12 - fix deployed\n\n**Impact:** users saw timeouts\n\n## Root cause\n\n${BODY.cause}\n`);
    expect(s.timeline).toContain('fix deployed');
    expect(s.timeline).toContain('users saw timeouts');
    expect(s['root-cause']).toContain('kept every batch');
  });

  test('separate "Root cause" and "Resolution" headings form one section; an unknown heading ends it', () => {
    const s = sectionsOf(`## Root cause\n\n${BODY.cause}\n\n## Resolution\n\nWe released the batches.\n\n## Appendix\n\nRaw logs.\n`);
    expect(s['root-cause']).toContain('kept every batch');
    expect(s['root-cause']).toContain('released the batches');
    expect(s['root-cause']).not.toContain('Raw logs');
  });

  test('a subsection heading stays in its section', () => {
    const s = sectionsOf(`## Root cause and resolution\n\n${BODY.cause}\n\n### How we found it\n\nHeap snapshots.\n`);
    expect(s['root-cause']).toContain('Heap snapshots');
  });
});
