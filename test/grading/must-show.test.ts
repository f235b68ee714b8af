import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGrade } from '../../cli/commands/grade';
import { UserError } from '../../common/user-error';
import { gradePostmortem, type GradeReport } from '../../grading/grade';
import { gradeFolder } from '../../grading/grade-folder';
import { corpusDoc } from './corpus-helpers';
import { loadRun, RUNS } from './fixture-helpers';

/**
 * What issue #14 asks the grader to show, on documents of the corpus's tuning set (never the held-out
 * third) and on variants written here.
 */

const points = (r: GradeReport, id: string): number => r.criteria.find((c) => c.id === id)!.points;
const codes = (r: GradeReport | null | undefined): string[] => (r?.flags ?? []).map((f) => f.code);
const runCodes = (r: GradeReport | null | undefined): string[] => codes(r).filter((c) => c.startsWith('RUN_'));

describe('root cause against the run', () => {
  test('the true cause named together with its trigger keeps the root-cause credit', () => {
    const { text, run } = corpusDoc('f-trigger-and-cause');
    const report = gradePostmortem(text, { run });
    const c = report.criteria.find((x) => x.id === 'run-root-cause')!;
    expect(c.status).toBe('pass');
    expect(report.cap).toBeNull();
    // The surge scenario's form of it: "a surge triggered a leak in a cache whose entries were never cleared".
    const surge = gradePostmortem(
      ['## Root cause and resolution', '', 'A traffic surge from the campaign triggered a leak in the storefront page cache, whose entries were never cleared, so memory grew with every new product page until the storefront shed requests.', '', 'The fix revised the cache logic to clear old entries, keeping at most 500 of them.'].join('\n'),
      { run: loadRun('surge-cache-growth') },
    );
    // A five-line document: its points are scaled for substance, but the verdicts are the criteria's own.
    expect(surge.criteria.find((x) => x.id === 'run-root-cause')!.status).toBe('pass');
    expect(surge.criteria.find((x) => x.id === 'run-fix')!.status).toBe('pass');
  });

  test('the red herring named as the cause scores at least 25 points below the same postmortem with the true cause', () => {
    const { text, run } = corpusDoc('f-good');
    const start = text.indexOf('## Root Cause and Resolution');
    const end = text.indexOf('## Corrective');
    const summaryCause = text.indexOf('The root cause was');
    const summaryEnd = text.indexOf('## Timeline');
    expect(summaryCause).toBeGreaterThan(0);
    const summary = `${text.slice(0, summaryCause)}The root cause was the traffic surge of the launch, which the widget-api could not keep up with.\n\n`;
    const herring = `${summary}${text.slice(summaryEnd, start)}## Root Cause and Resolution

The root cause was the traffic surge that came with the launch. The request rate went from 50 to 80
requests per second, and at that load the widget-api ran out of CPU, so requests to the data endpoints
queued behind each other and timed out. The background job had nothing to do with it.

We resolved it by adding capacity: two more instances of widget-api behind the load balancer, after
which the latency went back to normal. The restart had only helped for a moment.

${text.slice(end)}`;
    const right = gradePostmortem(text, { run });
    const wrong = gradePostmortem(herring, { run });
    expect(right.percent - wrong.percent).toBeGreaterThanOrEqual(25);
    for (const id of ['run-root-cause', 'run-fix', 'run-red-herring']) expect({ id, points: points(wrong, id) }).toEqual({ id, points: 0 });
    const rootCause = wrong.criteria.find((x) => x.id === 'run-root-cause')!;
    expect(rootCause.feedback.join(' ')).toMatch(/Wrong root cause: you name a traffic surge as the cause/);
    expect(wrong.cap?.reason).toMatch(/root cause is wrong/);
  });

  test('a postmortem of another incident is flagged OFF_TOPIC, gets no run credit and is capped; graded on its own, its writing keeps its credit', () => {
    const { text } = corpusDoc('x-dns-offtopic');
    const run = loadRun('widget-render-leak');
    const report = gradePostmortem(text, { run });
    expect(codes(report)).toContain('OFF_TOPIC');
    for (const c of report.criteria.filter((x) => x.group === 'run')) expect({ id: c.id, points: c.points, max: c.maxPoints > 0 }).toEqual({ id: c.id, points: 0, max: true });
    expect(report.percent).toBeLessThanOrEqual(10); // not the assignment (weights.ts OFF_TOPIC_CAP)
    const alone = gradePostmortem(text);
    expect(alone.percent).toBeGreaterThanOrEqual(85);
    expect(codes(alone)).not.toContain('OFF_TOPIC');
    // A postmortem of the run itself is not off-topic, even a poor one.
    expect(codes(gradePostmortem(corpusDoc('s-leak-only').text, { run: loadRun('surge-cache-growth') }))).not.toContain('OFF_TOPIC');
  });
});

