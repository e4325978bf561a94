import MiniSearch, { type Options } from 'minisearch';
import { z } from 'zod';
import { learnAcronyms, type Acronym } from './acronyms';
import type { Paper } from './corpus';
import { processTerm, tokenize } from './text';

/** What MiniSearch indexes for each paper. */
export interface IndexedPaper {
  id: string;
  title: string;
  abstract: string;
}

/** The one set of MiniSearch options: indexing, serialising and loading must all use exactly these. */
export const MINISEARCH_OPTIONS = {
  idField: 'id',
  fields: ['title', 'abstract'],
  storeFields: ['title'],
  tokenize,
  processTerm,
  searchOptions: {
    boost: { title: 2.5 },
    combineWith: 'OR',
  },
} as const satisfies Options<IndexedPaper>;

/**
 * Bumped whenever indexing changes (options, tokenising, stemming): a stored
 * index with another stamp is rebuilt, never trusted.
 */
export const INDEX_VERSION = 4;

/** The ranking engine's state: the MiniSearch index plus the corpus statistics keyword weighting needs. */
export interface Engine {
  index: MiniSearch<IndexedPaper>;
  /** Number of papers each term (word or phrase) occurs in. */
  df: Map<string, number>;
  /** Number of papers. */
  n: number;
  /** Acronyms the corpus defines ("Mixture of Experts (MoE)"), by lower-case key; none when absent. */
  acronyms?: Map<string, Acronym>;
  /** Each paper's most characteristic terms with their tf-idf weights, for "more like this" feedback. */
  keyTerms?: Map<string, Array<[string, number]>>;
  corpusVersion: string;
}

/** Builds the engine for a list of papers. */
export function buildEngine(papers: readonly Paper[], corpusVersion: string): Engine {
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
  return { index, df, n: papers.length, acronyms, keyTerms, corpusVersion };
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

/** The engine as stored in IndexedDB: plain JSON with a version stamp. */
export const StoredIndexSchema = z.object({
  stamp: z.literal(INDEX_VERSION),
  corpusVersion: z.string(),
  n: z.number().int().nonnegative(),
  df: z.array(z.tuple([z.string(), z.number().int().positive()])),
  acronyms: z.array(z.tuple([z.string(), z.object({ short: z.string(), long: z.string() })])),
  keyTerms: z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.number()]))])),
  json: z.string(),
});
export type StoredIndex = z.infer<typeof StoredIndexSchema>;

/** Serialises an engine for storage. */
export function serializeEngine(engine: Engine): StoredIndex {
  return {
    stamp: INDEX_VERSION,
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
 */
export async function loadEngine(stored: unknown, corpusVersion: string): Promise<Engine | null> {
  const parsed = StoredIndexSchema.safeParse(stored);
  if (!parsed.success || parsed.data.corpusVersion !== corpusVersion) return null;
  try {
    const index = await MiniSearch.loadJSONAsync<IndexedPaper>(parsed.data.json, MINISEARCH_OPTIONS);
    if (index.documentCount !== parsed.data.n) return null;
    return {
      index,
      df: new Map(parsed.data.df),
      n: parsed.data.n,
      acronyms: new Map(parsed.data.acronyms),
      keyTerms: new Map(parsed.data.keyTerms),
      corpusVersion,
    };
  } catch {
    return null;
  }
}
