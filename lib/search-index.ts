import MiniSearch, { type Options } from 'minisearch';
import { z } from './zod';
import { learnAcronyms, type Acronym } from './acronyms';
import {
  buildCompactEngine,
  CompactIndex,
  compactEngine,
  deserializePacked,
  serializePacked,
  StoredCompactSchema,
} from './compact-index';
import type { Paper } from './corpus';
import { BASE_SEARCH_OPTIONS } from './search-options';
import { processTerm, tokenize } from './text';

/** What MiniSearch indexes for each paper. */
export interface IndexedPaper {
  id: string;
  title: string;
  abstract: string;
}

/** The one set of MiniSearch options: indexing, serialising and loading must all use exactly these. */
export const MINISEARCH_OPTIONS = {
  ...BASE_SEARCH_OPTIONS,
  fields: ['title', 'abstract'],
} as const satisfies Options<IndexedPaper>;

/**
 * Bumped whenever indexing changes (options, tokenising, stemming): a stored
 * index with another stamp is rebuilt, never trusted.
 */
export const INDEX_VERSION = 6;

/**
 * From this many papers on, the engine indexes each paper's title and its
 * compact terms (`lib/compact-index.ts`) instead of every word: at 100k papers
 * full text needs seconds to reload and half a gigabyte of heap. Below it the
 * full text is cheap and ranks best (README, "Benchmarks").
 */
export const COMPACT_FROM = 5000;

/** What the ranking and the search box need of an index: MiniSearch's `search`, over either design. */
export interface SearchIndex {
  readonly documentCount: number;
  search: MiniSearch<IndexedPaper>['search'];
}

/** The ranking engine's state: the MiniSearch index plus the corpus statistics keyword weighting needs. */
export interface Engine {
  index: SearchIndex;
  /** Number of papers each term (word or phrase) occurs in. */
  df: ReadonlyMap<string, number>;
  /** Number of papers. */
  n: number;
  /** Acronyms the corpus defines ("Mixture of Experts (MoE)"), by lower-case key; none when absent. */
  acronyms?: Map<string, Acronym>;
  /** `df` counts every term of the corpus (the full-text design), so a term missing from it is new to the corpus. */
  wholeVocabulary?: boolean;
  /** Each paper's most characteristic terms with their tf-idf weights, for "more like this" feedback. */
  keyTerms?: Map<string, Array<[string, number]>>;
  corpusVersion: string;
}

/** Which index design an engine uses: every word, or titles plus compact terms. */
export type IndexDesign = 'full' | 'compact';

/** The design for a corpus of `n` papers (see {@link COMPACT_FROM}). */
export function designFor(n: number): IndexDesign {
  return n >= COMPACT_FROM ? 'compact' : 'full';
}

/**
 * Builds the engine for a list of papers: full text for a small corpus,
 * compact above {@link COMPACT_FROM} papers (or as `design` says).
 */
export function buildEngine(
  papers: readonly Paper[],
  corpusVersion: string,
  design: IndexDesign = designFor(papers.length),
): Engine {
  if (design === 'compact') return buildCompactEngine(papers, corpusVersion);
  const index = new MiniSearch<IndexedPaper>(MINISEARCH_OPTIONS);
  const df = new Map<string, number>();
  const docs = papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract }));
  index.addAll(docs);
  for (const d of docs) {
    const seen = new Set<string>();
    for (const tok of tokenize(`${d.title}\n${d.abstract}`)) {
      const t = processTerm(tok);
      if (t) seen.add(t);
    }
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const acronyms = learnAcronyms(docs.flatMap((d) => [d.title, d.abstract]));
  const keyTerms = new Map<string, Array<[string, number]>>();
  for (const d of docs) keyTerms.set(d.id, paperKeyTerms(d, df, papers.length));
  return { index, df, n: papers.length, acronyms, keyTerms, corpusVersion, wholeVocabulary: true };
}

