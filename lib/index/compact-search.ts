/**
 * Searching the compact design straight over its packed postings. The scorer
 * is MiniSearch 7's, restated for these arrays: BM25+ (k 1.2, b 0.7, d 0.5)
 * per field, normalised by the field's average length over the corpus and
 * with the field's own document frequency; the title boosted 2.5×; prefix
 * and fuzzy expansions weighted as MiniSearch weighs them; OR, AND and
 * AND_NOT combined as its combinators do (in the same order, so sums come out
 * bit for bit the same); and a paper's score multiplied by the number of
 * query terms it matched. It reads the same `Query` trees and options as
 * `MiniSearch.search`, so callers need not know which design they have.
 */
import type { CombinationOperator, Query, SearchOptions, SearchResult } from 'minisearch';
import { lowerBound, MAX_TF, TITLE_BIT, type PackedIndex } from './compact-packed';
import { BASE_SEARCH_OPTIONS } from './search-options';
import { idf, KEY_TERMS, sublinearTf } from './tfidf';
import type {
  DocumentFrequencies,
  Engine,
  ScoresAmong,
  ScoresOf,
  SearchIndex,
  WeightedHit,
  WeightedSearchOptions,
} from './types';

/**
 * A query reads at most this many postings: when its terms' lists are longer
 * together, the terms with the longest lists (the least specific) are left
 * out. It bounds the cost of a query whatever the corpus size — a page's
 * common words would otherwise reach most papers of a large corpus.
 */
export const QUERY_POSTINGS = { limit: 20_000 };

/** The fields of the compact design, in MiniSearch's order: title terms, then compact terms. */
export const COMPACT_FIELDS = ['title', 'terms'] as const;
type Field = (typeof COMPACT_FIELDS)[number];

type Options = Omit<SearchOptions, 'tokenize' | 'processTerm'> & {
  tokenize?: (text: string) => string[];
  processTerm?: (term: string) => string | string[] | null | undefined | false;
};

/** MiniSearch's defaults, then the project's (`BASE_SEARCH_OPTIONS`), for options a query leaves out. */
const DEFAULTS = {
  combineWith: BASE_SEARCH_OPTIONS.searchOptions.combineWith as CombinationOperator,
  prefix: false as SearchOptions['prefix'],
  fuzzy: false as SearchOptions['fuzzy'],
  maxFuzzy: 6,
  weights: { fuzzy: 0.45, prefix: 0.375 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  boost: BASE_SEARCH_OPTIONS.searchOptions.boost as Record<string, number>,
  tokenize: BASE_SEARCH_OPTIONS.tokenize as (text: string) => string[],
  processTerm: BASE_SEARCH_OPTIONS.processTerm as NonNullable<Options['processTerm']>,
};

/** A paper's running score in a query: MiniSearch's raw result. */
interface Raw {
  score: number;
  /** Query terms matched. */
  terms: string[];
  /** Index terms matched, with the fields they matched in. */
  match: Record<string, string[]>;
}
type RawResults = Map<number, Raw>;

/** One query term, as MiniSearch's `QuerySpec`. */
interface TermSpec {
  term: string;
  prefix: boolean;
  fuzzy: boolean | number;
  termBoost: number;
}

const addUnique = (target: string[], source: readonly string[]) => {
  for (const t of source) if (!target.includes(t)) target.push(t);
};

const own = <T>(object: Record<string, T> | undefined, key: string): T | undefined =>
  object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;

/** MiniSearch's combinators, verbatim in effect (the order of insertion and of sums included). */
const COMBINE: Record<string, (a: RawResults, b: RawResults) => RawResults> = {
  or: (a, b) => {
    for (const [doc, r] of b) {
      const existing = a.get(doc);
      if (!existing) a.set(doc, r);
      else {
        existing.score += r.score;
        existing.match = Object.assign(existing.match, r.match);
        addUnique(existing.terms, r.terms);
      }
    }
    return a;
  },
  and: (a, b) => {
    const combined: RawResults = new Map();
    for (const [doc, r] of b) {
      const existing = a.get(doc);
      if (!existing) continue;
      addUnique(existing.terms, r.terms);
      combined.set(doc, {
        score: existing.score + r.score,
        terms: existing.terms,
        match: Object.assign(existing.match, r.match),
      });
    }
    return combined;
  },
  and_not: (a, b) => {
    for (const doc of b.keys()) a.delete(doc);
    return a;
  },
};

function combine(results: RawResults[], operator: CombinationOperator = 'OR'): RawResults {
  if (results.length === 0) return new Map();
  const fn = COMBINE[operator.toLowerCase()];
  if (!fn) throw new Error(`Invalid combination operator: ${operator}`);
  return results.reduce(fn);
}

/** Levenshtein distance of `a` and `b` when at most `max`, else `max + 1`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    previous = row;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/**
 * The `k`-th largest of `values` (1 ≤ k ≤ its length): the least of a heap of
 * the `k` largest seen, so a value below it costs one comparison.
 */
export function kthLargest(values: Float64Array, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  // By index: iterating the values boxed each one (about 100 KB per ranking).
  for (let at = 0; at < values.length; at++) {
    const v = values[at]!;
    let i: number;
    if (size < k) {
      for (i = size++; i > 0;) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! <= v) break;
        heap[i] = heap[parent]!;
        i = parent;
      }
    } else if (v > heap[0]!) {
      for (i = 0; ;) {
        const left = 2 * i + 1;
        if (left >= k) break;
        const child = left + 1 < k && heap[left + 1]! < heap[left]! ? left + 1 : left;
        if (heap[child]! >= v) break;
        heap[i] = heap[child]!;
        i = child;
      }
    } else continue;
    heap[i] = v;
  }
  return heap[0]!;
}

