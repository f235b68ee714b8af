import type { RunRecord } from '../scenarios/run-record';
import { CRITERIA } from './criteria';
import type { Evidence, Finding, GradeContext } from './criteria/criterion';
import { extractFacts } from './facts/document-facts';
import { WEIGHTS, type CriterionId } from './weights';

export type CriterionStatus = 'pass' | 'partial' | 'fail' | 'skipped';

export interface CriterionResult {
  id: CriterionId;
  title: string;
  group: 'document' | 'run' | 'bonus';
  status: CriterionStatus;
  /** 0..1 before weighting (null when skipped). */
  score: number | null;
  points: number;
  maxPoints: number;
  evidence: Evidence[];
  feedback: string[];
  warnings: string[];
  skipped?: string;
}

export interface GradeReport {
  /** The postmortem's file name as given (for the reader; never used to open anything). */
  file: string | null;
  run: { runId: string; scenario: string; service: string; faultClass: string; timezone: string } | null;
  wordCount: number;
  /** Points earned on graded criteria, their maximum, the extra credit, and the total as a percentage (capped at 100). */
  points: number;
  maxPoints: number;
  bonus: number;
  percent: number;
  criteria: CriterionResult[];
}

/** Grades one postmortem's text, against a run's record when one is given. Pure and deterministic. */
export function gradePostmortem(text: string, options: { run?: RunRecord | null; file?: string | null } = {}): GradeReport {
  const ctx: GradeContext = { facts: extractFacts(text), run: options.run ?? null };
  const criteria = CRITERIA.map((c): CriterionResult => {
    const outcome = c.check(ctx);
    const max = WEIGHTS[c.id];
    if ('skipped' in outcome) {
      return { id: c.id, title: c.title, group: c.group, status: 'skipped', score: null, points: 0, maxPoints: c.group === 'bonus' ? max : 0, evidence: [], feedback: [], warnings: [], skipped: outcome.skipped };
    }
    return result(c.id, c.title, c.group, outcome, max);
  });
  const graded = criteria.filter((c) => c.group !== 'bonus' && c.status !== 'skipped');
  const points = round(graded.reduce((n, c) => n + c.points, 0));
  const maxPoints = graded.reduce((n, c) => n + c.maxPoints, 0);
  const bonus = round(criteria.filter((c) => c.group === 'bonus').reduce((n, c) => n + c.points, 0));
  const run = options.run
    ? { runId: options.run.runId, scenario: options.run.scenario, service: options.run.service, faultClass: options.run.fault.class, timezone: options.run.timezone }
    : null;
  return {
    file: options.file ?? null,
    run,
    wordCount: ctx.facts.wordCount,
    points,
    maxPoints,
    bonus,
    percent: maxPoints > 0 ? round(Math.min(100, ((points + bonus) / maxPoints) * 100)) : 0,
    criteria,
  };
}

function result(id: CriterionId, title: string, group: CriterionResult['group'], f: Finding, max: number): CriterionResult {
  const status: CriterionStatus = f.score >= 0.999 ? 'pass' : f.score <= 0.001 ? 'fail' : 'partial';
  return { id, title, group, status, score: f.score, points: round(f.score * max), maxPoints: max, evidence: f.evidence, feedback: f.feedback, warnings: f.warnings ?? [] };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
