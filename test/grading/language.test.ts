import { toneFindings } from '../../grading/facts/blame';
import { pastedShare } from '../../grading/facts/pasted';
import { findTasks } from '../../grading/facts/tasks';
import { parseDocument } from '../../grading/document/parse-document';
import { findSections } from '../../grading/document/sections';
import type { TextUnit } from '../../grading/facts/units';

function unit(text: string): TextUnit {
  return { text, line: 1, section: null, says: true, repeat: false, words: 5, block: parseDocument(text).blocks[0] };
}

function tone(text: string): string[] {
  return toneFindings([unit(text)]).map((f) => f.kind);
}

describe('blame and drama', () => {
  test.each([
    ['The process failed to release memory after each render.', []],
    ['The connection pool failed to return connections in time.', []],
    ['No one is to blame: this is a blameless postmortem.', []],
    ['Dave forgot to set the trend window.', ['blame']],
    ['The root cause was human error.', ['blame']],
    ['The junior developer failed to test the release.', ['blame']],
    ['It was her fault for deploying on a Friday.', ['blame']],
    ['We failed to notice the heap graph for ten minutes.', ['possible-blame']],
    ['It was a catastrophic meltdown.', ['dramatic']],
  ])('%s', (text, kinds) => {
    expect(tone(text)).toEqual(kinds);
  });
});

describe('tasks', () => {
  const tasks = (md: string) => findTasks(findSections(parseDocument(`## Corrective measures\n\n${md}`)).sections.get('corrective'));

  test('vague tasks are named as vague, specific ones are not', () => {
    const found = tasks([
      '- Improve monitoring.',
      '- Be more careful when deploying.',
      '- Developers must test their code.',
      '- Buy bigger servers.',
      '- Add an alert when heap used grows 20% in 10 minutes (owner: Maya, due 2026-03-01).',
      '- Cap the product cache at 10,000 entries with a 10-minute TTL.',
    ].join('\n'));
    expect(found.map((t) => t.vague)).toEqual([true, true, true, true, false, false]);
    expect(found[4].ownerOrDue).toBe(true);
    expect(found[5].ownerOrDue).toBe(false);
  });

  test('group labels with sub-items are not tasks; an owner column counts', () => {
    expect(tasks('- Monitoring:\n  - Add a pool wait alert above 10 waiting clients\n  - Add a dashboard for connection count\n').map((t) => t.text)).toEqual([
      'Add a pool wait alert above 10 waiting clients',
      'Add a dashboard for connection count',
    ]);
    const table = tasks('| Task | Owner |\n|---|---|\n| Add a heap growth alert at 20% per 10 min | Maya |\n');
    expect(table).toHaveLength(1);
    expect(table[0].ownerOrDue).toBe(true);
  });

  test('prose tasks are found but are not a list', () => {
    const found = tasks('We will add a heap alert at 300 MB. We will also add a leak test to CI.');
    expect(found).toHaveLength(2);
    expect(found.every((t) => !t.listed)).toBe(true);
  });
});

describe('pasted assignment text', () => {
  test('the assignment wording scores high, a real summary low', () => {
    expect(pastedShare('what was the root cause; explain in detail how the issue was fixed')).toBeGreaterThan(0.6);
    expect(pastedShare('From 14:01 to 14:12 UTC the widget-api answered slowly for 49% of users because a job kept every batch.')).toBeLessThan(0.1);
  });
});
