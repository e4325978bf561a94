/**
 * Building the compact design: a first pass counts document frequencies and
 * acronyms, a second keeps each paper's title terms and compact terms in
 * packed arrays (`compact-packed.ts`). Both passes can stream, so a large
 * corpus is never held in memory.
 */
import { AcronymVotes, type Acronym } from '../acronyms';
import type { Paper } from '../corpus';
import { indexTermIds, toTerm } from '../text';
import { MAX_TF, TITLE_BIT, type PackedIndex } from './compact-packed';
import { compactEngine } from './compact-search';
import { textWeight, tfidf } from './tfidf';
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

const grown = <T extends Int32Array | Uint8Array>(a: T, size: number, make: (n: number) => T): T => {
  if (size <= a.length) return a;
  const b = make(Math.max(size, 2 * a.length));
  b.set(a);
  return b;
};

/**
 * Phrase ids by their two word ids: an open-addressing table over typed
 * arrays. A `Map` keyed by `first · 2^26 + second` boxes every key (it is
 * past the small-integer range) and was most of a build's time.
 */
class PairTable {
  /** Slot i holds `first, second, value` at 3i: one probe reads one cache line. `first` -1 marks an empty slot. */
  private slots = PairTable.empty(1 << 16);
  private size = 0;

  private static empty(capacity: number): Int32Array {
    const slots = new Int32Array(3 * capacity);
    for (let i = 0; i < slots.length; i += 3) slots[i] = -1;
    return slots;
  }

  private slot(first: number, second: number): number {
    const { slots } = this;
    const mask = slots.length / 3 - 1;
    let h = Math.imul(first ^ Math.imul(second, 0x85ebca6b), 0x9e3779b1);
    h = (h ^ (h >>> 16)) & mask;
    while (slots[3 * h] !== -1 && (slots[3 * h] !== first || slots[3 * h + 1] !== second)) h = (h + 1) & mask;
    return 3 * h;
  }

  get(first: number, second: number): number | undefined {
    const at = this.slot(first, second);
    return this.slots[at] === -1 ? undefined : this.slots[at + 2];
  }

  set(first: number, second: number, value: number): void {
    if (2 * (this.size + 1) > this.slots.length / 3) this.grow();
    const at = this.slot(first, second);
    if (this.slots[at] === -1) this.size++;
    this.slots[at] = first;
    this.slots[at + 1] = second;
    this.slots[at + 2] = value;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = PairTable.empty((2 * old.length) / 3);
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] === -1) continue;
      const at = this.slot(old[i]!, old[i + 1]!);
      this.slots[at] = old[i]!;
      this.slots[at + 1] = old[i + 1]!;
      this.slots[at + 2] = old[i + 2]!;
    }
  }
}

/** The `k` first of `items` in `order`, in that order, without sorting them all (most fail one comparison). */
function firstK<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    if (top.length === k && order(item, top[k - 1]!) >= 0) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && order(item, top[at - 1]!) < 0) at--;
    if (top.length === k) top.pop();
    top.splice(at, 0, item);
  }
  return top;
}

/** A term id with its weight and its count in the abstract, as {@link CorpusStatsBuilder.compact} ranks them. */
type Scored = [id: number, weight: number, inAbstract: number];

/**
 * First pass over a corpus: document frequencies of every term and the
 * acronyms it defines, one paper at a time so a large corpus can be streamed.
 * Terms are interned as numbers (a phrase by its two words' ids), so each
 * word is stemmed and hashed once per occurrence at most, and the second
 * pass counts in arrays instead of maps.
 */
export class CorpusStatsBuilder {
  n = 0;
  /** Each term id's term. */
  readonly terms: string[] = [];
  private df = new Int32Array(1 << 16);
  private phrase = new Uint8Array(1 << 16);
  private readonly wordIds = new Map<string, number>();
  private readonly stemIds = new Map<string, number>();
  private readonly phraseIds = new PairTable();
  /** Scratch per term id, reset after each use: the paper last counted, and counts in title and abstract. */
  private mark = new Int32Array(1 << 16);
  private inTitle = new Int32Array(1 << 16);
  private inAbstract = new Int32Array(1 << 16);
  private readonly scratch: number[] = [];
  /** The votes `learnAcronyms` counts over the whole corpus, one paper at a time: the same acronyms. */
  private readonly votes = new AcronymVotes();

