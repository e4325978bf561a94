import { stemmer } from 'stemmer';

/**
 * Text normalisation shared by the index and the page reader, so that a word on
 * a page and the same word in an abstract always become the same term.
 */

/** English function words: never a topic, and skipped over when phrases are formed. */
const FUNCTION_WORDS = `a about above after again against all almost also although always am among an and another any are
  aren as at be because been before being below between both but by can cannot could did do does doing done down
  during each either else etc even ever every few for from further get gets getting give given gives go goes going
  got had has have having he her here hers herself him himself his how however i if in into is isn it its itself
  just least less let like likely made make makes making many may me might more most much must my myself need
  needs neither no nor not now of off often on once one only onto or other others otherwise our ours ourselves out
  over own per perhaps put quite rather really said same see seen several shall she should show shows shown since
  so some such than that the their theirs them themselves then there therefore these they this those though
  through thus to together too toward towards under until up upon us use used uses using very via was we well were
  what when where whether which while who whom whose why will with within without would yet you your yours
  yourself yourselves able across already alongside first second third new based way ways yes also just`;

/**
 * Words about making and shipping software rather than about a research
 * topic: every README says them, which makes them look rare — and so
 * important — to a corpus of abstracts.
 */
const SOFTWARE_PROCESS = `develop develops developed developer developers development support supports supported supporting user users tool
  tools feature features featured include includes included including built building project projects provide
  provides provided providing require requires required requiring help helps helpful fully easy easily simple simply
  custom customize customized variety wide known instead named various etc windows linux macos ubuntu os platform
  platforms`;

/**
 * The boilerplate of web pages, code hosts and READMEs: site chrome, calls to
 * action and the vocabulary of installing and contributing. A paper is never
 * related to a page because both say "contribute" or "download".
 */
const WEB_BOILERPLATE = `www http https com org net html htm io md readme github gitlab star stars starred fork forks
  forked watch watching watchers branch branches clone 
    license licensed licence copyright mit apache bsd gpl click here link links page pages
  home sign signup login logout menu navigation nav footer sidebar cookie cookies terms contact
  blog docs doc documentation install installed installation installing pip npm yarn conda poetry setup usage
  download downloads downloaded example examples note notes todo faq contributing contribute contributed
  contribution contributions contributors contributor maintainer maintainers release releases released version
  versions latest badge badges build builds status shield svg png jpg gif discussions discussion projects
  wiki insights sponsor sponsors sponsorship donate donation donations account accounts community
  discord slack twitter gitter mailing newsletter subscribe welcome thanks thank please feel free check checkout
  read readme quickstart quick started start tutorial tutorials guide guides visit join joins following follow
  follows find found want wants try trying run runs running ran create creates creating created add adds added
  adding copy paste file files folder directory dir cd git sudo bash shell command commands script scripts
  instructions instruction steps step see also more info detail details contents overview
  introduction intro news changelog citation cite citing bibtex arxiv preprint paper papers
  available coming soon currently recommended recommend recommends
  ${SOFTWARE_PROCESS}`;

/** English function words plus the boilerplate of web pages and READMEs. */
export const STOP_WORDS: ReadonlySet<string> = new Set(`${FUNCTION_WORDS} ${WEB_BOILERPLATE}`.split(/\s+/));

