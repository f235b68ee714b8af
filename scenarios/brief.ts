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
    '1. Take the incident: **Acknowledge** on the console\'s Incident page (or `outage-lab ack <service>`).',
    '2. Find out what is wrong and why: the console\'s dashboards, alerts and logs, heap snapshots and',
    '   CPU profiles of the services, their releases and settings (Operations).',
    '3. Stop the bleeding and remove the cause with the operations you have (restart, roll back,',
    '   change a setting), or, if your instructor plays the fix, say what you would have done.',
    '4. Write the postmortem: summary, impact (who, how many, how long), timeline with times,',
    '   root cause, what misled you, resolution, and action items. Save it on the Postmortem page.',
    '',
    'Stuck? The hints your instructor releases appear under **Hints** on the Incident page.',
    '',
  ].join('\n');
}