/** {@link CompactIndex.scoreWeightedAmong}'s marks. */
const AMONG = 1;
const EXCLUDED = 2;

/** The dictionary terms a query term reaches: exact (or -1), prefix expansions, fuzzy ones with their distance. */
interface Expansions {
  exact: number;
  prefix: number[];
  fuzzy: Array<[number, number]>;
}

/** FNV-1a of a string's UTF-16 code units, 32 bits. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Term numbers by hash: an open-addressing table over the sorted term list,
 * built on the first lookup (once per index, tens of milliseconds for 400k
 * terms). A binary search over that many strings costs microseconds a lookup
 * in cache misses, and the ranking looks up thousands of terms per page (its
 * keywords' document frequencies, the query's terms, the cosine's extra terms).
 */
export class TermLookup {
  /** Each slot's term number, or -1: empty. */
  private slots?: Int32Array;
  /** Each slot's term's hash, so a probe reads a string only when the hashes agree. */
  private hashes?: Uint32Array;
  private mask = 0;

  constructor(private readonly terms: readonly string[]) {}

  /** The number of `term` in the list, or -1. */
  find(term: string): number {
    if (!this.slots) this.build();
    const slots = this.slots!;
    const hashes = this.hashes!;
    const h = hashOf(term);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const t = slots[slot]!;
      if (t < 0) return -1;
      if (hashes[slot] === h && this.terms[t] === term) return t;
    }
  }

  private build(): void {
    let size = 2;
    while (size < 2 * this.terms.length) size *= 2;
    const slots = new Int32Array(size).fill(-1);
    const hashes = new Uint32Array(size);
    const mask = size - 1;
    for (let t = 0; t < this.terms.length; t++) {
      const h = hashOf(this.terms[t]!);
      let slot = h & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = t;
      hashes[slot] = h;
    }
    this.slots = slots;
    this.hashes = hashes;
    this.mask = mask;
  }
}

/** State of one `search` call: the terms within the posting budget and the order papers are met in. */
interface Pass {
  allowed: Set<number>;
  /** Each reached paper's number in the order the budgeted terms reach it: the order results are listed in. */
  order: Map<number, number>;
}

/**
 * The compact index's search: the query's terms, within {@link QUERY_POSTINGS},
 * scored over the packed postings as MiniSearch would score a MiniSearch
 * holding the whole compact index.
 */
export class CompactIndex implements SearchIndex {
  readonly documentCount: number;
  private readonly postStart: Uint32Array;
  private readonly postDoc: Uint32Array;
  private readonly postFreq: Uint8Array;
  /** Papers whose title holds each term: MiniSearch's per-field document frequency. */
  private readonly titleDf: Uint32Array;
  private readonly fieldLength: Uint16Array;
  private readonly averageFieldLength: [number, number];

  /** Term numbers by hash, for exact lookups. */
  readonly lookup: TermLookup;

