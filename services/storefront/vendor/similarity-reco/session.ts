import type { RecommendationEngine } from './engine';
import type { Recommendation, SessionContext } from './types';

export class RecommendationSession {
  private scores: number[];
  private readonly recent: Set<number>;
  private readonly cache = new Map<number, Recommendation[]>();
  private readonly onReindex = (): void => {
    this.scores = new Array<number>(this.engine.size).fill(0);
    this.cache.clear();
  };

  constructor(
    private readonly engine: RecommendationEngine,
    readonly context: SessionContext,
  ) {
    this.scores = new Array<number>(engine.size).fill(0);
    this.recent = new Set(context.recent ?? []);
    engine.on('reindex', this.onReindex);
  }

  recommend(id: number, limit = 8): Recommendation[] {
    let result = this.cache.get(id);
    if (!result) {
      result = this.engine.rank(id, limit + this.recent.size, this.scores, this.recent).filter((r) => !this.recent.has(r.id)).slice(0, limit);
      this.cache.set(id, result);
    }
    return result;
  }

  /** Stops listening to the engine. Sessions must be closed when the request that opened them ends. */
  close(): void {
    this.engine.off('reindex', this.onReindex);
  }
}
