import type { SearchResult } from 'minisearch';
import type { Engine } from './search-index';

/** A paper found by the search box, with the index terms it matched (for highlighting). */
export interface SearchHit {
  id: string;
  title: string;
  score: number;
  terms: string[];
}

/** Query terms shorter than this are matched exactly; longer ones tolerate a typo or so. */
const FUZZY_FROM = 5;

/**
 * Searches the whole corpus as the user types: every word must match (the
 * last one as a prefix, so results appear mid-word), with a little fuzziness
 * for longer words; when no paper has them all, papers with any of them.
 *
 * @example searchCorpus(engine, 'text-to-sq') // MAG-SQL and the other text-to-SQL papers
 */
export function searchCorpus(engine: Engine, query: string, limit = 20): SearchHit[] {
  const q = query.trim();
  if (!q) return [];
  const run = (combineWith: 'AND' | 'OR'): SearchResult[] =>
    engine.index.search(q, {
      combineWith,
      prefix: true,
      fuzzy: (term) => (term.length >= FUZZY_FROM ? 0.2 : false),
      boost: { title: 2.5 },
    });
  let hits = run('AND');
  if (!hits.length) hits = run('OR');
  return hits.slice(0, limit).map((h) => ({
    id: String(h.id),
    title: String(h.title),
    score: Math.round(h.score * 1000) / 1000,
    terms: h.terms,
  }));
}