describe('coherence, not keywords', () => {
  test('keyword salad scores at most 30%, with and without a run', () => {
    for (const id of ['j-salad-run', 'j-salad-norun']) {
      const { text, run } = corpusDoc(id);
      expect({ id, percent: gradePostmortem(text, { run }).percent <= 30 }).toEqual({ id, percent: true });
      expect({ id, alone: gradePostmortem(text).percent <= 30 }).toEqual({ id, alone: true });
    }
    // The rubric's terms under the rubric's headings, repeated to length.
    const terms = 'root cause memory leak heap growth unbounded cache connection pool exhaustion alert monitoring timeline detection escalation resolution mitigation restart fix owner due date 31% users 14:02 CET';
    const salad = ['## Issue Summary', terms, '## Timeline', ...terms.split(' ').map((t) => `- 14:0${t.length % 9} CET ${t} ${t}`), '## Root Cause and Resolution', terms, terms, '## Corrective and Preventative Measures', '- heap alert monitoring', '- connection pool limit test'].join('\n\n');
    expect(gradePostmortem(salad, { run: loadRun('widget-render-leak') }).percent).toBeLessThanOrEqual(30);
  });

  test('a text repeated to fill space earns once; a stub earns no tone points', () => {
    const repeated = gradePostmortem(corpusDoc('j-repeated').text, { run: loadRun('widget-render-leak') });
    expect(repeated.percent).toBeLessThanOrEqual(30);
    const stub = gradePostmortem(corpusDoc('f-stub').text);
    expect(points(stub, 'tone')).toBeLessThanOrEqual(0.5);
  });

  test('document criteria credit a clear DNS, web-server or disk mechanism', () => {
    for (const id of ['x-cert-expiry', 'x-cloud-noblame', 'x-migration-lock']) {
      const reads = gradePostmortem(corpusDoc(id).text).criteria.find((c) => c.id === 'cause-and-resolution')!.evidence.map((e) => e.read.split(':')[0]);
      expect({ id, reads }).toEqual({ id, reads: ['mechanism', 'change'] });
    }
  });

  test('blame is read both ways', () => {
    const body = [
      'The worker pool kept every connection open until the database refused new clients, which is what users saw.',
      'Requests then waited for a connection and failed with 503 after the acquire timeout of two seconds.',
      'The pool maximum had been raised from 20 to 500 by a settings change that nobody reviewed.',
      'We set the maximum back to 20, below the limit of the database, and added a start-up check for it.',
      'An alert on waiting clients now fires within a minute when the pool is saturated again.',
      'Each of these changes was tested in staging under the same load before it reached production.',
      'The dashboards now show the connection count of the database beside the pool of every service.',
      'The runbook for this alert says where to look first and how to lower the pool maximum without a deploy.',
      'We also wrote down how the settings store works, so that a change to it is reviewed like a change to the code.',
      'Finally, the load test that runs before each release now holds the pool at its maximum for ten minutes.',
    ].join(' ');
    const tone = (sentence: string): number => gradePostmortem(`## Root Cause and Resolution\n\n${sentence} ${body}`).criteria.find((c) => c.id === 'tone')!.score!;
    expect(tone('Dave should have tested his code before pushing it.')).toBeLessThanOrEqual(0.5);
    expect(tone('The broken configuration was pushed by Dave.')).toBeLessThanOrEqual(0.5);
    expect(tone('It is tempting to blame the cloud provider, but the disk was ours to manage.')).toBe(1);
    expect(tone('The process failed to release memory.')).toBe(1);
  });

  test('a placeholder image earns no extra credit', () => {
    const { text, run } = corpusDoc('w-truecause-index');
    const withPlaceholder = gradePostmortem(`${text}\n![diagram](diagram.png)\n`, { run });
    expect(points(withPlaceholder, 'extra-credit')).toBe(0);
    expect(withPlaceholder.criteria.find((c) => c.id === 'extra-credit')!.feedback.join(' ')).toMatch(/placeholder/);
    const withDiagram = gradePostmortem(`${text}\n\`\`\`mermaid\nflowchart LR\n  R[render] --> M[frame map] --> H[heap]\n\`\`\`\n`, { run });
    expect(points(withDiagram, 'extra-credit')).toBe(2);
  });
});

