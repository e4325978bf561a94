import { paperKeyTerms } from '../index/tfidf';
import type { Engine, IndexedPaper } from '../index/types';
import { DEFAULT_RANKING_CONFIG, type ReadingListConfig } from './config';
import { moreLike } from './query';

/**
 * How much each paper of the corpus resembles a reading list, 0–1: the saved
 * papers' characteristic terms, summed, query the index once — "more like
 * what I saved" — relative to the most alike paper not saved (a saved paper
 * matches its own terms far better than any other, so it cannot be the
 * yardstick); the saved papers themselves count 1. Depends only on the
 * reading list, so callers keep it until the list changes; `present` uses it.
 */
export function readingListAffinity(
  engine: Engine,
  saved: ReadonlyArray<Pick<IndexedPaper, 'id' | 'title' | 'abstract'>>,
  config: ReadingListConfig = DEFAULT_RANKING_CONFIG.readingList,
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const paper of saved) {
    for (const [term, w] of engine.keyTerms?.get(paper.id) ?? paperKeyTerms(paper, engine.df, engine.n)) {
      weights.set(term, (weights.get(term) ?? 0) + w);
    }
  }
  const savedIds = new Set(saved.map((p) => p.id));
  const likeness = moreLike(engine, weights, config.terms, savedIds);
  for (const id of savedIds) likeness.set(id, 1);
  return likeness;
}
