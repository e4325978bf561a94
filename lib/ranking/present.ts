import type { Sensitivity } from '../settings';

/**
 * The part of a ranked paper that presenting reads: the ranking's own evidence,
 * as `rank()` returns it (its `strong` is the calibrated judgement, before
 * any setting).
 */
export interface Ranked {
  id: string;
  score: number;
  /** The ranking's calibrated judgement: what counts as strong at the _Balanced_ sensitivity. */
  strong: boolean;
  matchedTerms: readonly string[];
}

/**
 * The tuning numbers of {@link present}: how the sensitivity re-decides
 * "strong" and how much the reading list may move a paper. Shares are of the
 * best paper's score on the same page; scores themselves never change.
 */
export interface PresentConfig {
  /** "Fewer, surer": a strong paper must also score at least this share of the best paper's score. */
  fewerMinShare: number;
  /** "More": papers ranked within this many of the best may become strong… */
  moreMaxRank: number;
  /** …when they score at least this share of the best paper's score… */
  moreMinShare: number;
  /** …and share at least this many distinct terms with the page (so one stray word never counts). */
  moreMinTerms: number;
  /**
   * The reading list: the most a paper's likeness to the saved papers adds to the score it is ordered by, as a
   * share of the best paper's score — enough to pass a near-equal match, never a clearly better one.
   */
  readingListWeight: number;
  /** Below this likeness (0–1) a paper is not like the reading list at all and gains nothing (a faint one would only break near-ties at random). */
  readingListMinLikeness: number;
}

/** The defaults of {@link PresentConfig}, as the settings page describes them (docs/settings.md). */
export const PRESENT_CONFIG: Readonly<PresentConfig> = Object.freeze({
  fewerMinShare: 0.8,
  moreMaxRank: 3,
  moreMinShare: 0.6,
  moreMinTerms: 2,
  readingListWeight: 0.15,
  readingListMinLikeness: 0.25,
});

/** What a view depends on beyond the page: the user's settings, as they are now. */
export interface PresentOptions {
  sensitivity: Sensitivity;
  /**
   * How much each paper resembles the reading list, 0–1 (`readingListAffinity`); leave it out where the reading
   * list must not show — a content script's view, or the setting turned off.
   */
  likeness?: ReadonlyMap<string, number>;
}

/** A ranked paper as shown: `strong` decided for the sensitivity, and marked when the reading list moved it up. */
export type Presented<T extends Ranked> = T & { likeSaved?: true };

/** What the badge, the popup and the panel show for one ranking. */
export interface Presentation<T extends Ranked> {
  /** Strong first, best first within each group; ties keep the ranking's order. */
  papers: Array<Presented<T>>;
  /** How many papers are strong: the badge's number. */
  strongCount: number;
}

/**
 * Turns a raw ranking (best first, as `rank()` returns it) into what the
 * user sees, with the settings of the moment; the ranking itself is kept as
 * it is, so a settings change only presents it again.
 *
 * Which papers are strong, starting from the ranking's calibrated flag:
 * - `balanced`: the flag, unchanged;
 * - `fewer`: strong **and** score ≥ `fewerMinShare` × the best score;
 * - `more`: strong **or** (among the best `moreMaxRank`, score ≥ `moreMinShare` × the best score and at least
 *   `moreMinTerms` matched terms).
 *
 * The papers are listed strong first, best first within each group. With
 * `likeness`, each is ordered within its group as if its score were up to
 * `readingListWeight` × the best score higher by its likeness to the reading
 * list (from `readingListMinLikeness` on); one that moved up says so
 * (`likeSaved`). Scores never change, and the reading list never changes
 * which papers are strong.
 *
 * @example present(related(page, engine), { sensitivity: 'fewer' }).strongCount // the badge
 */
export function present<T extends Ranked>(
  ranked: readonly T[],
  options: PresentOptions,
  config: Readonly<PresentConfig> = PRESENT_CONFIG,
): Presentation<T> {
  const top = Math.max(0, ...ranked.map((p) => p.score));
  const decided = ranked.map((p, i): T => {
    const strong = isStrong(p, i, top, options.sensitivity, config);
    return strong === p.strong ? p : { ...p, strong };
  });
  // Strong first, best first within each group (a stable sort keeps the ranking's order among equals).
  const byPage = decided.sort((a, b) => Number(b.strong) - Number(a.strong) || b.score - a.score);
  const papers = options.likeness?.size ? preferSaved(byPage, options.likeness, top, config) : byPage;
  return { papers, strongCount: papers.filter((p) => p.strong).length };
}

function isStrong(
  p: Ranked,
  rank: number,
  top: number,
  sensitivity: Sensitivity,
  config: Readonly<PresentConfig>,
): boolean {
  switch (sensitivity) {
    case 'balanced':
      return p.strong;
    case 'fewer':
      return p.strong && p.score >= config.fewerMinShare * top;
    case 'more':
      return (
        p.strong ||
        (rank < config.moreMaxRank &&
          top > 0 &&
          p.score >= config.moreMinShare * top &&
          p.matchedTerms.length >= config.moreMinTerms)
      );
  }
}

/**
 * The reading list as a gentle signal over a presented list (strong first, best first): within each group,
 * papers are ordered by score plus their gain; equal ones keep their place.
 */
function preferSaved<T extends Ranked>(
  papers: readonly T[],
  likeness: ReadonlyMap<string, number>,
  top: number,
  config: Readonly<PresentConfig>,
): Array<Presented<T>> {
  return papers
    .map((paper, rank) => {
      const like = likeness.get(paper.id) ?? 0;
      const gain = like >= config.readingListMinLikeness ? config.readingListWeight * top * like : 0;
      return { paper, rank, gain, by: paper.score + gain };
    })
    .sort((a, b) => Number(b.paper.strong) - Number(a.paper.strong) || b.by - a.by || a.rank - b.rank)
    .map(({ paper, rank, gain }, now) => (gain > 0 && now < rank ? { ...paper, likeSaved: true as const } : paper));
}
