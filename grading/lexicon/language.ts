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
export const BLAME_ALWAYS = /\b(human error|careless\w*|negligen\w*|incompeten\w*|lazy|laziness|sloppy|stupid\w*|idiot\w*|dumb|clueless|messed up|screwed up|dropped the ball|should have known|should've known|(his|her) (fault|mistake|error|negligence|carelessness))\b/i;
export const BLAME_NEGATED = /\b(no one|nobody|not|never|without|isn't|is not|blameless|no)\b[^.]{0,25}\b(blame|fault)/i;
/** "Blame" aimed at a person ("blame the intern", "Dave is to blame"); "blame the cloud" is not. */
export const BLAME_PERSON = /\b(?:blam(?:e[ds]?|ing)\s+(?:it\s+on\s+|on\s+)?(?:him|her|them|me|us|[Tt]he (?:intern|junior|developer|dev|engineer|admin|sysadmin|operator|programmer|new hire|contractor|on-?call (?:engineer|person))|[A-Z][a-z]{2,}\b(?!\s+(?:Web|Cloud|API|Services?)))|(?:[A-Z][a-z]{2,}|[Hh]e|[Ss]he|[Tt]hey|[Tt]he (?:intern|developer|engineer|admin|operator))\s+(?:is|was|are|were)\s+to\s+blame)/;
/** A person's action as the cause: "Dave should have tested", "pushed by Dave", "Dave must be more careful". */
export const PERSON_ACTION = /\b(?:([A-Z][a-z]{2,}|[Hh]e|[Ss]he|the (?:intern|junior|developer|engineer|admin|operator|new hire|contractor))\s+(?:should have|should've|could have|ought to have|must have|must be more careful|should be more careful|needs to be more careful|has to be more careful)|(?:pushed|deployed|merged|caused|introduced|made|broken|written|changed)\s+by\s+([A-Z][a-z]{2,}))\b/;
/** Capitalised words that start sentences and are not people. */
export const NOT_A_NAME = /^(This|That|There|These|Those|Which|What|Nothing|Everything|Something|Someone|Monitoring|Alerting|Testing|Review|Code|The|Our|We|It|Its|Release|Deployment|Config|Configuration|Nginx|Postgres|PostgreSQL|Node|Redis|Docker|Kubernetes|Prometheus|Grafana|Widgetify|Storefront|CI|Staging|Production|Engineering|Support|Ops|DevOps|Platform|Security|Management|Someone)$/;
/** "failed to", "forgot to": blame when a person does it, nothing when software does. */
export const FAILURE_VERB = /\b(failed to|forgot( to)?|neglected( to)?|did(n't| not) bother|ignored|overlooked|missed|broke|carelessly|accidentally)\b/i;
export const PERSON_SUBJECT = /\b(intern|junior|developer|dev|engineer|admin|sysadmin|operator|programmer|devops|ops (guy|person)|new hire|contractor|someone|somebody|he|she|colleague|teammate|manager|[A-Z][a-z]+ (from|on|in) (the )?[\w-]+ team)\b/;
export const SOFTWARE_SUBJECT = /\b(process|service|server|code|function|job|library|cache|pool|app|application|api|module|handler|gc|garbage collector|system|query|queries|worker|request|connection|it|memory|heap|composition|renderer|component|wrapper|call|loop|timer|database|db|node|v8|runtime|middleware|deployment|config\w*|alert\w*|monitor\w*|check|test|page|endpoint|instance|container|probe|script|build|pipeline|scan|response|renewal|certificate|record|resolver|provider|cloud|disk|volume|export|migration)(s|es)?\b/i;
/** A capitalised first name right before a failure verb: "Dave forgot to...". */
export const NAMED_PERSON = /\b([A-Z][a-z]{2,})\s+(forgot|neglected|messed|screwed|ignored|overlooked|broke|failed to)\b/;

export const DRAMATIC = /\b(catastroph\w*|disaster\w*|nightmare\w*|chaos|chaotic|meltdown|apocalyp\w*|hell|panic\w*|epic fail|fiasco|doom\w*|horrible|horrendous|terrible|insane|crazy|carnage|armageddon|on fire|bloodbath|dumpster fire|debacle|total mess|absolute mess|all hell)\b|!{2,}/i;

/** Tasks no one can act on or close. */
export const VAGUE_TASK = [
  /^(we (will|should|must|need to) )?(improve|better|enhance|increase|strengthen|add more|do more|more|review|look at)\s+(the\s+|our\s+)?(monitoring|testing|tests|alerting|alerts|communication|documentation|docs|process(es)?|code quality|performance|observability|logging|reliability|stability|security|code|infrastructure)\b[^,;:]{0,12}$/i,
  /^(developers?|engineers?|devs|everyone|people|the team|teams|staff) (must|should|need to|have to)\b/i,
  /\b(be more careful|pay more attention|make sure (it|this|that) (doesn't|does not|never|won't) happen|avoid (this|such|similar)|prevent (this|it) (from )?happening|fix (the |any )?bugs?|try harder|be careful|keep an eye|stay vigilant|learn from (this|it)|think about|consider (improving|adding)|improve things|do better|be proactive)\b/i,
];
/**
 * A task that commits to nothing: "look into adding some kind of alert", "consider load testing more
 * regularly", "make sure everyone understands connection pools". It names a topic, not a change.
 */
export const NONCOMMITTAL_TASK = /^(we (will|should|could|might|may) )?(look into|consider\w*|think about|explore|evaluate whether|try to|maybe|possibly|perhaps)\b|\b(some kind of|some sort of|somehow)\b|^make sure (that )?(everyone|everybody|the (whole )?team|people|we all)\b/i;
/** What makes a task concrete: a number, code, or a named technical thing to build, watch or test. */
export const TASK_ANCHOR = /(`[^`]+`|\d|\b(alert|threshold|metric|dashboard|test|ci\b|heap|memory|pool|cach|connection|evict|limit|runbook|playbook|snapshot|profil|lint|config|timeout|slo\b|p9\d|latency|gauge|max|lru|ttl|prometheus|grafana|pagerduty|load[- ]test|canary|rollback|feature[- ]flag|nginx|patch|upgrad|listener|reference|widget|job|librar|quer|index|postgres|rss|gc\b|memlab|staging|code review|checklist|postmortem|drill|on-?call|map|composer|module|endpoint|table|schema|migration|release|deploy|pipeline|emitter|wrapper)\w*)/i;
export const OWNER_OR_DUE = /\b(owner|owned by|assignee|assigned to|due|deadline|eta|by (mon|tue|wed|thu|fri|sat|sun)\w*|by (the )?end of|by next|by \d{4}-\d{2}-\d{2}|by (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|sprint \d+|q[1-4])\b|@[\w-]+|\((?:[A-Z][A-Za-z]+|[\w-]+ team|team [\w-]+)(?:,\s*[^()]{1,25})?\)/i;
export const DETECTION_VERB = /\b(alert\w*|alarm\w*|monitor\w*|dashboard\w*|page\w*|test\w*|check\w*|metric\w*|probe\w*|profil\w*|ci|threshold\w*|slo|gauge\w*|instrument\w*|track\w*|watch\w*|detect\w*|memlab|snapshot\w*|canary|load[- ]test\w*)\b/i;

export const SYMPTOM = /\b(slow\w*|latenc\w*|sluggish|timeouts?|timed out|errors?|5\d\d|5xx|unavailab\w*|unresponsive|down\b|downtime|outage|fail(ed|ing|ures?)|hang\w*|stalled|degrad\w*|couldn't|could not|unable|delays?|delayed|lag\w*)\b/i;

export const TOTAL_CLAIM = /\b((complete|total|full|entire|whole)\s+(outage|downtime|unavailability|failure|service outage|blackout)|completely (down|unavailable|unresponsive|offline)|100\s*%\s*of( the)? (users|customers|requests|traffic)\b|\b(all|every)( of)?( the| our)? (users?|customers?|requests?)\b(\s+\w+){0,3}?\s+(failed|errored|timed out|got (an? )?(error|5\d\d)|could(n't| not)|were (unable|down|affected|impacted)|received errors?|saw errors?)|fully (down|unavailable|offline)|entirely (down|unavailable|offline)|\bwas (completely |totally |entirely |fully )?(down|offline)\b)/i;
export const PARTIAL_CLAIM = /\b(partial\w*|some (users|customers|requests)|subset|a (portion|share|fraction|part) of|degrad\w*|intermittent\w*|sluggish|slow\w*|not all)\b/i;

export const USERS_NOUN = /^\s*(of\s+)?(the\s+|our\s+|all\s+)?(active\s+|simulated\s+|affected\s+)?(users?|customers?|visitors?|shoppers?|clients?|sessions?|people|accounts?)\b/i;
export const REQUESTS_NOUN = /^\s*(of\s+)?(the\s+|our\s+|all\s+)?(incoming\s+|api\s+|http\s+)?(requests?|traffic|calls?|api calls|page loads|responses?|transactions?|checkouts?|hits)\b/i;

export const CAUSAL_CUE = /\b(root cause|caused|causing|cause|because|due to|result(ed)? (of|from)|led to|triggered|culprit|responsible|the (problem|issue) was|overload\w*|overwhelm\w*)\b/i;

/**
 * A sentence that tells the cause ("The cause was the pool: its maximum of 500 was far above the limit")
 * rather than the resolution: its change verbs and limits describe the fault, not a fix. One that also
 * tells the resolution ("the root cause was X; we fixed it by Y") is both.
 */
// The pluperfect tells what had happened before the incident ("its maximum had been set to 500"): history, not the fix.
export const TELLS_CAUSE = /\b(root cause|the cause|cause (was|is)|caused|due to|because of|the (problem|issue) was|triggered|had (been )?(set|changed|raised|increased|bumped|removed|dropped|configured|introduced|added|lost|rewritten|modified))\b/i;
export const TELLS_RESOLUTION = /\b(fix\w*|resolv\w*|resolution|solution|solv\w*|hotfix\w*|restor\w*|now|since then|afterwards|back to|we (set|bounded|capped|lowered|reduced|limited|changed|removed|added|released|reverted|put|made|replaced))\b/i;
export function tellsOnlyCause(text: string): boolean {
  return TELLS_CAUSE.test(text) && !TELLS_RESOLUTION.test(text);
}

/** Verbs that explain a change made to resolve the issue (stop-gaps such as restarts are not among them). */
export const CHANGE_VERB = /\b(chang\w*|replac\w*|rewr(ote|ite|itten)|add(ed|ing)|remov\w*|set|configur\w*|reconfigur\w*|patch\w*|hotfix\w*|deploy\w*|limit\w*|bound\w*|evict\w*|releas\w*|upgrad\w*|revert\w*|refactor\w*|introduc\w*|capp\w*|moved|wrapp\w*|isolat\w*|creat\w*|restor\w*|renew\w*|rotat\w*|updat\w*|delet\w*|cancel\w*|correct\w*|pinn\w*|turn(ed)? off|disabl\w*|dispos\w*|reduc\w*|lower\w*|clean\w* up|re-?appl\w*|re-?ran|unsubscrib\w*|drops?|dropped)\b/i;

/** Technical mechanisms in general, for the document-only check that a cause names one. */
export const MECHANISM = /\b(leak\w*|memory|heap|references?|maps?|entr(y|ies)|frames?|arrays?|objects?|collections?|batch(es)?|garbage|gc|cache\w*|evict\w*|pool|connections?|limit\w*|quer(y|ies)|lock\w*|thread\w*|cpu|config\w*|timeouts?|queue\w*|retain\w*|listener\w*|buffer\w*|closure\w*|allocat\w*|exhaust\w*|saturat\w*|unbounded|overflow|deadlock|bug|code|library|job|dns|records?|cname|nxdomain|ttl|resolv\w*|nginx|upstream|workers?|worker_connections|ports?|disk|volume|space|inodes?|logs?|logging|certificate|tls|ssl|expir\w*|renew\w*|token|migration|table|index\w*|schema|file descriptors?|ulimit|firewall|routes?|routing|load balancer|proxy|retr(y|ies)|dependenc(y|ies)|version|typo|settings?|quota|wal|partition|packages?|cron|deploy\w*|release|rewrites?)\b/i;

/** What makes a cause an explanation rather than a name ("had a memory leak"): something happened, and why. */
export const EXPLAINS = /\b(because|so that|so\b|which|until|therefore|thus|led to|leading to|caused|causing|result\w*|kept|keeps|held|holds|grew|grows|filled|fills|ran out|exhaust\w*|expired|never|not|n't|no longer|failed|pointed|replaced|opened|retained|stored|blocked|queued|waited|refused|returned|exceeded|accumulat\w*|took|wrote|allowed|registered|subscrib\w*|reached|hit|overwrote|dropped|removed|lost|without|each|every)\b/i;

/**
 * A person blamed in any sentence (not only in the root cause): a colleague named, or a role
 * ("our intern"), with their action as the cause, a judgement of them, or a sanction. Names are
 * capitalised words the document never writes in lower case (facts/blame.ts); systems are not people.
 */
export const ROLE_PERSON = String.raw`(?:the|our|a|an|new|that|this)\s+(?:intern|junior(?:\s+(?:dev\w*|engineer))?|new hire|contractor|colleague|teammate|trainee)`;
/** "because of Dave", "blame it on Tom"; "thanks to Dave's sloppy PR" (thanks for something bad; "thanks to Dave's snapshot" is credit). */
export const CAUSED_BY_PERSON = /\b(?:[Bb]ecause of|[Dd]ue to|[Cc]aused by|[Bb]lame (?:it )?on)\s+([A-Z][a-z]{2,})\b|\b(?:[Tt]hanks to|[Cc]ourtesy of)\s+([A-Z][a-z]{2,})(?:'s)?\s+(?:(?:sloppy|careless|buggy|broken|bad|untested|rushed|unreviewed|lazy|cowboy|latest|last)\s+)*(?:PR|pull request|commit|change|mistake|bug|code|deploy\w*|config\w*|typo|merge|patch|error|fault)\b/;
const FAILING_VERB = String.raw`(?:test|tested|check|checked|read|review|reviewed|ask|asked|bother|bothered|look|looked|run|ran|follow|followed|update|updated|think|thought|notice|noticed|wait|waited|tell|told|warn|warned|care|cared)`;
const LEAD = String.raw`^[,\s]*(?:(?:our|the)\s+[\w-]+(?:\s+[\w-]+)?,\s*)?(?:(?:also|even|just|simply|apparently|again)\s+)?`;
/** What follows a person to present their action as a failing: "Priya approved it without reading it", "Tom removed the limit". */
export const PERSON_FAILING = new RegExp(String.raw`${LEAD}(?:approved|merged|pushed|deployed|shipped|released|reviewed|wrote|rewrote|modified|edited|updated|configured|set|changed|removed|deleted|dropped|disabled|broke|introduced|caused|forgot|ignored|skipped|missed|overlooked|messed|screwed|neglected|(?:didn't|did not|never)\s+(?:even\s+)?${FAILING_VERB}|couldn't be bothered)\b`);
/** Of those, the ones that are a failing in themselves; a neutral one ("approved", "removed") needs "without", "never", a judgement, or a role as its subject. */
export const FAILING_ON_ITS_OWN = new RegExp(String.raw`${LEAD}(?:broke|forgot|ignored|overlooked|messed|screwed|neglected|(?:didn't|did not|never)\s+(?:even\s+)?${FAILING_VERB}|couldn't be bothered)\b`);
export const FAILING_MODIFIER = /\b(without|sloppy|careless\w*|lazy|blindly|rushed|cowboy)\b/i;
/** A sanction against a person: "Tom is no longer allowed to...", "Dave must be more careful", "should be fired". */
export const SANCTION = /^[,\s]*(?:(?:our|the)\s+[\w-]+(?:\s+[\w-]+)?,\s*)?(?:is|are|will be|should be|must be|needs to be)\s+(?:no longer allowed|not allowed|banned|fired|disciplined|reprimanded|removed from|taken off|more careful)|^[,\s]*(?:must|should|needs? to|has to|have to)\s+(?:be more careful|pay (?:more )?attention|get (?:more )?training|be (?:re)?trained|not (?:touch|deploy|change|merge))|^[,\s]*(?:needs?|requires?)\s+(?:more\s+)?training|^[,\s]*(?:loses?|lost)\s+(?:his|her|their)\s+(?:access|rights|permissions)/i;

/** A cause offered as a guess rather than a finding: "I think", "probably", "might have been keeping". */
export const HEDGE = /\b(i think|i believe|we think|i guess|i suppose|probably|possibly|maybe|perhaps|might have|may have|might be|could be|could have been|it is possible|it's possible|it seems|seemed to|not (completely |entirely |really )?sure|presumably|i assume|we assume)\b/i;

/**
 * A lecture rather than a statement about this incident: "Databases like PostgreSQL can only accept a
 * limited number of connections", "This is called a connection pool", "If an application keeps a
 * reference to an object, the garbage collector cannot free it". Told in the present of things in
 * general, with nothing of this incident (no we or our, no time or figure, no past tense), it explains
 * the topic, not what happened: it is neither the cause found nor the fix made (genericStatement).
 */
const GENERIC_MARKER = /\b((most|many|all|some) (web |modern |node(\.js)? )?(applications|apps|services|systems|databases|developers|engineers|teams|languages|programs|servers|runtimes)|(databases|applications|services|systems|languages|runtimes|tools) (like|such as)|(this|it) is (called|known as)|(is|are) (an? )?(very |quite |really )?(interesting|common|classic|well-known|typical|normal|popular|standard) (topic|pattern|problem|example|part|practice|cause|mistake|technique|approach)|an? (classic|typical|textbook|common|good) example|usually|typically|generally|in general|normally|often|in most cases|tends? to|it is (useful|helpful|worth|important) to)\b|^(when|if|whenever|once) an? \w+/i;
const INCIDENT_ANCHOR = /\b(we|our|us|i|my|was|were|had|did|this (incident|outage|morning|afternoon)|the (incident|outage)|in our case|yesterday|today)\b|\d{1,2}[:.]\d{2}|\d+\s*%/i;
const PRESENT_VERB = /\b(is|are|can|cannot|can't|will|won't|may|does|do|doesn't|don't|has|have|tends?|means?|works?|uses?|needs?|keeps?|takes?)\b/i;
export function genericStatement(text: string): boolean {
  return GENERIC_MARKER.test(text) && PRESENT_VERB.test(text) && !INCIDENT_ANCHOR.test(text);
}

/**
 * Filler: sentences about the writing or the team's feelings, not the incident ("In conclusion, this
 * incident was a valuable learning experience", "We take every incident very seriously", "We would like to
 * thank everyone"). With lectures (genericStatement) they make a long postmortem that says little.
 */
export const FILLER = /\b(in conclusion|to conclude|(valuable|great|important) learning (experience|opportunity)|we take (every|this|all|each) [\w ]{0,30}seriously|we would like to thank|thank(s| you) to everyone|opportunit(y|ies) to (learn|improve)|we are confident|a lesson that applies|it is always unfortunate|there are (many|several) (things|areas|ways) (we|where))\b/i;

/** A general truth rather than a statement about this incident: "Memory leaks are one of the most common problems...". */
export const GENERAL_TRUTH = /\b(is|are) (one of the (most )?(common|frequent|typical)|(a |very |quite )?(common|classic|typical|frequent)\b|often|usually|always|generally|normally)|\b(as (everybody|everyone|anyone) (who [\w ]{1,30} )?knows|in general|generally speaking|in many (applications|systems|cases)|can happen in (many|any)|it is (very |really )?important (to|that)|(is|are) (very |really )?important)\b/i;
