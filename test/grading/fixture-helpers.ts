import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { runRecordSchema, type RunRecord } from '../../scenarios/run-record';
import { WEIGHTS } from '../../grading/weights';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const POSTMORTEMS = path.join(FIXTURES, 'postmortems');
export const RUNS = path.join(FIXTURES, 'runs');

const status = z.enum(['pass', 'partial', 'fail']);
const criterionIds = Object.keys(WEIGHTS) as [keyof typeof WEIGHTS, ...Array<keyof typeof WEIGHTS>];

/** What a fixture's author expects a careful human grader to conclude, criterion by criterion. */
export const expectationSchema = z.object({
  run: z.string(),
  description: z.string(),
  criteria: z.record(z.enum(criterionIds), status).refine((c) => criterionIds.every((id) => id in c), 'every criterion needs an expected status'),
  percent: z.object({ min: z.number(), max: z.number() }),
  feedbackMentions: z.partialRecord(z.enum(criterionIds), z.array(z.string())).optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

export interface PostmortemFixture {
  name: string;
  text: string;
  expected: Expectation;
}

export function postmortemFixtures(): PostmortemFixture[] {
  return readdirSync(POSTMORTEMS)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.md$/, '');
      return {
        name,
        text: readFileSync(path.join(POSTMORTEMS, f), 'utf8'),
        expected: expectationSchema.parse(JSON.parse(readFileSync(path.join(POSTMORTEMS, `${name}.expected.json`), 'utf8'))),
      };
    });
}

export function scenarioNames(): string[] {
  return readdirSync(RUNS).sort();
}

export function loadRun(scenario: string): RunRecord {
  return runRecordSchema.parse(JSON.parse(readFileSync(path.join(RUNS, scenario, 'run.json'), 'utf8')));
}
