import { acronymMentions, learnAcronyms, type Acronym, type AcronymMap } from './acronyms';
import type { Page } from './page';
import { FUNCTION_SET, processTerm, terms, tokenize, toTerm, words as wordsOf } from './text';

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
  /**
   * `df` holds every word of the corpus, so a word missing from it is new to the corpus. Not so for the
   * compact index (only each paper's best terms); coined names need it.
   */
  wholeVocabulary?: boolean;
}

/** Switches for the parts of keyword extraction, so an ablation can turn each off. All on by default. */
export interface KeywordOptions {
  /** Two-word phrases ("kv cache") as well as single words. */
  phrases?: boolean;
  /** Acronyms and long forms, learned from the corpus and the page, stand in for each other. */
  acronyms?: boolean;
  /**
   * A name the page coins from a named concept ("Retrievo-Augmented Generation" for retrieval-augmented
   * generation) stands for that concept wherever the page uses it. Needs `acronyms` and `phrases`.
   */
  coinedNames?: boolean;
  /** Title, first heading, description and headings count more than body text; off = every field counts 1. */
  fieldWeights?: boolean;
  /** How many keywords make the query. */
  keywordLimit?: number;
  /** How much more a phrase counts than a word of the same specificity (default {@link PHRASE_FACTOR}). */
  phraseFactor?: number;
  /**
   * Terms with digits ("7b", "a100", "qwen2") name a model size, a GPU or a
   * version rather than a topic, and count {@link IDENTIFIER_FACTOR} as much.
   */
  identifierDiscount?: boolean;
}

/** How much a word counts in each part of a page: titles and headings say what a page is about. */
export const FIELD_WEIGHTS = {
  title: 3,
  articleTitle: 4,
  /** The first heading: on most pages the name of the thing the page is about. */
  mainHeading: 3,
  description: 2,
  keywords: 2,
  headings: 1.5,
  text: 1,
} as const;

/** Phrases are more specific than their words: "type inference" says more than "type" and "inference". */
export const PHRASE_FACTOR = 2;
/**
 * Weight of a term with a digit in it: a model size ("7b", "175b"), a GPU
 * ("a100") or a version ("qwen2") is rare in a corpus of abstracts, and so
 * looks specific, but it names a thing a page mentions, not what it is about.
 */
export const IDENTIFIER_FACTOR = 0.5;
export const KEYWORD_LIMIT = 75;

