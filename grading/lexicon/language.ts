/**
 * Vocabulary for the document-only checks: what a timeline entry is about, blame and drama,
 * vague versus specific tasks, symptoms and outage claims. One place to extend or tune.
 */

export const TIMELINE_TAGS = {
  detection: /\b(detect\w*|alert\w*|alarm\w*|paged?|pager\w*|notic\w*|reported|reports?|spotted|became aware|fired|triggered|first (sign|symptom)|complain\w*|breach\w*)\b/i,
  method: /\b(alert\w*|alarm\w*|monitor\w*|pager\w*|dashboard\w*|grafana|prometheus|customers?|users? report\w*|complain\w*|support (ticket|team)|on-?call|engineer noticed|synthetic|probe|slo)\b/i,
  investigation: /\b(found|discover\w*|identif\w*|figured out|saw that|investigat\w*|check\w*|look(ed|ing)? (at|into)|examin\w*|inspect\w*|analy[sz]\w*|heap snapshots?|snapshot\w*|profil\w*|review\w*|dug|digging|explor\w*|compar\w*|metrics|logs?|trac(ed|ing)|diagnos\w*|queried|graph\w*)\b/i,
  escalation: /\b(escalat\w*|handed (over|off)|hand-?off|brought in|looped in|called in|pulled in|paged (the|a|an)|involv\w*|notified|contacted|reached out|asked (the|a)|joined|(team|engineers?|developers?|owners?) (was|were) (paged|called|notified|brought))\b/i,
  resolution: /\b(resolv\w*|fix(ed)?|hotfix\w*|patch\w*|restor\w*|recover\w*|back to normal|normal again|stabili[sz]\w*|rolled out|closed|returned to (normal|baseline)|all clear|deployed)\b/i,
} as const;
export type TimelineTag = keyof typeof TIMELINE_TAGS | 'misleading';

export const TIMELINE_TAG_NAMES: Record<TimelineTag, string> = {
  detection: 'when it was detected',
  method: 'how it was detected (alert, engineer, customer)',
  investigation: 'what was investigated',
  misleading: 'a misleading path taken',
  escalation: 'who it was escalated to',
  resolution: 'how it was resolved',
};

