import type { CauseClause } from '../facts/cause';

/**
 * Which component of the service a cause places its mechanism in. A postmortem can find the right
 * service and the right kind of fault, and pin it on the wrong part of the service: "the cart-session
 * store never expired sessions" for a leak in the recommendation library, "the metrics registry kept a
 * series per widget" for a leak in the rendering code. The culprit's words elsewhere in the cause ("the
 * pages with recommendations slowed down") do not make it the culprit: what counts is who holds the
 * mechanism, read like cause-owner.ts reads services (the culprit when the clause names it, else the
 * component nearest before the mechanism in its clause, else after it in the clause, else the sentence's
 * first component, else the previous cause sentence's).
 */

export interface ComponentMention {
  /** The words the learner used ("cart-session store", "request logger"). */
  text: string;
  /** The run's culprit (its words), or another part of the system. */
  culprit: boolean;
  index: number;
}

/**
 * Parts of a service that own state and can hold a leak, named by role. A head alone names a
 * component when its role is specific (a logger, a registry); a general head (store, module, code)
 * needs a qualifier that says which one ("cart-session store", "logging module").
 */
const ROLE_HEADS = 'registry|logger|middleware|limiter|resizer|scheduler|serializer|formatter|exporter|tracker|collector';
const GENERAL_HEADS = 'store|cache|pool|job|worker|queue|module|wrapper|library|engine|handler|client|sdk|plugin|component|layer|code|step|table';
const COMPONENT = new RegExp(
  String.raw`\b(?:((?:[a-z0-9]+(?:[-/][a-z0-9]+)*'?s?\s+){1,2}?)(?:${GENERAL_HEADS})s?|((?:[a-z0-9]+(?:[-/][a-z0-9]+)*\s+)?)(?:${ROLE_HEADS})s?)\b`,
  'gi',
);

/** Words before a head that do not say which component it is ("the store", "an in-memory cache", "our wrapper"). */
const NOT_A_QUALIFIER = new Set(`
  the a an our its their his her this that these those which whose same whole one each every any some no
  in-memory in-process module-level process-wide long-lived short-lived internal external new old own shared
  global local custom home-made homemade small simple big large main single entire first second whole
  per-request per-process request-scoped is was are were has had have of in on to for by with from and or
  per at as into onto over under than then so but if when while after before because about like
  storefront widgetify widget-api partner-api kit service services app application server process
  third-party vendor vendored open-source npm node nodejs javascript typescript`.trim().split(/\s+/));

const PLACE_AFTER = /^\w*\s+(endpoints?|routes?|pages?|paths?|urls?|panels?|dashboards?|requests?|traffic|users?|shoppers?|visitors?|tab|box|section)\b/i;
const PASSIVE_BEFORE = /\b(was|were|been|being|is|are|got|get)\s+$/i;

export function componentMentions(text: string, culprit: RegExp | null): ComponentMention[] {
  const out: ComponentMention[] = [];
  for (const m of text.matchAll(COMPONENT)) {
    const qualifier = (m[1] ?? m[2] ?? '').trim().toLowerCase();
    const words = qualifier.split(/\s+/).filter(Boolean).map((w) => w.replace(/'s?$/, ''));
    // The words that say which one are those after the last that does not ("an entry per client": none).
    let last = -1;
    words.forEach((w, i) => { if (NOT_A_QUALIFIER.has(w)) last = i; });
    const specific = words.slice(last + 1);
    // A general head needs a word that says which one; a role head names a component by itself.
    if (m[1] !== undefined && specific.length === 0) continue;
    const head = m[0].trim().split(/\s+/).pop()!;
    const phrase = [...specific, head].join(' ');
    out.push({ text: phrase, culprit: culprit !== null && culprit.test(phrase), index: m.index });
  }
  // The culprit named in other words ("the recommendation calls", "the library") is a mention of it too, and
  // a component whose words it overlaps is the culprit's ("the library's long-lived engine").
  if (culprit) {
    const global = new RegExp(culprit.source, culprit.flags.includes('g') ? culprit.flags : `${culprit.flags}g`);
    for (const m of text.matchAll(global)) {
      const end = m.index + m[0].length;
      const overlapping = out.filter((o) => m.index < o.index + o.text.length && end > o.index);
      for (const o of overlapping) o.culprit = true;
      // A culprit's word that names a place or an event is not the component: "the render endpoint", "the
      // recommendation pages", "every widget that was rendered".
      if (overlapping.length === 0 && !PLACE_AFTER.test(text.slice(end)) && !PASSIVE_BEFORE.test(text.slice(0, m.index))) {
        out.push({ text: m[0], culprit: true, index: m.index });
      }
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The component each mechanism clause is placed in (null: none named in, before or around it). */
export function causeComponents(
  clauses: CauseClause[],
  isMechanism: (text: string) => RegExpExecArray | null,
  culprit: RegExp | null,
): Array<{ clause: CauseClause; owner: ComponentMention | null }> {
  const out: Array<{ clause: CauseClause; owner: ComponentMention | null }> = [];
  let previous: ComponentMention | null = null;
  let previousSection: string | null | undefined;
  let currentUnit: unknown = null;
  let currentMentions: ComponentMention[] = [];
  for (const clause of clauses) {
    const unit = clause.unit;
    if (unit !== currentUnit) {
      // A new sentence: the one before it (its first component) is what "it" and "the store" refer back to.
      if (currentMentions.length > 0) previous = currentMentions[0];
      if (unit.section !== previousSection) previous = null;
      previousSection = unit.section;
      currentUnit = unit;
      currentMentions = componentMentions(unit.text, culprit);
    }
    const mentions = currentMentions;
    const match = isMechanism(clause.text);
    if (match) {
      const from = Math.max(0, unit.text.indexOf(clause.text));
      const at = from + match.index;
      const inClause = mentions.filter((m) => m.index >= from && m.index < from + clause.text.length);
      const before = inClause.filter((m) => m.index <= at);
      // A clause that names the culprit with its mechanism is the culprit's: before it, or after it in the same
      // phrase ("the product-page handler never closed the library session"), not in what followed ("..., so
      // the heap grew and slowed the complex renders").
      const phraseEnd = at + match[0].length + Math.max(0, unit.text.slice(at + match[0].length).search(/[,;:]|\b(so|until|which|and then)\b|$/));
      const own = inClause.find((m) => m.culprit && m.index < phraseEnd);
      // Else the sentence's subject (its first component, before this clause), else the previous sentence's.
      const subject = mentions.find((m) => m.index < from);
      const owner = own ?? (before.length > 0 ? before[before.length - 1] : inClause.find((m) => m.index > at) ?? subject ?? previous);
      out.push({ clause, owner });
    }
  }
  return out;
}
