import { pageKeywords, type Keyword, type KeywordKind, type KeywordOptions } from './keywords';
import type { Page } from './page';
import { expandKeywords, matchedConcepts, searchApart, type Bridge } from './ranking/bridge';
import { paperKeyTerms, type Engine, type IndexedPaper } from './search-index';

/** One piece of evidence for a match: a word, a phrase or an acronym the page and the paper share. */
export interface MatchExplanation {
  kind: KeywordKind;
  /** As shown to the reader: "kv cache", "MoE (mixture of experts)". */
  label: string;
  /** The share of the paper's score this evidence earned, 0–1. */
  share: number;
}

/** One paper related to a page, with why it matched. */
export interface RelatedPaper {
  id: string;
  title: string;
  score: number;
  /** Above the calibrated threshold: counted by the badge. */
  strong: boolean;
  /** The page's words and phrases that matched this paper, best first. */
  matchedTerms: string[];
  /** The same evidence with its kind and weight, best first. */
  explanation: MatchExplanation[];
}

export interface RelatedOptions extends KeywordOptions {
  limit?: number;
  /**
   * Reward papers that match several distinct things on the page (exponent of
   * the number of matched concepts); 0 = plain sum of term scores.
   */
  coordination?: number;
  /** The calibrated strong threshold; off = the foundation's coverage rule. */
  calibratedStrong?: boolean;
  /** Pseudo-relevance feedback: a second pass "more like the best matches". */
  feedback?: boolean;
  /** The semantic bridge: the page's words bring in close terms it does not use (lib/ranking/bridge.ts); none = off. */
  bridge?: Bridge | null;
}

/**
 * The most a paper's likeness to the reading list adds to its score when the
 * popup orders it ({@link preferSaved}), as a share of the best paper's score.
 */
export const READING_LIST_WEIGHT = 0.15;
/** How many of the saved papers' characteristic terms describe the reading list. */
export const READING_LIST_TERMS = 40;
/**
 * Below this likeness (0–1) a paper is not like the reading list at all and
 * gains nothing: a faint likeness would only break near-ties at random.
 */
export const READING_LIST_MIN_LIKENESS = 0.25;

/** Pseudo-relevance feedback: how many of the best papers seed the second pass. */
export const FEEDBACK_SEEDS = 2;
/** A seed must score at least this share of the best paper's score. */
export const FEEDBACK_MIN_SHARE = 0.5;
/** How many of the seeds' characteristic terms query the second pass. */
export const FEEDBACK_TERMS = 20;
/** Weight of the second pass against the first (both normalised to the best paper's score). */
export const FEEDBACK_WEIGHT = 0.5;

/** Exponent of the number of matched concepts in a paper's score. */
export const COORDINATION = 1;

/** Strong matches: at least this many distinct concepts shared with the page. */
export const STRONG_MIN_CONCEPTS = 2;
/**
 * Strong matches: at least one shared term is prominent on the page — used
 * this often, by field weight (once in the title, or three times in the text).
 */
export const STRONG_PROMINENCE = 3;
/** Strong matches: at least this share of the best paper's score. */
export const STRONG_RELATIVE = 0.5;
/**
 * Strong matches: at least this many times the score of the paper ranked
 * STRONG_BACKGROUND_RANK, i.e. the paper stands out from what any page scores
 * against a corpus by sharing a few common words.
 */
export const STRONG_SEPARATION = 3;
export const STRONG_BACKGROUND_RANK = 10;
/**
 * Strong matches: the paper matches at least this share of the page's keyword
 * weight outside its single best concept — a paper that shares only the name
 * a page keeps repeating ("Mistral") is not about the page.
 */
export const STRONG_BREADTH = 0.12;
/**
 * Strong matches below the feedback seeds: at least this similarity (0–1,
 * relative to the most similar paper) to the seeds in the feedback pass.
 */
export const STRONG_AGREEMENT = 0.4;

interface Scored {
  id: string;
  title: string;
  score: number;
  matched: Keyword[];
  concepts: number;
  coverage: number;
  /** Share of the page's keyword weight the paper matches beyond its single best concept. */
  breadth: number;
}

/** Matched weight outside the best-matched concept: evidence that does not rest on one word or name. */
function breadthOf(matched: Keyword[]): number {
  const byConcept = new Map<string, number>();
  for (const k of matched) byConcept.set(k.concept, (byConcept.get(k.concept) ?? 0) + k.weight);
  let sum = 0;
  let max = 0;
  for (const w of byConcept.values()) {
    sum += w;
    max = Math.max(max, w);
  }
  return sum - max;
}

