import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { AppError } from '../../../services/kit/errors';
import { gradeFolder } from '../../../grading/grade-folder';
import { gradebookCsv, type GradebookRow } from '../../../grading/gradebook';
import { renderReport } from '../../../grading/report';
import { renderBrief } from '../../../scenarios/brief';
import type { RunRecord } from '../../../scenarios/run-record';
import type { Scenario } from '../../../scenarios/scenario-schema';
import { readCurrentRun, type CurrentRun } from '../../../scenarios/run/current-run';
import { readHintsShown } from '../../../scenarios/run/hints-shown';
import { playedScenario } from '../../../scenarios/run/played-scenario';
import { releaseNextHint } from '../../../scenarios/run/released-hints';
import { readRecord, writeAtomically } from '../../../scenarios/run/record-file';

/** The grader's own limit for a postmortem. */
export const MAX_POSTMORTEM_BYTES = 512 * 1024;
const POSTMORTEMS = 'postmortems';
const CLOSED_FILE = 'console-closed.json';
const GRADES_FILE = 'console-grades.json';

// Brief and hints are the scenario author's Markdown; raw HTML in them is shown as text.
const markdown = new MarkdownIt({ html: false, linkify: false });

/** A scenario's brief as HTML (the author's Markdown; raw HTML in it shown as text). */
export function briefHtml(scenario: Parameters<typeof renderBrief>[0]): string {
  return markdown.render(renderBrief(scenario));
}

/** A learner's name as a file name: lower case, spaces as dashes. */
export function learnerFile(learner: string): string {
  return `${learner.trim().toLowerCase().replace(/\s+/g, '-').replace(/[^\p{L}\p{N}._-]/gu, '')}.md`;
}

/**
 * The class around the current run (the run folder `current-run.json` points at, whoever started
 * it): the brief and the hints released so far, each learner's postmortem (saved in the run folder,
 * `postmortems/<learner>.md`, the layout `outage-lab grade <folder>` reads), and, once the
 * instructor closes the run, the grades.
 */
export class Classroom {
  constructor(private readonly labDir: string) {}

  async current(): Promise<CurrentRun | null> {
    return readCurrentRun(this.labDir).catch(() => null);
  }

  async requireCurrent(): Promise<CurrentRun> {
    const run = await this.current();
    if (!run) throw new AppError('NOT_FOUND', 'No scenario run yet: the instructor starts one');
    return run;
  }

  /** The service the current run's page is about (its scenario's). */
  async pagedService(): Promise<string> {
    const run = await this.requireCurrent();
    const scenario = await playedScenario(run.runFolder, run.scenario);
    if (!scenario) throw new AppError('NOT_FOUND', 'The current run’s scenario cannot be read');
    return scenario.service;
  }

  /** The run's record, or null while the runner has not written it yet. */
  async record(run: CurrentRun): Promise<RunRecord | null> {
    return readRecord(run.runFolder).catch(() => null);
  }

  async closed(run: CurrentRun): Promise<{ closedAt: string } | null> {
    try {
      return JSON.parse(await readFile(path.join(run.runFolder, CLOSED_FILE), 'utf8')) as { closedAt: string };
    } catch {
      return null;
    }
  }

  async briefHtml(run: CurrentRun): Promise<string> {
    return briefHtml(await this.scenario(run));
  }

  /** Released hints only, with their text (learners never see a tier before the instructor releases it). */
  async hints(run: CurrentRun): Promise<Array<{ tier: number; at: string; html: string }>> {
    const scenario = await this.scenario(run);
    const shown = await readHintsShown(run.runFolder);
    return shown.sort((a, b) => a.tier - b.tier).map((h) => ({ tier: h.tier, at: h.at, html: markdown.renderInline(scenario.hints[h.tier - 1]!) }));
  }

  /** What the current run plays: its run folder's copy of the scenario file (a built-in or an instructor's own). */
  private async scenario(run: CurrentRun): Promise<Scenario> {
    const scenario = await playedScenario(run.runFolder, run.scenario);
    if (!scenario) throw new AppError('NOT_FOUND', 'The current run has no scenario file');
    return scenario;
  }

  /** The next tier out to the learners (the run folder's hints.json, and the texts learners' `outage-lab hint` reads). */
  async releaseNextHint(): Promise<{ tier: number }> {
    await this.requireCurrent();
    const { tier } = await releaseNextHint(this.labDir);
    return { tier };
  }

