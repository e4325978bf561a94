/**
 * The full-text design, for corpora below `COMPACT_FROM` papers: MiniSearch
 * over every word of each title and abstract, with the whole corpus's
 * document frequencies and each paper's key terms beside it.
 */
import MiniSearch, { type Options } from 'minisearch';
import { z } from '../zod';
import { learnAcronyms } from '../acronyms';
import { BASE_SEARCH_OPTIONS } from './search-options';
import { paperKeyTerms, paperTextNorm, termCounts } from './tfidf';
import { INDEX_VERSION, type Engine, type IndexedPaper } from './types';

/** The one set of MiniSearch options: indexing, serialising and loading must all use exactly these. */
export const MINISEARCH_OPTIONS = {
  ...BASE_SEARCH_OPTIONS,
  fields: ['title', 'abstract'],
} as const satisfies Options<IndexedPaper>;

/** Builds the full-text engine over papers held in memory. */
export function buildFullEngine(papers: readonly IndexedPaper[], corpusVersion: string): Engine {
  const index = new MiniSearch<IndexedPaper>(MINISEARCH_OPTIONS);
  const df = new Map<string, number>();
  const docs = papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract }));
  index.addAll(docs);
  for (const d of docs) for (const t of termCounts(`${d.title}\n${d.abstract}`).keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const acronyms = learnAcronyms(docs.flatMap((d) => [d.title, d.abstract]));
  const keyTerms = new Map<string, Array<[string, number]>>();
  for (const d of docs) keyTerms.set(d.id, paperKeyTerms(d, df, papers.length));
  const textNorms = new Map(docs.map((d) => [d.id, paperTextNorm(d, df, papers.length)]));
  return { index, df, n: papers.length, acronyms, keyTerms, textNorms, corpusVersion };
}

const acronymEntry = z.tuple([z.string(), z.object({ short: z.string(), long: z.string() })]);

/** The full-text engine as stored: MiniSearch's JSON and the statistics beside it. */
export const StoredFullSchema = z.object({
  stamp: z.literal(INDEX_VERSION),
  design: z.literal('full'),
  corpusVersion: z.string(),
  n: z.number().int().nonnegative(),
  df: z.array(z.tuple([z.string(), z.number().int().positive()])),
  acronyms: z.array(acronymEntry),
  keyTerms: z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.number()]))])),
  textNorms: z.array(z.tuple([z.string(), z.number().nonnegative()])),
  json: z.string(),
});
export type StoredFull = z.infer<typeof StoredFullSchema>;

/** Serialises a full-text engine for storage. */
export function serializeFull(engine: Engine): StoredFull {
  return {
    stamp: INDEX_VERSION,
    design: 'full',
    corpusVersion: engine.corpusVersion,
    n: engine.n,
    df: [...engine.df],
    acronyms: [...(engine.acronyms ?? [])],
    keyTerms: [...(engine.keyTerms ?? [])],
    textNorms: [...(engine.textNorms ?? [])],
    json: JSON.stringify(engine.index),
  };
}

/** Reloads a stored full-text engine, or null when its index does not hold `n` papers. Throws on corrupt JSON. */
export async function loadFull(data: StoredFull): Promise<Engine | null> {
  const index = await MiniSearch.loadJSONAsync<IndexedPaper>(data.json, MINISEARCH_OPTIONS);
  if (index.documentCount !== data.n) return null;
  return {
    index,
    df: new Map(data.df),
    n: data.n,
    acronyms: new Map(data.acronyms),
    keyTerms: new Map(data.keyTerms),
    textNorms: new Map(data.textNorms),
    corpusVersion: data.corpusVersion,
  };
}
