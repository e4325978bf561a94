import { acronymMentions, learnAcronyms, type Acronym, type AcronymMap } from '../acronyms';
import { idf as idfOf } from '../index/tfidf';
import type { Page } from '../page';
import { processTerm, terms, tokenize, toTerm } from '../text';
import { DEFAULT_RANKING_CONFIG, type KeywordConfig } from './config';

/**
 * What kind of evidence a keyword is: a word, a two-word phrase, an acronym (or its long form), or a term the
 * page does not use but names the same topic as one of its words (the semantic bridge, lib/ranking/bridge.ts).
 */
export type KeywordKind = 'word' | 'phrase' | 'acronym' | 'bridge';

/** A term (stemmed word or phrase) chosen to describe a page, with its weight and how the page spells it. */
export interface Keyword {
  term: string;
  weight: number;
  /** The page's most frequent spelling, for explanations ("kv cache" for the term "kv cach", "MoE (mixture of experts)"). */
  label: string;
  kind: KeywordKind;
  /** How often the page uses the term, by field weight (a title word counts 3). */
  tf: number;
  /**
   * The weight before tf damping (`tf × specificity`): how much of the page the
   * term takes up, for telling a page about many things from one that repeats a name.
   */
  mass: number;
  /** Terms that name the same thing share a concept: an acronym, its long form and the long form's phrases. */
  concept: string;
  /** For a bridged term: the page's term it stands for ("serv" for "infer"). */
  bridgedFrom?: string;
}

/** Corpus statistics keyword weighting needs: document frequencies, the number of documents, the acronyms it defines. */
export interface CorpusStats {
  df: ReadonlyMap<string, number>;
  n: number;
  acronyms?: AcronymMap;
}

/**
 * How specific a term is: its inverse document frequency, and for a phrase
 * the mean of that and its words' — two common words side by side ("train
 * model") stay fairly common even when the corpus has the pair only once.
 */
function specificity(term: string, df: number, stats: CorpusStats): number {
  const idf = idfOf(df, stats.n);
  const space = term.indexOf(' ');
  if (space < 0) return idf;
  const wordIdf = (w: string) => idfOf(stats.df.get(w) ?? df, stats.n);
  const words = (wordIdf(term.slice(0, space)) + wordIdf(term.slice(space + 1))) / 2;
  return (idf + words) / 2;
}

/** Field texts of a page, each with its weight. */
function fields(page: Page, config: KeywordConfig): Array<[string, number]> {
  const f = config.fieldWeight;
  const w = (x: number) => (config.fieldWeights ? x : 1);
  return [
    [page.title, w(f.title)],
    [page.article?.title ?? '', w(f.articleTitle)],
    [page.headings[0] ?? '', w(f.mainHeading)],
    [[page.description, page.article?.abstract ?? ''].join('\n'), w(f.description)],
    [page.keywords, w(f.keywords)],
    [page.headings.slice(1).join('\n'), w(f.headings)],
    [page.text, w(f.text)],
  ];
}

interface Tally {
  tf: number;
  kind: KeywordKind;
  concept: string;
  spellings: Map<string, number>;
  /** Set for terms that came from an acronym: the label overrides the page's spellings. */
  acronymLabel?: string;
}

/** The label of an acronym: "MoE (mixture of experts)". */
export function acronymLabel(a: Acronym): string {
  return `${a.short} (${a.long})`;
}

/** A long form as keyword weighting reads it, worked out once per acronym. */
interface LongFormTerms {
  /** Its phrase terms: "mixtur expert" for "mixture of experts". */
  phrases: string[];
  /** Its content words' terms. */
  words: string[];
}

function longFormTerms(a: Acronym): LongFormTerms {
  let cached = LONG_FORM_TERMS.get(a);
  if (!cached) {
    const phrases = tokenize(a.long)
      .filter((t) => t.includes(' '))
      .map(processTerm)
      .filter((t): t is string => !!t);
    cached = { phrases: [...new Set(phrases)], words: [...new Set(terms(a.long))] };
    LONG_FORM_TERMS.set(a, cached);
  }
  return cached;
}
const LONG_FORM_TERMS = new WeakMap<Acronym, LongFormTerms>();

