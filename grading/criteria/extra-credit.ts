import type { ImageRef } from '../document/parse-document';
import type { Criterion } from './criterion';

/** A diagram (mermaid, image, ASCII art in a code block) or a table makes a postmortem easier to read. */
const ASCII_DIAGRAM = /(-->|->|[┌┐└┘│─├┤]|\+--)/;
/** Extra credit is for making real content readable: a stub with a picture earns none. */
const MIN_WORDS_FOR_BONUS = 150;
const PLACEHOLDER_ALT = /^(|image|img|diagram|picture|photo|screenshot|alt|alt text|placeholder|figure|fig|graph|chart|todo|tbd|insert .*)$/i;
const PLACEHOLDER_SRC = /(placeholder|via\.placeholder|placehold|dummyimage|example\.(com|org)|lorempixel|picsum|path\/to|your[-_]?image|image-url|^url$|^link$|^#$|^$|^(image|diagram|picture|screenshot|img)\d*\.(png|jpe?g|gif|svg)$)/i;

/** An image with no description and a made-up address is a placeholder, not a diagram. */
export function placeholderImage(image: ImageRef): boolean {
  return PLACEHOLDER_SRC.test(image.src.trim()) || (PLACEHOLDER_ALT.test(image.alt.trim()) && !/\//.test(image.src));
}

export const extraCreditCriterion: Criterion = {
  id: 'extra-credit',
  title: 'Extra credit: a diagram or a table',
  group: 'bonus',
  check({ facts }) {
    const blocks = facts.doc.blocks;
    const image = facts.doc.images.find((i) => !placeholderImage(i));
    const placeholder = facts.doc.images.find(placeholderImage);
    const rows = blocks.filter((b) => b.kind === 'table-row' && !b.header && (b.cells ?? []).some((c) => c.trim()));
    const found: { line: number; what: string } | null =
      (() => {
        const mermaid = blocks.find((b) => b.kind === 'code' && b.info === 'mermaid' && b.text.trim().split('\n').length >= 2);
        if (mermaid) return { line: mermaid.line, what: 'mermaid diagram' };
        if (image) return { line: image.line, what: `image (${image.alt || image.src})` };
        const ascii = blocks.find((b) => b.kind === 'code' && ASCII_DIAGRAM.test(b.text));
        if (ascii) return { line: ascii.line, what: 'diagram in a code block' };
        return rows.length >= 2 ? { line: rows[0].line, what: 'table' } : null;
      })();
    if (found && facts.ownWords >= MIN_WORDS_FOR_BONUS) return { score: 1, evidence: [{ line: found.line, read: found.what }], feedback: [] };
    const evidence = [{ line: found?.line ?? placeholder?.line ?? null, read: found ? `${found.what}, but only ${facts.ownWords} words of postmortem` : placeholder ? `placeholder image (${placeholder.alt || 'no description'}, ${placeholder.src || 'no address'})` : 'no diagram, image or table' }];
    const feedback = placeholder && !found
      ? [`The image on line ${placeholder.line} is a placeholder (no description, no real file): draw the diagram (a mermaid block works) to earn the extra credit.`]
      : ['Optional: a diagram (a mermaid block or an image) of how the fault spread, or a table of the timeline, earns extra credit.'];
    return { score: 0, evidence, feedback };
  },
};