export const KEY_TERMS = 30;

/**
 * A paper's most characteristic terms: tf-idf over its title (counted twice)
 * and abstract, keeping only terms some other paper has too — a term unique
 * to the paper could only ever find the paper itself.
 */
export function paperKeyTerms(
  paper: Pick<IndexedPaper, 'title' | 'abstract'>,
  df: ReadonlyMap<string, number>,
  n: number,
  limit = KEY_TERMS,
): Array<[string, number]> {
  const tf = new Map<string, number>();
  const add = (text: string, w: number) => {
    for (const tok of tokenize(text)) {
      const t = processTerm(tok);
      if (t) tf.set(t, (tf.get(t) ?? 0) + w);
    }
  };
  add(paper.title, 2);
  add(paper.abstract, 1);
  const out: Array<[string, number]> = [];
  for (const [t, f] of tf) {
    const d = df.get(t) ?? 1;
    if (d < 2) continue;
    out.push([t, (1 + Math.log(f)) * Math.log(1 + n / d)]);
  }
  return out.sort((a, b) => b[1] - a[1]).slice(0, limit);
}

const StoredFullSchema = z.object({
  stamp: z.literal(INDEX_VERSION),
  design: z.literal('full'),
  corpusVersion: z.string(),
  n: z.number().int().nonnegative(),
  df: z.array(z.tuple([z.string(), z.number().int().positive()])),
  acronyms: z.array(z.tuple([z.string(), z.object({ short: z.string(), long: z.string() })])),
  keyTerms: z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.number()]))])),
  json: z.string(),
});

/**
 * The engine as stored in IndexedDB, with a version stamp: MiniSearch's JSON
 * for the full-text design, packed arrays for the compact one.
 */
export const StoredIndexSchema = z.discriminatedUnion('design', [
  StoredFullSchema,
  z.object({
    stamp: z.literal(INDEX_VERSION),
    design: z.literal('compact'),
    corpusVersion: z.string(),
    packed: StoredCompactSchema,
  }),
]);
export type StoredIndex = z.infer<typeof StoredIndexSchema>;

/** Serialises an engine for storage. */
export function serializeEngine(engine: Engine): StoredIndex {
  if (engine.index instanceof CompactIndex) {
    return {
      stamp: INDEX_VERSION,
      design: 'compact',
      corpusVersion: engine.corpusVersion,
      packed: serializePacked(engine.index.packed),
    };
  }
  return {
    stamp: INDEX_VERSION,
    design: 'full',
    corpusVersion: engine.corpusVersion,
    n: engine.n,
    df: [...engine.df],
    acronyms: [...(engine.acronyms ?? [])],
    keyTerms: [...(engine.keyTerms ?? [])],
    json: JSON.stringify(engine.index),
  };
}

/**
 * Reloads a stored engine, or returns null when it is stale (another stamp or
 * corpus version) or corrupt: the caller then rebuilds it from the papers.
 * `corpusVersion` null accepts an index of any corpus version (still of this
 * stamp, and whole).
 */
export async function loadEngine(stored: unknown, corpusVersion: string | null): Promise<Engine | null> {
  const parsed = StoredIndexSchema.safeParse(stored);
  if (!parsed.success || (corpusVersion !== null && parsed.data.corpusVersion !== corpusVersion)) return null;
  const data = parsed.data;
  try {
    if (data.design === 'compact') return compactEngine(deserializePacked(data.packed), data.corpusVersion);
    const index = await MiniSearch.loadJSONAsync<IndexedPaper>(data.json, MINISEARCH_OPTIONS);
    if (index.documentCount !== data.n) return null;
    return {
      index,
      df: new Map(data.df),
      n: data.n,
      acronyms: new Map(data.acronyms),
      keyTerms: new Map(data.keyTerms),
      corpusVersion: data.corpusVersion,
      wholeVocabulary: true,
    };
  } catch {
    return null;
  }
}
