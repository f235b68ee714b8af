import { gradePostmortem, type GradeReport } from '../../grading/grade';
import { loadRun } from './fixture-helpers';

/**
 * What the grader must understand rather than match, each on a document written here (not one of the
 * corpus's): where the cause is placed, what the document is about, whose facts it gives, who it
 * blames and what it asserts as the cause.
 */

const criterion = (r: GradeReport, id: string) => r.criteria.find((c) => c.id === id)!;
const codes = (r: GradeReport): string[] => r.flags.map((f) => f.code);

/** A good postmortem of the surge run, with the place of the cache and its owner's name left open. */
function surgePostmortem(owner: string): string {
  return `# Campaign morning postmortem

## Issue Summary

On 9 June 2026 from 10:15 to 10:26 EDT (11 minutes) visitors from the campaign e-mail got slow product pages and then 503 errors. 26% of users (78 of 300) were affected and 7% of requests failed; regular visitors were fine. The root cause was an unbounded cache in ${owner}: it kept a page for every unique campaign link and never evicted any.

## Timeline (EDT)

- 10:15 - The campaign e-mail goes out; the request rate triples.
- 10:19 - StorefrontLatencyHigh fires and pages the on-call engineer.
- 10:20 - Database CPU at 70%; we assumed the database was overloaded, but the queries were normal. A dead end.
- 10:22 - Escalated to the team that owns ${owner}.
- 10:24 - Heap at 85% of its limit and the cache holds 400,000 entries, one per ref parameter.
- 10:26 - A maximum size restored on the cache and the process restarted; errors stop.

## Root Cause and Resolution

A release last week rewrote the cache settings of ${owner} and dropped the size limit and the expiry. The cache key includes the campaign's ref parameter, which is unique for every click, so during the surge the cache stored a new page for every visit and never removed one. The heap grew until the process started to shed the pages it did not hold. We restored an LRU limit of 10,000 entries with a ten-minute TTL; the restart only freed what was already held.

## Corrective and Preventative Measures

- Alert on the cache's entry count and on heap growth (owner: SRE, due 2026-06-16).
- Leave the ref parameter out of the cache key (owner: web team, due 2026-06-19).
- CI test that the cache never grows past its maximum (owner: web team).
`;
}

describe('cause attribution: the run\'s mechanism in another service is the wrong cause', () => {
  const run = loadRun('surge-cache-growth');

  test('the same mechanism placed in a service the run did not have loses the root-cause and fix credit, and cannot pass', () => {
    const right = gradePostmortem(surgePostmortem("the storefront's page cache"), { run });
    const elsewhere = gradePostmortem(surgePostmortem('the image-resizer service'), { run });
    expect(criterion(right, 'run-root-cause').status).toBe('pass');
    expect(right.percent).toBeGreaterThanOrEqual(80);
    expect(criterion(elsewhere, 'run-root-cause').points).toBe(0);
    expect(criterion(elsewhere, 'run-fix').points).toBe(0);
    expect(criterion(elsewhere, 'run-root-cause').feedback.join(' ')).toMatch(/image-resizer service.*storefront/);
    expect(elsewhere.percent).toBeLessThanOrEqual(45);
  });

  test('a service named as the owner of the mechanism in an earlier sentence carries over ("its cache")', () => {
    const text = surgePostmortem('the search-api').replace('A release last week rewrote the cache settings of the search-api', 'The search-api keeps rendered results in memory. A release last week rewrote its cache settings');
    expect(criterion(gradePostmortem(text, { run }), 'run-root-cause').points).toBe(0);
  });

  test("the run's service named as a victim does not rescue a cause placed elsewhere; the culprit named as a service is not elsewhere", () => {
    const victim = surgePostmortem('the search-api').replace('The heap grew until', 'The storefront waited for it, and the heap grew until');
    expect(criterion(gradePostmortem(victim, { run }), 'run-root-cause').points).toBe(0);
    // "the recommendation service" is the recommendation run's culprit, inside its storefront.
    const reco = loadRun('recommendation-library-leak');
    const text = `## Root cause and resolution\n\nThe storefront's recommendation service registered a listener on the engine for every call and never removed it, so the storefront's heap grew with every personalised page. The hotfix disposes the session after each call.`;
    expect(gradePostmortem(text, { run: reco }).criteria.find((c) => c.id === 'run-root-cause')!.status).toBe('pass');
  });

  test("another service named in an earlier clause as context is not the mechanism's owner", () => {
    const text = '## Root cause and resolution\n\nThe storefront calls the search-api for related products, which was healthy; the page cache had lost its size limit, so it kept a page for every campaign link until the heap was nearly full. We restored an LRU limit of 10,000 entries.';
    const c = criterion(gradePostmortem(text, { run }), 'run-root-cause');
    expect(c.feedback.join(' ')).not.toMatch(/Wrong root cause/);
    expect(c.points).toBeGreaterThan(0);
  });
});

