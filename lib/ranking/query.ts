import type { DocumentFrequencies, Engine, IndexedPaper, WeightedHit, WeightedSearchOptions } from '../index/types';
import { pageTermCounts, paperTextNorm, textWeight, tfidfVector, type PageText } from '../index/tfidf';
import { weightedHits, weightedScores, weightedScoresAmong } from '../index/weighted';
import { TermCounter } from '../text';

/** What the whole-text cosine needs of a corpus: its document frequencies and size. */
interface CorpusStats {
  df: DocumentFrequencies;
  n: number;
}

/**
 * Searches the index for index terms as they are (already tokenised and
 * stemmed), any of them matching, each boosted by its weight: how the
 * ranking, its feedback pass and the reading list all ask the index. The
 * hits are MiniSearch's (score, matched query terms) in its order, or the
 * best `options.limit` in the order `options` asks for (`weightedHits`).
 */
export function weightedSearch(
  engine: Engine,
  weights: ReadonlyMap<string, number>,
  options?: WeightedSearchOptions,
): WeightedHit[] {
  return weightedHits(engine.index, weights, options);
}

/**
 * "More like these": the `limit` heaviest of the weighted terms query the
 * index, and each paper (but the excluded ones) gets its score relative to
 * the best, 0–1 (in no particular order). With `among`, only those papers'
 * scores are returned (still relative to the best of all).
 */
export function moreLike(
  engine: Engine,
  weights: ReadonlyMap<string, number>,
  limit: number,
  exclude: ReadonlySet<string>,
  among?: ReadonlySet<string>,
): Map<string, number> {
  const terms = [...weights].sort((a, b) => b[1] - a[1]).slice(0, limit);
  if (terms.length === 0) return new Map();
  const query = new Map(terms);
  let scores: Map<string, number>;
  let best = 0;
  if (among) ({ scores, best } = weightedScoresAmong(engine.index, query, { among, exclude }));
  else {
    scores = weightedScores(engine.index, query);
    for (const [id, score] of scores) if (!exclude.has(id) && score > best) best = score;
  }
  if (!(best > 0)) return new Map();
  for (const id of exclude) scores.delete(id);
  for (const [id, score] of scores) scores.set(id, score / best);
  return scores;
}

/**
 * The cosine of two sparse weight vectors, 0–1 for non-negative weights.
 *
 * @example cosine(new Map([['a', 1]]), [['a', 2], ['b', 2]]) // 0.707…
 */
export function cosine(query: ReadonlyMap<string, number>, doc: ReadonlyArray<readonly [string, number]>): number {
  let dot = 0;
  let qq = 0;
  let dd = 0;
  for (const w of query.values()) qq += w * w;
  for (const [term, w] of doc) {
    dd += w * w;
    dot += (query.get(term) ?? 0) * w;
  }
  return qq > 0 && dd > 0 ? dot / Math.sqrt(qq * dd) : 0;
}

/** A page as the whole-text cosine reads it: its tf-idf vector's length, and a counter of its terms with their weights and document frequencies. */
export interface PageVector {
  norm: number;
  /** Counts the page's terms in a paper's text: `counter.terms[i]` weighs `weightAt[i]`, in `dfAt[i]` papers. */
  counter: TermCounter;
  weightAt: Float64Array;
  dfAt: Float64Array;
}

/** The page's whole-text tf-idf vector over the corpus (`lib/index/tfidf.ts`). */
export function pageVector(page: PageText, stats: CorpusStats): PageVector {
  const counts = pageTermCounts(page);
  const vector = tfidfVector(counts, stats.df, stats.n);
  const weightAt = Float64Array.from(vector, ([, w]) => w);
  let sq = 0;
  for (const w of weightAt) sq += w * w;
  return {
    norm: Math.sqrt(sq),
    counter: new TermCounter(
      vector.map(([t]) => t),
      [...counts.keys()].filter((t) => !t.includes(' ')),
    ),
    weightAt,
    dfAt: Float64Array.from(vector, ([t]) => stats.df.get(t)!),
  };
}

/**
 * The cosine of a page's whole-text vector and a paper's (title twice and
 * abstract, `paperTermCounts`): only the paper's terms the page has are
 * counted, `norm` is the paper's (`Engine.textNorms`, or worked out here).
 * Equal to `cosine` of the two `tfidfVector`s when the statistics hold every term.
 */
export function textCosine(
  page: PageVector,
  paper: Pick<IndexedPaper, 'title' | 'abstract'>,
  stats: CorpusStats,
  norm = paperTextNorm(paper, stats.df, stats.n),
): number {
  if (page.norm === 0 || !(norm > 0)) return 0;
  page.counter.add(paper.title, 2);
  page.counter.add(paper.abstract);
  let dot = 0;
  page.counter.drain((i, f) => (dot += page.weightAt[i]! * textWeight(f, page.dfAt[i]!, stats.n)));
  return dot / (page.norm * norm);
}
