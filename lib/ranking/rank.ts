/**
 * Ranks the corpus against a page — the page's own evidence, before any
 * setting: weighted keywords from the page query the index (BM25 over title
 * and abstract terms, each term boosted by its weight); a paper's score grows
 * with the number of distinct concepts it shares with the page; the best
 * candidates are re-scored by the tf-idf cosine of the whole page and each
 * paper's stored title and abstract (or, without texts, of the page's
 * keywords and the paper's key terms); a feedback pass lifts papers like the
 * best matches. The strong rule (lib/ranking/strong.ts) judges the first
 * pass on its calibrated mix; `present`
 * (lib/ranking/present.ts) makes the view. Every number is in
 * lib/ranking/config.ts.
 */
import type { Page } from '../page';
import type { Engine, PaperTexts } from '../index/types';
import { DEFAULT_RANKING_CONFIG, type FeedbackConfig, type RankingConfig, type ScoringConfig } from './config';
import { expandKeywords, matchedConcepts, searchApart, type Bridge } from './bridge';
import { pageKeywords, unknownKeywords, type Keyword, type KeywordKind } from './keywords';
import { moreLike, pageVector, textCosine, weightedSearch } from './query';
import { strongRule, type Evidence } from './strong';

export type { PaperTexts } from '../index/types';

/** One piece of evidence for a match: a word, a phrase or an acronym the page and the paper share. */
export interface MatchExplanation {
  kind: KeywordKind;
  /** As shown to the reader: "kv cache", "MoE (mixture of experts)". */
  label: string;
  /** The share of the paper's score this evidence earned, 0–1. */
  share: number;
}

/** One paper related to a page, with why it matched: the raw ranking, as each tab keeps it. */
export interface RankedPaper {
  id: string;
  title: string;
  score: number;
  /** The calibrated strong rule's verdict (what the _Balanced_ sensitivity shows). */
  strong: boolean;
  /** The page's words and phrases that matched this paper, best first. */
  matchedTerms: string[];
  /** The same evidence with its kind and weight, best first. */
  explanation: MatchExplanation[];
}

interface Scored extends Evidence {
  title: string;
}

/** Matched weight outside the best-matched concept: evidence that does not rest on one word or name. */
function breadthOf(matched: Keyword[]): number {
  const byConcept = new Map<string, number>();
  for (const k of matched) byConcept.set(k.concept, (byConcept.get(k.concept) ?? 0) + k.mass);
  let sum = 0;
  let max = 0;
  for (const w of byConcept.values()) {
    sum += w;
    max = Math.max(max, w);
  }
  return sum - max;
}

const byScore = (a: Scored, b: Scored) => b.score - a.score || a.title.localeCompare(b.title);

/**
 * Searches the index with weighted keywords and scores each hit by its
 * matched terms and concepts; the evidence the strong rule and the cosine
 * read is worked out only for the best `keep` hits (a large corpus returns
 * tens of thousands).
 */
function search(
  engine: Engine,
  keywords: Keyword[],
  config: ScoringConfig,
  keep: number,
  conceptCredit: number,
): Scored[] {
  if (keywords.length === 0) return [];
  const byTerm = new Map<string, Keyword>(keywords.map((k) => [k.term, k]));
  // The page's own evidence: bridged terms add to a score, never to what the page is about.
  const own = keywords.filter((k) => k.kind !== 'bridge');
  const total = own.reduce((s, k) => s + k.weight, 0);
  const mass = own.reduce((s, k) => s + k.mass, 0);
  const bridgeConfig = { conceptCredit };
  // Distinct concepts counted by stamping each (by number) with the call's number: a set cleared per hit
  // allocated anew each time, and the search asks this of every paper it reaches.
  const conceptNo = new Map<string, number>();
  const termConcept = new Map<string, number>();
  for (const k of keywords) {
    if (!conceptNo.has(k.concept)) conceptNo.set(k.concept, conceptNo.size);
    termConcept.set(k.term, conceptNo.get(k.concept)!);
  }
  const stamp = new Int32Array(conceptNo.size);
  let call = 0;
  const conceptsOf = (queryTerms: readonly string[]) => {
    if (own.length < keywords.length)
      return matchedConcepts(
        queryTerms.flatMap((t) => byTerm.get(t) ?? []),
        bridgeConfig,
      );
    if (queryTerms.length === 1) return termConcept.has(queryTerms[0]!) ? 1 : 0;
    call++;
    let distinct = 0;
    for (const t of queryTerms) {
      const c = termConcept.get(t);
      if (c === undefined || stamp[c] === call) continue;
      stamp[c] = call;
      distinct++;
    }
    return distinct;
  };
  // MiniSearch multiplies the summed BM25 scores by the number of matched terms; undo it, then count concepts.
  const scoreOf = (score: number, queryTerms: readonly string[]) =>
    (score / Math.max(1, queryTerms.length)) * conceptsOf(queryTerms) ** config.coordination;
  const ties = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
  const weights = (ks: readonly Keyword[]) => new Map(ks.map((k) => [k.term, k.weight]));
  const hits =
    own.length === keywords.length
      ? weightedSearch(engine, weights(keywords), { limit: keep, rankBy: scoreOf, ties })
      : // Bridged terms search apart, so the query's postings budget goes to the page's own terms first.
        searchApart(keywords, (w) => weightedSearch(engine, w, { rankBy: scoreOf, ties }))
          .map((h) => ({ h, by: scoreOf(h.score, h.queryTerms) }))
          .sort((x, y) => y.by - x.by || ties(x.h, y.h))
          .slice(0, keep)
          .map(({ h }) => h);
  return hits.map((hit): Scored => {
    const matched = hit.queryTerms.map((t) => byTerm.get(t)).filter((k): k is Keyword => !!k);
    return {
      id: hit.id,
      title: hit.title,
      score: scoreOf(hit.score, hit.queryTerms),
      matched,
      concepts: conceptsOf(hit.queryTerms),
      coverage: matched.reduce((s, k) => s + (k.kind === 'bridge' ? 0 : k.weight), 0) / total,
      breadth: breadthOf(matched.filter((k) => k.kind !== 'bridge')) / mass,
      cosine: 0,
    };
  });
}