describe('off-topic by what the document is about, not by the words it shares with the run', () => {
  const run = loadRun('surge-cache-growth');
  const redis = `# Postmortem: logins failing after a cache failover

## Issue Summary

On 2 April 2026 from 03:12 to 03:58 UTC, 60% of sign-ins to the storefront and the mobile app failed. The Redis cluster that holds user sessions lost its primary in a network partition, and the promoted replica had an old memory limit, so it evicted most sessions under memory pressure and users were logged out.

## Timeline (UTC)

- 03:12 - Network partition between two zones at the cloud provider.
- 03:14 - Sentinel promotes the replica.
- 03:22 - The login error alert pages the on-call engineer.
- 03:30 - We suspected yesterday's storefront release and read its diff; nothing related.
- 03:41 - evicted_keys climbing on the new primary, whose maxmemory was 256 MB.
- 03:45 - Escalated to the platform team.
- 03:50 - maxmemory raised to 4 GB like the old primary; eviction policy set to noeviction.
- 03:58 - Login error rate back to normal.

## Root Cause and Resolution

The replica's configuration was never updated when the primary was resized last year. After the failover the new primary had a much smaller memory limit, and its eviction dropped active sessions. Aligning the replica's memory limit and eviction policy with the primary's resolved it.

## Corrective and Preventative Measures

- Manage the configuration of the primary and the replicas from one template (owner: platform team).
- Alert on evicted keys above zero for the session store (owner: SRE, due 2026-04-10).
- Run a failover drill every quarter (owner: platform team).
`;

  test('another incident that names the service and shares its words (cache, eviction, memory, release) is flagged and gets next to nothing', () => {
    const report = gradePostmortem(redis, { run });
    expect(codes(report)).toContain('OFF_TOPIC');
    expect(report.percent).toBeLessThanOrEqual(10);
    expect(report.cap?.reason).toMatch(/not about this run/);
    for (const c of report.criteria.filter((x) => x.group === 'run')) expect(c.points).toBe(0);
    // Graded without a run it is judged as the writing it is: a decent postmortem of its own incident.
    expect(gradePostmortem(redis).percent).toBeGreaterThan(50);
  });

  test('another kind of incident without a date is flagged when its cause is told in foreign terms and its window is not the run\'s', () => {
    const dns = `# Postmortem: storefront unreachable after a DNS change

## Issue Summary

From 09:40 to 10:25 UTC (45 minutes) the storefront and the login page did not resolve for about 70% of visitors: browsers showed "server not found". The root cause was a DNS zone change that replaced the A record with a CNAME pointing to a load balancer hostname that did not exist yet.

## Timeline (UTC)

- 09:32 - Zone change applied by the infrastructure pipeline.
- 09:40 - Synthetic resolution check fails from three regions; on-call paged.
- 09:46 - We suspected the new load balancer and checked its health: all targets healthy. A dead end.
- 09:55 - dig returns NXDOMAIN from public resolvers; escalated to the infrastructure team.
- 10:08 - Reverted the zone change; the old A record is back with a 60 s TTL.
- 10:25 - Negative caching expired at the large resolvers; errors back to zero.

## Root Cause and Resolution

The zone change pointed the storefront's name at a CNAME with a typo in the load balancer hostname, so resolvers answered NXDOMAIN and cached that answer for the zone's negative TTL. Reverting the change restored the A record; the negative caching kept some users out until it expired.

## Corrective and Preventative Measures

- Validate CNAME targets in the zone pipeline before applying (owner: infrastructure team).
- Lower the zone's negative TTL to 60 seconds (owner: infrastructure team, due 2026-07-01).
- Alert on the synthetic resolution check from two regions (owner: SRE).
`;
    const report = gradePostmortem(dns, { run });
    expect(codes(report)).toContain('OFF_TOPIC');
    expect(report.percent).toBeLessThanOrEqual(10);
  });

  test("a postmortem of this run with its date mistyped is not off-topic when its window or its cause is the run's", () => {
    const typo = surgePostmortem("the storefront's page cache").replace('9 June 2026', '9 January 2026');
    expect(codes(gradePostmortem(typo, { run }))).not.toContain('OFF_TOPIC');
  });
});

