import { Semaphore } from 'async-mutex';
import type { Logger } from 'pino';
import { unattendedSlicer, type WorkSlicer } from '../kit/client-gone';
import type { Database } from '../kit/database';

export interface UsageEvent {
  id: string;
  widget_id: number;
  user_id: string;
  action: string;
  duration_ms: number;
  at: Date;
}

export interface WidgetUsage {
  widgetId: number;
  events: number;
  users: number;
  meanDurationMs: number;
}

/** Usage of one widget over the recent batches, by day (UTC). */
export interface RecentUsage {
  events: number;
  users: number;
  byDay: Record<string, number>;
}

/** Rows of the recent batches looked at between two paced slices (WorkSlicer.pace: ~1 ms each). */
const ROWS_PER_SLICE = 250;
/** Usage reads walking the batches at once; more wait their turn, so light requests keep theirs. */
const CONCURRENT_READS = 2;

export interface InsightsSummary {
  computedAt: string;
  eventsProcessed: number;
  topWidgets: WidgetUsage[];
  /** Events per batch over the recent batches, oldest first. */
  trend: number[];
}

export interface UsageInsightsOptions {
  intervalMs: number;
  batchSize: number;
  /** How many recent batches the trend looks back over. */
  trendWindow?: number;
}

export const DEFAULT_INSIGHTS_OPTIONS: UsageInsightsOptions = { intervalMs: 1_000, batchSize: 500, trendWindow: 10 };

/**
 * The usage-insights feature: a background job that reads usage events in batches and keeps a
 * running summary of which widgets are used most. Runs only while the feature is enabled.
 */
export class UsageInsights {
  private timer: NodeJS.Timeout | undefined;
  private cursor = '0';
  private running = false;
  private processed = 0;
  private readonly totals = new Map<number, { events: number; durationMs: number; users: Set<string> }>();
  private summary: InsightsSummary | undefined;
  private readonly recent: UsageEvent[][] = [];
  private readonly reads = new Semaphore(CONCURRENT_READS);

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private options: UsageInsightsOptions = DEFAULT_INSIGHTS_OPTIONS,
  ) {}

  get enabled(): boolean {
    return this.timer !== undefined;
  }

  get currentOptions(): UsageInsightsOptions {
    return { ...this.options };
  }

  latest(): InsightsSummary | undefined {
    return this.summary;
  }

  /**
   * Usage of these widgets over the recent batches (the trend window), computed on read so that
   * it is as fresh as the last batch. Walks the rows in slices.
   */
  recentUsage(widgetIds: readonly number[], slicer: WorkSlicer = unattendedSlicer): Promise<Map<number, RecentUsage>> {
    return this.reads.runExclusive(async () => {
      await slicer.begin(); // the turn may come after the client has given up
      return this.walkRecent(new Set(widgetIds), slicer);
    });
  }

  private async walkRecent(wanted: ReadonlySet<number>, slicer: WorkSlicer): Promise<Map<number, RecentUsage>> {
    const usage = new Map<number, { events: number; users: Set<string>; byDay: Record<string, number> }>();
    let seen = 0;
    for (const batch of [...this.recent]) {
      for (const event of batch) {
        if (++seen % ROWS_PER_SLICE === 0) await slicer.pace();
        if (!wanted.has(event.widget_id)) continue;
        let u = usage.get(event.widget_id);
        if (!u) usage.set(event.widget_id, (u = { events: 0, users: new Set(), byDay: {} }));
        u.events++;
        u.users.add(event.user_id);
        const day = event.at.toISOString().slice(0, 10);
        u.byDay[day] = (u.byDay[day] ?? 0) + 1;
      }
    }
    return new Map([...usage].map(([id, u]) => [id, { events: u.events, users: u.users.size, byDay: u.byDay }]));
  }

  start(options: UsageInsightsOptions = this.options): void {
    this.options = options;
    this.stop();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One batch: read the next events, fold them into the totals, refresh the summary. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const batch = await this.nextBatch();
      this.fold(batch);
      this.summary = this.summarise();
    } catch (err) {
      this.logger.warn({ err }, 'usage insights batch failed');
    } finally {
      this.running = false;
    }
  }

  private async nextBatch(): Promise<UsageEvent[]> {
    const { rows } = await this.db.query<UsageEvent>(
      'usage_events.batch',
      'SELECT id, widget_id, user_id, action, duration_ms, at FROM widget_api.usage_events WHERE id > $1 ORDER BY id LIMIT $2',
      [this.cursor, this.options.batchSize],
    );
    // Start over at the end of the table: the summary is a rolling view.
    this.cursor = rows.length > 0 ? rows[rows.length - 1]!.id : '0';
    return rows;
  }

  private fold(batch: UsageEvent[]): void {
    for (const event of batch) {
      let total = this.totals.get(event.widget_id);
      if (!total) {
        total = { events: 0, durationMs: 0, users: new Set() };
        this.totals.set(event.widget_id, total);
      }
      total.events++;
      total.durationMs += event.duration_ms;
      total.users.add(event.user_id);
    }
    this.processed += batch.length;
    this.recent.push(batch);
    const window = this.options.trendWindow;
    if (window && this.recent.length > window) this.recent.shift();
  }

  private summarise(): InsightsSummary {
    const topWidgets = [...this.totals.entries()]
      .map(([widgetId, t]) => ({ widgetId, events: t.events, users: t.users.size, meanDurationMs: Math.round(t.durationMs / t.events) }))
      .sort((a, b) => b.events - a.events)
      .slice(0, 10);
    return { computedAt: new Date().toISOString(), eventsProcessed: this.processed, topWidgets, trend: this.recent.map((b) => b.length) };
  }
}
