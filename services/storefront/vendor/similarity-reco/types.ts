export interface CatalogItem {
  id: number;
  category: string;
  priceCents: number;
  tags: string[];
  rating: number;
}

export interface Recommendation {
  id: number;
  score: number;
}

export interface SessionContext {
  userId: string;
  /** Items the user looked at recently; they are boosted and never recommended back. */
  recent?: number[];
}
