import { EventEmitter } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';
import { DIMENSIONS, embed } from './features';
import { RecommendationSession } from './session';
import type { CatalogItem, Recommendation, SessionContext } from './types';

/** Listeners called between two pauses (a timer tick, at least 1 ms). */
const NOTIFY_BATCH = 16;

export class RecommendationEngine extends EventEmitter {
  private ids = new Int32Array(0);
  private vectors = new Float32Array(0);
  private positions = new Map<number, number>();

  constructor() {
    super();
    // Every open session listens for re-indexing and trends; a busy site has many sessions at once.
    this.setMaxListeners(0);
  }

  get size(): number {
    return this.ids.length;
  }

  /** (Re)builds the index; open sessions are told to drop what they computed. */
  index(items: CatalogItem[]): void {
    this.ids = Int32Array.from(items, (i) => i.id);
    this.vectors = new Float32Array(items.length * DIMENSIONS);
    this.positions = new Map(items.map((item, i) => [item.id, i]));
    items.forEach((item, i) => embed(item, this.vectors, i * DIMENSIONS));
    this.emit('reindex');
  }

  /** Items most similar to `id`, best first. */
  similar(id: number, limit = 8): Promise<Recommendation[]> {
    const scores = new Float64Array(this.ids.length);
    return this.rank(id, limit, scores);
  }

  /** A per-user session: keeps its own score buffer and honours the user's recent items. */
  openSession(context: SessionContext): RecommendationSession {
    return new RecommendationSession(this, context);
  }

  /** @internal used by sessions */
  async rank(id: number, limit: number, scores: Float64Array | number[], boost?: ReadonlySet<number>): Promise<Recommendation[]> {
    const best = this.score(id, limit, scores, boost);
    // What is recommended now trends: open sessions fade their own scores towards it.
    await this.notify('trending', best);
    return best;
  }

  /**
   * Calls the listeners of `event` a few at a time, pausing for a timer tick between batches, so
   * that a busy site with many open sessions never blocks on a notification: the time a
   * notification takes is mostly those pauses, ~1 ms per batch of listeners.
   */
  private async notify(event: string, ...args: unknown[]): Promise<void> {
    const listeners = this.listeners(event) as Array<(...a: unknown[]) => void>;
    for (let i = 0; i < listeners.length; i++) {
      if (i > 0 && i % NOTIFY_BATCH === 0) await pause(0);
      listeners[i]!(...args);
    }
  }

  private score(id: number, limit: number, scores: Float64Array | number[], boost?: ReadonlySet<number>): Recommendation[] {
    const at = this.positions.get(id);
    if (at === undefined) return [];
    const base = at * DIMENSIONS;
    for (let i = 0; i < this.ids.length; i++) {
      let dot = 0;
      const off = i * DIMENSIONS;
      for (let d = 0; d < DIMENSIONS; d++) dot += this.vectors[base + d]! * this.vectors[off + d]!;
      scores[i] = boost?.has(this.ids[i]!) ? dot * 1.2 : dot;
    }
    scores[at] = -Infinity;
    const best: Recommendation[] = [];
    for (let n = 0; n < limit; n++) {
      let top = -1;
      for (let i = 0; i < scores.length; i++) if (top < 0 || scores[i]! > scores[top]!) top = i;
      if (top < 0 || scores[top] === -Infinity) break;
      best.push({ id: this.ids[top]!, score: Math.round(scores[top]! * 1000) / 1000 });
      scores[top] = -Infinity;
    }
    return best;
  }
}
