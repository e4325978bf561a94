/**
 * Acronyms and their long forms, learned from the text itself: an abstract or
 * a page that writes "Mixture of Experts (MoE)" teaches that "MoE" and
 * "mixture of experts" name the same thing, so either spelling on a page can
 * match the other in a paper. No list is written by hand; the corpus and the
 * page are the only sources.
 */

/** An abbreviation as first written ("MoE") and the words it stands for, lower-cased ("mixture of experts"). */
export interface Acronym {
  short: string;
  long: string;
}

/** Acronyms by key: the lower-cased short form without a plural "s" ("moe", "llm"). */
export type AcronymMap = ReadonlyMap<string, Acronym>;

/** A token that looks like an acronym: letters and digits with at least two capitals ("MoE", "LoRA", "LLMs", "GPT4"). */
const SHORT_FORM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z][A-Za-z0-9-]{1,11}$/;
/** "(SHORT)": a bracket that holds one acronym-like token; the long form is looked for in the words before it. */
const DEFINITION = /\(\s*([A-Za-z][A-Za-z0-9-]{1,11})\s*[),;]/g;
/** Where the words before a bracket stop belonging to its long form. */
const CLAUSE_END = /[.;:!?()[\]\n]/;
/** How far back a long form may start: 17 words of ordinary length. */
const LOOKBEHIND = 200;
/** Function words a long form never starts with. */
const LINKING_WORDS = /^(?:and|of|the|for|in|on|to|with|a|an|or)\b/;
/** Candidate acronyms in running text, for counting mentions. */
const ACRONYM_TOKEN = /\b[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b/g;

/**
 * The key an acronym is filed under, or null when the token does not look like
 * one: lower case, a plural "s" after a capital dropped ("LLMs" → "llm").
 */
export function acronymKey(token: string): string | null {
  if (!SHORT_FORM.test(token)) return null;
  const singular = /[A-Z0-9]s$/.test(token) ? token.slice(0, -1) : token;
  return singular.length >= 2 ? singular.toLowerCase() : null;
}

/**
 * The long form an acronym abbreviates within the words before it, by the
 * Schwartz–Hearst rule: every letter of the short form, right to left, is
 * found in order in the candidate, and its first letter starts a word.
 * Returns null when the words do not spell the acronym.
 */
export function matchLongForm(short: string, before: string): string | null {
  const letters = short
    .replace(/s$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (letters.length < 2) return null;
  const wordsBefore = before.trim().split(/\s+/);
  const maxWords = Math.min(letters.length + 5, letters.length * 2);
  const candidate = wordsBefore.slice(-maxWords).join(' ');
  const text = candidate.toLowerCase();
  let l = text.length - 1;
  for (let s = letters.length - 1; s >= 0; s--) {
    const c = letters[s]!;
    while (l >= 0 && (text[l] !== c || (s === 0 && l > 0 && /[a-z0-9]/.test(text[l - 1]!)))) l--;
    if (l < 0) return null;
    l--;
  }
  let start = text.lastIndexOf(' ', l + 1) + 1;
  // "Abstraction and Reasoning Corpus (ARC)": the "a" was found in "and"; the long form starts a word earlier.
  if (LINKING_WORDS.test(text.slice(start))) {
    const previous = text.lastIndexOf(' ', start - 2) + 1;
    if (start === 0 || text[previous] !== letters[0]) return null;
    start = previous;
  }
  const long = text.slice(start).replace(/[^a-z0-9]+$/, '');
  // "General, Powerful, Scalable (GPS)" lists qualities; it does not name a thing.
  if (long.includes(',')) return null;
  const longWords = long.split(/[\s-]+/).filter(Boolean);
  // A long form is several words, and more than the acronym itself written out in one word.
  if (longWords.length < 2 || longWords.length > maxWords) return null;
  if (long.replace(/[^a-z0-9]/g, '') === letters) return null;
  return long;
}

/** Every "long form (ACRONYM)" definition in a text, in order. */
export function findDefinitions(text: string): Array<Acronym & { key: string }> {
  const out: Array<Acronym & { key: string }> = [];
  for (const m of text.matchAll(DEFINITION)) {
    const short = m[1]!;
    const key = acronymKey(short);
    if (!key) continue;
    const window = text.slice(Math.max(0, m.index - LOOKBEHIND), m.index);
    let cut = window.length;
    while (cut > 0 && !CLAUSE_END.test(window[cut - 1]!)) cut--;
    const long = matchLongForm(short, window.slice(cut));
    if (long) out.push({ key, short: short.replace(/([A-Z0-9])s$/, '$1'), long });
  }
  return out;
}

/**
 * Learns acronyms from texts (the corpus's titles and abstracts, or a page):
 * for each acronym, the long form most texts give it.
 *
 * @example learnAcronyms(['Mixture of Experts (MoE) layers']).get('moe') // { short: 'MoE', long: 'mixture of experts' }
 */
export function learnAcronyms(texts: Iterable<string>): Map<string, Acronym> {
  const votes = new AcronymVotes();
  for (const text of texts) votes.add(text);
  return votes.winners();
}

/**
 * The definitions of texts read one at a time (a corpus streamed paper by
 * paper), counted per long form: {@link learnAcronyms} without holding the texts.
 */
export class AcronymVotes {
  private readonly votes = new Map<string, Map<string, { acronym: Acronym; count: number }>>();

  /** Counts every definition in a text. */
  add(text: string): void {
    for (const d of findDefinitions(text)) {
      let forms = this.votes.get(d.key);
      if (!forms) this.votes.set(d.key, (forms = new Map()));
      const norm = d.long.replace(/-/g, ' ');
      const seen = forms.get(norm);
      if (seen) seen.count++;
      else forms.set(norm, { acronym: { short: d.short, long: d.long }, count: 1 });
    }
  }

  /** Each acronym with the long form most texts gave it (the first one given, on a tie). */
  winners(): Map<string, Acronym> {
    const out = new Map<string, Acronym>();
    for (const [key, forms] of this.votes) {
      let best: { acronym: Acronym; count: number } | undefined;
      for (const f of forms.values()) if (!best || f.count > best.count) best = f;
      out.set(key, best!.acronym);
    }
    return out;
  }
}

/** How often each acronym-like token occurs in a text, by key ("MoE" and "MoEs" count together). */
export function acronymMentions(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(ACRONYM_TOKEN)) {
    const key = acronymKey(m[0]);
    if (key) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
