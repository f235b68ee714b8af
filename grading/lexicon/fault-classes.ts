import type { FaultClass } from '../../catalogue/service-catalogue';

/**
 * How learners describe each fault class, what fixes it, what only mitigates it, and what would
 * have detected it. Patterns are matched against one clause or sentence at a time.
 */

export interface FaultClassTerms {
  name: string;
  /** The mechanism itself: full credit for the class. */
  mechanism: RegExp[];
  /** The symptom family only ("a memory leak" for an unbounded cache): partial credit. */
  symptom: RegExp[];
  /** A change that removes the cause. */
  fix: RegExp[];
  /** What a corrective task must watch or test to have caught this class early. */
  detection: RegExp[];
  /** What the fix looks like, for feedback. */
  fixHint: string;
  detectionHint: string;
}

const MEMORY_SYMPTOM = [
  /\bmemory[- ]leak\w*|\bleak(ed|ing|s|y)?\b/i,
  /\b(memory|heap|rss)\b[^.]{0,40}\b(grew|grow\w*|growth|increas\w*|climb\w*|rose|ris\w*|usage|pressure|exhaust\w*|bloat\w*|spike\w*)/i,
  /\bout[- ]of[- ]memory|\bOOM\b|\bgarbage[- ]collect\w*|\bGC\b (thrash\w*|pressure|pauses?)/i,
];
const FIX_VERB = String.raw`(?:fix\w*|patch\w*|hotfix\w*|rewr(?:ote|ite|itten)|refactor\w*|chang\w*|correct\w*|updat\w*|modif\w*|replac\w*|reconfigur\w*|configur\w*|set|limit\w*|bound\w*|cap\w*|add\w*|introduc\w*|implement\w*|release\w*|remov\w*|clear\w*)`;

