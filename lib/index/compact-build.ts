/**
 * Building the compact design: a first pass counts document frequencies and
 * acronyms, a second keeps each paper's title terms and compact terms in
 * packed arrays (`compact-packed.ts`). Both passes can stream, so a large
 * corpus is never held in memory.
 */
import { AcronymVotes, type Acronym } from '../acronyms';
import type { Paper } from '../corpus';
import { MAX_TF, TITLE_BIT, type PackedIndex } from './compact-packed';
import { compactEngine } from './compact-search';
import { termCounts, tfidf } from './tfidf';
import type { Engine } from './types';

/** How many terms each paper keeps beyond its title: single words and two-word phrases, chosen separately. */
export interface CompactShape {
  words: number;
  phrases: number;
}

/**
 * Words and phrases are chosen separately because a phrase is rarer, so its
 * idf is higher: ranked together, phrases crowd out the words pages and
 * papers actually share.
 */
export const COMPACT_SHAPE: CompactShape = { words: 24, phrases: 8 };

/**
 * Terms in more than `share` of the papers are left out of the index and of
 * `df` (so pages never query them) once the corpus has `from` papers: at 100k
 * papers such a term reaches thousands of papers and says little about any.
 * Below `from` the shares are too coarse to judge ("cache" is in 5% of 75).
 */
export const DF_CAP = { from: 1000, share: 0.05 };

/**
 * First pass over a corpus: document frequencies of every term and the
 * acronyms it defines, one paper at a time so a large corpus can be streamed.
 */
export class CorpusStatsBuilder {
  readonly df = new Map<string, number>();
  n = 0;
  /** The votes `learnAcronyms` counts over the whole corpus, one paper at a time: the same acronyms. */
  private readonly votes = new AcronymVotes();