  private intern(term: string, phrase: boolean): number {
    const id = this.terms.length;
    this.terms.push(term);
    if (id >= this.df.length) {
      const size = id + 1;
      this.df = grown(this.df, size, (k) => new Int32Array(k));
      this.phrase = grown(this.phrase, size, (k) => new Uint8Array(k));
      this.mark = grown(this.mark, size, (k) => new Int32Array(k));
      this.inTitle = grown(this.inTitle, size, (k) => new Int32Array(k));
      this.inAbstract = grown(this.inAbstract, size, (k) => new Int32Array(k));
    }
    this.phrase[id] = phrase ? 1 : 0;
    return id;
  }

  private readonly wordId = (word: string): number => {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      const stem = toTerm(word);
      if (stem === null) id = -1;
      else {
        id = this.stemIds.get(stem);
        if (id === undefined) this.stemIds.set(stem, (id = this.intern(stem, false)));
      }
      this.wordIds.set(word, id);
    }
    return id;
  };

  private readonly phraseId = (first: number, second: number): number => {
    let id = this.phraseIds.get(first, second);
    if (id === undefined)
      this.phraseIds.set(first, second, (id = this.intern(`${this.terms[first]} ${this.terms[second]}`, true)));
    return id;
  };

  /** The term ids of a text, as `indexTerms` gives its terms (in a reused array: read before the next call). */
  private ids(text: string): number[] {
    this.scratch.length = 0;
    return indexTermIds(text, this.wordId, this.phraseId, this.scratch);
  }

  add(paper: Pick<Paper, 'title' | 'abstract'>): void {
    const n = ++this.n;
    for (const id of this.ids(`${paper.title}\n${paper.abstract}`)) {
      if (this.mark[id] === n) continue;
      this.mark[id] = n;
      this.df[id]!++;
    }
    this.votes.add(paper.title);
    this.votes.add(paper.abstract);
  }

  acronyms(): Map<string, Acronym> {
    return this.votes.winners();
  }

  /** A term's id, if the corpus has it. */
  private idOf(term: string): number | undefined {
    const space = term.indexOf(' ');
    if (space < 0) return this.stemIds.get(term);
    const first = this.stemIds.get(term.slice(0, space));
    const second = this.stemIds.get(term.slice(space + 1));
    return first === undefined || second === undefined ? undefined : this.phraseIds.get(first, second);
  }

  /** Number of papers a term occurs in (1 for a term never seen, as a term is at least in the paper asking). */
  dfOf(term: string | number): number {
    const id = typeof term === 'number' ? term : this.idOf(term);
    return (id === undefined ? 0 : this.df[id]!) || 1;
  }

  private get cap(): number {
    return this.n >= DF_CAP.from ? DF_CAP.share * this.n : Infinity;
  }

  /** The terms too common to index (see {@link DF_CAP}) with their document frequencies, in the order first met. */
  commonTerms(): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    const cap = this.cap;
    for (let id = 0; id < this.terms.length; id++) if (this.df[id]! > cap) out.push([this.terms[id]!, this.df[id]!]);
    return out;
  }

  /** Whether a term is too common to index (see {@link DF_CAP}). */
  capped(term: string | number): boolean {
    const id = typeof term === 'number' ? term : this.idOf(term);
    return id !== undefined && this.df[id]! > this.cap;
  }

  /**
   * A paper's title term ids with their counts, and its compact terms (see
   * {@link compactTerms}) as `[id, weight, abstract tf]`.
   */
  paperTerms(
    paper: Pick<Paper, 'title' | 'abstract'>,
    shape: CompactShape,
  ): { title: Array<[number, number]>; compact: Scored[]; norm: number } {
    const { inTitle, inAbstract, df, phrase, terms } = this;
    const touched: number[] = [];
    for (const id of this.ids(paper.title)) if (inTitle[id]!++ === 0 && inAbstract[id] === 0) touched.push(id);
    for (const id of this.ids(paper.abstract)) if (inAbstract[id]!++ === 0 && inTitle[id] === 0) touched.push(id);
    const title: Array<[number, number]> = [];
    const words: Scored[] = [];
    const phrases: Scored[] = [];
    const cap = this.cap;
    let sq = 0;
    for (const id of touched) {
      const t = inTitle[id]!;
      const a = inAbstract[id]!;
      inTitle[id] = 0;
      inAbstract[id] = 0;
      if (t > 0) title.push([id, t]);
      const d = df[id] || 1;
      // The whole-text norm counts every term, indexed or not (as `paperTextNorm` does).
      sq += textWeight(2 * t + a, d, this.n) ** 2;
      if (d < 2 || d > cap) continue;
      (phrase[id] ? phrases : words).push([id, tfidf(2 * t + a, d, this.n), a]);
    }
    // Words and phrases are ranked apart, then merged back into the one order (weight, then alphabetical).
    const order = (x: Scored, y: Scored) => y[1] - x[1] || (terms[x[0]]! < terms[y[0]]! ? -1 : 1);
    const topWords = firstK(words, shape.words, order);
    const topPhrases = firstK(phrases, shape.phrases, order);
    const compact: Scored[] = [];
    for (let w = 0, p = 0; w < topWords.length || p < topPhrases.length;) {
      if (p >= topPhrases.length || (w < topWords.length && order(topWords[w]!, topPhrases[p]!) < 0))
        compact.push(topWords[w++]!);
      else compact.push(topPhrases[p++]!);
    }
    return { title, compact, norm: Math.sqrt(sq) };
  }
}