  constructor(readonly packed: PackedIndex) {
    const { n, terms, docStart, entries, freqs } = packed;
    this.documentCount = n;
    this.lookup = new TermLookup(terms);
    // Inverted lists by counting sort: one pass to count, one to place.
    const postStart = new Uint32Array(terms.length + 1);
    for (let i = 0; i < entries.length; i++) postStart[entries[i]! + 1]!++;
    for (let t = 0; t < terms.length; t++) postStart[t + 1]! += postStart[t]!;
    const fill = postStart.slice(0, terms.length);
    const postDoc = new Uint32Array(entries.length);
    const postFreq = new Uint8Array(entries.length);
    const titleDf = new Uint32Array(terms.length);
    const fieldLength = new Uint16Array(2 * n);
    let titleSum = 0;
    for (let d = 0; d < n; d++) {
      for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
        const t = entries[i]!;
        const at = fill[t]!++;
        postDoc[at] = d;
        postFreq[at] = freqs[i]!;
        const inTitle = freqs[i]! & TITLE_BIT ? 1 : 0;
        titleDf[t]! += inTitle;
        fieldLength[2 * d + 1 - inTitle]!++;
      }
      titleSum += fieldLength[2 * d]!;
    }
    this.postStart = postStart;
    this.postDoc = postDoc;
    this.postFreq = postFreq;
    this.titleDf = titleDf;
    this.fieldLength = fieldLength;
    this.averageFieldLength = [n ? titleSum / n : 0, n ? (entries.length - titleSum) / n : 0];
  }

  private postings(t: number): number {
    return this.postStart[t + 1]! - this.postStart[t]!;
  }

  /** The query's term specs, tokenised and processed as MiniSearch does. */
  private specs(query: string, options: Options & typeof DEFAULTS): TermSpec[] {
    const terms = options
      .tokenize(query)
      .flatMap((t) => options.processTerm(t) || [])
      .filter((t): t is string => !!t);
    return terms.map((term, i) => ({
      term,
      fuzzy: typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy || false,
      prefix: typeof options.prefix === 'function' ? options.prefix(term, i, terms) : options.prefix === true,
      termBoost: typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1,
    }));
  }

  /** Every term of the dictionary a spec reaches: exact, prefix expansions, fuzzy ones, with their edit distance. */
  private expansions(spec: TermSpec, options: Options & typeof DEFAULTS): Expansions {
    const key = `${spec.term}\0${spec.prefix}\0${spec.fuzzy}\0${options.maxFuzzy}`;
    let found = this.expanded.get(key);
    if (!found) this.expanded.set(key, (found = this.expand(spec, options)));
    return found;
  }

  /** Expansions of one search call, so the fuzzy scan of the dictionary runs once per query term. */
  private expanded = new Map<string, Expansions>();

  private expand(spec: TermSpec, options: Options & typeof DEFAULTS): Expansions {
    const { terms } = this.packed;
    const lower = lowerBound(terms, spec.term);
    const exact = terms[lower] === spec.term ? lower : -1;
    const prefix: number[] = [];
    if (spec.prefix)
      for (let i = lower; i < terms.length && terms[i]!.startsWith(spec.term); i++) if (i !== exact) prefix.push(i);
    const fuzzy: Array<[number, number]> = [];
    if (spec.fuzzy) {
      const f = spec.fuzzy === true ? 0.2 : spec.fuzzy;
      const max = f < 1 ? Math.min(options.maxFuzzy, Math.round(spec.term.length * f)) : f;
      if (max) {
        const inPrefix = new Set(prefix);
        for (let i = 0; i < terms.length; i++) {
          if (i === exact || inPrefix.has(i)) continue;
          const distance = editDistance(terms[i]!, spec.term, max);
          if (distance <= max) fuzzy.push([i, distance]);
        }
      }
    }
    return { exact, prefix, fuzzy };
  }

  /** Adds term `t`'s matches, as index term `derived` of query term `source`, to `results` (MiniSearch's `termResults`). */
  private termResults(
    source: string,
    t: number,
    weight: number,
    spec: TermSpec,
    boosts: ReadonlyArray<[Field, number]>,
    options: Options & typeof DEFAULTS,
    pass: Pass,
    results: RawResults,
  ): void {
    if (t < 0 || !pass.allowed.has(t)) return;
    const derived = this.packed.terms[t]!;
    const { k, b, d } = { ...DEFAULTS.bm25, ...options.bm25 };
    const from = this.postStart[t]!;
    const to = this.postStart[t + 1]!;
    for (const [field, fieldBoost] of boosts) {
      const inTitle = field === 'title';
      const matching = inTitle ? this.titleDf[t]! : to - from - this.titleDf[t]!;
      if (matching === 0) continue;
      const idf = Math.log(1 + (this.documentCount - matching + 0.5) / (matching + 0.5));
      const average = this.averageFieldLength[inTitle ? 0 : 1];
      const hits: number[] = [];
      for (let i = from; i < to; i++) if ((this.postFreq[i]! & TITLE_BIT) === (inTitle ? TITLE_BIT : 0)) hits.push(i);
      hits.sort((x, y) => pass.order.get(this.postDoc[x]!)! - pass.order.get(this.postDoc[y]!)!);
      for (const i of hits) {
        const doc = this.postDoc[i]!;
        const tf = this.postFreq[i]! & MAX_TF;
        const length = this.fieldLength[2 * doc + (inTitle ? 0 : 1)]!;
        const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average)));
        const score = weight * spec.termBoost * fieldBoost * raw;
        const r = results.get(doc);
        if (r) {
          r.score += score;
          addUnique(r.terms, [source]);
          const m = own(r.match, derived);
          if (m) m.push(field);
          else r.match[derived] = [field];
        } else results.set(doc, { score, terms: [source], match: { [derived]: [field] } });
      }
    }
  }

  /** One query term's results (MiniSearch's `executeQuerySpec`). */
  private executeSpec(spec: TermSpec, options: Options & typeof DEFAULTS, pass: Pass): RawResults {
    // A field this design does not have (a full-text caller's "abstract") matches nothing, as in MiniSearch.
    const fields = (options.fields ?? COMPACT_FIELDS).filter((f): f is Field => COMPACT_FIELDS.includes(f as Field));
    const boosts = fields.map((f): [Field, number] => [f, own(options.boost, f) || 1]);
    const { fuzzy: fuzzyWeight, prefix: prefixWeight } = { ...DEFAULTS.weights, ...options.weights };
    const { exact, prefix, fuzzy } = this.expansions(spec, options);
    const results: RawResults = new Map();
    this.termResults(spec.term, exact, 1, spec, boosts, options, pass, results);
    for (const t of prefix) {
      const term = this.packed.terms[t]!;
      const distance = term.length - spec.term.length;
      const weight = (prefixWeight * term.length) / (term.length + 0.3 * distance);
      this.termResults(spec.term, t, weight, spec, boosts, options, pass, results);
    }
    for (const [t, distance] of fuzzy) {
      const term = this.packed.terms[t]!;
      const weight = (fuzzyWeight * term.length) / (term.length + distance);
      this.termResults(spec.term, t, weight, spec, boosts, options, pass, results);
    }
    return results;
  }

  /** A query tree's results (MiniSearch's `executeQuery`). */
  private execute(query: Query, options: Options, pass: Pass): RawResults {
    if (typeof query !== 'string') {
      if (typeof query !== 'object' || !('queries' in query)) return new Map(); // the wildcard: not served here
      const inner = { ...options, ...query, queries: undefined } as Options;
      return combine(
        query.queries.map((q) => this.execute(q, inner, pass)),
        inner.combineWith,
      );
    }
    const full = { ...DEFAULTS, ...options } as Options & typeof DEFAULTS;
    return combine(
      this.specs(query, full).map((spec) => this.executeSpec(spec, full, pass)),
      full.combineWith,
    );
  }

  /** Term numbers a query can reach, worked out as {@link execute} will: the same tokenising, prefix and fuzzy rules. */
  private reach(query: Query, options: Options, into: Set<number>): void {
    if (typeof query !== 'string') {
      if (typeof query === 'object' && 'queries' in query) {
        const inner = { ...options, ...query, queries: undefined } as Options;
        for (const q of query.queries) this.reach(q, inner, into);
      }
      return;
    }
    const full = { ...DEFAULTS, ...options } as Options & typeof DEFAULTS;
    for (const spec of this.specs(query, full)) {
      const { exact, prefix, fuzzy } = this.expansions(spec, full);
      if (exact >= 0) into.add(exact);
      for (const t of prefix) into.add(t);
      for (const [t] of fuzzy) into.add(t);
    }
  }

  /** The query's terms, shortest posting lists first, as many as {@link QUERY_POSTINGS} allows, and the papers they reach. */
  private budget(terms: Set<number>): Pass {
    const sorted = [...terms].sort((a, b) => this.postings(a) - this.postings(b));
    const allowed = new Set<number>();
    const order = new Map<number, number>();
    let total = 0;
    for (const t of sorted) {
      total += this.postings(t);
      if (total > QUERY_POSTINGS.limit && allowed.size > 0) break;
      allowed.add(t);
      for (let i = this.postStart[t]!; i < this.postStart[t + 1]!; i++)
        if (!order.has(this.postDoc[i]!)) order.set(this.postDoc[i]!, order.size);
    }
    return { allowed, order };
  }

  search(query: Query, options: SearchOptions = {}): SearchResult[] {
    const opts = options as Options;
    const needed = new Set<number>();
    this.expanded = new Map();
    this.reach(query, opts, needed);
    if (needed.size === 0) return [];
    const raw = this.execute(query, opts, this.budget(needed));
    const results: SearchResult[] = [];
    const filter = options.filter;
    for (const [doc, { score, terms, match }] of raw) {
      const result: SearchResult = {
        id: this.packed.ids[doc]!,
        score: score * (terms.length || 1),
        terms: Object.keys(match),
        queryTerms: terms,
        match,
        title: this.packed.titles[doc]!,
      };
      if (!filter || filter(result)) results.push(result);
    }
    return results.sort((a, b) => b.score - a.score);
  }

  /**
   * Per-paper state of {@link searchWeighted}, kept between calls so a query
   * allocates (and leaves the collector) next to nothing: each call resets
   * the papers it reached. One query at a time — `rankBy` and `ties` must not
   * search this index.
   */
  private scratch?: {
    /** Running score, then MiniSearch's raw score. */
    score: Float64Array;
    /** The current query term's score, title then compact terms (summed first, as `termResults` does). */
    termScore: Float64Array;
    /** The query term that last reached the paper, or -1. */
    lastTerm: Int32Array;
    /** The paper's place in the order the budgeted terms meet papers, or -1: unmet. */
    order: Int32Array;
    /** Query terms matched. */
    count: Int32Array;
    /** Where MiniSearch's result map would list the paper: first query term, field, then order met. */
    seq: Float64Array;
    /** First and last of the paper's matched query terms, a list through `next`. */
    head: Int32Array;
    tail: Int32Array;
    /** By place among the papers reached: the paper, its score, its key, where it sorts when tied, the cut. */
    reached: Int32Array;
    scores: Float64Array;
    keys: Float64Array;
    seqs: Float64Array;
    chosen: Uint32Array;
    /** The matched-term lists' nodes: each node's query term and the next node, grown as a query needs. */
    nodeTerm: Int32Array;
    next: Int32Array;
    /** The papers the current query term reaches, first time each. */
    met: Int32Array;
    /** The papers a caller asked about ({@link scoreWeightedAmong}): `AMONG` and/or `EXCLUDED`, else 0. */
    mark: Uint8Array;
  };

  private scratchFor(n: number) {
    const fill = (a: Int32Array) => a.fill(-1);
    return (this.scratch ??= {
      score: new Float64Array(n),
      termScore: new Float64Array(n),
      lastTerm: fill(new Int32Array(n)),
      order: fill(new Int32Array(n)),
      count: new Int32Array(n),
      seq: new Float64Array(n),
      head: new Int32Array(n),
      tail: new Int32Array(n),
      reached: new Int32Array(n),
      scores: new Float64Array(n),
      keys: new Float64Array(n),
      seqs: new Float64Array(n),
      chosen: new Uint32Array(n),
      nodeTerm: new Int32Array(0),
      next: new Int32Array(0),
      met: new Int32Array(0),
      mark: new Uint8Array(n),
    });
  }

  /**
   * {@link SearchIndex.searchWeighted}: the same hits and scores as `search`
   * gives for the weighted OR query (exact terms, within {@link QUERY_POSTINGS}),
   * summed in the same order, but over typed arrays and returning only the
   * best `limit` — no match details, no result object for a paper left out.
   */
  searchWeighted(weights: ReadonlyMap<string, number>, options: WeightedSearchOptions = {}): WeightedHit[] {
    const { ids, titles } = this.packed;
    const run = this.accumulate(weights);
    if (!run) return [];
    const { reached, scores, matchedTerms, s } = run;
    const m = reached.length;
    const { rankBy, ties } = options;
    let keys = scores;
    if (rankBy) {
      // One array per number of terms, lent to every call: `rankBy` reads the terms, it does not keep them.
      // (Emptying one array instead dropped its storage each time: a megabyte of garbage per ranking.)
      const lent: string[][] = [];
      keys = s.keys.subarray(0, m);
      for (let j = 0; j < m; j++) {
        const doc = reached[j]!;
        const count = s.count[doc]!;
        keys[j] = rankBy(scores[j]!, matchedTerms(doc, (lent[count] ??= new Array<string>(count))));
      }
    }
    // Only papers at or above the `limit`-th best key can make the cut; the sort below settles their order.
    const limit = Math.min(options.limit ?? m, m);
    const threshold = limit < m ? kthLargest(keys, limit) : -Infinity;
    let count = 0;
    const chosen = s.chosen;
    const seq = s.seqs;
    for (let j = 0; j < m; j++) {
      if (!(keys[j]! >= threshold)) continue;
      chosen[count++] = j;
      seq[j] = s.seq[reached[j]!]!;
    }
    // By place among the reached papers; a map, since an array written at such places would be as long as they are many.
    const hits = new Map<number, WeightedHit>();
    const hitOf = (j: number): WeightedHit => {
      let hit = hits.get(j);
      if (!hit) {
        const doc = reached[j]!;
        hits.set(j, (hit = { id: ids[doc]!, title: titles[doc]!, score: scores[j]!, queryTerms: matchedTerms(doc) }));
      }
      return hit;
    };
    const ordered = chosen
      .subarray(0, count)
      .sort(
        (x, y) =>
          keys[y]! - keys[x]! || (ties ? ties(hitOf(x), hitOf(y)) : 0) || scores[y]! - scores[x]! || seq[x]! - seq[y]!,
      );
    const out = Array.from(ordered.subarray(0, limit), hitOf);
    this.release(reached);
    return out;
  }

  /** Every hit's score for the weighted OR query, as {@link searchWeighted} scores it, in no particular order. */
  scoreWeighted(weights: ReadonlyMap<string, number>): Map<string, number> {
    const run = this.accumulate(weights);
    const scores = new Map<string, number>();
    if (!run) return scores;
    const { ids } = this.packed;
    for (let j = 0; j < run.reached.length; j++) scores.set(ids[run.reached[j]!]!, run.scores[j]!);
    this.release(run.reached);
    return scores;
  }

  /** {@link SearchIndex.scoreWeightedAmong}: {@link scoreWeighted} read for some papers, and the best of the rest. */
  scoreWeightedAmong(weights: ReadonlyMap<string, number>, papers: ScoresAmong): ScoresOf {
    const run = this.accumulate(weights);
    const scores = new Map<string, number>();
    let best = 0;
    if (!run) return { scores, best };
    const { ids } = this.packed;
    // The asked-for papers by number, marked once: two set lookups by id for each of 20,000 papers reached took a millisecond.
    const { mark } = run.s;
    const marked: number[] = [];
    const markAll = (which: ReadonlySet<string>, bit: number) => {
      for (const id of which) {
        const doc = this.docOf(id);
        if (doc === undefined) continue;
        if (mark[doc] === 0) marked.push(doc);
        mark[doc]! |= bit;
      }
    };
    markAll(papers.among, AMONG);
    markAll(papers.exclude, EXCLUDED);
    for (let j = 0; j < run.reached.length; j++) {
      const score = run.scores[j]!;
      const doc = run.reached[j]!;
      const m = mark[doc]!;
      if (score > best && !(m & EXCLUDED)) best = score;
      if (m & AMONG) scores.set(ids[doc]!, score);
    }
    for (const doc of marked) mark[doc] = 0;
    this.release(run.reached);
    return { scores, best };
  }

  /** Clears the scratch state of the papers a query reached. */
  private release(reached: Int32Array): void {
    const s = this.scratchFor(this.documentCount);
    for (const doc of reached) {
      s.lastTerm[doc] = -1;
      s.order[doc] = -1;
      s.count[doc] = 0;
    }
  }

  /**
   * The weighted OR query over the scratch arrays: the papers reached (in the
   * order met), their MiniSearch scores and matched terms. The caller
   * releases the reached papers when done.
   */
  private accumulate(weights: ReadonlyMap<string, number>) {
    const n = this.documentCount;
    // The query terms the dictionary holds, in the query's order (an empty key is no term, as `search` tokenises it).
    const queryTerms: string[] = [];
    const termNo: number[] = [];
    const boosts: number[] = [];
    for (const term of weights.keys()) {
      if (!term) continue;
      const t = this.lookup.find(term);
      if (t < 0) continue;
      queryTerms.push(term);
      termNo.push(t);
      boosts.push(weights.get(term) ?? 1);
    }
    if (termNo.length === 0) return undefined;
    const { allowed, reached, postings } = this.weightedBudget(termNo);
    const s = this.scratchFor(n);
    if (s.next.length < postings) {
      s.next = new Int32Array(postings);
      s.nodeTerm = new Int32Array(postings);
    }
    const { next, nodeTerm } = s;
    let nodes = 0;
    const { k, b, d } = DEFAULTS.bm25;
    const fieldBoosts = COMPACT_FIELDS.map((f) => own(DEFAULTS.boost, f) || 1);
    // The papers the current term reaches, first time each: at most its postings, within the query's.
    if (s.met.length < postings) s.met = new Int32Array(postings);
    const met = s.met;
    for (let q = 0; q < termNo.length; q++) {
      const t = termNo[q]!;
      if (!allowed.has(t)) continue;
      const from = this.postStart[t]!;
      const to = this.postStart[t + 1]!;
      let metCount = 0;
      // Both fields in one pass: a paper's title entry comes before its abstract entry for the same term, so
      // its field scores add up in the order of a pass per field. `CompactIndex`'s lists are in paper order, in
      // each paper the order of its entries: a fresh build adds the title's first; a stored index sorts them by
      // term, then by frequency from the highest, and a title entry's frequency carries `TITLE_BIT`.
      const titleMatching = this.titleDf[t]!;
      const idfOf = (matching: number) => Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
      const idfs = [idfOf(titleMatching), idfOf(to - from - titleMatching)] as const;
      const weights = [boosts[q]! * fieldBoosts[0]!, boosts[q]! * fieldBoosts[1]!] as const;
      for (let i = from; i < to; i++) {
        const f = this.postFreq[i]!;
        const field = f & TITLE_BIT ? 0 : 1;
        const doc = this.postDoc[i]!;
        const tf = f & MAX_TF;
        const length = this.fieldLength[2 * doc + field]!;
        const average = this.averageFieldLength[field]!;
        const score =
          weights[field] * (idfs[field] * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average))));
        if (s.lastTerm[doc] === q) s.termScore[doc]! += score;
        else {
          s.lastTerm[doc] = q;
          s.termScore[doc] = score;
          met[metCount++] = doc;
          if (s.count[doc] === 0) s.seq[doc] = (2 * q + field) * n + s.order[doc]!;
        }
      }
      for (let x = 0; x < metCount; x++) {
        const doc = met[x]!;
        const node = nodes++;
        nodeTerm[node] = q;
        next[node] = -1;
        if (s.count[doc]! === 0) {
          s.score[doc] = s.termScore[doc]!;
          s.head[doc] = node;
        } else {
          s.score[doc]! += s.termScore[doc]!;
          next[s.tail[doc]!] = node;
        }
        s.tail[doc] = node;
        s.count[doc]!++;
      }
    }
    const m = reached.length;
    const scores = s.scores.subarray(0, m);
    /** The paper's matched terms in query order, into a new array or over the places of `out` (as long as they are many). */
    const matchedTerms = (doc: number, out?: string[]): string[] => {
      if (!out) {
        const fresh: string[] = [];
        for (let node = s.head[doc]!; node >= 0; node = next[node]!) fresh.push(queryTerms[nodeTerm[node]!]!);
        return fresh;
      }
      let at = 0;
      for (let node = s.head[doc]!; node >= 0; node = next[node]!) out[at++] = queryTerms[nodeTerm[node]!]!;
      return out;
    };
    for (let j = 0; j < m; j++) {
      const doc = reached[j]!;
      scores[j] = s.score[doc]! * (s.count[doc]! || 1);
    }
    return { reached, scores, matchedTerms, s };
  }

  /** {@link budget} for exact query terms: the terms it allows, the papers they reach in the order met, and their postings. */
  private weightedBudget(termNo: readonly number[]): { allowed: Set<number>; reached: Int32Array; postings: number } {
    const sorted = [...new Set(termNo)].sort((a, b) => this.postings(a) - this.postings(b));
    const allowed = new Set<number>();
    let total = 0;
    for (const t of sorted) {
      if (total + this.postings(t) > QUERY_POSTINGS.limit && allowed.size > 0) break;
      total += this.postings(t);
      allowed.add(t);
    }
    const s = this.scratchFor(this.documentCount);
    const { reached } = s;
    let m = 0;
    for (const t of sorted) {
      if (!allowed.has(t)) continue;
      for (let i = this.postStart[t]!; i < this.postStart[t + 1]!; i++) {
        const doc = this.postDoc[i]!;
        if (s.order[doc] !== -1) continue;
        s.order[doc] = m;
        reached[m++] = doc;
      }
    }
    return { allowed, reached: reached.subarray(0, m), postings: total };
  }

  /** The paper number of an id, for {@link CompactKeyTerms}. */
  private docNo?: Map<string, number>;
  docOf(id: string): number | undefined {
    this.docNo ??= new Map(this.packed.ids.map((x, i) => [x, i]));
    return this.docNo.get(id);
  }
}

