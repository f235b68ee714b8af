import type { FaultClass } from '../../scenarios/run-record';

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
      /\b(kept|keep\w*|held|hold\w*|retain\w*|holding on to|held on to)\b[^.]{0,60}\b(references?|objects?|widgets?|buffers?|listeners?|data|results?|records?|entries)\b/i,
      /\b(never|not|n't)\s+(be(ing)?\s+|get(ting)?\s+|got\s+|been\s+)?(released|freed|garbage[- ]collected|collected|cleaned up|removed|unregistered|dropped|reclaimed|closed|disposed|trimmed)\b/i,
      /\b(never|not|n't|forgot to|failed to|without)\s+(clear\w*|releas\w*|free\w*|remov\w*|delet\w*|drop\w*|unregister\w*|clean\w* up|clos\w*|trim\w*|dispos\w*)\b/i,
      /\b(listeners?|closures?|event handlers?|subscriptions?|callbacks?)\b[^.]{0,60}\b(never|not|leak\w*|accumulat\w*|piled|grew|kept|added|register\w*)/i,
      /\bretain(ed|er)? (size|path|tree)|\bretention\b/i,
    ],
    symptom: MEMORY_SYMPTOM,
    fix: [
      /\b(releas\w*|clear\w*|remov\w*|delet\w*|drop\w*|null\w* out|unsubscrib\w*|unregister\w*|dispos\w*|free\w*|clos\w*|trim\w*)\b[^.]{0,60}\b(references?|listeners?|widgets?|objects?|entries|buffers?|data|handlers?|closures?|results?|arrays?|batch(es)?|lists?|maps?|items|sessions?|series)\b/i,
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
      /\bcache\w*\b[^.]{0,60}\b(grew|grow\w*|growth|kept|keep\w*|stor\w*|held)\b[^.]{0,40}\b(without (bound|limit)|indefinitely|forever|every (distinct |unique |new )?(key|entry|url|query)|all (the )?(distinct |unique )?(keys|entries)|unbounded)/i,
    ],
    symptom: MEMORY_SYMPTOM,
    fix: [
      /\b(evict\w*|LRU|lru-cache|max(imum)? (size|entries|items|number of entries)|size (limit|cap|bound)|bounded|capp(ed|ing) (the )?cache|TTL|time[- ]to[- ]live|expir\w*)\b/i,
      /\b(limit\w*|bound\w*|cap\w*)\b[^.]{0,30}\bcache\b/i,
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

/** Stop-gaps that relieve the symptom without removing the cause. */
export const MITIGATION = [
  /\b(restart\w*|re-start\w*|reboot\w*|bounc(ed|ing) the|recycl\w*|redeploy\w*|rolled? back|rollback)\b/i,
  /\b(scal(ed|ing|e) (up|out)|add(ed|ing)? (more )?(servers?|instances?|capacity|nodes?|replicas?|memory|ram)|more (memory|ram|capacity|instances|servers|replicas))\b/i,
  GROWTH_MITIGATION,
  /--max-old-space-size|\b(reroute\w*|rerouting|failover|failed over)\b/i,
  /\b(flush\w*|clear\w*|purg\w*|wip\w*|empt\w*) (the |out the )?cache\b/i,
  /\bkill\w* (the )?(idle |open |stuck )?(connections|process(es)?|job)\b/i,
  /\b(rate[- ]limit\w*|disabl\w*|turn(ed)? off|switch(ed)? off|feature flag)\b/i,
];

/** Words that present an action as a stop-gap rather than the fix. */
export const MITIGATION_LABEL = /\b(mitigat\w*|stop-?gap|temporar\w*|short[- ]term|workaround|bought (us )?(some )?time|relief|band-?aid|interim|immediate|until|meanwhile|while we|first response|to buy time|came back|returned)\b/i;
