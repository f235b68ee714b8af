import type { Criterion } from './criterion';

/** A diagram (mermaid, image, ASCII art in a code block) or a table makes a postmortem easier to read. */
const ASCII_DIAGRAM = /(-->|->|[┌┐└┘│─├┤]|\+--)/;

export const extraCreditCriterion: Criterion = {
  id: 'extra-credit',
  title: 'Extra credit: a diagram or a table',
  group: 'bonus',
  check({ facts }) {
    const blocks = facts.doc.blocks;
    const found =
      blocks.find((b) => b.kind === 'code' && b.info === 'mermaid') ??
      blocks.find((b) => b.hasImage) ??
      blocks.find((b) => b.kind === 'code' && ASCII_DIAGRAM.test(b.text)) ??
      blocks.find((b) => b.kind === 'table-row');
    if (!found) {
      return {
        score: 0,
        evidence: [{ line: null, read: 'no diagram, image or table' }],
        feedback: ['Optional: a diagram (a mermaid block or an image) of how the fault spread, or a table of the timeline, earns extra credit.'],
      };
    }
    const what = found.kind === 'code' ? (found.info === 'mermaid' ? 'mermaid diagram' : 'diagram in a code block') : found.hasImage ? 'image' : 'table';
    return { score: 1, evidence: [{ line: found.line, read: what }], feedback: [] };
  },
};
