/**
 * The compact index for large corpora (issue 7). Each paper is indexed by its
 * title plus its most characteristic terms (tf-idf words and phrases), held as
 * packed arrays instead of MiniSearch's maps: reloading is decoding a few
 * typed arrays, not rebuilding millions of map entries. Each query loads a
 * MiniSearch slice — the query's terms with their full posting lists and the
 * papers they reach, with the whole corpus's document count and average field
 * lengths — so MiniSearch's BM25 scores and combines exactly as it would over
 * the whole compact index.
 *
 * An engine built here has the shape `rank()` reads: `index.search`, `df`
 * (corpus document frequencies of the indexed terms), `n`, `acronyms` and
 * `keyTerms` (each paper's compact terms, weighted, decoded on demand).
 */
import MiniSearch, {
  type AsPlainObject,
  type Options,
  type Query,
  type SearchOptions,
  type SearchResult,
} from 'minisearch';
import { z } from './zod';
import { AcronymVotes, type Acronym } from './acronyms';
import type { Paper } from './corpus';
import { BASE_SEARCH_OPTIONS } from './search-options';
import type { Engine, IndexedPaper, SearchIndex } from './search-index';
import { processTerm, tokenize } from './text';

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
 * A query reads at most this many postings: when its terms' lists are longer
 * together, the terms with the longest lists (the least specific) are left
 * out. It bounds the cost of a query whatever the corpus size — a page's
 * common words would otherwise reach most papers of a large corpus.
 */
export const QUERY_POSTINGS = { limit: 100_000 };

/** Field numbers, as MiniSearch's `fieldIds`. */
const TITLE = 0;
const TERMS = 1;
/** The high bit of an entry's frequency byte marks the title field. */
const TITLE_BIT = 0x80;
const MAX_TF = 0x7f;

/** The MiniSearch options each query slice is loaded with. */
export const COMPACT_OPTIONS = {
  ...BASE_SEARCH_OPTIONS,
  fields: ['title', 'terms'],
} as const satisfies Options<IndexedPaper>;

/** The distinct index terms of a text with their counts. */
function termCounts(text: string, into = new Map<string, number>(), weight = 1): Map<string, number> {
  for (const token of tokenize(text)) {
    const t = processTerm(token);
    if (t) into.set(t, (into.get(t) ?? 0) + weight);
  }
  return into;
}

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

const idf = (df: number, n: number) => Math.log(1 + n / df);

/**
 * A paper's compact terms: by `(1 + log tf) · log(1 + n/df)` over its title
 * (counted twice) and abstract — the weighting of `paperKeyTerms`, so they are
 * also the terms feedback queries with — keeping only terms another paper has
 * too (a term unique to the paper could only find the paper itself). Ties go
 * to the alphabetically first term. Returns `[term, weight, abstract tf]`.
 */
