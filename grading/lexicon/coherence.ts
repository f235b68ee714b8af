/**
 * Words that make a statement of a string of terms: function words (English prose is 40-50% of them;
 * a list of the rubric's terms has none) and verbs (a statement says that something did something).
 * Used by facts/statements.ts; extend here.
 */

const list = (s: string): Set<string> => new Set(s.trim().split(/\s+/));

export const FUNCTION_WORDS = list(`
  the a an of to in on at for with from by as is was were are be been being it its this that these those which who
  whose and or but so if then than into onto over under until after before during while when where because since not
  no nor our we us they their them he she his her i my me you your there here all each every some any only also just
  very too more most less about up out off down again once both either per via what how why whom can could will would
  should must may might shall has have had do does did through across within without against between behind among
  along around toward towards instead rather`);

/** Verb forms a statement may hang on (past tense ending in -ed is recognised by its ending). */
export const VERBS = list(`
  is are was were be been being am has have had do does did done get gets got go goes went gone come came comes run runs
  ran grow grows grew grown keep keeps kept hold holds held take takes took taken see sees saw seen find finds found
  make makes made rise rises rose risen fall falls fell fallen begin begins began begun leave leaves left become becomes
  became lead leads led send sends sent show shows shown give gives gave given put puts set sets know knew known think
  thought say says said tell told build builds built hit hits cost costs spend spent read reads write writes wrote
  written lose loses lost fail fails need needs use uses seem seems look looks stay stays remain remains start starts
  stop stops contain contains point points return returns reach reaches allow allows refuse refuses answer answers
  wait waits fill fills drop drops break breaks broke broken fix fixes climbs slows leaks stores retains caches evicts
  opens closes releases registers notifies calls serves hangs queues piles pages fires recovers confirms reports
  acknowledges escalates deploys restarts spikes triggers notices enters talks asks works
  will would should could can must may might shall`);

/** Verbs a task starts with ("Add an alert...", "Pin the package..."). */
export const IMPERATIVES = list(`
  add set alert create review write run move pin remove lower raise make put keep store validate lint document upgrade
  patch introduce implement enable configure test check monitor audit replace limit bound cap refuse give use switch
  migrate split build schedule track measure fix update change investigate train automate rotate renew deploy roll
  restore block drop clear evict release ensure define establish require enforce reduce increase improve tune verify
  instrument page notify watch profile load soak extend cover rewrite refactor isolate wrap dispose unsubscribe close
  backfill revert standardise standardize adopt publish share hold teach practice practise plan`);

/** Past forms ending in -ed that are usually not verbs in a postmortem. */
export const NOT_VERBS = list(`red need speed seed feed bed hundred based related unrelated detailed advanced limited
  unlimited unbounded bounded tuned expected unexpected`);
