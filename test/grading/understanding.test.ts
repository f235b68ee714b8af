import { gradePostmortem, type GradeReport } from '../../grading/grade';
import { STOP_GAP_AS_FIX_CAP, WRONG_CAUSE_CAP } from '../../grading/weights';
import { loadRun } from './fixture-helpers';

/**
 * The four classes a second blind set exposed, each on documents written here (not the understanding
 * corpus's): a leak pinned on the wrong component of the right service, a raised max_connections called
 * the fix, another incident without a date or foreign vocabulary, and long waffle. Each comes with the
 * correct document of the same shape, which must keep its grade.
 */

const criterion = (r: GradeReport, id: string) => r.criteria.find((c) => c.id === id)!;
const codes = (r: GradeReport): string[] => r.flags.map((f) => f.code);

/** A good postmortem of the recommendation run, with what leaked (and where) left open. */
function recoPostmortem(cause: string, mechanism: string, fix: string, extra = ''): string {
  return `# Storefront slowdown postmortem

## Issue Summary

On 17 February 2026 from 17:01 to 17:13 EST (12 minutes) product pages and checkout on the storefront became slow: p95 rose above two seconds and some checkouts timed out. 41% of users, the signed-in shoppers, were affected; anonymous browsing was fine. The root cause was ${cause}.

## Timeline (EST)

- 17:03 - Catalogue search at 180 ms mean in the database panel; we spent a few minutes on it, but that is its usual figure. A dead end.
- 17:04 - StorefrontLatencyHigh pages the on-call engineer.
- 17:07 - Storefront heap climbing steadily with shopper traffic.
- 17:08 - Escalated to the storefront team.
- 17:10 - Heap snapshot taken and diffed against one from 17:08.
- 17:13 - Fix deployed; heap flat and latency back to baseline.

## Root Cause and Resolution

${mechanism} The heap grew with every shopper request, garbage collection took longer each minute, and the shoppers' pages slowed until some requests timed out.${extra}

${fix}

## Corrective and Preventative Measures

- Alert on storefront heap growth above 100 MB in 10 minutes (owner: SRE, due 2026-02-24).
- CI soak test of 10,000 shopper requests that checks the heap returns to baseline (owner: storefront team, due 2026-03-03).
- Code review checklist: every per-request object kept by a long-lived one needs a release path (owner: storefront team, due 2026-03-10).
`;
}

const RECO_RIGHT = [
  'a leak in the vendored similarity-reco library: personalised calls opened sessions that were never closed',
  'Every personalised recommendation opened a similarity-reco session and registered its listener on the library\'s long-lived engine; our wrapper never closed the session, so the engine held a reference to every session ever opened.',
  'The hotfix closes the library session in a finally block after each call, which removes the listener; restarting alone would only have freed the memory for a while.',
] as const;
const RECO_CART = [
  "a leak in the storefront's cart-session store, which kept every shopper's session and never expired any",
  "The storefront keeps shoppers' carts in an in-process cart-session store. Entries were added on every cart change and checkout but the store had no expiry, so sessions were never removed, even after the shopper left; the pages with recommendations were the slowest to suffer.",
  'We fixed it by giving the cart-session store a 30-minute TTL and a maximum of 50,000 entries.',
] as const;

