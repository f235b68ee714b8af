import type { RedHerringKind } from '../../scenarios/run-record';

/** How learners name each misleading path a scenario can offer (record.redHerrings[].kind). */
export const RED_HERRING_TERMS: Record<RedHerringKind, { name: string; patterns: RegExp[] }> = {
  'database-queries': {
    name: 'slow database queries',
    patterns: [/\b(database|db|postgres(ql)?|sql|quer(y|ies)|slow[- ]quer\w*)\b/i],
  },
  'database-indexes': {
    name: 'database indexes',
    patterns: [/\b(index(es|ing|ed)?|indices|explain (plan|analyze)|sequential scans?|seq scans?)\b/i],
  },
  'cache-configuration': {
    name: 'cache configuration',
    patterns: [/\bcache\b[^.]{0,30}\b(config\w*|settings?|hit (rate|ratio)|misconfig\w*|ttl|looked|was (fine|healthy|ok))|\b(misconfigured|cache) (cache|config\w*)\b|\bredis\b/i],
  },
  'traffic-surge': {
    name: 'a traffic surge',
    patterns: [
      /\b(traffic|load|request)s? (surge|spike|increase|growth|jump|peak)|\bsurge\b|\bspike in (traffic|load|requests)|\b(more|higher|increased|heavy|too much|extra) (traffic|load)\b/i,
      /\b(capacity|scal(e|ed|ing) (up|out)|add(ed|ing)? (more )?(servers|instances|capacity|nodes|replicas))\b/i,
    ],
  },
  'external-dependency': {
    name: 'an external dependency',
    patterns: [/\b(external|third[- ]party|partner|upstream) (api|service|dependenc\w*|provider|endpoint)s?\b|\bpartner[- ]api\b|\bdependenc(y|ies)\b/i],
  },
  'recent-deployment': {
    name: 'a recent deployment',
    patterns: [/\b(recent|latest|last|previous|morning's|new) (deploy\w*|release|version|commit|rollout)s?\b|\bdeploy(ment)? (diff|history|log)|\bthe diff\b|\broll(ed)?[- ]?back\b|\brollback\b|\bchangelog\b/i],
  },
  ddos: {
    name: 'a DDoS attack',
    patterns: [/\b(d-?dos|denial[- ]of[- ]service|attack\w*|botnets?|bot(net)? traffic|malicious (traffic|requests)|flood(ed|ing)? (of |with )?(requests|traffic)|request flood|(traffic|request) flood)\b/i],
  },
};

/** An action that was tried and did not help: a misleading path, not the resolution. */
export const NO_EFFECT = /\b(no (effect|improvement|change|difference)|(did not|didn't|did nothing to|failed to) help|did nothing|changed nothing|minimal effect|wast\w*|kept (rising|climbing|growing)|still (slow|failing|rising))\b/i;

/** Words that mark a path as misleading, suspected or ruled out rather than asserted. */
export const MISLEADING_CUE = /\b(suspect\w*|assum\w*|thought|believ\w*|hypothes\w*|red herring|mislead\w*|ruled? out|turned out|dead[- ]end|false (lead|alarm|trail)|no (effect|improvement|change|difference)|(did not|didn't|did nothing to|failed to) help|did nothing|wast\w*|(looked|was|were|appeared|seemed|remained|stayed) (normal|healthy|fine|ok|okay|flat|stable|unchanged)|first (looked|checked|investigated|blamed)|initially|chas\w*|distract\w*|not the (cause|culprit|problem|issue)|innocent|unrelated|nothing (unusual|relevant|abnormal|suspicious)|minimal effect|changed nothing|(wrong|incorrect) (path|lead|guess|assumption)|went down the path|rabbit hole|blamed)\b/i;
