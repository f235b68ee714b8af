import type { SectionId } from './section-ids';

/**
 * Strong labels name a section unambiguously and may start with the phrase ("Timeline (all times UTC)").
 * Weak labels ("Resolution", "Impact") are whole labels only, and start a section only as headings
 * or where the document labels sections with paragraphs, not inside a section that has a heading.
 */
const STRONG: Array<[string, SectionId]> = [
  ['issue summary', 'summary'], ['incident summary', 'summary'], ['outage summary', 'summary'],
  ['executive summary', 'summary'], ['summary of the issue', 'summary'], ['summary of the incident', 'summary'],
  ['summary', 'summary'], ['overview', 'summary'], ['tl dr', 'summary'], ['tldr', 'summary'],
  ['timeline', 'timeline'], ['time line', 'timeline'], ['incident timeline', 'timeline'], ['chronology', 'timeline'],
  ['sequence of events', 'timeline'], ['timeline of events', 'timeline'],
  ['root cause and resolution', 'root-cause'], ['root cause resolution', 'root-cause'], ['root causes and resolution', 'root-cause'],
  ['root cause analysis', 'root-cause'], ['root cause', 'root-cause'], ['root causes', 'root-cause'],
  ['cause and resolution', 'root-cause'], ['causes and resolution', 'root-cause'], ['cause and fix', 'root-cause'],
  ['corrective and preventative measures', 'corrective'], ['corrective and preventive measures', 'corrective'],
  ['corrective and preventative actions', 'corrective'], ['corrective and preventive actions', 'corrective'],
  ['corrective measures', 'corrective'], ['corrective actions', 'corrective'], ['preventative measures', 'corrective'],
  ['preventive measures', 'corrective'], ['preventative actions', 'corrective'], ['preventive actions', 'corrective'],
  ['action items', 'corrective'], ['follow up actions', 'corrective'], ['follow up items', 'corrective'],
  ['remediation', 'corrective'], ['lessons learned', 'corrective'], ['next steps', 'corrective'],
  ['todo', 'corrective'], ['to do list', 'corrective'], ['prevention', 'corrective'],
  // The same four sections under headings in a learner's own language (normalised: no accents, ß as ss).
  ['resumen', 'summary'], ['zusammenfassung', 'summary'], ['resume', 'summary'], ['sommaire', 'summary'], ['synthese', 'summary'],
  ['resumo', 'summary'], ['riepilogo', 'summary'], ['sintesi', 'summary'],
  ['cronologia', 'timeline'], ['linea de tiempo', 'timeline'], ['linea temporal', 'timeline'], ['zeitleiste', 'timeline'],
  ['zeitlicher ablauf', 'timeline'], ['zeitablauf', 'timeline'], ['chronologie', 'timeline'], ['deroulement', 'timeline'],
  ['linha do tempo', 'timeline'], ['sequenza degli eventi', 'timeline'],
  ['causa raiz', 'root-cause'], ['causa principal', 'root-cause'], ['causa raiz y resolucion', 'root-cause'], ['causa raiz e resolucao', 'root-cause'],
  ['ursache', 'root-cause'], ['grundursache', 'root-cause'], ['ursache und losung', 'root-cause'], ['ursache und behebung', 'root-cause'],
  ['cause racine', 'root-cause'], ['cause premiere', 'root-cause'], ['causa radice', 'root-cause'], ['causa principale', 'root-cause'],
  ['acciones correctivas', 'corrective'], ['medidas correctivas', 'corrective'], ['medidas preventivas', 'corrective'],
  ['acciones correctivas y preventivas', 'corrective'], ['massnahmen', 'corrective'], ['korrekturmassnahmen', 'corrective'],
  ['gegenmassnahmen', 'corrective'], ['mesures correctives', 'corrective'], ['actions correctives', 'corrective'],
  ['acoes corretivas', 'corrective'], ['azioni correttive', 'corrective'],
];
const WEAK: Array<[string, SectionId]> = [
  ['impact', 'summary'], ['duration', 'summary'], ['what happened', 'summary'],
  ['timeline utc', 'timeline'], ['events', 'timeline'],
  ['resolution', 'root-cause'], ['resolution and recovery', 'root-cause'], ['cause', 'root-cause'],
  ['the fix', 'root-cause'], ['fix', 'root-cause'], ['how it was fixed', 'root-cause'], ['what went wrong', 'root-cause'],
  ['actions', 'corrective'], ['improvements', 'corrective'], ['follow ups', 'corrective'], ['follow up', 'corrective'],
  ['tasks', 'corrective'], ['todo list', 'corrective'],
];

/** "1. Issue Summary:", "Part II — Timeline", "🕒 Timeline (UTC)" -> "issue summary", "timeline", "timeline utc". */
export function normalizeLabel(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(/^\s*(?:part|section|step)?\s*(?:\d+|[ivx]+)\s*[.):\-—–]?\s+/i, '')
    .replace(/[^a-z0-9\s]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function classifyLabel(label: string): { id: SectionId; strong: boolean } | null {
  // "Zusammenfassung (Issue Summary)", "Resumen / Summary": either name of the section will do.
  const named = /^(.{2,40}?)\s*(?:\(([^()]{2,40})\)|\s[/|]\s(.{2,40}))\s*$/.exec(label.trim());
  if (named) return classifyOne(named[1]) ?? classifyOne(named[2] ?? named[3]);
  return classifyOne(label);
}

function classifyOne(label: string): { id: SectionId; strong: boolean } | null {
  const norm = normalizeLabel(label);
  if (!norm || norm.split(' ').length > 8) return null;
  for (const [phrase, id] of STRONG) {
    if (norm === phrase || norm.startsWith(`${phrase} `)) return { id, strong: true };
  }
  for (const [phrase, id] of WEAK) if (norm === phrase) return { id, strong: false };
  return null;
}


/**
 * A source line that labels a section on its own, whatever surrounds it: "Timeline:", "**Root Cause:** the
 * pool...", "2. Timeline", "- Resolution: ...", "## Impact". Returns the label and the text after it on the
 * line, or null. A sentence that merely starts with a label word ("Timeline of the day was busy") is not
 * one: the label must end at a colon, a closing "**", or the end of the line.
 */
const LINE_LABEL = /^\s{0,3}(?:[-*+]\s+|(?:\d{1,2}|[ivx]{1,4})[.)]\s+|#{1,6}\s+)?(\*\*|__)?\s*([^:：*_\n]{2,60})\s*(\*\*|__)?\s*([:：])?\s*(\*\*|__)?\s*(.*)$/i;

export function labelLine(raw: string): { label: string; rest: string; id: SectionId; strong: boolean } | null {
  const m = LINE_LABEL.exec(raw);
  if (!m) return null;
  const [, boldOpen, label, boldClose, colon, , rest] = m;
  const delimited = Boolean(colon) || (Boolean(boldOpen) && Boolean(boldClose)) || rest.trim() === '';
  if (!delimited || /[.!?]$/.test(label.trim())) return null;
  const match = classifyLabel(label);
  if (!match) return null;
  // A whole line that is only a weak word ("Impact") is a label; with text after it, only with a colon or bold.
  return { label: label.trim(), rest: rest.replace(/^(\*\*|__)\s*/, '').trim(), ...match };
}