describe('the right service, the wrong component: the mechanism is owned by what holds it', () => {
  const run = loadRun('recommendation-library-leak');

  test('a leak pinned on the cart-session store, with the recommendation pages named only as victims, is a wrong cause: no root-cause or fix credit, capped', () => {
    const right = gradePostmortem(recoPostmortem(...RECO_RIGHT), { run });
    const cart = gradePostmortem(recoPostmortem(...RECO_CART), { run });
    expect(criterion(right, 'run-root-cause').status).toBe('pass');
    expect(right.percent).toBeGreaterThanOrEqual(80);
    expect(criterion(cart, 'run-root-cause').points).toBe(0);
    expect(criterion(cart, 'run-fix').points).toBe(0);
    expect(criterion(cart, 'run-root-cause').feedback.join(' ')).toMatch(/cart-session store.*recommendation engine's third-party library/);
    expect(cart.percent).toBeLessThanOrEqual(WRONG_CAUSE_CAP);
    expect(cart.cap?.reason).toMatch(/another component/);
  });

  test('the cart-session store named as a suspect ruled out does not cost the right cause anything', () => {
    const ruledOut = ' The cart-session store was suspected first, since only shoppers were hit, but its entry count stayed flat at about 300 and it has a TTL, so it was ruled out.';
    const report = gradePostmortem(recoPostmortem(...RECO_RIGHT, ruledOut), { run });
    expect(criterion(report, 'run-root-cause').status).toBe('pass');
    expect(report.cap).toBeNull();
    expect(report.percent).toBeGreaterThanOrEqual(80);
  });

  test.each([
    ['the library by its name', 'a leak in the similarity library', 'The similarity library kept every session it opened, because our code never closed them.'],
    ['another component as subject, the culprit as its object', 'a session leak', 'The product-page handler never closed the library session after each call, so the sessions piled up.'],
    ['the library by its engine', 'a listener leak', 'The ranking engine held a listener for every session and never removed any.'],
  ])('the culprit told in other words is still the culprit (%s)', (_label, cause, mechanism) => {
    const report = gradePostmortem(recoPostmortem(cause, mechanism, RECO_RIGHT[2]), { run });
    expect(criterion(report, 'run-root-cause').status).toBe('pass');
    expect(report.cap).toBeNull();
  });

  test('the owner carries over from the sentence that introduced it, and a role noun alone names a component ("its registry")', () => {
    const widget = loadRun('widget-render-leak');
    const doc = `# widget-api slow dashboards

## Issue Summary

On 10 February 2026 from 14:02 to 14:13 CET (11 minutes) widget-api rendered dashboards slowly; 31% of users, those with complex widgets, waited seconds. The root cause was a leak in widget-api's metrics middleware, which created a histogram series per rendered widget id and kept every one.

## Timeline (CET)

- 14:04 - WidgetApiLatencyHigh pages the on-call engineer.
- 14:05 - Slow queries on widget_parts, normal for that table: a dead end.
- 14:07 - Heap climbing about 40 MB a minute; escalated to the platform team.
- 14:13 - Middleware relabelled by route template and widget-api restarted; latency normal.

## Root Cause and Resolution

Our metrics middleware labels request durations with the raw path, which for the render endpoint holds the widget id. Every widget that was rendered added a label value, and prom-client keeps every series in its registry and never removes one, so the heap grew with each new widget and garbage collection slowed the complex renders first. We now label by route template, which bounds the number of series.

## Corrective and Preventative Measures

- Alert on widget-api heap growth above 150 MB in 10 minutes (owner: SRE, due 2026-02-17).
- Alert on the number of series /metrics exposes (owner: platform team, due 2026-02-20).
- Unit test: 10,000 ids create at most a handful of series (owner: platform team, due 2026-02-24).
`;
    const report = gradePostmortem(doc, { run: widget });
    expect(criterion(report, 'run-root-cause').points).toBe(0);
    expect(criterion(report, 'run-root-cause').feedback.join(' ')).toMatch(/metrics middleware|registry/);
    expect(report.percent).toBeLessThanOrEqual(WRONG_CAUSE_CAP);
  });
});

/** A good postmortem of the pool run, with its last timeline entry and its resolution left open. */
function poolPostmortem(lastEntry: string, resolution: string): string {
  return `# Widgetify outage postmortem

## Issue Summary

On 19 February 2026 from 10:02 to 10:12 EET (10 minutes) Widgetify answered 503 to nearly everyone: 84% of requests failed and 96% of users were affected, a complete outage. The cause was the connection pool: its maximum of 500 was far above the 40 connections PostgreSQL accepts, so the pool used up every slot and the database refused new clients.

## Timeline (EET)

- 10:03 - WidgetifyLatencySpike alert pages the on-call engineer.
- 10:04 - We suspected the 09:58 deploy; its diff is a copy change only. Dead end.
- 10:05 - A DDoS was suspected from a few busy addresses; it was the normal morning peak.
- 10:06 - Escalated to the DBA.
- 10:08 - "too many clients already" in the PostgreSQL log; 40 of 40 connections held by widgetify.
- 10:12 - ${lastEntry}

## Root Cause and Resolution

The pool maximum was set to 500 in the deploy's environment, while the database allows 40 connections, and each request held its connection for a while after responding. Under the morning load the pool opened connections until every slot was taken; from then on PostgreSQL refused new clients with "too many clients" and requests failed with 503.

${resolution}

## Corrective and Preventative Measures

- Alert when connections exceed 80% of max_connections (owner: DBA, due 2026-02-26).
- Alert on pool waiting clients above 10 for a minute (owner: backend, due 2026-02-26).
- Review environment changes in each deploy like code (owner: DevOps, due 2026-03-05).
`;
}

describe('a raised max_connections is a stop-gap, whatever it is called', () => {
  const run = loadRun('db-pool-exhaustion');

  test.each([
    ['a growth verb, called the fix', 'max_connections raised to 1000; errors stopped.', 'The fix was to raise PostgreSQL max_connections to 1000 so the database accepts every connection the pool opens. That resolves it for good.'],
    ['no growth verb: the limit "now allows"', 'Database limit changed; recovered.', "The fix: PostgreSQL's max_connections now allows 1000 connections, so everything the pool opens fits."],
    ['"more connection slots", matching the pool', 'Database reconfigured; recovered.', "The resolution was to give the database more connection slots (max_connections 40 to 500), matching the pool's maximum."],
  ])('%s: no fix credit, the resolution is not a change that removes the cause, and the grade is capped', (_label, entry, resolution) => {
    const report = gradePostmortem(poolPostmortem(entry, resolution), { run });
    expect(criterion(report, 'run-fix').points).toBe(0);
    expect(criterion(report, 'run-fix').feedback.join(' ')).toMatch(/stop-gap/);
    expect(criterion(report, 'cause-and-resolution').status).not.toBe('pass');
    expect(report.percent).toBeLessThanOrEqual(STOP_GAP_AS_FIX_CAP);
    expect(report.cap?.reason).toMatch(/stop-gap/);
  });

  test('the same raise named as a stop-gap, with the pool bounded as the fix, keeps full fix credit and no cap', () => {
    const report = gradePostmortem(poolPostmortem(
      'Pool maximum set to 20 with a 2 s acquire timeout; recovered.',
      'As a stop-gap the DBA raised max_connections to 200. The fix was to bound the pool to 20 connections and release each connection right after its query; max_connections went back to 40.',
    ), { run });
    expect(criterion(report, 'run-fix').status).toBe('pass');
    expect(report.cap).toBeNull();
    expect(report.percent).toBeGreaterThanOrEqual(85);
  });

  test('the faulty setting told as history ("the pool maximum was set to 500") is not the fix', () => {
    const report = gradePostmortem(poolPostmortem('Widgetify restarted; recovered.', 'Restarting Widgetify fixed it and it has been stable since.'), { run });
    expect(criterion(report, 'run-fix').points).toBe(0);
    expect(report.percent).toBeLessThanOrEqual(STOP_GAP_AS_FIX_CAP);
  });
});

describe('off-topic without a date or foreign vocabulary: it never speaks of the run\'s fault', () => {
  const run = loadRun('recommendation-library-leak');

  test('a checkout incident that names the storefront, with no date and an everyday cause, is flagged and gets next to nothing', () => {
    const checkout = `# Checkout errors postmortem

## Issue Summary

From 11:20 to 11:58 UTC (38 minutes) shoppers on the storefront could not pay with gift cards: the payment step answered "card not recognised". About 12% of orders were affected. The root cause was a rounding change in the gift-card balance check, which compared cents with euros and refused any card with a balance under 100.

## Timeline (UTC)

- 11:15 - Release 7.3 with the new balance check goes out.
- 11:20 - First refused gift cards.
- 11:31 - Support forwards complaints to the on-call engineer.
- 11:36 - We suspected the gift-card provider; its status page and logs were clean.
- 11:44 - Escalated to the payments team.
- 11:52 - Balance check reverted.
- 11:58 - Gift-card payments succeed again.

## Root Cause and Resolution

Release 7.3 moved the balance check to a shared money helper that works in cents, but the gift-card code still passed euros, so every balance looked a hundred times smaller than the order total and cards were refused. We reverted the check, then changed the gift-card code to pass cents and added a test with small and large balances.

## Corrective and Preventative Measures

- Type money amounts so cents and euros cannot be mixed (owner: payments team).
- Alert when gift-card refusals exceed 5% of attempts for 5 minutes (owner: SRE).
- Add gift cards to the release smoke test (owner: QA).
`;
    const report = gradePostmortem(checkout, { run });
    expect(codes(report)).toContain('OFF_TOPIC');
    expect(report.percent).toBeLessThanOrEqual(10);
    expect(report.flags.find((f) => f.code === 'OFF_TOPIC')!.message).toMatch(/names storefront, but nowhere speaks of this run's fault/);
  });

  test('a weak, undated postmortem of this run with a wrong window and no cause found is not off-topic: it speaks of the heap', () => {
    const weak = `## Summary

The storefront was slow from about 16:00 to 16:40 (40 minutes). Product pages took seconds and checkout sometimes failed. Maybe 40% of users were affected.

## Timeline

- 16:00 - Pages start to get slow.
- 16:05 - Latency alert for the storefront.
- 16:10 - Catalogue search looked slow in the database panel, but it always is, so I dropped it.
- 16:20 - The heap of the storefront kept going up and never came down after garbage collection.
- 16:30 - Asked the senior engineer for help.
- 16:40 - Restarted the storefront and it was fast again.

## Root cause and resolution

We could not find what exactly was wrong. The pages that show recommendations got slower and slower until the restart. We restarted the storefront and it was fine after that.

## Corrective and preventative measures

- Look at the product page code again.
- Alert on storefront heap usage above 1 GB.
`;
    const report = gradePostmortem(weak, { run });
    expect(codes(report)).not.toContain('OFF_TOPIC');
    expect(report.percent).toBeGreaterThan(10);
  });
});

describe('off-topic guards: a weak postmortem of the run names its culprit or its alerts', () => {
  const run = loadRun('recommendation-library-leak');
  const weak = (cause: string, alert: string) => `## Summary

Product pages on the storefront were slow from about 11:20 to 11:55 (35 minutes), and checkout sometimes timed out. Around 40% of users were affected.

## Timeline

- 11:20 - Pages start to get slow.
- 11:26 - ${alert} fired and paged me.
- 11:40 - Asked the senior engineer for help.
- 11:55 - We rolled the change back and pages were fast again.

## Root cause and resolution

${cause} We rolled it back and the pages were fast again after a few minutes.

## Corrective and preventative measures

- Roll out changes to 10% of users first (owner: product team).
- Add a latency panel for product pages (owner: SRE).
`;

  test('no memory words and a wrong window, but the cause names the run\'s culprit: not off-topic', () => {
    const report = gradePostmortem(weak('The pages became slow after the personalised recommendations were rolled out; we did not find out why.', 'A latency alert'), { run });
    expect(codes(report)).not.toContain('OFF_TOPIC');
  });

  test("no memory words and no culprit, but the run's own alert by its name: not off-topic; without it, it is", () => {
    const cause = 'The pages became slow after the afternoon release; we did not find out why.';
    expect(codes(gradePostmortem(weak(cause, 'StorefrontLatencyHigh'), { run }))).not.toContain('OFF_TOPIC');
    expect(codes(gradePostmortem(weak(cause, 'A latency alert'), { run }))).toContain('OFF_TOPIC');
  });
});

describe('long waffle: lectures and filler are not the incident told', () => {
  const run = loadRun('db-pool-exhaustion');
  const lecture = `

To understand the root cause it is useful to first explain how web applications usually talk to a database. Opening a connection is relatively expensive, so most applications keep a set of connections open and reuse them. This is called a connection pool, and it is a very common pattern in Node.js and in other languages. Databases like PostgreSQL can only accept a limited number of connections at the same time. When the limit is reached, the database will refuse new connections, and the application usually returns an error.`;
  const filler = `

In conclusion, this incident was a valuable learning experience for the whole team. We would like to thank everyone who helped during the incident for their quick reaction and their hard work.`;

  test('a lecture on connection pools is neither the cause found nor the fix made', () => {
    const vague = poolPostmortem('Settings changed; recovered.', 'The resolution was to change the configuration so that things went back to the way they should be.');
    const report = gradePostmortem(vague.replace('\n\nThe resolution was', `${lecture}\n\nThe resolution was`), { run });
    expect(criterion(report, 'run-fix').points).toBe(0);
    expect(criterion(report, 'cause-and-resolution').feedback.join(' ')).toMatch(/says a change was made but not which/);
  });

  test('padded with lectures and filler, a good postmortem earns less for its explanation than padded with facts of the incident, and is told why', () => {
    const facts = `

We measured it afterwards: at 10:06 the pool held 40 connections and 212 requests were waiting for one, and each request kept its connection about 250 ms after responding. The 503 share reached 84% at 10:07 and stayed there until the fix. PostgreSQL logged 5,200 refused connections in those ten minutes. Our reporting job, which uses the same database, also failed to connect from 10:04, which is why the DBA saw an alert first. Once the pool was bounded, connections fell to 20 within a second and the waiting requests drained in under a minute.`;
    const good = poolPostmortem('Pool maximum set to 20; recovered.', 'The fix bounded the pool to 20 connections, released right after each query.');
    const told = gradePostmortem(good.replace('\n\nThe fix bounded', `${facts}\n\nThe fix bounded`), { run });
    const waffle = gradePostmortem(good.replace('\n\nThe fix bounded', `${lecture}${filler}\n\nThe fix bounded`), { run });
    expect(waffle.percent).toBeLessThan(told.percent - 3);
    expect(criterion(waffle, 'run-root-cause').feedback.join(' ')).toMatch(/lecture on the topic or fill/);
    expect(criterion(told, 'run-root-cause').feedback.join(' ')).not.toMatch(/lecture/);
  });
});
