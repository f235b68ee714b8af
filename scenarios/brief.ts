import type { Scenario } from './scenario-schema';

/** The learner's brief as Markdown: what the pager and the users said, and how to work. Never the cause. */
export function renderBrief(scenario: Scenario): string {
  const { brief } = scenario;
  return [
    `# ${brief.headline}`,
    '',
    `**Pager:** ${brief.pager}`,
    '',
    '## What users report',
    '',
    ...brief.userReports.map((r) => `- ${r}`),
    '',
    ...(brief.context.length > 0 ? ['## What you know', '', ...brief.context.map((c) => `- ${c}`), ''] : []),
    '## Your task',
    '',
    '1. Find out what is wrong and why, from the dashboards, the logs and the services themselves',
    '   (`outage-lab heap snapshot <service>` takes a heap snapshot; the services expose `/metrics`).',
    '2. Say what you would do to stop the bleeding, and what would fix it for good.',
    '3. Write the postmortem: summary, impact (who, how many, how long), timeline with times,',
    '   root cause, what misled you, resolution, and action items. It is graded with `outage-lab grade`.',
    '',
    'Stuck? `outage-lab hint` gives the next hint (three tiers, from vague to specific).',
    '',
  ].join('\n');
}
