/**
 * A compact search index for large corpora: each paper is indexed by its
 * title plus only its most characteristic abstract terms (words and two-word
 * phrases, tf-idf within the corpus) instead of every word of the
 * abstract. At 100k papers that keeps the index, its reload time and its
 * build heap a fraction of the full-text design's (see tests/bench/), while
 * `related()` queries it unchanged: an engine built here has the same shape.
 */
import MiniSearch, { type Options } from 'minisearch';
import { z } from 'zod';
import type { Paper } from './corpus';
import type { Engine, IndexedPaper } from './search-index';
import { processTerm, tokenize } from './text';

/** What the compact index holds for a paper: its title (tokenised as usual) and its chosen terms. */
export interface CompactDocument {
  id: string;
  title: string;
  /** Index terms (already stemmed words and phrases), one per line. */
  terms: string;
}

/** How many abstract terms each paper keeps: single words and two-word phrases, chosen separately. */
export interface CompactShape {
  words: number;
  phrases: number;
}

/**
 * 32 words + 8 phrases, chosen on the dev judgments (see tests/bench/ and the
 * README's relevance rows). Words and phrases are chosen separately because a
 * phrase is rarer, so its idf is higher: ranked together, phrases crowd out
 * the words that pages and papers actually share.
 */
export const COMPACT_SHAPE: CompactShape = { words: 32, phrases: 8 };

const TERM_SEPARATOR = '\n';

/**
 * The compact index's MiniSearch options: titles go through the usual
 * tokeniser, the chosen terms are stored as they are. Indexing, serialising
 * and loading must all use exactly these.
 */
export const COMPACT_OPTIONS = {
  idField: 'id',
  fields: ['title', 'terms'],
  storeFields: ['title'],
  tokenize: (text: string, field?: string) => (field === 'terms' ? text.split(TERM_SEPARATOR) : tokenize(text)),
  processTerm: (term: string, field?: string) => (field === 'terms' ? term : processTerm(term)),
  searchOptions: {
    boost: { title: 2.5 },
    combineWith: 'OR',
  },
} as const satisfies Options<CompactDocument>;

/** Bumped whenever compact indexing changes: a stored compact index with another stamp is rebuilt. */
export const COMPACT_INDEX_VERSION = 1;

/** The distinct index terms (words and phrases) of a text. */
function termSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const t = processTerm(token);
    if (t) out.add(t);
  }
  return out;
}

/**
 * Document frequencies of every term of a corpus, collected one paper at a
 * time so a large corpus can be streamed through it rather than held in memory.
 */
export class CorpusStatsBuilder {
  readonly df = new Map<string, number>();
  n = 0;

  add(paper: Pick<Paper, 'title' | 'abstract'>): void {
    this.n++;
    for (const t of termSet(`${paper.title}\n${paper.abstract}`)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }
}

/** Corpus statistics the choice of terms needs. */
export interface TermStats {
  df: ReadonlyMap<string, number>;
  n: number;
}

/**
 * A paper reduced to its title plus its best abstract words and phrases by
 * `(1 + log tf) · log(1 + n/df)`, the weighting page keywords get, so the
 * terms a page would be described by are the ones kept. Ties go to the
 * alphabetically first term, so the result is stable.
 *
 * @example compactDocument(paper, stats).terms.split('\n') // ['evict', 'cach', ..., 'kv cach', 'heavi hitter']
 */
export function compactDocument(
  paper: Pick<Paper, 'id' | 'title' | 'abstract'>,
  stats: TermStats,
  shape: CompactShape = COMPACT_SHAPE,
): CompactDocument {
  const tf = new Map<string, number>();
  for (const token of tokenize(paper.abstract)) {
    const t = processTerm(token);
    if (t) tf.set(t, (tf.get(t) ?? 0) + 1);
  }
  const scored: Array<[string, number]> = [];
  for (const [term, f] of tf)
    scored.push([term, (1 + Math.log(f)) * Math.log(1 + stats.n / (stats.df.get(term) ?? 1))]);
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const words: string[] = [];
  const phrases: string[] = [];
  for (const [term] of scored) {
    const list = term.includes(' ') ? phrases : words;
    if (list.length < (list === words ? shape.words : shape.phrases)) list.push(term);
    if (words.length === shape.words && phrases.length === shape.phrases) break;
  }
  return { id: paper.id, title: paper.title, terms: [...words, ...phrases].join(TERM_SEPARATOR) };
}

/** Options of a compact build. */
export interface CompactBuildOptions {
  /** Abstract terms kept per paper. */
  shape?: CompactShape;
}

/**
 * Collects compact documents into an engine: the index, plus the corpus
 * document frequencies of the terms it holds (terms it cannot match are
 * useless as page keywords, and dropping them keeps the stored engine small).
 */
export class CompactEngineBuilder {
  private readonly index = new MiniSearch<CompactDocument>(COMPACT_OPTIONS);
  private readonly shape: CompactShape;
  private readonly held = new Set<string>();