describe('reading', () => {
  test('label lines without blank lines, numbered labels and an unclosed fence are read, with a note for the fence', () => {
    for (const id of ['x-disk-full', 'f-numbered-colon']) {
      const report = gradePostmortem(corpusDoc(id).text);
      const sections = report.criteria.find((c) => c.id === 'sections')!;
      expect({ id, found: sections.evidence.filter((e) => e.read === '(not found)').length }).toEqual({ id, found: 0 });
    }
    const fenced = gradePostmortem(corpusDoc('r-unclosed-fence').text, { run: loadRun('recommendation-library-leak') });
    expect(fenced.reading[0].message).toMatch(/never closed; everything after it was read as text/);
    expect(fenced.percent).toBeGreaterThanOrEqual(60);
  });

  test('"10:15 AM" is a time, not a duration', () => {
    const report = gradePostmortem('## Issue Summary\n\nFrom 10:15 AM to 10:26 AM EDT on June 9 the storefront was slow for 26% of users.');
    const window = report.criteria.find((c) => c.id === 'window')!;
    expect(window.evidence.map((e) => e.read).join(' ')).toMatch(/no duration stated/);
    expect(window.feedback.join(' ')).not.toMatch(/contradicts/);
  });

  test('a timeline that is only an image is reported as unread, never scored as absent', () => {
    const report = gradePostmortem('## Timeline\n\n![timeline of the outage](timeline-graph.png)\n');
    expect(codes(report)).toContain('UNREAD_CONTENT');
    const sections = report.criteria.find((c) => c.id === 'sections')!;
    expect(sections.feedback.join(' ')).toMatch(/could not be read/);
  });
});

describe('a class folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'must-show-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('near-duplicate submissions are flagged, each naming the other learner; an honest one is not', async () => {
    const { text } = corpusDoc('d-excellent');
    await writeFile(path.join(dir, 'alice.md'), text);
    await writeFile(path.join(dir, 'bob.md'), text.replace('Widgetify outage', 'Outage of Widgetify').replace('far above', 'well above').replace('Nothing in the deploy was related', 'The deploy was unrelated'));
    await copyFile(corpusDoc('d-overview-table').file, path.join(dir, 'carol.md'));
    const { rows } = await gradeFolder(dir, loadRun('db-pool-exhaustion'));
    const flagOf = (learner: string): string => rows.find((r) => r.learner === learner)!.report!.flags.filter((f) => f.code === 'NEAR_DUPLICATE').map((f) => f.message).join(' ');
    expect(flagOf('alice')).toMatch(/bob/);
    expect(flagOf('bob')).toMatch(/alice/);
    expect(flagOf('carol')).toBe('');
  });

  test('a corrupt or missing own run is flagged and never scores better than a valid one', async () => {
    const { text } = corpusDoc('d-excellent');
    for (const learner of ['valid', 'corrupt', 'missing', 'running', 'abandoned']) await writeFile(path.join(dir, `${learner}.md`), text);
    const record = await readFile(path.join(RUNS, 'db-pool-exhaustion', 'run.json'), 'utf8');
    for (const learner of ['valid', 'corrupt', 'running', 'abandoned']) await mkdir(path.join(dir, learner));
    await writeFile(path.join(dir, 'valid', 'run.json'), record);
    await writeFile(path.join(dir, 'corrupt', 'run.json'), record.slice(0, 200));
    await writeFile(path.join(dir, 'running', 'run.json'), JSON.stringify({ ...JSON.parse(record), status: 'running' }));
    await writeFile(path.join(dir, 'abandoned', 'run.json'), JSON.stringify({ ...JSON.parse(record), status: 'abandoned' }));
    const { rows } = await gradeFolder(dir, null);
    const row = (l: string) => rows.find((r) => r.learner === l)!;
    expect(runCodes(row('valid').report)).toEqual([]);
    expect(runCodes(row('corrupt').report)).toEqual(['RUN_INVALID']);
    expect(runCodes(row('missing').report)).toEqual(['RUN_MISSING']);
    expect(runCodes(row('running').report)).toEqual(['RUN_UNFINISHED']);
    expect(runCodes(row('abandoned').report)).toEqual(['RUN_UNFINISHED']);
    for (const l of ['corrupt', 'missing']) {
      expect(row(l).status).toBe('graded');
      expect(row(l).report!.percent).toBeLessThan(row('valid').report!.percent);
      expect(row(l).report!.maxPoints).toBe(row('valid').report!.maxPoints);
    }
  });

  test('--out onto an input, and --reports inside the graded folder, are refused and change nothing', async () => {
    const file = path.join(dir, 'alice.md');
    const { text } = corpusDoc('d-excellent');
    await writeFile(file, text);
    const refused = async (p: Promise<void>, pattern: RegExp): Promise<void> => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).exitCode).toBe(2);
      expect((err as UserError).message).toMatch(pattern);
      expect((err as UserError).message).not.toMatch(/\n/);
    };
    await refused(runGrade(file, { out: file }), /is an input file/);
    await refused(runGrade(file, { out: path.join(dir, '.', 'alice.md') }), /is an input file/);
    await refused(runGrade(file, { run: path.join(RUNS, 'db-pool-exhaustion'), out: path.join(RUNS, 'db-pool-exhaustion', 'run.json') }), /is an input file/);
    await refused(runGrade(dir, { reports: dir, format: 'md' }), /inside the folder being graded/);
    await refused(runGrade(dir, { out: path.join(dir, 'gradebook.csv') }), /inside the folder being graded/);
    await refused(runGrade(file, { out: path.join(dir, 'no', 'such', 'x.txt') }), /does not exist/);
    await refused(runGrade(dir, { reports: file }), /is a file|input file|inside the folder/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
