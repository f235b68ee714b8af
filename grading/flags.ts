/**
 * What a grade flags for the instructor, each as {code, message}: in the JSON, text, Markdown and HTML
 * reports and the gradebook's `flags` column. The codes are stable; the messages say what and where.
 */
export const FLAG_CODES = ['OFF_TOPIC', 'REPORT_FACTS', 'NEAR_DUPLICATE', 'RUN_MISSING', 'RUN_INVALID', 'RUN_UNFINISHED', 'UNREAD_CONTENT'] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface Flag {
  code: FlagCode;
  message: string;
}

export function flag(code: FlagCode, message: string): Flag {
  return { code, message };
}

/**
 * Run record statuses of a run that did not finish: `running` (the runner is still going, or died
 * without a word) and `abandoned` (a record a dead runner left `running`, marked so by the lab: #15).
 */
export const UNFINISHED_STATUSES: readonly string[] = ['running', 'abandoned'];