  constructor(
    private readonly stats: TermStats,
    options: CompactBuildOptions = {},
  ) {
    this.shape = options.shape ?? COMPACT_SHAPE;
  }

  add(paper: Pick<Paper, 'id' | 'title' | 'abstract'>): void {
    const doc = compactDocument(paper, this.stats, this.shape);
    this.index.add(doc);
    for (const t of termSet(doc.title)) this.held.add(t);
    for (const t of doc.terms.split(TERM_SEPARATOR)) if (t) this.held.add(t);
  }

  finish(corpusVersion: string): Engine {
    const df = new Map<string, number>();
    for (const term of this.held) {
      const f = this.stats.df.get(term);
      if (f) df.set(term, f);
    }
    return { index: asIndexed(this.index), df, n: this.stats.n, corpusVersion };
  }
}

/**
 * `related()` only searches the index and reads the stored `title`, which both
 * designs provide, so a compact index serves where the full-text one is typed.
 */
function asIndexed(index: MiniSearch<CompactDocument>): MiniSearch<IndexedPaper> {
  return index as unknown as MiniSearch<IndexedPaper>;
}

/**
 * Builds a compact engine for papers held in memory (two passes: statistics,
 * then documents). For a corpus too large to hold, use
 * {@link buildCompactEngineStreaming}.
 */
export function buildCompactEngine(
  papers: readonly Paper[],
  corpusVersion: string,
  options: CompactBuildOptions = {},
): Engine {
  const stats = new CorpusStatsBuilder();
  for (const p of papers) stats.add(p);
  const builder = new CompactEngineBuilder(stats, options);
  for (const p of papers) builder.add(p);
  return builder.finish(corpusVersion);
}

/**
 * Builds a compact engine reading the papers twice from `read` (for example
 * pages of an IndexedDB table, or lines of a file), never holding the corpus.
 * `onBatch` is called every 1,000 papers: a place to yield or measure.
 */
export async function buildCompactEngineStreaming(
  read: () => AsyncIterable<Pick<Paper, 'id' | 'title' | 'abstract'>>,
  corpusVersion: string,
  options: CompactBuildOptions & { onBatch?: () => void | Promise<void> } = {},
): Promise<Engine> {
  const stats = new CorpusStatsBuilder();
  let i = 0;
  for await (const p of read()) {
    stats.add(p);
    if (++i % 1000 === 0) await options.onBatch?.();
  }
  const builder = new CompactEngineBuilder(stats, options);
  for await (const p of read()) {
    builder.add(p);
    if (++i % 1000 === 0) await options.onBatch?.();
  }
  return builder.finish(corpusVersion);
}

/** A compact engine as stored: plain JSON with a version stamp. */
export const StoredCompactIndexSchema = z.object({
  stamp: z.literal(COMPACT_INDEX_VERSION),
  corpusVersion: z.string(),
  n: z.number().int().nonnegative(),
  df: z.array(z.tuple([z.string(), z.number().int().positive()])),
  json: z.string(),
});
export type StoredCompactIndex = z.infer<typeof StoredCompactIndexSchema>;

/** Serialises a compact engine for storage. */
export function serializeCompactEngine(engine: Engine): StoredCompactIndex {
  return {
    stamp: COMPACT_INDEX_VERSION,
    corpusVersion: engine.corpusVersion,
    n: engine.n,
    df: [...engine.df],
    json: JSON.stringify(engine.index),
  };
}

/** Reloads a stored compact engine, or returns null when it is stale or corrupt (the caller rebuilds it). */
export async function loadCompactEngine(stored: unknown, corpusVersion: string): Promise<Engine | null> {
  const parsed = StoredCompactIndexSchema.safeParse(stored);
  if (!parsed.success || parsed.data.corpusVersion !== corpusVersion) return null;
  try {
    const index = await MiniSearch.loadJSONAsync<CompactDocument>(parsed.data.json, COMPACT_OPTIONS);
    if (index.documentCount !== parsed.data.n) return null;
    return { index: asIndexed(index), df: new Map(parsed.data.df), n: parsed.data.n, corpusVersion };
  } catch {
    return null;
  }
}