export function compactTerms(
  paper: Pick<Paper, 'title' | 'abstract'>,
  stats: CorpusStatsBuilder,
  shape: CompactShape = COMPACT_SHAPE,
): Array<[string, number, number]> {
  const tf = termCounts(paper.title, new Map(), 2);
  const inAbstract = termCounts(paper.abstract);
  for (const [t, f] of inAbstract) tf.set(t, (tf.get(t) ?? 0) + f);
  const scored: Array<[string, number, number]> = [];
  for (const [term, f] of tf) {
    const df = stats.df.get(term) ?? 1;
    if (df < 2 || stats.capped(term)) continue;
    scored.push([term, (1 + Math.log(f)) * idf(df, stats.n), inAbstract.get(term) ?? 0]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: Array<[string, number, number]> = [];
  let words = 0;
  let phrases = 0;
  for (const s of scored) {
    if (s[0].includes(' ') ? phrases++ < shape.phrases : words++ < shape.words) out.push(s);
    if (words >= shape.words && phrases >= shape.phrases) break;
  }
  return out;
}

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
  acronyms: Array<[string, Acronym]>;
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
    for (const [t, f] of termCounts(paper.title))
      if (!this.stats.capped(t)) this.push(t, TITLE_BIT | Math.min(f, MAX_TF));
    for (const [t, , f] of compactTerms(paper, this.stats, this.shape)) if (f > 0) this.push(t, Math.min(f, MAX_TF));
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

/** The terms a query needs from the dictionary: exact terms, and for prefix or fuzzy queries their expansions. */
function dictionaryMatches(
  terms: readonly string[],
  term: string,
  prefix: boolean,
  maxDistance: number,
  into: Set<number>,
): void {
  const lower = lowerBound(terms, term);
  if (terms[lower] === term) into.add(lower);
  if (prefix) for (let i = lower; i < terms.length && terms[i]!.startsWith(term); i++) into.add(i);
  if (maxDistance > 0) {
    // A superset of the terms within the edit distance (length and letter-bag bounds); MiniSearch decides exactly.
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (Math.abs(t.length - term.length) <= maxDistance && bagDistance(t, term) <= maxDistance) into.add(i);
    }
  }
}

function lowerBound(sorted: readonly string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A lower bound of the edit distance: letters one string has and the other lacks, whichever side has more. */
function bagDistance(a: string, b: string): number {
  const count = new Map<number, number>();
  for (let i = 0; i < a.length; i++) count.set(a.charCodeAt(i), (count.get(a.charCodeAt(i)) ?? 0) + 1);
  for (let i = 0; i < b.length; i++) count.set(b.charCodeAt(i), (count.get(b.charCodeAt(i)) ?? 0) - 1);
  let plus = 0;
  let minus = 0;
  for (const c of count.values())
    if (c > 0) plus += c;
    else minus -= c;
  return Math.max(plus, minus);
}

type QueryOptions = SearchOptions & { fuzzy?: SearchOptions['fuzzy']; prefix?: SearchOptions['prefix'] };

/**
 * The compact index's search: loads a MiniSearch slice holding the query's
 * terms (all their postings) and the papers they reach, then lets MiniSearch
 * search it. Scores equal a search over the whole compact index, because the
 * slice carries the corpus's document count and average field lengths.
 */
export class CompactIndex implements SearchIndex {
  readonly documentCount: number;
  private readonly postStart: Uint32Array;
  private readonly postDoc: Uint32Array;
  private readonly postFreq: Uint8Array;
  private readonly fieldLength: Uint16Array;
  private readonly averageFieldLength: [number, number];

  constructor(readonly packed: PackedIndex) {
    const { n, terms, docStart, entries, freqs } = packed;
    this.documentCount = n;
    // Inverted lists by counting sort: one pass to count, one to place.
    const postStart = new Uint32Array(terms.length + 1);
    for (let i = 0; i < entries.length; i++) postStart[entries[i]! + 1]!++;
    for (let t = 0; t < terms.length; t++) postStart[t + 1]! += postStart[t]!;
    const fill = postStart.slice(0, terms.length);
    const postDoc = new Uint32Array(entries.length);
    const postFreq = new Uint8Array(entries.length);
    const fieldLength = new Uint16Array(2 * n);
    let titleSum = 0;
    for (let d = 0; d < n; d++) {
      for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
        const at = fill[entries[i]!]!++;
        postDoc[at] = d;
        postFreq[at] = freqs[i]!;
        fieldLength[2 * d + (freqs[i]! & TITLE_BIT ? TITLE : TERMS)]!++;
      }
      titleSum += fieldLength[2 * d]!;
    }
    this.postStart = postStart;
    this.postDoc = postDoc;
    this.postFreq = postFreq;
    this.fieldLength = fieldLength;
    this.averageFieldLength = [n ? titleSum / n : 0, n ? (entries.length - titleSum) / n : 0];
  }

  /** Term numbers a query needs, worked out as MiniSearch will: same tokenising, prefix and fuzzy rules. */
  private queryTerms(query: Query, options: QueryOptions, into: Set<number>): void {
    if (typeof query !== 'string') {
      if (typeof query === 'object' && 'queries' in query) {
        const inner = { ...options, ...query, queries: undefined } as QueryOptions;
        for (const q of query.queries) this.queryTerms(q, inner, into);
      }
      return;
    }
    const tok = options.tokenize ?? COMPACT_OPTIONS.tokenize;
    const proc = options.processTerm ?? COMPACT_OPTIONS.processTerm;
    const terms = tok(query)
      .flatMap((t) => proc(t) || [])
      .filter((t): t is string => !!t);
    terms.forEach((term, i) => {
      const prefix = typeof options.prefix === 'function' ? options.prefix(term, i, terms) : !!options.prefix;
      const f = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy;
      const fuzzy = f === true ? 0.2 : f || 0;
      const maxDistance = fuzzy < 1 ? Math.min(options.maxFuzzy ?? 6, Math.round(term.length * fuzzy)) : fuzzy;
      dictionaryMatches(this.packed.terms, term, prefix, maxDistance, into);
    });
  }

  /** The query's terms, shortest posting lists first, as many as {@link QUERY_POSTINGS} allows. */
  private withinBudget(terms: Set<number>): number[] {
    const length = (t: number) => this.postStart[t + 1]! - this.postStart[t]!;
    const sorted = [...terms].sort((a, b) => length(a) - length(b));
    const out: number[] = [];
    let total = 0;
    for (const t of sorted) {
      total += length(t);
      if (total > QUERY_POSTINGS.limit && out.length > 0) break;
      out.push(t);
    }
    return out;
  }

  /** A MiniSearch holding only what `terms` reach, scoring as the whole index would. */
  slice(terms: Iterable<number>): MiniSearch<IndexedPaper> {
    const { packed, postStart, postDoc, postFreq, fieldLength } = this;
    const index: AsPlainObject['index'] = [];
    // Papers get dense local numbers in the slice: MiniSearch's internal ids, never seen outside.
    const local = new Map<number, number>();
    const documentIds: Record<number, string> = {};
    const lengths: Record<number, number[]> = {};
    const storedFields: Record<number, { title: string }> = {};
    for (const t of terms) {
      const title: Record<number, number> = {};
      const body: Record<number, number> = {};
      for (let i = postStart[t]!; i < postStart[t + 1]!; i++) {
        const d = postDoc[i]!;
        let l = local.get(d);
        if (l === undefined) {
          local.set(d, (l = local.size));
          documentIds[l] = packed.ids[d]!;
          lengths[l] = [fieldLength[2 * d]!, fieldLength[2 * d + 1]!];
          storedFields[l] = { title: packed.titles[d]! };
        }
        const f = postFreq[i]!;
        if (f & TITLE_BIT) title[l] = f & MAX_TF;
        else body[l] = f;
      }
      index.push([packed.terms[t]!, { [TITLE]: title, [TERMS]: body }]);
    }
    return MiniSearch.loadJS<IndexedPaper>(
      {
        documentCount: packed.n,
        nextId: local.size,
        documentIds,
        fieldIds: { title: TITLE, terms: TERMS },
        fieldLength: lengths,
        averageFieldLength: this.averageFieldLength,
        storedFields,
        dirtCount: 0,
        index,
        serializationVersion: 2,
      },
      COMPACT_OPTIONS,
    );
  }

  search(query: Query, options: SearchOptions = {}): SearchResult[] {
    const needed = new Set<number>();
    this.queryTerms(query, { ...COMPACT_OPTIONS.searchOptions, ...options }, needed);
    if (needed.size === 0) return [];
    return this.slice(this.withinBudget(needed)).search(query, options);
  }

  /** The paper number of an id, for {@link CompactKeyTerms}. */
  private docNo?: Map<string, number>;
  docOf(id: string): number | undefined {
    this.docNo ??= new Map(this.packed.ids.map((x, i) => [x, i]));
    return this.docNo.get(id);
  }
}

/** Feedback terms per paper, as `paperKeyTerms` gives the full-text engine. */
const KEY_TERMS = 30;

/**
 * Each paper's compact terms with their tf-idf weights, decoded when asked
 * for: the compact terms are the key terms, so nothing more is stored.
 */
export class CompactKeyTerms extends Map<string, Array<[string, number]>> {
  constructor(private readonly index: CompactIndex) {
    super();
  }

  override has(id: string): boolean {
    return this.index.docOf(id) !== undefined;
  }

  override get(id: string): Array<[string, number]> | undefined {
    const d = this.index.docOf(id);
    if (d === undefined) return undefined;
    const { terms, df, n, docStart, entries, freqs } = this.index.packed;
    const tf = new Map<number, number>();
    for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
      const f = freqs[i]!;
      tf.set(entries[i]!, (tf.get(entries[i]!) ?? 0) + (f & TITLE_BIT ? 2 * (f & MAX_TF) : f));
    }
    const out: Array<[string, number]> = [];
    for (const [t, f] of tf) if (df[t]! >= 2) out.push([terms[t]!, (1 + Math.log(f)) * idf(df[t]!, n)]);
    return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, KEY_TERMS);
  }
}

