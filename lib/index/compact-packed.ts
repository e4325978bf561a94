/**
 * The compact design's data (issue 7): each paper indexed by its title terms
 * plus its most characteristic terms, held as packed arrays instead of
 * MiniSearch's maps, so reloading is decoding a few typed arrays. Built by
 * `compact-build.ts`, searched by `compact-search.ts`, stored by
 * `compact-store.ts`.
 */
import type { Acronym } from '../acronyms';

/**
 * The compact index as packed arrays. Terms are sorted (prefix search is a
 * binary search); each paper's entries are term numbers with a frequency byte
 * (high bit: title field). The inverted lists are derived on load.
 */
export interface PackedIndex {
  n: number;
  terms: string[];
  /** Corpus document frequency of each term (of all papers, not only those indexing it). */
  df: Uint32Array;
  ids: string[];
  titles: string[];
  /** Paper i's entries are `entries[docStart[i] .. docStart[i + 1])`. */
  docStart: Uint32Array;
  entries: Uint32Array;
  freqs: Uint8Array;
  /** Each paper's whole-text tf-idf norm over all its terms (`paperTextNorm`), by paper number. */
  norms: Float32Array;
  acronyms: Array<[string, Acronym]>;
  /**
   * The terms too common to index (`DF_CAP`) with their document frequencies:
   * not searched, but counted by the whole-text cosine (`Engine.textDf`), as
   * each paper's norm counts them.
   */
  common: Array<[string, number]>;
}

/** The high bit of an entry's frequency byte marks the title field. */
export const TITLE_BIT = 0x80;
export const MAX_TF = 0x7f;

/** The first index of `sorted` whose string is not below `x`. */
export function lowerBound(sorted: readonly string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
