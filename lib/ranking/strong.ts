/**
 * What makes a match strong — the one place that decides it. The badge, the
 * panel's "only strong" mode and the popup's first group all follow this
 * rule (at the _Balanced_ sensitivity; `present` adjusts it for the others).
 */
import type { StrongConfig } from './config';
import type { Keyword } from './keywords';

/** The page's own evidence for one paper, as the first pass found it. */
export interface Evidence {
  id: string;
  score: number;
  matched: Keyword[];
  /** Distinct concepts shared with the page (a word inside a matched phrase or acronym is part of it). */
  concepts: number;
  /** Share of the page's keyword weight the paper matches. */
  coverage: number;
  /** Share of the page's keyword weight the paper matches beyond its single best concept. */
  breadth: number;
  /** Cosine of the page's keywords and the paper's key terms, 0–1 (0 when not measured). */
  cosine: number;
}

/**
 * The strong rule for one ranking (best first), relative to the page and the
 * corpus rather than a raw score. A strong paper:
 *
 * - shares at least `minConcepts` distinct concepts with the page (one more
 *   when none is a phrase or an acronym: two loose words are what any two
 *   texts share), one of them prominent on the page, and more than one name
 *   (`breadth`);
 * - scores at least `relative` of the best score;
 * - and either stands well clear of the background — `separation` times the
 *   score of the paper at `backgroundRank`, which on an unrelated page is
 *   about what the best one reaches too — with at least `minCosine` of
 *   absolute closeness, or is close to the page in absolute terms
 *   (`closeCosine`), which still holds in a corpus where many papers share
 *   the page's topic and none stands clear of the tenth.
 *
 * Below the feedback seeds a strong paper must also resemble the best matches
 * (`agreement`): one that shares only scattered words is not on the topic.
 */
export function strongRule(
  ranked: readonly Evidence[],
  similarity: ReadonlyMap<string, number>,
  seeds: number,
  config: StrongConfig,
): (r: Evidence, rank: number) => boolean {
  const top = ranked[0]?.score ?? 0;
  if (!config.calibrated) return (r) => r.coverage >= 0.3 && r.score >= 0.5 * top;
  const background = ranked[config.backgroundRank - 1]?.score ?? 0;
  const shared = (r: Evidence) =>
    r.concepts >= config.minConcepts &&
    (r.concepts > config.minConcepts || r.matched.some((k) => k.kind === 'phrase' || k.kind === 'acronym')) &&
    r.matched.some((k) => k.tf >= config.prominence) &&
    r.breadth >= config.breadth &&
    r.score >= config.relative * top;
  const clear = (r: Evidence) => r.score >= config.separation * background && r.cosine >= config.minCosine;
  // A crowded corpus: the background itself scores within `separation` of the best, so standing clear of it
  // can no longer tell a match from noise, and closeness in absolute terms decides instead.
  const crowded = config.separation * background > top;
  const close = (r: Evidence) =>
    crowded &&
    r.cosine >= config.closeCosine &&
    distinctConcepts(r.matched) >= config.minConcepts &&
    r.matched.some((k) => k.tf >= config.prominence) &&
    r.score >= config.relative * top;
  return (r, rank) =>
    (shared(r) && clear(r) && (rank < seeds || (similarity.get(r.id) ?? 0) >= config.agreement)) || close(r);
}

/** Distinct concepts the page itself shares (bridged terms aside), a word inside a matched phrase or acronym counting as part of it. */
function distinctConcepts(matched: readonly Keyword[]): number {
  const covered = new Set<string>();
  const own = matched.filter((k) => k.kind !== 'bridge');
  for (const k of own) if (k.kind !== 'word') for (const part of k.term.split(' ')) covered.add(part);
  return new Set(own.filter((k) => k.kind !== 'word' || !covered.has(k.term)).map((k) => k.concept)).size;
}
