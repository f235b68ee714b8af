import type { GradeReport } from '../grade';
import { htmlReport } from './html-report';
import { jsonReport } from './json-report';
import { markdownReport } from './markdown-report';
import { textReport } from './text-report';

export const REPORT_FORMATS = ['text', 'json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { text: 'txt', json: 'json', md: 'md', html: 'html' };

export function renderReport(report: GradeReport, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return textReport(report);
    case 'json':
      return jsonReport(report);
    case 'md':
      return markdownReport(report);
    case 'html':
      return htmlReport(report);
  }
}