export const FAULT_CLASS_TERMS: Record<FaultClass, FaultClassTerms> = {
  'memory-leak-references': {
    name: 'memory leak held by references',
    mechanism: [
      /\breferences?\b[^.]{0,60}\b(kept|held|retain\w*|never|not|remain\w*|stay\w*|linger\w*|accumulat\w*|piled)/i,
      /\b(kept|keep\w*|held|hold\w*|retain\w*|holding on to|held on to)\b[^.]{0,60}\b(references?|objects?|widgets?|buffers?|listeners?|data|results?|records?|entries|batch(es)?|rows|frames?|sessions?|items|series|arrays?)\b/i,
      /\b(never|not|n't)\s+(be(ing)?\s+|get(ting)?\s+|got\s+|been\s+)?(released|freed|garbage[- ]collected|collected|cleaned up|removed|unregistered|dropped|reclaimed|closed|disposed|trimmed)\b/i,
      /\b(never|not|n't|forgot to|failed to|without)\s+(clear\w*|releas\w*|free\w*|remov\w*|delet\w*|drop\w*|unregister\w*|clean\w* up|clos\w*|trim\w*|dispos\w*)\b/i,
      /\b(listeners?|closures?|event handlers?|subscriptions?|callbacks?)\b[^.]{0,60}\b(never|not|leak\w*|accumulat\w*|piled|grew|kept|added|register\w*)/i,
      /\bretain(ed|er)? (size|path|tree)|\bretention\b/i,
    ],
    symptom: MEMORY_SYMPTOM,
    fix: [
      /\b(releas\w*|clear\w*|remov\w*|delet\w*|drop\w*|null\w* out|unsubscrib\w*|unregister\w*|dispos\w*|free\w*|clos\w*|trim\w*)\b[^.]{0,60}\b(references?|listeners?|widgets?|objects?|entries|buffers?|data|handlers?|closures?|results?|arrays?|batch(es)?|lists?|maps?|items|sessions?|series|frames?|histor(y|ies))\b/i,
      /\b(WeakMap|WeakRef|WeakSet|weak references?|removeListener|removeEventListener)\b/i,
      new RegExp(String.raw`\b${FIX_VERB}\b[^.]{0,60}\b(the leak|leak\w*|composition|render\w*|job|library call|call to the library|memory handling|wrapper)\b`, 'i'),
      /\bno longer (holds?|keeps?|retains?|references?|accumulat\w*|registers?|leaks?)\b/i,
      /\b(isolat\w*|wrapp\w*)\b[^.]{0,40}\b(library|call|wrapper)\b/i,
    ],
    detection: [/\b(heap|memory|rss|gc|garbage collection|leak\w*|heap snapshots?|memlab|retained size|allocation)\b/i],
    fixHint: 'release the references (remove the listener, stop keeping the objects) in the code that held them',
    detectionHint: 'an alert on heap growth (heap used rising over time) or a leak test in CI (heap snapshot diff, memlab)',
  },
  'unbounded-cache': {
    name: 'unbounded cache',
    mechanism: [
      /\bcache\w*\b[^.]{0,80}\b(never|no|without|not|n't|lacked|missing)\b[^.]{0,30}\b(evict\w*|expir\w*|limit\w*|bound\w*|cap\w*|max(imum)?|size|ttl|lru)\b/i,
      /\b(never|no|without|not|n't|lack of|missing)\b[^.]{0,30}\b(evict\w*|expir\w*|size limit|max(imum)? size|ttl|lru|bound)\b[^.]{0,60}\bcache/i,
      /\bunbounded\b[^.]{0,30}\bcache|\bcache\b[^.]{0,30}\bunbounded/i,
      /\bcache\w*\b[^.]{0,60}\b(grew|grow\w*|growth|kept|keep\w*|stor\w*|held)\b[^.]{0,40}\b(without (bound|limit)|indefinitely|forever|every (distinct |unique |new )?(key|entry|url|query|page|item)|all (the )?(distinct |unique )?(keys|entries|pages|items)|unbounded)/i,
      // "a cache whose entries were never cleared", "the cache never removed any entry"
      /\bcache\w*\b[^.]{0,60}\b(entries|items|keys|pages|objects)\b[^.]{0,30}\b(never|not|n't|no longer)\b[^.]{0,20}\b(clear\w*|remov\w*|evict\w*|expir\w*|delet\w*|dropp?\w*|purg\w*|freed)/i,
      /\bcache\w*\b[^.]{0,40}\b(never|not|n't|no longer)\s+(\w+\s+)?(clear\w*|remov\w*|evict\w*|expir\w*|delet\w*|purg\w*)\b/i,
      // "the cache had lost its size limit", "a release dropped maxEntries from the cache"
      /\bcache\w*\b[^.]{0,60}\b(lost|dropped|removed|without|missing|no longer had|did not have|didn't have|had no)\b[^.]{0,30}\b(max\w*|limit|size|bound|cap)\b/i,
      /\b(dropp\w*|remov\w*|lost)\b[^.]{0,40}\b(max ?entries|size limit|max(imum)? size|bound|limit)\b[^.]{0,40}\bcache/i,
    ],
    symptom: MEMORY_SYMPTOM,
    fix: [
      /\b(evict\w*|LRU|lru-cache|max(imum)? (size|entries|items|number of entries)|size (limit|cap|bound)|bounded|capp(ed|ing) (the )?cache|TTL|time[- ]to[- ]live|expir\w*)\b/i,
      /\b(limit\w*|bound\w*|cap\w*)\b[^.]{0,30}\bcache\b/i,
      // "revised the cache logic to clear old entries", "ensure proper clearing of the cache"
      /\bcache\w*\b[^.]{0,60}\b(clear\w*|remov\w*|purg\w*|delet\w*)\b[^.]{0,30}\b(entries|items|keys|pages|old|stale)\b/i,
      /\b(clear\w*|remov\w*|purg\w*|delet\w*)\b[^.]{0,20}\b(old|stale|unused|least[- ]recently[- ]used)?\s*(entries|items|keys|pages)\b[^.]{0,40}\bcache/i,
      /\b(proper|periodic|regular)\s+(clearing|eviction|cleanup|clean-up)\b/i,
    ],
    detection: [/\b(cache (size|entries|length|items|memory|growth|hit)|cache\b[^.]{0,30}\b(size|entries|growth|memory)|heap|memory|rss)\b/i],
    fixHint: 'bound the cache (LRU with a maximum size or a TTL) so that entries are evicted',
    detectionHint: 'an alert on cache size (entries or bytes) or on heap growth',
  },
  'pool-exhaustion': {
    name: 'connection-pool exhaustion',
    mechanism: [
      /\bpool\w*\b[^.]{0,80}\b(exhaust\w*|unbounded|no (max|limit)|too (many|large|big)|misconfigur\w*|max(imum)?|limit\w*|saturat\w*|starv\w*)/i,
      /\b(exhaust\w*|misconfigur\w*|unbounded|saturat\w*)\b[^.]{0,40}\bpool/i,
      /\b(open\w*|creat\w*|kept opening|acquir\w*)\b[^.]{0,40}\bconnections\b[^.]{0,60}\b(until|max_connections|limit|without (a )?(bound|limit|max))/i,
      /\bconnections?\b[^.]{0,30}\b(were|was)?\s*(leaked|never released|not released|held open)/i,
      // "the pool was set to a very high number", "the pool maximum was raised to 500"
      /\bpool\w*\b[^.]{0,60}\b(very high|too high|huge|high number|raised|increased|bumped|set to \d{3,})/i,
      /\b(used|took|opened|grabbed|consumed|held|filled)\s+(up\s+)?(all|every)\s+(of\s+)?(the\s+)?(available\s+)?(database\s+|db\s+|postgres\s+)?(connections|connection slots|slots)/i,
    ],
    symptom: [
      /\btoo many (database |db |open |concurrent )?(connections|clients)\b/i,
      /\bmax_connections\b/i,
      /\b(ran|run|running|out) out of (database |db |postgres(ql)? )?(connection|connections|connection slots|slots)\b/i,
      /\bconnection (slots|limit)\b[^.]{0,40}\b(exhaust\w*|reach\w*|hit|used|full|ran out)/i,
      /\bdatabase\b[^.]{0,30}\b(overload\w*|saturat\w*|connections?|refus\w*)/i,
      /\b(db|database|postgres(ql)?) connections?\b/i,
      /\bconnections?\b[^.]{0,30}\b(refused|rejected|errors?|failed)\b/i,
    ],
    fix: [
      /\b(max(imum)?|limit\w*|cap\w*|bound\w*|sane|smaller|reduc\w*|lower\w*)\b[^.]{0,40}\b(pool|connections?)\b/i,
      /\bpool\b[^.]{0,60}\b(max(imum)?|limit\w*|capp\w*|bounded|set to \d+|reduc\w*|lower\w*|sane|reconfigur\w*)\b/i,
      /\b(releas\w*|return\w*)\b[^.]{0,30}\bconnections?\b/i,
      /\b(idle|connection|acquire)[ _-]?timeout/i,
    ],
    detection: [
      /\b(pool|waiting (clients|requests|count)|pending (connections|acquires|requests)|connection (count|usage|limit|saturation|errors)|connections|max_connections|too many clients|pg_stat_activity|numbackends)\b/i,
    ],
    fixHint: 'give the pool a sane maximum below the database\'s max_connections (and release connections promptly)',
    detectionHint: 'an alert on pool wait (waiting clients) or on the connection count against max_connections',
  },
};

/** "A bigger heap, a bigger pool": growing a limit relieves the symptom, it never removes the cause. */
export const GROWTH_MITIGATION = /\b(increas\w*|rais\w*|bump\w*|doubl\w*|bigger|larger|grow\w*)\b[^.]{0,30}\b(memory|heap|ram|max-old-space-size|capacity|limits?|pool|max_connections|connection limit|instance)/i;

/**
 * The database server's own limit given more room: "max_connections now allows 1000", "more connection
 * slots (40 to 500)", "the database's connection limit set to 600". Whatever the verb, a limit on the
 * server's side that grows is capacity: the pool that overran it is still unbounded. Put back ("back to
 * 40", a two-digit figure) or named as the bound a pool stays below is not.
 */
const SERVER_LIMIT = String.raw`(max_connections|max connections|connection slots|(database|db|postgres(ql)?|server)('s)? (connection )?(limit|slots|capacity))`;
export const SERVER_LIMIT_RAISED = new RegExp(
  String.raw`\b${SERVER_LIMIT}\b[^.;]{0,40}\b(now (allows?|accepts?|takes?)|\d+ (to|->|→) \d{3,}|to \d{3,}|(is|was|set) (now )?\d{3,})|\b(more|extra|additional|higher|bigger|larger)\b[^.;]{0,20}\b${SERVER_LIMIT}`,
  'i',
);
/**
 * The pool's faulty setting told as what happened ("the pool maximum was set to 500", "a pool of 500"): a
 * maximum in the hundreds is what overran the database, not a bound. A clause that brings it down ("from
 * 500 to 20", "reduced", "back to 10") is the fix.
 */
export const POOL_SET_HIGH = /\b(pool|max(imum)?|DB_POOL_MAX|max_?pool\w*)\b[^.;]{0,40}(\b(set to|raised to|increased to|changed to|of|at)\s*|=\s*)\d{3,}\b/i;
const BROUGHT_DOWN = /\b(reduc\w*|lower\w*|back to|down to|revert\w*|restor\w*|smaller|from \d{3,} to \d{1,2}\b)/i;
export function poolSetHigh(text: string): boolean {
  return POOL_SET_HIGH.test(text) && !BROUGHT_DOWN.test(text);
}

/** Stop-gaps that relieve the symptom without removing the cause. */
export const MITIGATION = [
  SERVER_LIMIT_RAISED,
  /\b(restart\w*|re-start\w*|reboot\w*|bounc(ed|ing) the|recycl\w*|redeploy\w*|rolled? back|rollback)\b/i,
  /\b(scal(ed|ing|e) (up|out)|add(ed|ing)? (more )?(servers?|instances?|capacity|nodes?|replicas?|memory|ram)|more (memory|ram|capacity|instances|servers|replicas))\b/i,
  GROWTH_MITIGATION,
  /--max-old-space-size|\b(reroute\w*|rerouting|failover|failed over)\b/i,
  /\b(flush\w*|clear\w*|purg\w*|wip\w*|empt\w*) (the |out the )?cache\b/i,
  /\bkill\w* (the )?(idle |open |stuck )?(connections|process(es)?|job)\b/i,
  /\b(rate[- ]limit\w*|disabl\w*|turn(ed)? off|switch(ed)? off|feature flag)\b/i,
];

/** Words that present an action as a stop-gap rather than the fix. */
// "The restart only emptied the map", "restarting alone would only have freed memory": said knowing it is no fix.
export const MITIGATION_LABEL = /\b(only (\w+ )?(emptied|freed|bought|moved|hid|masked|delayed|postponed|cleared|relieved|helped|reset)|alone (would|does|did|is|was)|would only|mitigat\w*|stop-?gap|temporar\w*|short[- ]term|workaround|bought (us )?(some )?time|relief|band-?aid|interim|immediate|until|meanwhile|while we|first response|to buy time|came back|returned)\b/i;

/**
 * Mechanisms of incidents the lab never reproduces: a root cause told in these terms, and in none of the
 * run's fault class, is the postmortem of another incident (run/run-view.ts, off-topic).
 */
export const FOREIGN_MECHANISM = /\b(dns|nxdomain|cname|a record|certificates?|tls|ssl|disk (space|full|usage)|disk was full|inodes?|file descriptors?|ulimit|deadlocks?|lock contention|kafka|consumer (group|lag)|rebalanc\w*|failover|network partition|bgp|firewall rules?|jvm|-?xmx|kernel|cpu throttl\w*|regex|catastrophic backtracking|expired (token|key|password)|quota|rate limit of the provider|clock skew|ntp)\b/i;