/**
 * Each paper's compact terms with their tf-idf weights, decoded when asked
 * for: the compact terms are the key terms, so nothing more is stored.
 */
export class CompactKeyTerms extends Map<string, Array<[string, number]>> {
  constructor(private readonly index: CompactIndex) {
    super();
  }

  /** Scratch of the paper being decoded: its distinct terms, their counts and weights, the heaviest so far. */
  private decoded?: { found: Int32Array; counts: Int32Array; weights: Float64Array; best: Int32Array };

  override has(id: string): boolean {
    return this.index.docOf(id) !== undefined;
  }

  /**
   * The paper's key terms as `topTerms` picks them from its entries (a title
   * entry counting twice), over term numbers instead of maps of strings: the
   * cosine decodes 100 of these per ranking. The heaviest are kept by
   * insertion, never sorting them all.
   */
  override get(id: string): Array<[string, number]> | undefined {
    const d = this.index.docOf(id);
    if (d === undefined) return undefined;
    const { terms, df, n, docStart, entries, freqs } = this.index.packed;
    const size = docStart[d + 1]! - docStart[d]!;
    if (!this.decoded || this.decoded.found.length < size) {
      const length = Math.max(size, 64);
      this.decoded = {
        found: new Int32Array(length),
        counts: new Int32Array(length),
        weights: new Float64Array(length),
        best: new Int32Array(KEY_TERMS),
      };
    }
    const { found, counts, weights, best } = this.decoded;
    // A term's earlier entry is found by a scan of those before: a paper has a few dozen entries (its compact
    // terms, at most `COMPACT_SHAPE`'s, and its title's), and a table by term number cost two cache misses each.
    let distinct = 0;
    for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
      const t = entries[i]!;
      const f = freqs[i]!;
      const count = f & TITLE_BIT ? 2 * (f & MAX_TF) : f;
      let at = 0;
      while (at < distinct && found[at] !== t) at++;
      if (at === distinct) {
        found[distinct] = t;
        counts[distinct++] = count;
      } else counts[at]! += count;
    }
    // As `topTerms` with `alphabetical`: the heaviest first, ties to the alphabetically first term — the
    // term with the lower number, as the packed terms are sorted.
    const heavier = (x: number, y: number) =>
      weights[x]! > weights[y]! || (weights[x] === weights[y] && found[x]! < found[y]!);
    let kept = 0;
    for (let j = 0; j < distinct; j++) {
      const t = found[j]!;
      // `tfidf`; a term no other paper has is never a key term.
      const f = df[t]!;
      if (f < 2) continue;
      weights[j] = sublinearTf(counts[j]!) * idf(f, n);
      if (kept === KEY_TERMS && !heavier(j, best[KEY_TERMS - 1]!)) continue;
      let at = kept < KEY_TERMS ? kept++ : KEY_TERMS - 1;
      for (; at > 0 && heavier(j, best[at - 1]!); at--) best[at] = best[at - 1]!;
      best[at] = j;
    }
    // A loop, not `Array.from` over the typed array, which iterated it with a result object per term.
    const out = new Array<[string, number]>(kept);
    for (let i = 0; i < kept; i++) out[i] = [terms[found[best[i]!]!]!, weights[best[i]!]!];
    return out;
  }
}