describe("the run's facts, not the incident report's", () => {
  const run = loadRun('feature-background-leak');
  const postmortem = (window: string, share: string): string => `# Timeouts after the insights launch

## Issue Summary

The widget-api was slow and then timed out from ${window}. About ${share} of users had slow data retrieval and timeouts. The root cause was the new feature's background job, which kept every batch of data it processed in memory, so the heap grew with time until the service ran out of memory.

## Timeline (UTC)

- ${window.slice(0, 5)} - Automated performance-degradation alerts fire and page the on-call engineer.
- Then - We saw a traffic surge, added capacity, and it did not help.
- Then - The external partner API looked slow, but it was not the cause.
- Then - Escalated to the senior DevOps engineers for a system-level investigation.
- Then - A hotfix to the job's memory handling was deployed and the servers rebooted; traffic rerouted.

## Root Cause and Resolution

The new feature runs a background job on a timer. The job held on to the data it processed, appending every batch to a list that nothing cleared, so memory grew with time and not with requests until resources ran out. The hotfix releases each batch after processing it, and the reboot freed the memory already held.

## Corrective and Preventative Measures

- Alert on widget-api heap growth over ten minutes (owner: SRE).
- Soak test for background jobs in CI with a flat-heap assertion (owner: platform team).
- Review the memory handling of every background job (owner: feature team).
`;

  test("a postmortem giving the report's window (14:00 to 16:00 UTC, 2 hours) is flagged and earns nothing against the run; its writing keeps its credit", () => {
    const copied = gradePostmortem(postmortem('14:00 to 16:00 UTC, 2 hours', '48%'), { run });
    const own = gradePostmortem(postmortem('14:01 to 14:12 UTC, 11 minutes', '49%'), { run });
    expect(codes(copied)).toContain('REPORT_FACTS');
    expect(codes(own)).not.toContain('REPORT_FACTS');
    for (const c of copied.criteria.filter((x) => x.group === 'run')) expect(c.points).toBe(0);
    expect(criterion(copied, 'run-root-cause').feedback.join(' ')).toMatch(/incident report/);
    expect(criterion(own, 'run-root-cause').points).toBeGreaterThan(0);
    expect(own.percent - copied.percent).toBeGreaterThanOrEqual(25);
    // The document criteria judge the writing alone: the same either way.
    const doc = (r: GradeReport): number => r.criteria.filter((c) => c.group === 'document').reduce((n, c) => n + c.points, 0);
    expect(Math.abs(doc(copied) - doc(own))).toBeLessThanOrEqual(1);
  });

  test("a long window that is not the report's (another start) is a wrong window, not a retold report", () => {
    const wrong = gradePostmortem(postmortem('09:00 to 11:00 UTC, 2 hours', '49%'), { run });
    expect(codes(wrong)).not.toContain('REPORT_FACTS');
    expect(criterion(wrong, 'run-window').points).toBe(0);
    expect(criterion(wrong, 'run-root-cause').points).toBeGreaterThan(0);
  });
});