/**
 * The candidates re-scored by `(1 − w)·bm25 + w·cosine` (each relative to the
 * best), best first, the rest below in their order.
 */
function mixed(ranked: readonly Scored[], head: readonly Scored[], cosines: readonly number[], w: number): Scored[] {
  const top = ranked[0]!.score;
  const best = Math.max(...cosines) || 1;
  const rescored = head.map((r, i) => ({ ...r, score: (1 - w) * (r.score / top) + w * (cosines[i]! / best) }));
  const floor = Math.min(...rescored.map((r) => r.score));
  const tail = ranked.slice(head.length).map((r) => ({ ...r, score: Math.min(floor, r.score / top) }));
  return [...rescored.sort(byScore), ...tail];
}

/**
 * Re-scores the best `cosineCandidates` by a cosine. The order: with the
 * candidates' texts, the tf-idf cosine of the whole page and each paper's
 * whole text (title and abstract), weighted `scoring.cosineWeight`; without,
 * the cosine of the page's keywords and the paper's key terms. The evidence
 * the strong rule reads: always the key-term cosine, weighted
 * `strong.cosineWeight` — the mix its thresholds were calibrated on.
 */
function cosineRescore(
  engine: Engine,
  list: Shortlist,
  config: RankingConfig,
  texts: PaperTexts | undefined,
): { ordered: Scored[]; evidence: Scored[] } {
  const ranked = list.scored;
  const { scoring } = config;
  if (!scoring.cosine || !engine.keyTerms || !ranked[0]?.score) return { ordered: ranked, evidence: ranked };
  const query = new Map<string, number>();
  for (const k of list.keywords) if (k.kind !== 'bridge') query.set(k.term, (query.get(k.term) ?? 0) + k.weight);
  const head = ranked.slice(0, scoring.cosineCandidates).map((r) => ({ ...r }));
  let qq = 0;
  for (const w of query.values()) qq += w * w;
  for (const r of head) r.cosine = keyTermCosine(query, qq, engine, r);
  const keyTerm = head.map((r) => r.cosine);
  // Every term the papers' norms count, the ones too common to index included.
  const stats = { df: engine.textDf ?? engine.df, n: engine.n };
  const whole = texts && scoring.wholeText ? pageVector(list.page, stats) : null;
  const order = whole
    ? head.map((r) => {
        const text = texts!.get(r.id);
        return text ? textCosine(whole, text, stats, engine.textNorms?.get(r.id)) : r.cosine;
      })
    : keyTerm;
  return {
    ordered: mixed(ranked, head, order, scoring.cosineWeight),
    evidence: mixed(ranked, head, keyTerm, config.strong.cosineWeight),
  };
}

/**
 * The cosine of the page's keywords (`query`, its squared length `qq`) and a
 * paper's tf-idf vector as the index knows it: its key terms, plus the terms
 * it matched that are not among them (a term only this paper uses is never a
 * key term, yet it is the best evidence there is), each of those weighted as
 * a term the paper uses once. `cosine(query, vector)` without building the vector.
 */
function keyTermCosine(query: ReadonlyMap<string, number>, qq: number, engine: Engine, r: Scored): number {
  const key = engine.keyTerms?.get(r.id) ?? [];
  let dot = 0;
  let dd = 0;
  for (const [term, w] of key) {
    dd += w * w;
    dot += (query.get(term) ?? 0) * w;
  }
  for (const k of r.matched) {
    if (key.some(([t]) => t === k.term)) continue;
    const w = Math.log(1 + engine.n / (engine.df.get(k.term) ?? 1));
    dd += w * w;
    dot += (query.get(k.term) ?? 0) * w;
  }
  return qq > 0 && dd > 0 ? dot / Math.sqrt(qq * dd) : 0;
}