/** Searches the index with weighted keywords and scores each hit by its matched terms and concepts. */
function search(engine: Engine, keywords: Keyword[], coordination: number): Scored[] {
  if (keywords.length === 0) return [];
  const byTerm = new Map<string, Keyword>(keywords.map((k) => [k.term, k]));
  const total = keywords.reduce((s, k) => s + (k.kind === 'bridge' ? 0 : k.weight), 0);
  const hits = searchApart(keywords, (weights) => weightedSearch(engine, weights));
  const scored = hits.map((hit) => {
    const matched = hit.queryTerms.map((t) => byTerm.get(t)).filter((k): k is Keyword => !!k);
    const concepts = matchedConcepts(matched);
    // MiniSearch multiplies the summed BM25 scores by the number of matched terms; undo it, then count concepts.
    const sum = hit.score / Math.max(1, hit.queryTerms.length);
    return {
      id: String(hit.id),
      title: String(hit.title),
      score: sum * concepts ** coordination,
      matched,
      concepts,
      coverage: matched.reduce((s, k) => s + k.weight, 0) / total,
      breadth: breadthOf(matched.filter((k) => k.kind !== 'bridge')) / total,
    };
  });
  return scored.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}

/**
 * Pseudo-relevance feedback: the best papers' own characteristic terms query
 * the index again, so papers on the same topic rise even where they use other
 * words than the page ("more like the best matches"). Both passes are
 * normalised to their best score; the seeds keep their first-pass order.
 */
function feedback(engine: Engine, ranked: Scored[]): { ranked: Scored[]; similarity: Map<string, number> } {
  const top = ranked[0]?.score;
  if (!engine.keyTerms || !top || ranked.length < 2) return { ranked, similarity: new Map() };
  const seeds = ranked.slice(0, FEEDBACK_SEEDS).filter((r) => r.score >= FEEDBACK_MIN_SHARE * top);
  const weights = new Map<string, number>();
  for (const seed of seeds) {
    for (const [term, w] of engine.keyTerms.get(seed.id) ?? []) {
      weights.set(term, (weights.get(term) ?? 0) + (w * seed.score) / top);
    }
  }
  const seedIds = new Set(seeds.map((s) => s.id));
  const second = moreLike(engine, weights, FEEDBACK_TERMS, seedIds);
  return {
    similarity: second,
    ranked: ranked
      .map((r) => ({
        ...r,
        score: r.score / top + FEEDBACK_WEIGHT * (seedIds.has(r.id) ? 1 : (second.get(r.id) ?? 0)),
      }))
      .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)),
  };
}

/** Evidence for one paper: phrases and acronyms, then words not already inside a matched phrase or acronym. */
function explain(matched: Keyword[]): MatchExplanation[] {
  const total = matched.reduce((s, k) => s + k.weight, 0) || 1;
  const byLabel = new Map<string, MatchExplanation>();
  const covered = new Set<string>();
  for (const k of matched)
    if (k.kind === 'phrase' || k.kind === 'acronym') for (const part of k.term.split(' ')) covered.add(part);
  for (const k of [...matched].sort((a, b) => b.weight - a.weight)) {
    if (k.kind === 'word' && covered.has(k.term)) continue;
    const e = byLabel.get(k.label);
    if (e) e.share += k.weight / total;
    else byLabel.set(k.label, { kind: k.kind, label: k.label, share: k.weight / total });
  }
  return [...byLabel.values()]
    .map((e) => ({ ...e, share: Math.round(e.share * 1000) / 1000 }))
    .sort((a, b) => b.share - a.share);
}

/**
 * Ranks the corpus against a page: weighted keywords from the page query the
 * index (BM25 over title and abstract, each term boosted by its weight), and a
 * paper's score grows with the number of distinct concepts it shares with the
 * page. Each result says which words, phrases and acronyms matched.
 *
 * @example related(readPage('h2o.html'), engine)[0].matchedTerms // ['kv cache', 'eviction', ...]
 */
export function related(page: Page, engine: Engine, options: RelatedOptions = {}): RelatedPaper[] {
  const limit = options.limit ?? 10;
  const coordination = options.coordination ?? COORDINATION;
  const own = pageKeywords(page, engine, options);
  const keywords = options.bridge ? expandKeywords(own, page, options.bridge, engine) : own;
  const first = search(engine, keywords, coordination);
  // Strength is judged on the page's own evidence (the first pass); feedback only reorders.
  const isStrong = (options.calibratedStrong ?? true) ? calibratedStrong(first) : coverageStrong(first);
  const fb =
    (options.feedback ?? true) ? feedback(engine, first) : { ranked: first, similarity: new Map<string, number>() };
  // Below the feedback seeds, a strong paper must also resemble the best matches: one that shares only
  // scattered words with the page is not on its topic.
  const strongIds = new Set(
    first
      .filter((r, i) => isStrong(r, i) && (i < FEEDBACK_SEEDS || (fb.similarity.get(r.id) ?? 0) >= STRONG_AGREEMENT))
      .map((r) => r.id),
  );
  const reranked = fb.ranked;

  const ranked = [...reranked].sort((a, b) => Number(strongIds.has(b.id)) - Number(strongIds.has(a.id)));
  const strong = (r: Scored) => strongIds.has(r.id);
  return ranked.slice(0, limit).map((r) => {
    const explanation = explain(r.matched);
    return {
      id: r.id,
      title: r.title,
      score: Math.round(r.score * 1000) / 1000,
      strong: strong(r),
      matchedTerms: explanation.map((e) => e.label),
      explanation,
    };
  });
}