  private postmortemPath(run: CurrentRun, learner: string): string {
    return path.join(run.runFolder, POSTMORTEMS, learnerFile(learner));
  }

  async savePostmortem(learner: string, text: string): Promise<{ savedAt: string; bytes: number }> {
    const run = await this.requireCurrent();
    if (await this.closed(run)) throw new AppError('CONFLICT', 'The instructor has closed this run: postmortems are graded now');
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_POSTMORTEM_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A postmortem is at most ${MAX_POSTMORTEM_BYTES / 1024} KB`);
    if (text.trim() === '') throw new AppError('VALIDATION_FAILED', 'The postmortem is empty');
    await mkdir(path.join(run.runFolder, POSTMORTEMS), { recursive: true });
    await writeAtomically(this.postmortemPath(run, learner), text);
    return { savedAt: new Date().toISOString(), bytes };
  }

  async postmortem(learner: string): Promise<{ markdown: string; savedAt: string } | null> {
    const run = await this.current();
    if (!run) return null;
    const file = this.postmortemPath(run, learner);
    try {
      return { markdown: await readFile(file, 'utf8'), savedAt: (await stat(file)).mtime.toISOString() };
    } catch {
      return null;
    }
  }

  /** Closes the run for the class: every postmortem is graded against the run's record, once. */
  async close(): Promise<{ graded: number }> {
    const run = await this.requireCurrent();
    const record = await this.record(run);
    if (!record || record.status === 'running') throw new AppError('CONFLICT', 'The run is still going: stop it or let it end first');
    const rows = await this.grade(run, record);
    await writeAtomically(path.join(run.runFolder, GRADES_FILE), JSON.stringify(rows) + '\n');
    await writeAtomically(path.join(run.runFolder, CLOSED_FILE), JSON.stringify({ closedAt: new Date().toISOString() }) + '\n');
    return { graded: rows.filter((r) => r.status === 'graded').length };
  }

  private async grade(run: CurrentRun, record: RunRecord): Promise<GradebookRow[]> {
    const folder = path.join(run.runFolder, POSTMORTEMS);
    await mkdir(folder, { recursive: true });
    return (await gradeFolder(folder, record)).rows;
  }

  /** The learner's graded feedback, once the run is closed (the grader's text report). */
  async feedback(learner: string): Promise<{ percent: number; text: string } | null> {
    const run = await this.current();
    if (!run || !(await this.closed(run))) return null;
    const rows = await this.grades(run);
    const row = rows.find((r) => r.file === learnerFile(learner));
    if (!row?.report) return row ? { percent: 0, text: row.message } : null;
    return { percent: row.report.percent, text: renderReport(row.report, 'text') };
  }

  private async grades(run: CurrentRun): Promise<GradebookRow[]> {
    try {
      return JSON.parse(await readFile(path.join(run.runFolder, GRADES_FILE), 'utf8')) as GradebookRow[];
    } catch {
      return [];
    }
  }

  /** Each learner's submission, with the grade once the run is closed. */
  async submissions(): Promise<Array<{ learner: string; savedAt: string; bytes: number; percent: number | null }>> {
    const run = await this.current();
    if (!run) return [];
    let names: string[];
    try {
      names = (await readdir(path.join(run.runFolder, POSTMORTEMS))).filter((n) => n.endsWith('.md')).sort();
    } catch {
      return [];
    }
    const grades = await this.grades(run);
    return Promise.all(
      names.map(async (name) => {
        const info = await stat(path.join(run.runFolder, POSTMORTEMS, name));
        const row = grades.find((r) => r.file === name);
        return { learner: name.replace(/\.md$/, ''), savedAt: info.mtime.toISOString(), bytes: info.size, percent: row?.report?.percent ?? null };
      }),
    );
  }

  /** The gradebook as the grader writes it (`outage-lab grade <folder> --run <run>`). */
  async gradebook(): Promise<string> {
    const run = await this.requireCurrent();
    const record = await this.record(run);
    if (!record) throw new AppError('CONFLICT', 'The run has no record yet');
    const closed = await this.closed(run);
    return gradebookCsv(closed ? await this.grades(run) : await this.grade(run, record));
  }
}