describe('a red herring stated as the cause, in any words', () => {
  const run = loadRun('db-pool-exhaustion');
  const postmortem = (summaryCause: string, rootCause: string, fix: string): string => `# Widgetify 503s on 19 February

## Issue Summary

On 19 February 2026 from 10:02 to 10:12 EET (10 minutes) Widgetify answered almost every request with HTTP 503: a complete outage, 96% of users affected and 84% of requests failed. ${summaryCause}

## Timeline (EET)

- 10:03 - WidgetifyLatencySpike pages the on-call engineer.
- 10:04 - The deploy v2.14.0 from 09:58 was only copy changes; ruled out.
- 10:06 - PostgreSQL logs "sorry, too many clients already".
- 10:07 - Escalated to backend engineering and the security team.
- 10:09 - The change below applied.
- 10:12 - 503s stop; service restored.

## Root Cause and Resolution

${rootCause} ${fix}

## Corrective and Preventative Measures

- Alert on database connections above 80% of max_connections (owner: DBA team, due 2026-02-26).
- Load test with production-like concurrency before configuration changes (owner: backend team).
- Runbook entry for 503 storms (owner: on-call rotation).
`;

  test('"a botnet flooded the service" in the root-cause section, with no causal word, is the herring as the cause: capped below the true cause', () => {
    const botnet = gradePostmortem(postmortem(
      'A botnet hammered the service from a few dozen addresses.',
      'A botnet flooded Widgetify with requests from a few dozen client addresses. Every request takes a database connection, so the connection count climbed until PostgreSQL refused new clients, and from then on every request failed with 503.',
      'Blocking the attacking addresses at the edge and limiting the rate per client brought the service back.',
    ), { run });
    const pool = gradePostmortem(postmortem(
      'The connection pool had no sane maximum after a settings change.',
      'A settings change removed the maximum of the connection pool, so under ordinary traffic Widgetify kept opening connections until PostgreSQL hit max_connections and refused new clients; from then on every request failed with 503.',
      'We set the pool maximum to 20, well below max_connections.',
    ), { run });
    expect(criterion(botnet, 'run-root-cause').feedback.join(' ')).toMatch(/DDoS/);
    expect(botnet.percent).toBeLessThanOrEqual(35);
    expect(criterion(pool, 'run-root-cause').status).toBe('pass');
    expect(pool.percent - botnet.percent).toBeGreaterThanOrEqual(25);
  });

  test('the symptom family told "during the surge" is not the surge asserted as the cause', () => {
    const surge = loadRun('surge-cache-growth');
    const text = surgePostmortem("the storefront's page cache").replace(
      /## Root Cause and Resolution\n\n[^\n]+/,
      '## Root Cause and Resolution\n\nThe storefront had a memory leak. During the traffic surge its memory kept increasing until it started to shed requests with 503. The developers found the leak and fixed it.',
    );
    const report = gradePostmortem(text, { run: surge });
    expect(report.criteria.find((c) => c.id === 'run-root-cause')!.feedback.join(' ')).not.toMatch(/red herring/);
  });
});

describe('blame of a person in any sentence, names and roles, not systems', () => {
  const run = loadRun('surge-cache-growth');
  const clean = surgePostmortem("the storefront's page cache");

  test('blaming colleagues in the summary, the timeline and the tasks costs points for each sentence, and the report says where', () => {
    const blaming = clean
      .replace('The root cause was an unbounded cache', "Thanks to Tom's sloppy config change, the root cause was an unbounded cache")
      .replace('- 10:22 - Escalated to the team that owns', '- 10:22 - Priya approved the change without even reading it, so we escalated to the team that owns')
      .replace('- CI test that the cache never grows', '- Tom is no longer allowed to change production config.\n- CI test that the cache never grows');
    const a = gradePostmortem(clean, { run });
    const b = gradePostmortem(blaming, { run });
    expect(a.deduction).toBeNull();
    expect(b.deduction?.reason).toMatch(/blames a person on lines \d+, \d+, \d+/);
    expect(criterion(b, 'tone').status).toBe('fail');
    expect(a.percent - b.percent).toBeGreaterThanOrEqual(15);
  });

  test('a role as the one whose change caused it is blame; a person doing their job, or credited, is not', () => {
    const intern = clean.replace('A release last week rewrote', 'Our intern rewrote');
    expect(gradePostmortem(intern, { run }).deduction).not.toBeNull();
    const credit = clean
      .replace('- 10:24 - Heap at 85%', "- 10:24 - Thanks to Dave's heap snapshot we saw the heap at 85%")
      .replace('- 10:26 - A maximum size restored', '- 10:26 - Alice restored a maximum size')
      .replace('(owner: web team, due 2026-06-19)', '(owner: Dave, due 2026-06-19)');
    const r = gradePostmortem(credit, { run });
    expect(r.deduction).toBeNull();
    expect(criterion(r, 'tone').status).toBe('pass');
    // "The process failed to release memory" is about software; "blame the cloud" is not a person.
    const systems = clean.replace('The heap grew until', 'It is tempting to blame the cloud provider, but the process failed to release memory: the heap grew until');
    expect(gradePostmortem(systems, { run }).deduction).toBeNull();
  });
});