/** Document frequencies read straight from the sorted term list (no map of 100k entries to build on load). */
class SortedTermFrequencies implements ReadonlyMap<string, number> {
  constructor(
    private readonly terms: readonly string[],
    private readonly df: Uint32Array,
  ) {}

  get size(): number {
    return this.terms.length;
  }

  get(term: string): number | undefined {
    const i = lowerBound(this.terms, term);
    return this.terms[i] === term ? this.df[i] : undefined;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  *entries(): MapIterator<[string, number]> {
    for (let i = 0; i < this.terms.length; i++) yield [this.terms[i]!, this.df[i]!];
  }

  *keys(): MapIterator<string> {
    yield* this.terms;
  }

  *values(): MapIterator<number> {
    yield* this.df;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (let i = 0; i < this.terms.length; i++) fn(this.df[i]!, this.terms[i]!, this);
  }
}

/** The engine over a packed index. */
export function compactEngine(packed: PackedIndex, corpusVersion: string): Engine {
  const index = new CompactIndex(packed);
  return {
    index,
    df: new SortedTermFrequencies(packed.terms, packed.df),
    n: packed.n,
    acronyms: new Map(packed.acronyms),
    keyTerms: new CompactKeyTerms(index),
    corpusVersion,
  };
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

/** Unsigned LEB128: small numbers in one byte. */
function writeVarints(values: ArrayLike<number>, count = values.length): Uint8Array {
  const out = new Uint8Array(count * 5);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let v = values[i]!;
    while (v >= 0x80) {
      out[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[at++] = v;
  }
  return out.slice(0, at);
}

function readVarints(bytes: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[at++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    out[i] = v >>> 0;
  }
  return out;
}

/**
 * The packed index as stored: strings joined by newlines and varint bytes
 * (IndexedDB clones them without a per-entry cost). Each paper's entries are
 * stored as term-number gaps, sorted, so most take one byte.
 */
const bytes = z.custom<Uint8Array>((x) => x instanceof Uint8Array, 'bytes');
export const StoredCompactSchema = z.object({
  n: z.number().int().nonnegative(),
  terms: z.string(),
  df: bytes,
  ids: z.string(),
  titles: z.string(),
  /** Entries per paper. */
  counts: bytes,
  entries: bytes,
  freqs: bytes,
  acronyms: z.array(z.tuple([z.string(), z.object({ short: z.string(), long: z.string() })])),
});
export type StoredCompact = z.infer<typeof StoredCompactSchema>;

export function serializePacked(p: PackedIndex): StoredCompact {
  const counts = new Uint32Array(p.n);
  const gaps = new Uint32Array(p.entries.length);
  const freqs = new Uint8Array(p.freqs.length);
  for (let d = 0; d < p.n; d++) {
    const from = p.docStart[d]!;
    const to = p.docStart[d + 1]!;
    counts[d] = to - from;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort(
      (a, b) => p.entries[a]! - p.entries[b]! || p.freqs[b]! - p.freqs[a]!,
    );
    let previous = 0;
    order.forEach((e, k) => {
      gaps[from + k] = p.entries[e]! - previous;
      previous = p.entries[e]!;
      freqs[from + k] = p.freqs[e]!;
    });
  }
  return {
    n: p.n,
    terms: p.terms.join('\n'),
    df: writeVarints(p.df),
    ids: p.ids.join('\n'),
    titles: p.titles.join('\n'),
    counts: writeVarints(counts),
    entries: writeVarints(gaps),
    freqs,
    acronyms: p.acronyms,
  };
}

export function deserializePacked(s: StoredCompact): PackedIndex {
  const split = (x: string) => (x ? x.split('\n') : []);
  const terms = split(s.terms);
  const counts = readVarints(s.counts, s.n);
  const docStart = new Uint32Array(s.n + 1);
  for (let d = 0; d < s.n; d++) docStart[d + 1] = docStart[d]! + counts[d]!;
  // One pass: varint gaps to term numbers, restarting at each paper.
  const entries = new Uint32Array(docStart[s.n]!);
  const bytes = s.entries;
  let at = 0;
  for (let d = 0, i = 0; d < s.n; d++) {
    let previous = 0;
    for (const end = docStart[d + 1]!; i < end; i++) {
      let b = bytes[at++]!;
      let v = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = bytes[at++]!;
        v |= (b & 0x7f) << shift;
      }
      entries[i] = previous += v;
    }
  }
  const ids = split(s.ids);
  const titles = split(s.titles);
  if (ids.length !== s.n || titles.length !== s.n || s.freqs.length !== entries.length) {
    throw new Error('corrupt compact index');
  }
  return {
    n: s.n,
    terms,
    df: readVarints(s.df, terms.length),
    ids,
    titles,
    docStart,
    entries,
    freqs: s.freqs,
    acronyms: s.acronyms,
  };
}

/** Size of a stored compact index in bytes (strings as UTF-8). */
export function storedCompactBytes(s: StoredCompact): number {
  const enc = (x: string) => new TextEncoder().encode(x).length;
  return (
    enc(s.terms) +
    enc(s.ids) +
    enc(s.titles) +
    s.df.length +
    s.counts.length +
    s.entries.length +
    s.freqs.length +
    enc(JSON.stringify(s.acronyms))
  );
}
