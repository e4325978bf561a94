/**
 * The weighted OR search the ranking asks (keywords, feedback, the reading
 * list): index terms as they are, any of them matching, each boosted by its
 * weight. The compact design answers it itself without building MiniSearch's
 * match details (`CompactIndex.searchWeighted`); the full-text design through
 * MiniSearch's `search`, cut down to the same hits in the same order.
 */
import type { SearchResult } from 'minisearch';
import type { ScoresAmong, ScoresOf, SearchIndex, WeightedHit, WeightedSearchOptions } from './types';

/** The full `search` call a weighted search stands for: every key a query of its own, boosted by its weight. */
export function weightedQuery(index: SearchIndex, weights: ReadonlyMap<string, number>): SearchResult[] {
  return index.search(
    { combineWith: 'OR', queries: [...weights.keys()] },
    {
      tokenize: (s) => [s],
      processTerm: (t) => t,
      prefix: false,
      fuzzy: false,
      boostTerm: (t) => weights.get(t) ?? 1,
    },
  );
}

/**
 * The best hits of a weighted search, in the order `options` asks for: by
 * `rankBy` (or score), then `ties`, then MiniSearch's own order. The same
 * hits, scores and order from either design as from {@link weightedQuery}.
 */
export function weightedHits(
  index: SearchIndex,
  weights: ReadonlyMap<string, number>,
  options: WeightedSearchOptions = {},
): WeightedHit[] {
  if (index.searchWeighted) return index.searchWeighted(weights, options);
  const hits = weightedQuery(index, weights).map((r): WeightedHit => ({
    id: String(r.id),
    title: String(r.title),
    score: r.score,
    queryTerms: r.queryTerms,
  }));
  const { rankBy, ties, limit = hits.length } = options;
  if (!rankBy && !ties) return hits.slice(0, limit);
  // The hits come in MiniSearch's order and the sort is stable, so its order settles what the rest leave tied.
  const keyed = hits.map((hit) => ({ hit, key: rankBy ? rankBy(hit.score, hit.queryTerms) : hit.score }));
  keyed.sort((a, b) => b.key - a.key || (ties ? ties(a.hit, b.hit) : 0));
  return keyed.slice(0, limit).map((k) => k.hit);
}

/**
 * Every hit's score of a weighted search, by id, in no particular order:
 * what "more like these" reads, without ordering tens of thousands of hits.
 */
export function weightedScores(index: SearchIndex, weights: ReadonlyMap<string, number>): Map<string, number> {
  if (index.scoreWeighted) return index.scoreWeighted(weights);
  return new Map(weightedQuery(index, weights).map((r) => [String(r.id), r.score]));
}

/**
 * {@link weightedScores} for the papers a caller reads: the scores of
 * `among`, and the best score of any paper not in `exclude` — without a map
 * of every hit (a feedback query reaches tens of thousands of papers, the
 * ranking reads a hundred).
 */
export function weightedScoresAmong(
  index: SearchIndex,
  weights: ReadonlyMap<string, number>,
  papers: ScoresAmong,
): ScoresOf {
  if (index.scoreWeightedAmong) return index.scoreWeightedAmong(weights, papers);
  const scores = new Map<string, number>();
  let best = 0;
  for (const [id, score] of weightedScores(index, weights)) {
    if (papers.among.has(id)) scores.set(id, score);
    if (!papers.exclude.has(id) && score > best) best = score;
  }
  return { scores, best };
}