describe('terse but correct: facts in fragments still count', () => {
  const run = loadRun('widget-render-leak');
  const terse = `# widget-api, 10 Feb 2026

## Summary
- 14:02–14:13 CET, 11 min
- widget-api slow for complex widgets, p95 over a second; 31% of users (62/200) affected, almost no errors
- cause: the composer kept every rendered sparkline frame in a module-level map and never removed it, so the heap grew until GC thrashed

## Timeline (CET)
- 14:04 WidgetApiLatencyHigh fired, on-call paged
- 14:05 slow queries on widget_parts at 120 ms: normal, dead end
- 14:07 cache hit ratio 71%, in its normal range
- 14:08 restart as a stop-gap, escalated to the widget team
- 14:10 heap snapshots: retained frames under the composer map
- 14:13 fix deployed, p95 back to 95 ms

## Root cause / fix
- frame map entry added per complex render, never deleted
- fix: delete the entry once the response is sent; the restart was only mitigation

## Actions
- heap growth alert on widget-api (SRE, 17 Feb)
- CI test: 1000 complex renders, the map must stay empty (widget team)
- review other module-level maps in the composer (widget team)
`;

  test('a summary line that is only the window, a map entry never deleted, and owned noun-phrase tasks are read', () => {
    const r = gradePostmortem(terse, { run });
    expect(criterion(r, 'run-window').status).toBe('pass');
    expect(criterion(r, 'window').evidence.map((e) => e.line)).toContain(4);
    expect(criterion(r, 'cause-and-resolution').feedback.join(' ')).not.toMatch(/Name the mechanism/);
    expect(criterion(r, 'corrective-tasks').feedback.join(' ')).not.toMatch(/Only 2 specific/);
    expect(criterion(r, 'run-root-cause').status).toBe('pass');
    expect(r.percent).toBeGreaterThanOrEqual(60);
  });

  test('the same facts as a string of terms still earn next to nothing', () => {
    const salad = `# Issue Summary
memory leak heap widget-api complex widgets 31% users 14:02 14:13 CET 11 minutes outage slow latency

# Root Cause and Resolution
composer map frame entry heap growth garbage collection references never deleted fix

# Corrective and Preventative Measures
- heap alert memory monitoring
- composer map review
`;
    const r = gradePostmortem(salad, { run });
    expect(criterion(r, 'window').points).toBe(0);
    expect(r.percent).toBeLessThanOrEqual(30);
  });
});

describe('long and waffly: guesses, general truths and the fix are not the explained cause', () => {
  const run = loadRun('widget-render-leak');
  const waffle = (cause: string): string => `# Reflections on the widget outage

## Issue Summary

In the afternoon the widget-api became slow for quite a lot of users, probably a third of them or so, mostly the ones with complex dashboards. It lasted for a little while, maybe around ten minutes, starting shortly after two. Incidents are opportunities for growth, and the best teams are the ones that treat them that way.

## Timeline

- Early afternoon - Everything looked normal and the service was working as expected.
- Shortly after - An alert fired about response times, which told us that something was going on.
- Then - We looked at the database, because databases are very often the reason why things are slow.
- Later - We noticed that memory was going up, which is usually a sign of a leak.
- In the end - The problem went away after the fix and everybody was happy.

## Root Cause and Resolution

Memory leaks are one of the most common problems in Node.js applications, because the garbage collector can only free objects that are not referenced anymore. ${cause} The resolution was that the code was fixed so the widgets are released, and after that things went back to normal.

## Corrective and Preventative Measures

- Improve monitoring.
- Improve testing.
- Make sure this does not happen again.
`;

  test('a mechanism offered as a guess earns the symptom credit and is told so; stated as a finding it earns the mechanism', () => {
    const guessed = gradePostmortem(waffle('In our case I think the rendering code probably kept references to widgets after rendering them, so they were maybe never garbage-collected.'), { run });
    const found = gradePostmortem(waffle('The heap snapshots showed that the rendering code kept references to every complex widget after rendering it, so they were never garbage-collected.'), { run });
    expect(criterion(guessed, 'run-root-cause').feedback.join(' ')).toMatch(/as a guess/);
    expect(criterion(found, 'run-root-cause').points).toBeGreaterThan(criterion(guessed, 'run-root-cause').points + 3);
    // The general truth and the sentence about the fix do not stand in for the explanation.
    expect(criterion(guessed, 'cause-and-resolution').evidence[0].read).not.toMatch(/^mechanism:/);
    expect(criterion(found, 'cause-and-resolution').evidence[0].read).toMatch(/^mechanism: The heap snapshots/);
    expect(guessed.percent).toBeLessThan(55);
  });
});

