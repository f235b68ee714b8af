import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import type { RunRecord } from '../../scenarios/run-record';
import { RUN_RECORD_FILE } from '../../scenarios/run-record';
import { gradePostmortem } from '../../grading/grade';
import { gradeFolder } from '../../grading/grade-folder';
import { gradebookCsv } from '../../grading/gradebook';
import { checkOutFile, checkReportsFolder, OutputPathError, type Inputs } from '../../grading/input/output-paths';
import { describeFsError, readPostmortem } from '../../grading/input/read-postmortem';
import { readRunRecord } from '../../grading/input/read-run';
import { UnreadableInputError } from '../../grading/input/unreadable-input';
import { plain } from '../../grading/report/escape';
import { renderReport, REPORT_EXTENSIONS, REPORT_FORMATS } from '../../grading/report';
import { UserError } from '../../common/user-error';

/** Exit codes of `outage-lab grade`, as documented in its help. */
export const GRADE_EXIT = { graded: 0, unreadable: 1, usage: 2 } as const;

const optionsSchema = z.object({
  run: z.string().min(1).optional(),
  format: z.enum(REPORT_FORMATS, { error: () => `--format must be one of ${REPORT_FORMATS.join(', ')}` }).default('text'),
  out: z.string().min(1).optional(),
  reports: z.string().min(1).optional(),
});
export type GradeOptions = z.input<typeof optionsSchema>;

const HTML = /\.html?$/i;

export function gradeCommand(): Command {
  return new Command('grade')
    .description("grade a learner's postmortem (or a folder of them) against the rubric and a run's record")
    .argument('<path>', 'a postmortem (Markdown file), or a folder with one postmortem per learner')
    .option('--run <folder>', "the run folder (or its run.json) to check the postmortem's claims against")
    .option('--format <format>', `report format: ${REPORT_FORMATS.join(', ')} (for a folder: the format of --reports)`, 'text')
    .option('--out <file>', 'write the report (or the gradebook CSV) to this file instead of stdout')
    .option('--reports <dir>', "folder mode: also write each learner's report to <dir>/<learner>.<ext>")
    .addHelpText(
      'after',
      `
Grading a folder prints a gradebook (CSV, one row per learner, with a flags column). Without --run,
a learner's own run is used when the folder has one next to their file: alice.md with alice/run.json;
then a learner without a valid run is flagged (RUN_MISSING, RUN_INVALID) and gets no run credit.
Files that are not *.md are listed on stderr as not graded.

--out and --reports never write onto an input: a path that is the postmortem, the run record, or
inside the folder being graded is refused.

Exit codes:
  ${GRADE_EXIT.graded}  graded (whatever the score)
  ${GRADE_EXIT.unreadable}  unreadable input: missing, empty, binary, not UTF-8, HTML or too large postmortem, invalid run record
  ${GRADE_EXIT.usage}  usage error (unknown option, bad --format, missing path), or an --out/--reports path that
     is an input, inside the graded folder, or cannot be written

See grading/README.md for the criteria, the flags and how the weights work.`,
    )
    .exitOverride((err) => {
      // Help and version are not errors; every other parse error is a usage error.
      if (err.exitCode === 0) throw err;
      throw new CommanderError(GRADE_EXIT.usage, err.code, err.message);
    })
    .action(async (target: string, raw: unknown) => {
      await runGrade(target, raw as GradeOptions);
    });
}

/** The command's action, callable directly (tests). Throws UserError with the documented exit codes. */
export async function runGrade(target: string, rawOptions: GradeOptions): Promise<void> {
  const parsed = optionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new UserError(parsed.error.issues[0].message, GRADE_EXIT.usage);
  const options = parsed.data;
  try {
    let isFolder: boolean;
    try {
      isFolder = (await stat(target)).isDirectory();
    } catch (err) {
      throw new UnreadableInputError(`cannot read ${target}: ${describeFsError(err)}`);
    }
    if (!isFolder && options.reports) throw new UserError('--reports is for grading a folder; use --out for one postmortem', GRADE_EXIT.usage);
    if (!isFolder && HTML.test(target)) throw new UnreadableInputError(`${target} is HTML, not Markdown: export the postmortem as Markdown (.md) to grade it`);
    await checkOutputs(target, isFolder, options);
    const run = options.run ? await readRunRecord(options.run) : null;
    if (isFolder) {
      await gradeClass(target, run, options.format, options.reports, options.out);
    } else {
      const text = await readPostmortem(target);
      const report = gradePostmortem(text, { run, file: path.basename(target) });
      await emit(renderReport(report, options.format), options.out);
    }
  } catch (err) {
    if (err instanceof UnreadableInputError) throw new UserError(plain(err.message), GRADE_EXIT.unreadable);
    if (err instanceof OutputPathError) throw new UserError(plain(err.message), GRADE_EXIT.usage);
    throw err;
  }
}

/** Refuses, before anything is read or written, an output that would land on an input. */
async function checkOutputs(target: string, isFolder: boolean, options: { run?: string; out?: string; reports?: string }): Promise<void> {
  const inputs: Inputs = { files: isFolder ? [] : [target], folders: isFolder ? [target] : [] };
  if (options.run) {
    let runIsFolder = false;
    try {
      runIsFolder = (await stat(options.run)).isDirectory();
    } catch {
      // readRunRecord reports a missing run in its own words.
    }
    inputs.files.push(runIsFolder ? path.join(options.run, RUN_RECORD_FILE) : options.run);
  }
  if (options.out) checkOutFile('--out', options.out, inputs);
  if (options.reports) checkReportsFolder('--reports', options.reports, inputs);
}

async function gradeClass(
  folder: string,
  run: RunRecord | null,
  format: (typeof REPORT_FORMATS)[number],
  reports: string | undefined,
  out: string | undefined,
): Promise<void> {
  const { rows, skipped } = await gradeFolder(folder, run);
  if (rows.length === 0) throw new UnreadableInputError(`no postmortems (*.md) in ${folder}${skipped.length ? ` (not graded: ${skipped.join('; ')})` : ''}`);
  for (const s of skipped) console.error(`outage-lab: not graded: ${plain(s)}`);
  for (const row of rows.filter((r) => r.status === 'unreadable')) console.error(`outage-lab: skipped ${plain(row.message)}`);
  if (reports) {
    try {
      await mkdir(reports, { recursive: true });
    } catch (err) {
      throw new OutputPathError(`--reports ${reports}: cannot create the folder (${describeFsError(err)})`);
    }
    for (const row of rows) {
      if (row.report) await write(path.join(reports, `${row.learner}.${REPORT_EXTENSIONS[format]}`), renderReport(row.report, format), '--reports');
    }
  }
  await emit(gradebookCsv(rows), out);
}

async function emit(text: string, out: string | undefined): Promise<void> {
  if (out) await write(out, text, '--out');
  else process.stdout.write(text);
}

async function write(file: string, text: string, option: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw new OutputPathError(`${option}: cannot write ${file} (${describeFsError(err)})`);
  }
}
