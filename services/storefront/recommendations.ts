import { Semaphore } from 'async-mutex';
import { unattendedSlicer, type WorkSlicer } from '../kit/client-gone';
import { RecommendationEngine, type Recommendation } from './vendor/similarity-reco';
import type { Product } from './product-repository';

/**
 * Recommendation calls at once. Ranking is synchronous CPU work; taking turns keeps a burst of
 * them from filling every turn of the event loop, so product pages and search stay fast.
 */
const CONCURRENT_CALLS = 1;

export interface PersonalizationSettings {
  /** Share of users (0..100) who get recommendations tuned to their session. */
  rolloutPercent: number;
}

/**
 * Recommendations for product pages and checkout, through the similarity-reco library. Users in
 * the personalization rollout get a library session that honours what they looked at recently.
 */
export class Recommendations {
  private readonly engine = new RecommendationEngine();
  private readonly turns = new Semaphore(CONCURRENT_CALLS);
  private settings: PersonalizationSettings = { rolloutPercent: 0 };

  load(products: Product[]): void {
    this.engine.index(
      products.map((p) => ({
        id: p.id,
        category: p.category,
        priceCents: p.priceCents,
        rating: p.attributes.rating,
        tags: [p.attributes.brand, p.attributes.color],
      })),
    );
  }

  get currentSettings(): PersonalizationSettings {
    return { ...this.settings };
  }

  configure(settings: PersonalizationSettings): void {
    this.settings = { ...settings };
  }

  forProduct(productId: number, userId: string | undefined, options: { recent?: number[]; limit?: number; slicer?: WorkSlicer } = {}): Promise<Recommendation[]> {
    const { recent = [], limit = 8, slicer = unattendedSlicer } = options;
    return this.turns.runExclusive(async () => {
      await slicer.begin(); // the turn may come after the client has given up
      if (userId && inRollout(userId, this.settings.rolloutPercent)) {
        const session = this.engine.openSession({ userId, recent });
        return session.recommend(productId, limit);
      }
      return this.engine.similar(productId, limit);
    });
  }
}

/** Stable per user: the same user is always in or out of the rollout. */
function inRollout(userId: string, percent: number): boolean {
  if (percent <= 0) return false;
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) | 0;
  return Math.abs(h) % 100 < percent;
}