/** Document frequencies by term, read through the index's {@link TermLookup} (no map of 400k entries to build on load). */
class SortedTermFrequencies implements ReadonlyMap<string, number> {
  constructor(
    private readonly terms: readonly string[],
    private readonly df: Uint32Array,
    private readonly lookup: TermLookup,
  ) {}

  get size(): number {
    return this.terms.length;
  }

  get(term: string): number | undefined {
    const i = this.lookup.find(term);
    return i < 0 ? undefined : this.df[i];
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

/** The index's document frequencies and those of the terms too common to index: what the whole-text cosine reads. */
function withCommonTerms(
  indexed: ReadonlyMap<string, number>,
  common: ReadonlyArray<readonly [string, number]>,
): DocumentFrequencies {
  if (common.length === 0) return indexed;
  const commonDf = new Map(common);
  return { get: (term) => indexed.get(term) ?? commonDf.get(term) };
}

/** Each paper's whole-text norm, read from the packed array by paper id. */
export class CompactTextNorms extends Map<string, number> {
  constructor(private readonly index: CompactIndex) {
    super();
  }

  override has(id: string): boolean {
    return this.index.docOf(id) !== undefined;
  }

  override get(id: string): number | undefined {
    const d = this.index.docOf(id);
    return d === undefined ? undefined : this.index.packed.norms[d];
  }
}

/** The engine over a packed index. */
export function compactEngine(packed: PackedIndex, corpusVersion: string): Engine {
  const index = new CompactIndex(packed);
  const df = new SortedTermFrequencies(packed.terms, packed.df, index.lookup);
  return {
    index,
    df,
    n: packed.n,
    acronyms: new Map(packed.acronyms),
    keyTerms: new CompactKeyTerms(index),
    textNorms: new CompactTextNorms(index),
    textDf: withCommonTerms(df, packed.common),
    corpusVersion,
  };
}