/** Always blame, whoever it is about. "Blameless" and "no one is to blame" are excluded by the checker. */
export const BLAME_ALWAYS = /\b(human error|careless\w*|negligen\w*|incompeten\w*|lazy|laziness|sloppy|stupid\w*|idiot\w*|dumb|clueless|messed up|screwed up|dropped the ball|to blame|blame[ds]?|blaming|should have known|should've known|(his|her|their) (fault|mistake|error|negligence))\b/i;
export const BLAME_NEGATED = /\b(no one|nobody|not|never|without|isn't|is not|blameless|no)\b[^.]{0,25}\b(blame|fault)/i;
/** "failed to", "forgot to": blame when a person does it, nothing when software does. */
export const FAILURE_VERB = /\b(failed to|forgot( to)?|neglected( to)?|did(n't| not) bother|ignored|overlooked|missed|broke|carelessly|accidentally)\b/i;
export const PERSON_SUBJECT = /\b(intern|junior|developer|dev|engineer|admin|sysadmin|operator|programmer|devops|ops (guy|person)|new hire|contractor|someone|somebody|he|she|colleague|teammate|manager|[A-Z][a-z]+ (from|on|in) (the )?[\w-]+ team)\b/;
export const SOFTWARE_SUBJECT = /\b(process|service|server|code|function|job|library|cache|pool|app|application|api|module|handler|gc|garbage collector|system|query|queries|worker|request|connection|it|memory|heap|composition|renderer|component|wrapper|call|loop|timer|database|db|node|v8|runtime|middleware|deployment|config\w*|alert\w*|monitor\w*|check|test|page|endpoint|instance|container|probe|script|build|pipeline|scan|response)(s|es)?\b/i;
/** A capitalised first name right before a failure verb: "Dave forgot to...". */
export const NAMED_PERSON = /\b([A-Z][a-z]{2,})\s+(forgot|neglected|messed|screwed|ignored|overlooked|broke|failed to)\b/;

export const DRAMATIC = /\b(catastroph\w*|disaster\w*|nightmare\w*|chaos|chaotic|meltdown|apocalyp\w*|hell|panic\w*|epic fail|fiasco|doom\w*|horrible|horrendous|terrible|insane|crazy|carnage|armageddon|on fire|bloodbath|dumpster fire|debacle|total mess|absolute mess|all hell)\b|!{2,}/i;

/** Tasks no one can act on or close. */
export const VAGUE_TASK = [
  /^(we (will|should|must|need to) )?(improve|better|enhance|increase|strengthen|add more|do more|more|review|look at)\s+(the\s+|our\s+)?(monitoring|testing|tests|alerting|alerts|communication|documentation|docs|process(es)?|code quality|performance|observability|logging|reliability|stability|security|code|infrastructure)\b[^,;:]{0,12}$/i,
  /^(developers?|engineers?|devs|everyone|people|the team|teams|staff) (must|should|need to|have to)\b/i,
  /\b(be more careful|pay more attention|make sure (it|this|that) (doesn't|does not|never|won't) happen|avoid (this|such|similar)|prevent (this|it) (from )?happening|fix (the |any )?bugs?|try harder|be careful|keep an eye|stay vigilant|learn from (this|it)|think about|consider (improving|adding)|improve things|do better|be proactive)\b/i,
];
/** What makes a task concrete: a number, code, or a named technical thing to build, watch or test. */
export const TASK_ANCHOR = /(`[^`]+`|\d|\b(alert|threshold|metric|dashboard|test|ci\b|heap|memory|pool|cach|connection|evict|limit|runbook|playbook|snapshot|profil|lint|config|timeout|slo\b|p9\d|latency|gauge|max|lru|ttl|prometheus|grafana|pagerduty|load[- ]test|canary|rollback|feature[- ]flag|nginx|patch|upgrad|listener|reference|widget|job|librar|quer|index|postgres|rss|gc\b|memlab|staging|code review|checklist|postmortem|drill|on-?call|map|composer|module|endpoint|table|schema|migration|release|deploy|pipeline|emitter|wrapper)\w*)/i;
export const OWNER_OR_DUE = /\b(owner|owned by|assignee|assigned to|due|deadline|eta|by (mon|tue|wed|thu|fri|sat|sun)\w*|by (the )?end of|by next|by \d{4}-\d{2}-\d{2}|by (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|sprint \d+|q[1-4])\b|@[\w-]+|\((?:[A-Z][a-z]+|[\w-]+ team|team [\w-]+)\)/i;
export const DETECTION_VERB = /\b(alert\w*|alarm\w*|monitor\w*|dashboard\w*|page\w*|test\w*|check\w*|metric\w*|probe\w*|profil\w*|ci|threshold\w*|slo|gauge\w*|instrument\w*|track\w*|watch\w*|detect\w*|memlab|snapshot\w*|canary|load[- ]test\w*)\b/i;

export const SYMPTOM = /\b(slow\w*|latenc\w*|sluggish|timeouts?|timed out|errors?|5\d\d|5xx|unavailab\w*|unresponsive|down\b|downtime|outage|fail(ed|ing|ures?)|hang\w*|stalled|degrad\w*|couldn't|could not|unable|delays?|delayed|lag\w*)\b/i;

export const TOTAL_CLAIM = /\b((complete|total|full|entire|whole)\s+(outage|downtime|unavailability|failure|service outage|blackout)|completely (down|unavailable|unresponsive|offline)|100\s*%\s*of( the)? (users|customers|requests|traffic)\b|\b(all|every)( of)?( the| our)? (users?|customers?|requests?)\b(\s+\w+){0,3}?\s+(failed|errored|timed out|got (an? )?(error|5\d\d)|could(n't| not)|were (unable|down|affected|impacted)|received errors?|saw errors?)|fully (down|unavailable|offline)|entirely (down|unavailable|offline)|\bwas (completely |totally |entirely |fully )?(down|offline)\b)/i;
export const PARTIAL_CLAIM = /\b(partial\w*|some (users|customers|requests)|subset|a (portion|share|fraction|part) of|degrad\w*|intermittent\w*|sluggish|slow\w*|not all)\b/i;

export const USERS_NOUN = /^\s*(of\s+)?(the\s+|our\s+|all\s+)?(active\s+|simulated\s+|affected\s+)?(users?|customers?|visitors?|shoppers?|clients?|sessions?|people|accounts?)\b/i;
export const REQUESTS_NOUN = /^\s*(of\s+)?(the\s+|our\s+|all\s+)?(incoming\s+|api\s+|http\s+)?(requests?|traffic|calls?|api calls|page loads|responses?|transactions?|checkouts?|hits)\b/i;

export const CAUSAL_CUE = /\b(root cause|caused|causing|cause|because|due to|result(ed)? (of|from)|led to|triggered|culprit|responsible|the (problem|issue) was|overload\w*|overwhelm\w*)\b/i;

/** Verbs that explain a change made to resolve the issue (stop-gaps such as restarts are not among them). */
export const CHANGE_VERB = /\b(chang\w*|replac\w*|rewr(ote|ite|itten)|add(ed|ing)|remov\w*|set|configur\w*|reconfigur\w*|patch\w*|hotfix\w*|deploy\w*|limit\w*|bound\w*|evict\w*|releas\w*|upgrad\w*|revert\w*|refactor\w*|introduc\w*|capp\w*|moved|wrapp\w*|isolat\w*|creat\w*)\b/i;

/** Technical mechanisms in general, for the document-only check that a cause names one. */
export const MECHANISM = /\b(leak\w*|memory|heap|references?|garbage|gc|cache|evict\w*|pool|connections?|limit|quer(y|ies)|lock\w*|thread\w*|cpu|config\w*|timeouts?|queue\w*|retain\w*|listener\w*|buffer\w*|closure\w*|allocat\w*|exhaust\w*|saturat\w*|unbounded|overflow|deadlock|bug|code|library|job)\b/i;
