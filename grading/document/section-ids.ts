/** The four sections the assignment asks for. */
export const SECTION_IDS = ['summary', 'timeline', 'root-cause', 'corrective'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_TITLES: Record<SectionId, string> = {
  summary: 'Issue summary',
  timeline: 'Timeline',
  'root-cause': 'Root cause and resolution',
  corrective: 'Corrective and preventative measures',
};