/**
 * Weighted keywords of a page: term frequency on the page (by field weight,
 * not damped: a word the page keeps using is what it is about) times the
 * term's specificity in the corpus. Terms the corpus never uses can't
 * match anything and are left out. An acronym on the page brings in its long
 * form's phrases, and a long form brings in its acronym, under one concept.
 */
export function pageKeywords(
  page: Page,
  stats: CorpusStats,
  config: KeywordConfig = DEFAULT_RANKING_CONFIG.keywords,
): Keyword[] {
  const identifierFactor = config.identifierDiscount ? config.identifierFactor : 1;
  const pageFields = fields(page, config);
  const tally = new Map<string, Tally>();
  const count = (term: string, weight: number, spelling: string, kind: KeywordKind, concept = term): Tally => {
    let t = tally.get(term);
    if (!t) tally.set(term, (t = { tf: 0, kind, concept, spellings: new Map() }));
    t.tf += weight;
    t.spellings.set(spelling, (t.spellings.get(spelling) ?? 0) + weight);
    return t;
  };

  // Each distinct token's term, when the corpus has it, else null: a page repeats its words, and a phrase's
  // term and a lookup in the corpus's dictionary cost a string and a hash each time.
  const known = new Map<string, string | null>();
  for (const [text, weight] of pageFields) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      const isPhrase = token.includes(' ');
      if (isPhrase && !config.phrases) continue;
      let term = known.get(token);
      if (term === undefined) {
        const t = processTerm(token);
        known.set(token, (term = t && stats.df.has(t) ? t : null));
      }
      if (term === null) continue;
      count(term, weight, token, isPhrase ? 'phrase' : 'word');
    }
  }

  if (config.acronyms) addAcronyms(pageFields, stats, tally, count);

  const damp = config.tf === 'sqrt' ? Math.sqrt : (tf: number) => tf;
  const scored: Keyword[] = [];
  for (const [term, t] of tally) {
    const df = stats.df.get(term);
    if (!df) continue;
    const idf = specificity(term, df, stats);
    const specific = (t.kind === 'word' ? 1 : config.phraseFactor) * (/\d/.test(term) ? identifierFactor : 1);
    const label = t.acronymLabel ?? [...t.spellings].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const mass = t.tf * idf * specific;
    scored.push({ term, weight: damp(t.tf) * idf * specific, mass, tf: t.tf, label, kind: t.kind, concept: t.concept });
  }
  scored.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
  return scored.slice(0, config.limit);
}

/**
 * The page's words the corpus never uses but `known` accepts (the semantic bridge's vocabulary), as keywords
 * weighted as {@link pageKeywords} would weigh a word of document frequency 1 — the rarest a term of the corpus
 * can be — with the page's tf by field weight. They match no paper themselves; the bridge reads them as sources,
 * so a page word the user's corpus lacks ("mixtral" against the 75 bundled papers) can still bring in the terms
 * the corpus uses with it. Words only: a phrase a small corpus lacks is mostly two words it has ("model answer"),
 * already keywords of their own (with phrases, the graded set's nDCG@5 fell 0.761 → 0.752, docs/bridge.md).
 */
export function unknownKeywords(
  page: Page,
  stats: CorpusStats,
  known: (term: string) => boolean,
  config: KeywordConfig = DEFAULT_RANKING_CONFIG.keywords,
): Keyword[] {
  const identifierFactor = config.identifierDiscount ? config.identifierFactor : 1;
  const tally = new Map<string, { tf: number; spellings: Map<string, number> }>();
  for (const [text, weight] of fields(page, config)) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      if (token.includes(' ')) continue;
      const term = toTerm(token);
      if (!term || stats.df.has(term) || !known(term)) continue;
      let t = tally.get(term);
      if (!t) tally.set(term, (t = { tf: 0, spellings: new Map() }));
      t.tf += weight;
      t.spellings.set(token, (t.spellings.get(token) ?? 0) + weight);
    }
  }
  const damp = config.tf === 'sqrt' ? Math.sqrt : (tf: number) => tf;
  const idf = idfOf(1, Math.max(1, stats.n));
  const out: Keyword[] = [];
  for (const [term, t] of tally) {
    const specific = /\d/.test(term) ? identifierFactor : 1;
    const label = [...t.spellings].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const [weight, mass] = [damp(t.tf) * idf * specific, t.tf * idf * specific];
    out.push({ term, weight, mass, tf: t.tf, label, kind: 'word', concept: term });
  }
  return out.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
}

