/**
 * The bottom of the index subsystem: what every design builds and every
 * caller reads. No module here imports a design; the designs import this.
 */
import type { SearchOptions, SearchResult } from 'minisearch';
import type { Query } from 'minisearch';
import type { Acronym } from '../acronyms';

/** What the index holds of each paper. */
export interface IndexedPaper {
  id: string;
  title: string;
  abstract: string;
}

/** Document frequencies as the whole-text cosine reads them: by term, undefined for a term the statistics lack. */
export interface DocumentFrequencies {
  get(term: string): number | undefined;
}

/**
 * Where the ranking's cosine reads a candidate's whole text — the stored
 * papers, or any map of them. The index keeps only a paper's title and key
 * terms; a page meets a paper in every word of its abstract.
 */
export interface PaperTexts {
  get(id: string): Pick<IndexedPaper, 'title' | 'abstract'> | undefined;
}

/**
 * Bumped whenever indexing or the stored format changes (options, tokenising,
 * stemming, the packed layout): a stored index with another stamp is rebuilt,
 * never trusted.
 */
export const INDEX_VERSION = 9;

/** One hit of a weighted search: MiniSearch's result without the matched index terms and fields. */
export interface WeightedHit {
  id: string;
  title: string;
  /** MiniSearch's score: the summed BM25 scores times the number of query terms matched. */
  score: number;
  /** The query terms the paper matched, in the query's order. */
  queryTerms: string[];
}

/** What a weighted search returns, and in which order. */
export interface WeightedSearchOptions {
  /** At most this many hits, the best first (all of them when absent). */
  limit?: number;
  /** What hits are ordered by, from a hit's score and matched terms (the score itself when absent); the terms are only lent to the call. */
  rankBy?: (score: number, queryTerms: readonly string[]) => number;
  /** Orders hits `rankBy` ties; hits it ties too keep MiniSearch's order (score, then the order met). */
  ties?: (a: WeightedHit, b: WeightedHit) => number;
}

/** What the ranking and the search box need of an index: MiniSearch's `search` signature, over either design. */
export interface SearchIndex {
  readonly documentCount: number;
  search(query: Query, options?: SearchOptions): SearchResult[];
  /**
   * The weighted OR search of index terms as they are (each boosted by its
   * weight), as `search` scores it, but only the best hits and only what a
   * ranking reads of them: `weightedHits` (`weighted.ts`) falls back to
   * `search` for an index without it.
   */
  searchWeighted?(weights: ReadonlyMap<string, number>, options?: WeightedSearchOptions): WeightedHit[];
  /** Every hit's score of the same search, by id, in no particular order (`weightedScores`). */
  scoreWeighted?(weights: ReadonlyMap<string, number>): Map<string, number>;
  /** The scores of `among` only, and the best score of a paper not in `exclude` (`weightedScoresAmong`). */
  scoreWeightedAmong?(weights: ReadonlyMap<string, number>, papers: ScoresAmong): ScoresOf;
}

/** The papers whose scores a caller reads, and those the best score leaves out. */
export interface ScoresAmong {
  among: ReadonlySet<string>;
  exclude: ReadonlySet<string>;
}

/** Some papers' scores of a weighted search, and the best score of any paper the caller does not exclude. */
export interface ScoresOf {
  scores: Map<string, number>;
  best: number;
}

/** The ranking engine's state: the index plus the corpus statistics keyword weighting needs. */
export interface Engine {
  index: SearchIndex;
  /** Number of papers each term (word or phrase) occurs in. */
  df: ReadonlyMap<string, number>;
  /** Number of papers. */
  n: number;
  /** Acronyms the corpus defines ("Mixture of Experts (MoE)"), by lower-case key; none when absent. */
  acronyms?: Map<string, Acronym>;
  /** Each paper's most characteristic terms with their tf-idf weights, for "more like this" feedback. */
  keyTerms?: Map<string, Array<[string, number]>>;
  /**
   * The length of each paper's whole-text tf-idf vector (`paperTextNorm`),
   * worked out when the index is built: the cosine over a candidate's stored
   * text then reads only the terms it shares with the page.
   */
  textNorms?: ReadonlyMap<string, number>;
  /**
   * The document frequencies the whole-text cosine reads, when they are more
   * than `df`: the compact design leaves the terms too common to index out of
   * `df` (`DF_CAP`), but a paper's norm counts them, so its cosine with a page
   * must too — or a page and a paper meet only on their rarest terms.
   */
  textDf?: DocumentFrequencies;
  corpusVersion: string;
}

/** Which index design an engine uses: every word, or titles plus compact terms. */
export type IndexDesign = 'full' | 'compact';