const WORD = /[\p{L}\p{N}]+/gu;
/** Punctuation that ends a phrase: sentences, clauses, list items, brackets, lines. */
const CLAUSE_BREAK = /[.,;:!?()[\]{}<>"|=*#\n\r\t•·…—–]+|\s-\s/u;

/** Splits text into lower-case word tokens (letters and digits), keeping their order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Turns one lower-case word into the term the index stores, or null for words
 * that carry no topic (stop words, numbers, single letters).
 */
export function toTerm(word: string): string | null {
  const cached = TERMS.recent.get(word);
  if (cached !== undefined) return cached;
  const older = TERMS.older.get(word);
  const term = older !== undefined ? older : wordTerm(word);
  if (TERMS.recent.size >= TERM_CACHE_SIZE) {
    TERMS.older = TERMS.recent;
    TERMS.recent = new Map();
  }
  TERMS.recent.set(word, term);
  return term;
}

function wordTerm(word: string): string | null {
  if (word.length < 2 || word.length > 40) return null;
  if (/^\d+$/.test(word)) return null;
  if (STOP_WORDS.has(word)) return null;
  return stemmer(word);
}

/**
 * Stemming is most of the cost of indexing and of reading a page, and texts
 * repeat their words: each word's term is remembered. Two generations, so a
 * full cache forgets only the words not seen since the last turnover (a
 * corpus of 75k abstracts has some 200k distinct words; clearing the whole
 * cache at its bound stemmed the common ones again and again).
 */
const TERMS = { recent: new Map<string, string | null>(), older: new Map<string, string | null>() };
const TERM_CACHE_SIZE = 100_000;

/** All index terms of a text, in order (stop words dropped, words stemmed). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = toTerm(w);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Tokens of a text: its words, plus each pair of neighbouring content words in
 * the same clause as a phrase ("kv cache"). Function words between the two are
 * skipped, so "mixture of experts" and "Mixture-of-Experts" both give the
 * phrase "mixture experts"; a phrase never spans a full stop, comma or line.
 *
 * @example tokenize('Mixture of Experts, fast') // ['mixture', 'of', 'experts', 'fast', 'mixture experts']
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const phrases: string[] = [];
  for (const clause of text.split(CLAUSE_BREAK)) {
    const ws = words(clause);
    let previous: string | null = null;
    for (const w of ws) {
      out.push(w);
      if (FUNCTION_SET.has(w)) continue;
      if (previous !== null) phrases.push(`${previous} ${w}`);
      previous = w;
    }
  }
  return out.concat(phrases);
}

/**
 * The index terms of a text, exactly `tokenize(text)` each through
 * `processTerm` (words, then phrases, nulls dropped), without building and
 * re-splitting each phrase: every word is looked up once.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  const phrases: string[] = [];
  for (const clause of text.split(CLAUSE_BREAK)) {
    let previous: string | null = null;
    let previousTerm: string | null = null;
    for (const w of words(clause)) {
      const t = toTerm(w);
      if (t) out.push(t);
      if (FUNCTION_SET.has(w)) continue;
      if (previous !== null && previousTerm && t && previousTerm !== t) phrases.push(`${previousTerm} ${t}`);
      previous = w;
      previousTerm = t;
    }
  }
  for (const p of phrases) out.push(p);
  return out;
}

/** A letter or digit as 0–35 (either case), or -1. */
function code36(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** The first one, two or three letters of a word as a number, or -1 when one of them is not a-z or 0-9. */
function headOf(word: string, length: 1 | 2 | 3): number {
  let key = 0;
  for (let i = 0; i < length; i++) {
    const c = code36(word.charCodeAt(i));
    if (c < 0) return -1;
    key = key * 36 + c;
  }
  return key;
}

/**
 * A set of word terms (stems) that also tells, from a word's first letters
 * alone, whether the word could stem to one of them — so a text can be read
 * for those terms without stemming, or even cutting out, its other words.
 * Porter's stemmer only rewrites a word's end, and every rule that replaces
 * a suffix keeps the suffix's first letter, except a final "y" becoming "i"
 * ("toy" → "toi"): a stem of three letters or more starts with the word's
 * first three (that "y" aside), a shorter stem is the word's start.
 * `tests/unit/text-cosine.test.ts` checks this on every word of the corpus.
 */
export class StemSet {
  private readonly stems: ReadonlySet<string>;
  private readonly one = new Uint8Array(36);
  private readonly two = new Uint8Array(36 ** 2);
  private readonly three = new Uint8Array(36 ** 3);

  constructor(stems: Iterable<string>) {
    this.stems = new Set(stems);
    for (const s of this.stems) {
      if (s.length === 1 || s.length === 2) {
        const key = headOf(s, s.length);
        if (key >= 0) (s.length === 1 ? this.one : this.two)[key] = 1;
      } else if (s.length >= 3) {
        const key = headOf(s, 3);
        if (key >= 0) this.three[key] = 1;
        if (key >= 0 && s[2] === 'i') this.three[key - 18 + 34] = 1; // the same head ending in "y"
      }
    }
  }

  has(term: string): boolean {
    return this.stems.has(term);
  }

  /** False when no word starting as `word` (lower case) does can stem to one of the set's stems. */
  mayStemTo(word: string): boolean {
    return this.startsLike(word, 0, word.length);
  }

  /** {@link mayStemTo} for `text.slice(from, to)`, any case, without cutting it out. */
  startsLike(text: string, from: number, to: number): boolean {
    const c0 = code36(text.charCodeAt(from));
    if (c0 < 0) return true;
    if (this.one[c0]) return true;
    if (to - from < 2) return false;
    const c1 = code36(text.charCodeAt(from + 1));
    if (c1 < 0) return true;
    if (this.two[c0 * 36 + c1]) return true;
    if (to - from < 3) return false;
    const c2 = code36(text.charCodeAt(from + 2));
    return c2 < 0 || this.three[(c0 * 36 + c1) * 36 + c2] === 1;
  }
}

/** ASCII characters by what they are to a text's words: 1 a letter or digit, 2 the end of a clause (`CLAUSE_BREAK`). */
const ASCII_CLASS = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (code36(c) >= 0) table[c] = 1;
  for (const ch of '.,;:!?()[]{}<>"|=*#\n\r\t') table[ch.charCodeAt(0)] = 2;
  return table;
})();
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/**
 * Counts into `into` the index terms of a text that `wanted` has, as
 * {@link indexTerms} would give them, each occurrence counting `weight`;
 * `pairable` holds every word term of the other side. A word that cannot
 * stem to one of them is never cut out or stemmed (in an ASCII text; others
 * take the general path), and a phrase is only built when both its words are
 * there. The cosine reads a paper's stored text this way.
 */