/**
 * The reading list as a gentle signal, applied to a finished ranking (best
 * first, strong ones first): within the strong and within the other papers,
 * each is ordered by its score plus up to {@link READING_LIST_WEIGHT} of the
 * best score by its likeness to the saved papers (from
 * {@link READING_LIST_MIN_LIKENESS} on). Scores and which papers
 * are strong stay as the page decided; a paper that moved up says so
 * (`likeSaved`).
 */
export function preferSaved<T extends { id: string; score: number; strong: boolean }>(
  ranked: readonly T[],
  likeness: ReadonlyMap<string, number>,
): Array<T & { likeSaved?: true }> {
  const top = Math.max(0, ...ranked.map((r) => r.score));
  return ranked
    .map((paper, rank) => {
      const like = likeness.get(paper.id) ?? 0;
      const gain = like >= READING_LIST_MIN_LIKENESS ? READING_LIST_WEIGHT * top * like : 0;
      return { paper, rank, gain, by: paper.score + gain };
    })
    .sort((a, b) => Number(b.paper.strong) - Number(a.paper.strong) || b.by - a.by || a.rank - b.rank)
    .map(({ paper, rank, gain }, now) => (gain > 0 && now < rank ? { ...paper, likeSaved: true as const } : paper));
}

/**
 * How much each paper of the corpus resembles a reading list, 0–1: the saved
 * papers' characteristic terms, summed, query the index once — "more like
 * what I saved" — relative to the most alike paper not saved (a saved paper
 * matches its own terms far better than any other, so it cannot be the
 * yardstick); the saved papers themselves count 1. Depends only on the
 * reading list, so callers keep it until the list changes.
 */
export function readingListAffinity(
  engine: Engine,
  saved: ReadonlyArray<Pick<IndexedPaper, 'id' | 'title' | 'abstract'>>,
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const paper of saved) {
    for (const [term, w] of engine.keyTerms?.get(paper.id) ?? paperKeyTerms(paper, engine.df, engine.n)) {
      weights.set(term, (weights.get(term) ?? 0) + w);
    }
  }
  const savedIds = new Set(saved.map((p) => p.id));
  const likeness = moreLike(engine, weights, READING_LIST_TERMS, savedIds);
  for (const id of savedIds) likeness.set(id, 1);
  return likeness;
}

/**
 * "More like these": the `limit` heaviest of the weighted terms query the
 * index, and each paper (but the excluded ones) gets its score relative to
 * the best, 0–1.
 */
function moreLike(
  engine: Engine,
  weights: ReadonlyMap<string, number>,
  limit: number,
  exclude: ReadonlySet<string>,
): Map<string, number> {
  const terms = [...weights].sort((a, b) => b[1] - a[1]).slice(0, limit);
  if (terms.length === 0) return new Map();
  const hits = weightedSearch(engine, new Map(terms)).filter((h) => !exclude.has(String(h.id)));
  const best = hits[0]?.score ?? 0;
  return new Map(best > 0 ? hits.map((h) => [String(h.id), h.score / best]) : []);
}

/**
 * Searches the index for index terms as they are (already tokenised and
 * stemmed), any of them matching, each boosted by its weight.
 */
function weightedSearch(engine: Engine, weights: ReadonlyMap<string, number>) {
  return engine.index.search(
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
 * The strong threshold, relative to the page and the corpus rather than a raw
 * score: a strong paper shares at least two distinct concepts with the page
 * (three, when none of them is a phrase or an acronym — two loose words are
 * what any two texts share), one of them prominent on the page,
 * scores at least half the best paper's score, and stands well clear of the
 * background — the score the tenth paper reaches, which on an unrelated page
 * is about what the best one reaches too.
 */
function calibratedStrong(ranked: Scored[]): (r: Scored, rank: number) => boolean {
  const top = ranked[0]?.score ?? 0;
  const background = ranked[STRONG_BACKGROUND_RANK - 1]?.score ?? 0;
  return (r) =>
    r.concepts >= STRONG_MIN_CONCEPTS &&
    (r.concepts > STRONG_MIN_CONCEPTS || r.matched.some((k) => k.kind === 'phrase' || k.kind === 'acronym')) &&
    r.matched.some((k) => k.tf >= STRONG_PROMINENCE) &&
    r.breadth >= STRONG_BREADTH &&
    r.score >= STRONG_RELATIVE * top &&
    r.score >= STRONG_SEPARATION * background;
}

/** The foundation's rule, kept for the ablation: a share of the query's weight and half the best score. */
function coverageStrong(ranked: Scored[]): (r: Scored, rank: number) => boolean {
  const top = ranked[0]?.score ?? 0;
  return (r) => r.coverage >= 0.3 && r.score >= 0.5 * top;
}
