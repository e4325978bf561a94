/**
 * Every tuning number and switch of the ranking, in one place (issue 13).
 * `DEFAULT_RANKING_CONFIG` is what the extension runs; the command line's
 * `--no-*` switches (lib/cli/ranking-flags.ts) turn one part off for an
 * ablation, over exactly this code. docs/relevance.md gives each number's
 * measurement on the four evaluation sets.
 */
import { BRIDGE_CONFIG, type BridgeConfig } from './bridge';
import { PRESENT_CONFIG, type PresentConfig } from './present';

/** How a page's words become weighted keywords (lib/ranking/keywords.ts). */
export interface KeywordConfig {
  /** Two-word phrases ("kv cache") as well as single words. */
  phrases: boolean;
  /** Acronyms and long forms, learned from the corpus and the page, stand in for each other. */
  acronyms: boolean;
  /** Title, first heading, description and headings count more than body text; off = every field counts 1. */
  fieldWeights: boolean;
  /** How much a word counts in each part of a page: titles and headings say what a page is about. */
  fieldWeight: {
    title: number;
    articleTitle: number;
    /** The first heading: on most pages the name of the thing the page is about. */
    mainHeading: number;
    description: number;
    keywords: number;
    headings: number;
    text: number;
  };
  /** How many keywords make the query. */
  limit: number;
  /** How much more a phrase counts than a word of the same specificity. */
  phraseFactor: number;
  /**
   * Terms with digits ("7b", "a100", "qwen2") name a model size, a GPU or a
   * version rather than a topic, and count `identifierFactor` as much.
   */
  identifierDiscount: boolean;
  identifierFactor: number;
  /**
   * How a term's count on the page (by field weight) grows its weight:
   * `sqrt` damps a word repeated in every file name and code line, as
   * sublinear tf does in any tf-idf; `linear` counts every use.
   */
  tf: 'linear' | 'sqrt';
}

/** How papers matching the keywords are scored (lib/ranking/rank.ts). */
export interface ScoringConfig {
  /** Exponent of the number of distinct concepts a paper shares with the page; 0 = plain sum of term scores. */
  coordination: number;
  /**
   * Re-scores the best candidates by the cosine of the page's keyword vector
   * and each paper's own key-term vector (tf-idf): a paper whose title
   * repeats one of the page's words stops outranking one that shares what
   * the page is about. Weighted against the BM25 score, both relative to the best.
   */
  cosine: boolean;
  cosineWeight: number;
  /** How many of the BM25 candidates the cosine re-scores. */
  cosineCandidates: number;
  /**
   * Given the candidates' texts, the cosine is the tf-idf cosine of the whole
   * page and each paper's title and abstract (as arxiv-sanity ranks); off, or
   * without texts, of the page's keywords and the paper's key terms.
   */
  wholeText: boolean;
}

/** Pseudo-relevance feedback: a second pass "more like the best matches". */
export interface FeedbackConfig {
  enabled: boolean;
  /** How many of the best papers seed the second pass. */
  seeds: number;
  /** A seed must score at least this share of the best paper's score. */
  minShare: number;
  /** How many of the seeds' characteristic terms query the second pass. */
  terms: number;
  /** Weight of the second pass against the first (both normalised to the best paper's score). */
  weight: number;
}

/**
 * What makes a match strong (lib/ranking/strong.ts): the badge, the panel in
 * "only strong" mode and the popup's first group all follow it.
 */
