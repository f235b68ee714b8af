import type { RecommendationEngine } from './engine';
import type { Recommendation, SessionContext } from './types';

const TREND_FADE = 0.995;

export class RecommendationSession {
  private scores: number[];
  private readonly recent: Set<number>;
  private readonly cache = new Map<number, Recommendation[]>();
  private readonly onReindex = (): void => {
    this.scores = new Array<number>(this.engine.size).fill(0);
    this.cache.clear();
  };
  /** Personal scores fade as the crowd's trends move, and cached answers with a trending item are recomputed. */
  private readonly onTrending = (trending: readonly Recommendation[]): void => {
    let max = 0;
    for (let i = 0; i < this.scores.length; i++) {
      const faded = this.scores[i]! * TREND_FADE;
      this.scores[i] = faded;
      if (faded > max && faded !== Infinity) max = faded;
    }
    if (max > 1) for (let i = 0; i < this.scores.length; i++) this.scores[i]! /= max;
    for (const [id, cached] of this.cache) if (cached.some((r) => trending.some((t) => t.id === r.id))) this.cache.delete(id);
  };

  constructor(
    private readonly engine: RecommendationEngine,
    readonly context: SessionContext,
  ) {
    this.scores = new Array<number>(engine.size).fill(0);
    this.recent = new Set(context.recent ?? []);
    engine.on('reindex', this.onReindex);
    engine.on('trending', this.onTrending);
  }

  async recommend(id: number, limit = 8): Promise<Recommendation[]> {
    let result = this.cache.get(id);
    if (!result) {
      const ranked = await this.engine.rank(id, limit + this.recent.size, this.scores, this.recent);
      result = ranked.filter((r) => !this.recent.has(r.id)).slice(0, limit);
      this.cache.set(id, result);
    }
    return result;
  }

  /** Stops listening to the engine. Sessions must be closed when the request that opened them ends. */
  close(): void {
    this.engine.off('reindex', this.onReindex);
    this.engine.off('trending', this.onTrending);
  }
}