describe("headings in the learner's own language", () => {
  const run = loadRun('db-pool-exhaustion');
  const body = (summary: string, timeline: string, cause: string, actions: string): string => `# Widgetify, 19 Feb 2026

## ${summary}

Widgetify answered every request with HTTP 503 from 10:02 to 10:12 EET (10 minutes): a complete outage, 84% of requests failed and 96% of users were affected. A settings change had left the connection pool without a sane maximum, so Widgetify opened connections until PostgreSQL ran out of connection slots.

## ${timeline}

- 10:03 - WidgetifyLatencySpike alert pages the on-call engineer.
- 10:04 - We suspected the deploy v2.14.0 from 09:58; its diff was only copy changes, so we ruled it out.
- 10:05 - Some client addresses had a high request rate; we checked for a DDoS, but traffic was normal.
- 10:07 - PostgreSQL logs "sorry, too many clients already"; the pool gauge shows 480 open connections.
- 10:08 - Escalated to backend engineering.
- 10:12 - Pool maximum set to 20; the 503s stop.

## ${cause}

A configuration change outside any release removed the pool's maximum and made idle connections slow to release. Under ordinary load the pool opened connection after connection until PostgreSQL's max_connections was used up; queries then waited for a connection that never came, and the service answered 503. We set the pool maximum to 20, well below max_connections; a restart would not have helped.

## ${actions}

- Alert on pool waiting clients and on connections above 80% of max_connections (backend, 26 Feb).
- Validate pool settings against max_connections before configuration is applied (platform team).
- Show settings changes in the deploy log next to releases (platform team).
`;

  test.each([
    ['Spanish', 'Resumen', 'Cronología (EET)', 'Causa raíz y resolución', 'Acciones correctivas'],
    ['German with the English name in brackets', 'Zusammenfassung (Issue Summary)', 'Zeitleiste (Timeline)', 'Ursache und Lösung (Root cause and resolution)', 'Maßnahmen (Corrective and preventative measures)'],
    ['French', 'Résumé', 'Chronologie', 'Cause racine', 'Actions correctives'],
  ])('%s headings are the four sections, graded as the English ones', (_language, ...headings) => {
    const english = gradePostmortem(body('Issue Summary', 'Timeline', 'Root Cause and Resolution', 'Corrective and Preventative Measures'), { run });
    const own = gradePostmortem(body(headings[0], headings[1], headings[2], headings[3]), { run });
    expect(criterion(own, 'sections').status).toBe('pass');
    expect(Math.abs(own.percent - english.percent)).toBeLessThanOrEqual(1);
  });
});

describe('another fault class stated as the cause', () => {
  test('"a memory leak" for a run whose pool ran out is a wrong cause: no root-cause or fix credit, capped', () => {
    const run = loadRun('db-pool-exhaustion');
    const text = `# Widgetify 503s

## Issue Summary

On 19 February 2026 from 10:02 to 10:12 EET (10 minutes) Widgetify answered almost every request with HTTP 503: 96% of users were affected and 84% of requests failed. The root cause was a memory leak in Widgetify: its heap kept growing until the process could not serve requests.

## Timeline (EET)

- 10:03 - WidgetifyLatencySpike alert pages the on-call engineer.
- 10:04 - The deploy v2.14.0 diff was only copy changes; ruled out.
- 10:05 - Traffic was normal, so it was not a DDoS.
- 10:07 - Heap graph of Widgetify climbing; escalated to backend engineering.
- 10:12 - Widgetify restarted with a bigger heap and a fix that releases request objects; 503s stop.

## Root Cause and Resolution

Widgetify kept request objects in memory after answering them, so the heap grew with every request until garbage collection took all the CPU and requests timed out with 503. The fix releases the request objects once the response is sent.

## Corrective and Preventative Measures

- Alert on Widgetify heap growth over ten minutes (owner: SRE, due 2026-02-26).
- Leak test in CI with a heap snapshot diff (owner: backend team).
- Review long-lived collections in the request path (owner: backend team).
`;
    const r = gradePostmortem(text, { run });
    expect(criterion(r, 'run-root-cause').points).toBe(0);
    expect(criterion(r, 'run-root-cause').feedback.join(' ')).toMatch(/memory leak held by references as the cause, but this run's fault was connection-pool exhaustion/);
    expect(criterion(r, 'run-fix').points).toBe(0);
    expect(r.percent).toBeLessThanOrEqual(45);
  });
});
