import { pageKeywords, type Keyword } from './keywords';
import type { Page } from './page';
import type { Engine } from './search-index';

/** One paper related to a page, with why it matched. */
export interface RelatedPaper {
  id: string;
  title: string;
  score: number;
  /** Above the calibrated threshold: counted by the badge. */
  strong: boolean;
  /** The page's words and phrases that matched this paper, best first. */
  matchedTerms: string[];
}

export interface RelatedOptions {
  limit?: number;
}

/** Share of the query's total weight a paper must match, at least, to be strong. */
export const STRONG_COVERAGE = 0.3;
/** Share of the best paper's score a paper must reach, at least, to be strong. */
export const STRONG_RELATIVE = 0.5;

/**
 * Ranks the corpus against a page: weighted keywords from the page query the
 * index, each paper's score is the sum of its matched terms' BM25 scores times
 * their weights.
 */
export function related(page: Page, engine: Engine, options: RelatedOptions = {}): RelatedPaper[] {
  const limit = options.limit ?? 10;
  const keywords = pageKeywords(page, engine);
  if (keywords.length === 0) return [];
  const byTerm = new Map<string, Keyword>(keywords.map((k) => [k.term, k]));
  const total = keywords.reduce((s, k) => s + k.weight, 0);
  const hits = engine.index.search(
    { combineWith: 'OR', queries: keywords.map((k) => k.term) },
    {
      tokenize: (s) => [s],
      processTerm: (t) => t,
      prefix: false,
      fuzzy: false,
      boostTerm: (t) => byTerm.get(t)?.weight ?? 1,
    },
  );
  const top = hits[0]?.score ?? 0;
  return hits.slice(0, limit).map((hit) => {
    const matched = hit.queryTerms
      .map((t) => byTerm.get(t))
      .filter((k): k is Keyword => !!k)
      .sort((a, b) => b.weight - a.weight);
    const coverage = matched.reduce((s, k) => s + k.weight, 0) / total;
    return {
      id: String(hit.id),
      title: String(hit.title),
      score: Math.round(hit.score * 1000) / 1000,
      strong: coverage >= STRONG_COVERAGE && hit.score >= STRONG_RELATIVE * top,
      matchedTerms: matched.map((k) => k.label),
    };
  });
}
