import type { RunRecord } from '../../scenarios/run-record';
import type { DocumentFacts } from '../facts/document-facts';
import type { RunView } from '../run/run-view';
import type { CriterionId } from '../weights';

/** What the grader read and what it expected: the line, quoted, so a learner can find it. */
export interface Evidence {
  line: number | null;
  read: string;
  expected?: string;
}

/** A criterion's judgement: a score from 0 to 1, evidence, and feedback a learner can act on. */
export interface Finding {
  score: number;
  evidence: Evidence[];
  feedback: string[];
  /** Points of attention that cost nothing ("check this is about software, not a person"). */
  warnings?: string[];
}

export interface Skipped {
  skipped: string;
}

export interface GradeContext {
  facts: DocumentFacts;
  run: RunRecord | null;
  /** What the postmortem says about the run (null without one): run/run-view.ts. */
  view: RunView | null;
}

export interface Criterion {
  id: CriterionId;
  title: string;
  group: 'document' | 'run' | 'bonus';
  check(ctx: GradeContext): Finding | Skipped;
}

/** Sum of weighted parts, clamped to 0..1 and rounded so scores are stable across platforms. */
export function clampScore(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

export function notFound(what: string): Evidence {
  return { line: null, read: '(not found)', expected: what };
}