/**
 * A paper's compact terms: by tf-idf (`lib/index/tfidf.ts`) over its title
 * (counted twice) and abstract — the weighting of `paperKeyTerms`, so they
 * are also the terms feedback queries with — keeping only terms another paper
 * has too (a term unique to the paper could only find the paper itself), and
 * none too common (see {@link DF_CAP}). Ties go to the alphabetically first
 * term. Returns `[term, weight, abstract tf]`.
 */
export function compactTerms(
  paper: Pick<Paper, 'title' | 'abstract'>,
  stats: CorpusStatsBuilder,
  shape: CompactShape = COMPACT_SHAPE,
): Array<[string, number, number]> {
  return stats.paperTerms(paper, shape).compact.map(([id, w, a]) => [stats.terms[id]!, w, a]);
}

/** Options of a compact build. */
export interface CompactBuildOptions {
  shape?: CompactShape;
}

/** Second pass: collects each paper's title terms and compact terms into packed arrays. */
export class CompactBuilder {
  /** Each corpus term id's number in this index plus one (0: not indexed yet). */
  private termNo = new Int32Array(1 << 16);
  /** Corpus term ids in the order this index met them. */
  private readonly indexed: number[] = [];
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private docStart: number[] = [0];
  private entries = new Uint32Array(1 << 16);
  private freqs = new Uint8Array(1 << 16);
  private readonly norms: number[] = [];
  private size = 0;
  private readonly shape: CompactShape;

  constructor(
    private readonly stats: CorpusStatsBuilder,
    options: CompactBuildOptions = {},
  ) {
    this.shape = options.shape ?? COMPACT_SHAPE;
  }

  private push(id: number, freq: number): void {
    this.termNo = grown(this.termNo, id + 1, (k) => new Int32Array(k));
    let no = this.termNo[id]! - 1;
    if (no < 0) {
      no = this.indexed.length;
      this.indexed.push(id);
      this.termNo[id] = no + 1;
    }
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
    const { title, compact, norm } = this.stats.paperTerms(paper, this.shape);
    this.norms.push(norm);
    for (const [id, f] of title) if (!this.stats.capped(id)) this.push(id, TITLE_BIT | Math.min(f, MAX_TF));
    for (const [id, , f] of compact) if (f > 0) this.push(id, Math.min(f, MAX_TF));
    this.docStart.push(this.size);
  }

  finish(): PackedIndex {
    const unsorted = this.indexed.map((id) => this.stats.terms[id]!);
    const order = unsorted.map((_, i) => i).sort((a, b) => (unsorted[a]! < unsorted[b]! ? -1 : 1));
    const rank = new Uint32Array(order.length);
    order.forEach((old, i) => (rank[old] = i));
    const entries = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) entries[i] = rank[this.entries[i]!]!;
    return {
      n: this.ids.length,
      terms: order.map((i) => unsorted[i]!),
      df: Uint32Array.from(order, (i) => this.stats.dfOf(this.indexed[i]!)),
      ids: this.ids,
      titles: this.titles,
      docStart: Uint32Array.from(this.docStart),
      entries,
      freqs: this.freqs.slice(0, this.size),
      norms: Float32Array.from(this.norms),
      acronyms: [...this.stats.acronyms()],
      common: this.stats.commonTerms(),
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