  add(paper: Pick<Paper, 'title' | 'abstract'>): void {
    this.n++;
    for (const t of termCounts(`${paper.title}\n${paper.abstract}`).keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.votes.add(paper.title);
    this.votes.add(paper.abstract);
  }

  acronyms(): Map<string, Acronym> {
    return this.votes.winners();
  }

  /** Whether a term is too common to index (see {@link DF_CAP}). */
  capped(term: string): boolean {
    return this.n >= DF_CAP.from && (this.df.get(term) ?? 0) > DF_CAP.share * this.n;
  }
}

/**
 * A paper's compact terms: by tf-idf (`lib/index/tfidf.ts`) over its title
 * (counted twice) and abstract — the weighting of `paperKeyTerms`, so they
 * are also the terms feedback queries with — keeping only terms another paper
 * has too (a term unique to the paper could only find the paper itself). Ties
 * go to the alphabetically first term. Returns `[term, weight, abstract tf]`.
 */
export function compactTerms(
  paper: Pick<Paper, 'title' | 'abstract'>,
  stats: CorpusStatsBuilder,
  shape: CompactShape = COMPACT_SHAPE,
  titleCounts = termCounts(paper.title),
): Array<[string, number, number]> {
  const tf = new Map<string, number>();
  for (const [t, f] of titleCounts) tf.set(t, 2 * f);
  const inAbstract = termCounts(paper.abstract);
  for (const [t, f] of inAbstract) tf.set(t, (tf.get(t) ?? 0) + f);
  // Words and phrases are ranked apart (each sort is shorter), then merged back into the one order.
  const words: Array<[string, number, number]> = [];
  const phrases: Array<[string, number, number]> = [];
  const cap = stats.n >= DF_CAP.from ? DF_CAP.share * stats.n : Infinity;
  for (const [term, f] of tf) {
    const df = stats.df.get(term) ?? 1;
    if (df < 2 || df > cap) continue;
    (term.includes(' ') ? phrases : words).push([term, tfidf(f, df, stats.n), inAbstract.get(term) ?? 0]);
  }
  const order = (a: [string, number, number], b: [string, number, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const topWords = words.sort(order).slice(0, shape.words);
  const topPhrases = phrases.sort(order).slice(0, shape.phrases);
  const out: Array<[string, number, number]> = [];
  for (let w = 0, p = 0; w < topWords.length || p < topPhrases.length;) {
    if (p >= topPhrases.length || (w < topWords.length && order(topWords[w]!, topPhrases[p]!) < 0))
      out.push(topWords[w++]!);
    else out.push(topPhrases[p++]!);
  }
  return out;
}

/** Options of a compact build. */
export interface CompactBuildOptions {
  shape?: CompactShape;
}

/** Second pass: collects each paper's title terms and compact terms into packed arrays. */
export class CompactBuilder {
  private readonly termNo = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private docStart: number[] = [0];
  private entries = new Uint32Array(1 << 16);
  private freqs = new Uint8Array(1 << 16);
  private size = 0;
  private readonly shape: CompactShape;

  constructor(
    private readonly stats: CorpusStatsBuilder,
    options: CompactBuildOptions = {},
  ) {
    this.shape = options.shape ?? COMPACT_SHAPE;
  }

  private push(term: string, freq: number): void {
    let no = this.termNo.get(term);
    if (no === undefined) this.termNo.set(term, (no = this.termNo.size));
    if (this.size === this.entries.length) {
      const grow = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.entries = grow(this.entries, (k) => new Uint32Array(k));
      this.freqs = grow(this.freqs, (k) => new Uint8Array(k));
    }
    this.entries[this.size] = no;
    this.freqs[this.size++] = freq;
  }

  add(paper: Pick<Paper, 'id' | 'title' | 'abstract'>): void {
    this.ids.push(paper.id);
    this.titles.push(paper.title.replace(/\n/g, ' '));
    const titleCounts = termCounts(paper.title);
    for (const [t, f] of titleCounts) if (!this.stats.capped(t)) this.push(t, TITLE_BIT | Math.min(f, MAX_TF));
    for (const [t, , f] of compactTerms(paper, this.stats, this.shape, titleCounts))
      if (f > 0) this.push(t, Math.min(f, MAX_TF));
    this.docStart.push(this.size);
  }

  finish(): PackedIndex {
    const unsorted = [...this.termNo.keys()];
    const order = unsorted.map((_, i) => i).sort((a, b) => (unsorted[a]! < unsorted[b]! ? -1 : 1));
    const rank = new Uint32Array(order.length);
    order.forEach((old, i) => (rank[old] = i));
    const entries = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) entries[i] = rank[this.entries[i]!]!;
    const terms = order.map((i) => unsorted[i]!);
    return {
      n: this.ids.length,
      terms,
      df: Uint32Array.from(terms, (t) => this.stats.df.get(t) ?? 1),
      ids: this.ids,
      titles: this.titles,
      docStart: Uint32Array.from(this.docStart),
      entries,
      freqs: this.freqs.slice(0, this.size),
      acronyms: [...this.stats.acronyms()],
    };
  }
}

/**
 * Builds a compact engine for papers held in memory (two passes: statistics,
 * then documents). For a corpus too large to hold, use
 * {@link buildCompactEngineStreaming}.
 */
export function buildCompactEngine(
  papers: readonly Pick<Paper, 'id' | 'title' | 'abstract'>[],
  corpusVersion: string,
  options: CompactBuildOptions = {},
): Engine {
  const stats = new CorpusStatsBuilder();
  for (const p of papers) stats.add(p);
  const builder = new CompactBuilder(stats, options);
  for (const p of papers) builder.add(p);
  return compactEngine(builder.finish(), corpusVersion);
}

/**
 * Builds a compact engine reading the papers twice from `read` (pages of an
 * IndexedDB table, lines of a file), never holding the corpus. `onBatch` is
 * called every 1,000 papers: a place to yield or measure.
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
  const builder = new CompactBuilder(stats, options);
  for await (const p of read()) {
    builder.add(p);
    if (++i % 1000 === 0) await options.onBatch?.();
  }
  return compactEngine(builder.finish(), corpusVersion);
}