/**
 * Pseudo-relevance feedback: the best papers' own characteristic terms query
 * the index again, so papers on the same topic rise even where they use other
 * words than the page ("more like the best matches"). Both passes are
 * normalised to their best score; the seeds keep their first-pass order.
 */
function feedback(
  engine: Engine,
  ranked: Scored[],
  config: FeedbackConfig,
): { ranked: Scored[]; similarity: Map<string, number> } {
  const top = ranked[0]?.score;
  if (!config.enabled || !engine.keyTerms || !top || ranked.length < 2) return { ranked, similarity: new Map() };
  const seeds = ranked.slice(0, config.seeds).filter((r) => r.score >= config.minShare * top);
  const weights = new Map<string, number>();
  for (const seed of seeds) {
    for (const [term, w] of engine.keyTerms.get(seed.id) ?? []) {
      weights.set(term, (weights.get(term) ?? 0) + (w * seed.score) / top);
    }
  }
  const seedIds = new Set(seeds.map((s) => s.id));
  // Only the ranked papers' feedback scores are read: the query reaches tens of thousands.
  const second = moreLike(engine, weights, config.terms, seedIds, new Set(ranked.map((r) => r.id)));
  return {
    similarity: second,
    ranked: ranked
      .map((r) => ({
        ...r,
        score: r.score / top + config.weight * (seedIds.has(r.id) ? 1 : (second.get(r.id) ?? 0)),
      }))
      .sort(byScore),
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
 * The first stage of a ranking: the page's keywords and the papers they find
 * (BM25, concepts counted), before the cosine. A caller that keeps papers'
 * texts elsewhere (the extension: IndexedDB) reads the texts of
 * {@link candidateIds} between this and {@link rankShortlist}.
 */
export interface Shortlist {
  readonly page: Page;
  readonly keywords: Keyword[];
  readonly scored: Scored[];
}

/** Keywords of the page and the papers they find, as many as the cosine, the strong rule and the results read. */
export function shortlist(
  page: Page,
  engine: Engine,
  config: RankingConfig = DEFAULT_RANKING_CONFIG,
  bridge: Bridge | null = null,
): Shortlist {
  const own = pageKeywords(page, engine, config.keywords);
  const keywords =
    bridge && config.bridge.enabled
      ? expandKeywords(
          own,
          page,
          bridge,
          engine,
          config.bridge,
          config.bridge.unknownSources
            ? unknownKeywords(page, engine, (t) => bridge.position.has(t), config.keywords)
            : [],
        )
      : own;
  const keep = Math.max(config.scoring.cosineCandidates, config.strong.backgroundRank, config.limit);
  return { page, keywords, scored: search(engine, keywords, config.scoring, keep, config.bridge.conceptCredit) };
}

/** The papers whose whole texts the cosine reads: the best `cosineCandidates` of the shortlist. */
export function candidateIds(list: Shortlist, config: RankingConfig = DEFAULT_RANKING_CONFIG): string[] {
  return config.scoring.cosine && config.scoring.wholeText
    ? list.scored.slice(0, config.scoring.cosineCandidates).map((r) => r.id)
    : [];
}

/**
 * Finishes a ranking from its shortlist: the cosine (over the candidates'
 * whole texts when `texts` has them), feedback, the strong rule. Pure.
 */
export function rankShortlist(
  list: Shortlist,
  engine: Engine,
  config: RankingConfig = DEFAULT_RANKING_CONFIG,
  texts?: PaperTexts,
): RankedPaper[] {
  const first = cosineRescore(engine, list, config, texts);
  const fb = feedback(engine, first.ordered, config.feedback);
  // Strength is judged on the page's own evidence (the first pass); feedback only reorders and vouches.
  const isStrong = strongRule(first.evidence, fb.similarity, config.feedback.seeds, config.strong);
  const strongIds = new Set(first.evidence.filter(isStrong).map((r) => r.id));
  const ranked = [...fb.ranked].sort((a, b) => Number(strongIds.has(b.id)) - Number(strongIds.has(a.id)));
  return ranked.slice(0, config.limit).map((r) => {
    const explanation = explain(r.matched);
    return {
      id: r.id,
      title: r.title,
      score: Math.round(r.score * 1000) / 1000,
      strong: strongIds.has(r.id),
      matchedTerms: explanation.map((e) => e.label),
      explanation,
    };
  });
}

/**
 * Ranks the corpus against a page: the best `config.limit` papers, strong
 * ones first, each with why it matched. `texts` gives the candidates' whole
 * texts to the cosine (without: their key terms). Pure: the same page,
 * engine, configuration and texts give the same ranking.
 *
 * @example rank(readPage('h2o.html'), engine)[0].matchedTerms // ['kv cache', 'eviction', ...]
 */
export function rank(
  page: Page,
  engine: Engine,
  config: RankingConfig = DEFAULT_RANKING_CONFIG,
  bridge: Bridge | null = null,
  texts?: PaperTexts,
): RankedPaper[] {
  return rankShortlist(shortlist(page, engine, config, bridge), engine, config, texts);
}