export function countTermsIn(
  text: string,
  pairable: StemSet,
  wanted: ReadonlyMap<string, unknown>,
  into: Map<string, number>,
  weight = 1,
): Map<string, number> {
  let previousTerm: string | null = null;
  /** One word: counted when wanted; a function word is skipped over, any other ends a phrase unless it is pairable. */
  const word = (w: string | null, from: number, to: number) => {
    let t: string | null = null;
    if (w !== null || pairable.startsLike(text, from, to)) t = toTerm((w ??= text.slice(from, to).toLowerCase()));
    const known = t !== null && pairable.has(t);
    if (known && wanted.has(t!)) into.set(t!, (into.get(t!) ?? 0) + weight);
    if (isFunctionWord(w, text, from, to)) return;
    if (previousTerm && known && previousTerm !== t) {
      const phrase = `${previousTerm} ${t}`;
      if (wanted.has(phrase)) into.set(phrase, (into.get(phrase) ?? 0) + weight);
    }
    previousTerm = known ? t : null;
  };
  if (!ASCII_ONLY.test(text)) {
    for (const clause of text.split(CLAUSE_BREAK)) {
      previousTerm = null;
      for (const w of words(clause)) word(w, 0, 0);
    }
    return into;
  }
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    const kind = ASCII_CLASS[c];
    if (kind === 1) {
      let j = i + 1;
      while (j < text.length && ASCII_CLASS[text.charCodeAt(j)] === 1) j++;
      word(null, i, j);
      i = j;
      continue;
    }
    if (kind === 2 || (c === 45 && isSpace(text.charCodeAt(i - 1)) && isSpace(text.charCodeAt(i + 1))))
      previousTerm = null;
    i++;
  }
  return into;
}

/** Whether a word (`w`, or `text.slice(from, to)` in any case) is a function word, cutting it out only when it may be. */
function isFunctionWord(w: string | null, text: string, from: number, to: number): boolean {
  if (w !== null) return FUNCTION_SET.has(w);
  return mayBeFunctionWord(text, from, to) && FUNCTION_SET.has(text.slice(from, to).toLowerCase());
}

/**
 * Counts the terms of one fixed list (a page's) in many texts (the abstracts
 * a ranking reads), as {@link countTermsIn} does with `wanted` the list and
 * `pairable` its word terms, but over numbers: each ASCII word is found by
 * its letters where it stands ({@link AsciiWords}) and keeps, for the
 * counter that last met it, its place in the list — so a word seen before
 * costs no string and no map lookup. `pairable` is every word term of the
 * page, as for {@link countTermsIn}: a phrase of the list may join two words
 * the list itself lacks. `add` the texts of one paper, then `drain` its counts.
 */
export class TermCounter {
  /** Each list term's count since the last drain. */
  private readonly counts: Float64Array;
  private readonly touched: number[] = [];
  private readonly place: Map<string, number>;
  private readonly words: StemSet;
  /** Each pairable word's number. */
  private readonly wordNo: Map<string, number>;
  /** A list phrase's place by its two words' numbers, `first · wordNo.size + second`. */
  private readonly phrases = new Map<number, number>();
  private readonly generation = ++COUNTERS;