const idfOf = (df: number, n: number) => Math.log(1 + n / df);

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
function fields(page: Page, weighted: boolean): Array<[string, number]> {
  const w = (x: number) => (weighted ? x : 1);
  return [
    [page.title, w(FIELD_WEIGHTS.title)],
    [page.article?.title ?? '', w(FIELD_WEIGHTS.articleTitle)],
    [page.headings[0] ?? '', w(FIELD_WEIGHTS.mainHeading)],
    [[page.description, page.article?.abstract ?? ''].join('\n'), w(FIELD_WEIGHTS.description)],
    [page.keywords, w(FIELD_WEIGHTS.keywords)],
    [page.headings.slice(1).join('\n'), w(FIELD_WEIGHTS.headings)],
    [page.text, w(FIELD_WEIGHTS.text)],
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
  /** Its first content word as written ("mixture") and its second one's term ("expert"), for coined names. */
  first: string;
  next: string | null;
}

function longFormTerms(a: Acronym): LongFormTerms {
  let cached = LONG_FORM_TERMS.get(a);
  if (!cached) {
    const phrases = tokenize(a.long)
      .filter((t) => t.includes(' '))
      .map(processTerm)
      .filter((t): t is string => !!t);
    const content = wordsOf(a.long).filter((w) => !FUNCTION_SET.has(w));
    cached = {
      phrases: [...new Set(phrases)],
      words: [...new Set(terms(a.long))],
      first: content[0] ?? '',
      next: content[1] ? toTerm(content[1]) : null,
    };
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
export function pageKeywords(page: Page, stats: CorpusStats, options: KeywordOptions = {}): Keyword[] {
  const phrases = options.phrases ?? true;
  const useAcronyms = options.acronyms ?? true;
  const limit = options.keywordLimit ?? KEYWORD_LIMIT;
  const phraseFactor = options.phraseFactor ?? PHRASE_FACTOR;
  const identifierFactor = (options.identifierDiscount ?? true) ? IDENTIFIER_FACTOR : 1;
  const pageFields = fields(page, options.fieldWeights ?? true);
  const tally = new Map<string, Tally>();
  // Phrases whose first word the corpus lacks, for coined names: only needed with acronyms on.
  const unknown: Set<string> | null =
    useAcronyms && (options.coinedNames ?? true) && stats.wholeVocabulary ? new Set() : null;
  const count = (term: string, weight: number, spelling: string, kind: KeywordKind, concept = term): Tally => {
    let t = tally.get(term);
    if (!t) tally.set(term, (t = { tf: 0, kind, concept, spellings: new Map() }));
    t.tf += weight;
    t.spellings.set(spelling, (t.spellings.get(spelling) ?? 0) + weight);
    return t;
  };

  for (const [text, weight] of pageFields) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      const isPhrase = token.includes(' ');
      if (isPhrase && !phrases) continue;
      const term = processTerm(token);
      if (!term) continue;
      if (!stats.df.has(term)) {
        if (unknown && isPhrase) noteUnknownPhrase(unknown, token, stats);
        continue;
      }
      count(term, weight, token, isPhrase ? 'phrase' : 'word');
    }
  }

  if (useAcronyms) addAcronyms(pageFields, stats, tally, count, unknown);

  const scored: Keyword[] = [];
  for (const [term, t] of tally) {
    const df = stats.df.get(term);
    if (!df) continue;
    const idf = specificity(term, df, stats);
    const specific = (t.kind === 'word' ? 1 : phraseFactor) * (/\d/.test(term) ? identifierFactor : 1);
    const label = t.acronymLabel ?? [...t.spellings].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    scored.push({ term, weight: t.tf * idf * specific, tf: t.tf, label, kind: t.kind, concept: t.concept });
  }
  scored.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
  return scored.slice(0, limit);
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
  unknown: Set<string> | null,
): void {
  const fromPage = learnAcronyms(pageFields.map(([text]) => text));
  const known = new Map<string, Acronym>(stats.acronyms ?? []);
  for (const [key, a] of fromPage) known.set(key, a);
  if (known.size === 0) return;

  const mentions = new Map<string, number>();
  for (const [text, weight] of pageFields) {
    if (!text) continue;
    for (const [key, n] of acronymMentions(text)) mentions.set(key, (mentions.get(key) ?? 0) + n * weight);
  }
  const coined = unknown ? coinedNames(known, unknown, pageFields) : new Map<string, CoinedName>();

  for (const [key, a] of known) {
    const name = coined.get(key);
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
    // A coined name counts as a mention; the label names it when the page never writes the acronym itself.
    const label = name && mentioned === 0 ? `${name.spelling} (${a.long})` : acronymLabel(a);
    if (name) mentioned += name.count;
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

/** Keeps a phrase token ("retrievo generation") whose first word the corpus does not use: a possible coined name. */
function noteUnknownPhrase(unknown: Set<string>, phrase: string, stats: CorpusStats): void {
  const first = toTerm(phrase.slice(0, phrase.indexOf(' ')));
  if (first && !stats.df.has(first) && unknown.size < MAX_UNKNOWN_PHRASES) unknown.add(phrase);
}
const MAX_UNKNOWN_PHRASES = 5000;

/** A name the page coined for a named concept: as the page spells it, and how often it uses it (by field weight). */
export interface CoinedName {
  spelling: string;
  count: number;
}

/** How many first letters a coined name must share with the word it stands in for. */
export const COINED_NAME_PREFIX = 4;

/**
 * Names a page coins from a named concept — one the corpus or the page
 * abbreviates — by reworking its first word and keeping the rest: a page that
 * writes "Retrievo-Augmented Generation" and then just "Retrievo" is talking
 * about retrieval-augmented generation throughout. A word counts as such a
 * name when the corpus never uses it, the page capitalises it inside a
 * sentence, it starts with the same {@link COINED_NAME_PREFIX} or more
 * letters as the long form's first word, and somewhere on the page it is
 * followed by the long form's next word. `unknown` holds the page's phrases
 * whose first word the corpus lacks. Returns the names by acronym key, each
 * with how often the page uses it (counted in one pass, only when there is one).
 */
export function coinedNames(
  known: ReadonlyMap<string, Acronym>,
  unknown: ReadonlySet<string>,
  pageFields: ReadonlyArray<readonly [string, number]>,
): Map<string, CoinedName> {
  const out = new Map<string, CoinedName>();
  if (unknown.size === 0) return out;
  // Long forms by the term of their second content word: a name must be followed by it.
  const bySecond = new Map<string, Array<{ key: string; first: string }>>();
  for (const [key, a] of known) {
    const { first, next } = longFormTerms(a);
    if (!next || first.length < COINED_NAME_PREFIX) continue;
    const list = bySecond.get(next) ?? [];
    list.push({ key, first });
    bySecond.set(next, list);
  }
  let capitalised: Map<string, string> | undefined;
  for (const phrase of unknown) {
    const space = phrase.indexOf(' ');
    const name = phrase.slice(0, space);
    if (!/^\p{L}{5,}$/u.test(name)) continue;
    const next = toTerm(phrase.slice(space + 1));
    for (const { key, first } of (next && bySecond.get(next)) || []) {
      if (out.has(key) || sharedPrefix(name, first) < COINED_NAME_PREFIX) continue;
      // A name is written with a capital somewhere on the page.
      const spelling = (capitalised ??= capitalisedWords(pageFields)).get(name);
      if (spelling) out.set(key, { spelling, count: 0 });
    }
  }
  if (out.size > 0) {
    // One name may stand for more than one concept: each counts every use.
    const byName = new Map<string, CoinedName[]>();
    for (const c of out.values()) {
      const name = c.spelling.toLowerCase();
      byName.set(name, [...(byName.get(name) ?? []), c]);
    }
    for (const [text, weight] of pageFields) {
      for (const w of wordsOf(text)) for (const c of byName.get(w) ?? []) c.count += weight;
    }
  }
  return out;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The words a page writes with a capital inside a sentence, by their
 * lower-case form, each with its most frequent capitalised spelling
 * ("mixtoria" → "Mixtoria"). One pass over the page, made only when a coined
 * name is in question.
 */
/** The last character before a word that tells a sentence's inside from its start (bullets, quotes, spaces do not). */
const SENTENCE_CONTEXT = /([\p{L}\p{N},;/.!?:|\n])[^\p{L}\p{N},;/.!?:|\n]*$/u;
/** Characters after which a capital starts something: a sentence, a line, a cell. */
const SENTENCE_BREAK = /[.!?:|\n]/;

function capitalisedWords(pageFields: ReadonlyArray<readonly [string, number]>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const [text] of pageFields) {
    for (const m of text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*/gu)) {
      // A capital that starts a sentence, a line, a heading, a list item or a table cell says nothing: any word gets
      // one there. Inside a sentence, the last telling character before the word is a letter, a digit or , ; / …
      const last = SENTENCE_CONTEXT.exec(text.slice(Math.max(0, m.index - 12), m.index))?.[1];
      if (last === undefined || SENTENCE_BREAK.test(last)) continue;
      const word = m[0];
      const lower = word.toLowerCase();
      let spellings = counts.get(lower);
      if (!spellings) counts.set(lower, (spellings = new Map()));
      spellings.set(word, (spellings.get(word) ?? 0) + 1);
    }
  }
  const out = new Map<string, string>();
  for (const [lower, spellings] of counts) out.set(lower, [...spellings].reduce((a, b) => (b[1] > a[1] ? b : a))[0]);
  return out;
}