export interface StrongConfig {
  /** The calibrated rule; off = the foundation's coverage rule (kept for the ablation). */
  calibrated: boolean;
  /** At least this many distinct concepts shared with the page (one more when all are loose words). */
  minConcepts: number;
  /** At least one shared term used this often on the page, by field weight (once in the title, or three times in the text). */
  prominence: number;
  /** At least this share of the best paper's score. */
  relative: number;
  /**
   * At least this many times the score of the paper ranked `backgroundRank`:
   * the paper stands out from what any page scores by sharing a few common words.
   */
  separation: number;
  backgroundRank: number;
  /** The paper matches at least this share of the page's keyword weight outside its single best concept. */
  breadth: number;
  /** Below the feedback seeds: at least this similarity (0–1, relative to the most alike paper) to the seeds. */
  agreement: number;
  /** At least this cosine (0–1) between the page's keywords and the paper's key terms: absolute evidence. */
  minCosine: number;
  /**
   * The score the rule reads: `(1 − w)·bm25 + w·key-term cosine`, the mix its
   * thresholds were calibrated on; the order of the results mixes in the
   * whole-text cosine instead (`scoring.cosineWeight`).
   */
  cosineWeight: number;
  /**
   * A paper this close to the page (cosine, 0–1), sharing at least
   * `minConcepts` concepts and half the best score, is strong whatever the
   * background: in a large corpus many papers are on a page's topic, so
   * "well clear of the tenth" no longer tells a match from noise.
   */
  closeCosine: number;
}

/** "More like what I saved" (lib/ranking/reading-list.ts). */
export interface ReadingListConfig {
  /** How many of the saved papers' characteristic terms describe the reading list. */
  terms: number;
}

/**
 * The semantic bridge (lib/ranking/bridge.ts): close terms the page does not use, learned from the corpus.
 * Off by default: measured on the four sets it helps none beyond noise and costs the scale set 0.04 nDCG@5
 * (docs/relevance.md, ablation); `--bridge` turns it on for the command line.
 */
export interface RankingBridgeConfig extends BridgeConfig {
  enabled: boolean;
}

export interface RankingConfig {
  keywords: KeywordConfig;
  bridge: RankingBridgeConfig;
  scoring: ScoringConfig;
  feedback: FeedbackConfig;
  strong: StrongConfig;
  readingList: ReadingListConfig;
  /** How the sensitivity and the reading list turn a ranking into the view (lib/ranking/present.ts). */
  present: PresentConfig;
  /** How many papers a ranking returns. */
  limit: number;
}

export const DEFAULT_RANKING_CONFIG: Readonly<RankingConfig> = Object.freeze({
  keywords: {
    phrases: true,
    acronyms: true,
    fieldWeights: true,
    fieldWeight: { title: 3, articleTitle: 4, mainHeading: 3, description: 2, keywords: 2, headings: 1.5, text: 1 },
    limit: 75,
    phraseFactor: 2,
    identifierDiscount: true,
    identifierFactor: 0.5,
    tf: 'sqrt',
  },
  bridge: { enabled: false, ...BRIDGE_CONFIG },
  scoring: { coordination: 1, cosine: true, cosineWeight: 0.8, cosineCandidates: 100, wholeText: true },
  feedback: { enabled: true, seeds: 2, minShare: 0.5, terms: 20, weight: 0.5 },
  strong: {
    calibrated: true,
    minConcepts: 2,
    prominence: 3,
    relative: 0.5,
    separation: 3,
    backgroundRank: 10,
    breadth: 0.12,
    agreement: 0.4,
    minCosine: 0.25,
    cosineWeight: 0.6,
    closeCosine: 0.33,
  },
  readingList: { terms: 40 },
  present: PRESENT_CONFIG,
  limit: 10,
} satisfies RankingConfig);

/** A partial configuration, section by section, as the CLI's switches and the tests give it. */
export type RankingOverrides = { [K in keyof RankingConfig]?: Partial<RankingConfig[K]> | undefined } & {
  limit?: number;
};

/** The defaults with some numbers or switches changed. */
export function rankingConfig(
  overrides: RankingOverrides = {},
  base: RankingConfig = DEFAULT_RANKING_CONFIG,
): RankingConfig {
  return {
    keywords: { ...base.keywords, ...overrides.keywords },
    bridge: { ...base.bridge, ...overrides.bridge },
    scoring: { ...base.scoring, ...overrides.scoring },
    feedback: { ...base.feedback, ...overrides.feedback },
    strong: { ...base.strong, ...overrides.strong },
    readingList: { ...base.readingList, ...overrides.readingList },
    present: { ...base.present, ...overrides.present },
    limit: overrides.limit ?? base.limit,
  };
}