  constructor(
    readonly terms: readonly string[],
    pairable: readonly string[],
  ) {
    this.place = new Map(terms.map((t, i) => [t, i]));
    this.counts = new Float64Array(terms.length);
    this.words = new StemSet(pairable);
    this.wordNo = new Map([...new Set(pairable)].map((w, i) => [w, i]));
    terms.forEach((t, i) => {
      const space = t.indexOf(' ');
      if (space < 0) return;
      const first = this.wordNo.get(t.slice(0, space));
      const second = this.wordNo.get(t.slice(space + 1));
      if (first !== undefined && second !== undefined) this.phrases.set(first * this.wordNo.size + second, i);
    });
  }

  private bump(i: number, weight: number): void {
    if (this.counts[i] === 0) this.touched.push(i);
    this.counts[i]! += weight;
  }

  /** Counts the list's terms in `text`, each occurrence counting `weight`. */
  add(text: string, weight = 1): void {
    if (!ASCII_ONLY.test(text)) {
      const counts = countTermsIn(text, this.words, this.place, new Map(), weight);
      for (const [t, f] of counts) this.bump(this.place.get(t)!, f);
      return;
    }
    const table = (ASCII_WORDS ??= new AsciiWords(1 << 17));
    let previous = -1; // the number of the last word when it is pairable, else -1
    for (let i = 0; i < text.length;) {
      const c = text.charCodeAt(i);
      const kind = ASCII_CLASS[c];
      if (kind === 1) {
        const from = i;
        let j = i + 1;
        while (j < text.length && ASCII_CLASS[text.charCodeAt(j)] === 1) j++;
        i = j;
        // Most words of an abstract can be neither a page term nor a function word, told by their first
        // letters: only the others are hashed and looked up.
        if (!this.words.startsLike(text, from, j) && !mayBeFunctionWord(text, from, j)) {
          previous = -1;
          continue;
        }
        let h = FNV_OFFSET;
        for (let k = from; k < j; k++) {
          const d = text.charCodeAt(k);
          h = Math.imul(h ^ (d >= 65 && d <= 90 ? d + 32 : d), FNV_PRIME);
        }
        const slot = table.find(text, from, j, h);
        if (table.owner[slot] !== this.generation) this.learn(slot);
        const at = table.place[slot]!;
        if (at >= 0) this.bump(at, weight);
        if (table.functionWord[slot] === 1) continue;
        const word = table.word[slot]!;
        if (previous >= 0 && word >= 0 && previous !== word) {
          const phrase = this.phrases.get(previous * this.wordNo.size + word);
          if (phrase !== undefined) this.bump(phrase, weight);
        }
        previous = word;
        continue;
      }
      if (kind === 2 || (c === 45 && isSpace(text.charCodeAt(i - 1)) && isSpace(text.charCodeAt(i + 1)))) previous = -1;
      i++;
    }
  }

  /** What this counter needs of a word: its place in the list and its number as a pairable word (-1: none). */
  private learn(slot: number): void {
    const table = ASCII_WORDS!;
    const term = table.terms[slot];
    const word = term == null ? undefined : this.wordNo.get(term);
    table.owner[slot] = this.generation;
    table.place[slot] = word === undefined ? -1 : (this.place.get(term!) ?? -1);
    table.word[slot] = word ?? -1;
  }

  /** Calls `fn` with each counted term's place in the list and its count, and starts again from zero. */
  drain(fn: (place: number, count: number) => void): void {
    for (const i of this.touched) {
      fn(i, this.counts[i]!);
      this.counts[i] = 0;
    }
    this.touched.length = 0;
  }
}
let COUNTERS = 0;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * The terms of the ASCII words {@link TermCounter}s have met, found by a
 * word's letters where it stands in a text (its hash worked out while the
 * text is scanned), so a word seen before is neither cut out, lower-cased nor
 * looked up as a string again: the cosine reads 100 abstracts a ranking.
 * Open addressing; emptied when half full.
 */
