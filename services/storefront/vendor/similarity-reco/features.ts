import type { CatalogItem } from './types';

export const DIMENSIONS = 32;

/** Hashes an item's category, tags, price band and rating into a unit vector of DIMENSIONS floats. */
export function embed(item: CatalogItem, out: Float32Array, offset: number): void {
  const put = (token: string, weight: number): void => {
    let h = 2166136261;
    for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
    out[offset + ((h >>> 0) % DIMENSIONS)]! += weight;
  };
  put(`c:${item.category}`, 3);
  put(`p:${Math.round(Math.log2(1 + item.priceCents / 100))}`, 1.5);
  put(`r:${Math.round(item.rating)}`, 1);
  for (const tag of item.tags) put(`t:${tag}`, 1);
  let norm = 0;
  for (let d = 0; d < DIMENSIONS; d++) norm += out[offset + d]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < DIMENSIONS; d++) out[offset + d]! /= norm;
}