/**
 * Acronyms in both directions: each acronym the page mentions (with a long
 * form the page or the corpus defines) adds the long form's phrases, and each
 * long form the page spells out adds its acronym. The page's own definitions
 * win over the corpus's.
 */
function addAcronyms(
  pageFields: Array<[string, number]>,
  stats: CorpusStats,
  tally: Map<string, Tally>,
  count: (term: string, weight: number, spelling: string, kind: KeywordKind, concept?: string) => Tally,
): void {
  const fromPage = learnAcronyms(pageFields.map(([text]) => text));
  const corpus = stats.acronyms ?? new Map<string, Acronym>();
  if (corpus.size === 0 && fromPage.size === 0) return;

  const mentions = new Map<string, number>();
  for (const [text, weight] of pageFields) {
    if (!text) continue;
    for (const [key, n] of acronymMentions(text)) mentions.set(key, (mentions.get(key) ?? 0) + n * weight);
  }

  // Only the acronyms the page mentions, defines or spells out can count; the page's own definitions win.
  // They are taken in the corpus's order (then the page's), as walking every acronym would take them.
  const { position, byPhrase } = acronymLookup(corpus);
  const keys = new Set<string>([...mentions.keys(), ...fromPage.keys()]);
  for (const term of tally.keys()) for (const key of byPhrase.get(term) ?? []) keys.add(key);
  const pageOrder = [...fromPage.keys()];
  const order = (key: string) => position.get(key) ?? corpus.size + pageOrder.indexOf(key);
  const candidates = [...keys]
    .flatMap((key) => {
      const a = fromPage.get(key) ?? corpus.get(key);
      return a ? [[key, a] as const] : [];
    })
    .sort((x, y) => order(x[0]) - order(y[0]));

  for (const [key, a] of candidates) {
    const concept = `acronym:${key}`;
    const shortTerm = toTerm(key);
    const { phrases: longTerms, words } = longFormTerms(a);
    if (longTerms.length === 0) continue;
    let mentioned = mentions.get(key) ?? 0;
    // An acronym the page does not define means what the corpus says only if the page uses the long form's words too:
    // "PPL" next to "perplexity" numbers is not a probabilistic programming language.
    if (mentioned > 0 && !fromPage.has(key)) {
      const onPage = words.filter((w) => (tally.get(w)?.tf ?? 0) > 0).length;
      if (onPage * 2 < words.length) mentioned = 0;
    }
    const label = acronymLabel(a);
    // The long form counts as often as the page writes its rarest phrase.
    const spelledOut = Math.min(...longTerms.map((t) => tally.get(t)?.tf ?? 0));
    const weight = mentioned + spelledOut;
    if (weight === 0) continue;
    for (const term of shortTerm ? [shortTerm, ...longTerms] : longTerms) {
      if (!stats.df.has(term)) continue;
      const t = tally.get(term);
      // Each spelling counts once: the page's own count of a term stays, the other spelling's count is added.
      const extra = term === shortTerm ? spelledOut : mentioned;
      const entry = t ?? count(term, 0, label, 'acronym', concept);
      entry.tf += t ? extra : weight;
      entry.kind = 'acronym';
      entry.concept = concept;
      entry.acronymLabel = label;
    }
  }
}

/** Where each corpus acronym stands in the corpus's order, and which acronyms each long-form phrase belongs to. */
interface AcronymLookup {
  position: Map<string, number>;
  byPhrase: Map<string, string[]>;
}
const LOOKUPS = new WeakMap<AcronymMap, AcronymLookup>();

/** Worked out once per corpus acronym map (the engine keeps it), so a page never walks every acronym. */
function acronymLookup(acronyms: AcronymMap): AcronymLookup {
  let lookup = LOOKUPS.get(acronyms);
  if (!lookup) {
    lookup = { position: new Map(), byPhrase: new Map() };
    let i = 0;
    for (const [key, a] of acronyms) {
      lookup.position.set(key, i++);
      for (const phrase of longFormTerms(a).phrases) {
        const list = lookup.byPhrase.get(phrase);
        if (list) list.push(key);
        else lookup.byPhrase.set(phrase, [key]);
      }
    }
    LOOKUPS.set(acronyms, lookup);
  }
  return lookup;
}