class AsciiWords {
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly words: Array<string | undefined>;
  readonly terms: Array<string | null>;
  readonly functionWord: Uint8Array;
  /** Per slot, for the {@link TermCounter} that last met the word: which one, the word's place in its list, its number. */
  readonly owner: Int32Array;
  readonly place: Int32Array;
  readonly word: Int32Array;
  private used = 0;

  constructor(private readonly size: number) {
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.words = new Array<string | undefined>(size);
    this.terms = new Array<string | null>(size);
    this.functionWord = new Uint8Array(size);
    this.owner = new Int32Array(size);
    this.place = new Int32Array(size);
    this.word = new Int32Array(size);
  }

  /** The slot of `text.slice(from, to)` in lower case, whose hash is `hash`: found, or filled in. */
  find(text: string, from: number, to: number, hash: number): number {
    const length = to - from;
    let slot = hash & this.mask;
    for (let w = this.words[slot]; w !== undefined; w = this.words[(slot = (slot + 1) & this.mask)]) {
      if (this.hashes[slot] === hash && w.length === length && sameLowerCase(w, text, from)) return slot;
    }
    if (2 * this.used >= this.size) {
      this.words.fill(undefined);
      this.used = 0;
      slot = hash & this.mask;
    }
    const word = text.slice(from, to).toLowerCase();
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.terms[slot] = toTerm(word);
    this.functionWord[slot] = FUNCTION_SET.has(word) ? 1 : 0;
    this.owner[slot] = 0;
    this.used++;
    return slot;
  }
}
/** Made on the first count (a few MB): the content script, which reads pages, never counts. */
let ASCII_WORDS: AsciiWords | undefined;

/** Whether `text` from `from` on is `lower` in any case (ASCII). */
function sameLowerCase(lower: string, text: string, from: number): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(from + k);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** False when `text.slice(from, to)` (any case) cannot be a function word: by its length and first letters. */
function mayBeFunctionWord(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length > FUNCTION_MAX) return false;
  const head = length >= 3 ? FUNCTION_HEADS.three : length === 2 ? FUNCTION_HEADS.two : FUNCTION_HEADS.one;
  let key = 0;
  for (let i = 0; i < Math.min(3, length); i++) key = key * 36 + code36(text.charCodeAt(from + i));
  return head[key] === 1;
}

/**
 * {@link indexTerms} over numbers: `wordId` gives a word's term id (negative
 * for a word with no term), `phraseId` the id of the phrase of two term ids.
 * A corpus build interns each word once and never builds a phrase string it
 * has seen before. Pushes the ids to `out`, words then phrases.
 */
export function indexTermIds(
  text: string,
  wordId: (word: string) => number,
  phraseId: (first: number, second: number) => number,
  out: number[] = [],
): number[] {
  const phrases: number[] = [];
  for (const clause of text.split(CLAUSE_BREAK)) {
    let previous = -1;
    for (const w of words(clause)) {
      const t = wordId(w);
      if (t >= 0) out.push(t);
      if (FUNCTION_SET.has(w)) continue;
      if (previous >= 0 && t >= 0 && previous !== t) phrases.push(phraseId(previous, t));
      previous = t;
    }
  }
  for (const p of phrases) out.push(p);
  return out;
}

/** English function words alone, without the web boilerplate: what phrases skip over. */
export const FUNCTION_SET: ReadonlySet<string> = new Set(FUNCTION_WORDS.split(/\s+/));

/** The function words' first letters (as `headOf` numbers) and their longest length: most words are told apart by these. */
const FUNCTION_HEADS = (() => {
  const heads = { one: new Uint8Array(36), two: new Uint8Array(36 ** 2), three: new Uint8Array(36 ** 3) };
  for (const w of FUNCTION_SET) {
    const key = headOf(w, Math.min(3, w.length) as 1 | 2 | 3);
    if (key >= 0) (w.length >= 3 ? heads.three : w.length === 2 ? heads.two : heads.one)[key] = 1;
  }
  return heads;
})();
const FUNCTION_MAX = Math.max(...[...FUNCTION_SET].map((w) => w.length));

/** A token to its index term: a stemmed word, or a phrase of two stemmed words joined by a space. */
export function processTerm(token: string): string | null {
  const space = token.indexOf(' ');
  if (space < 0) return toTerm(token);
  const a = toTerm(token.slice(0, space));
  const b = toTerm(token.slice(space + 1));
  return a && b && a !== b ? `${a} ${b}` : null;
}
