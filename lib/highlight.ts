import { processTerm, toTerm } from './text';

/** A run of text, marked when it matched the query or the page. */
export interface Segment {
  text: string;
  mark: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Index terms of matched labels ("evaluation harness" → "evalu har"), so they compare with the text's words. */
export function termsOf(labels: readonly string[]): string[] {
  const out = new Set<string>();
  for (const label of labels) {
    const t = processTerm(label.toLowerCase());
    if (t) out.add(t);
  }
  return [...out];
}

/**
 * Splits text into plain and marked segments: a word is marked when its index
 * term is one of `terms`, two adjacent words when their phrase term is. The
 * caller renders segments as text (e.g. `<mark>`), never as HTML.
 *
 * @example highlight('KV cache eviction', ['kv cach']) // [{ text: 'KV cache', mark: true }, { text: ' eviction', mark: false }]
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  if (!text) return [];
  const singles = new Set(terms.filter((t) => !t.includes(' ')));
  const phrases = new Set(terms.filter((t) => t.includes(' ')));
  if (!singles.size && !phrases.size) return [{ text, mark: false }];
  const found = [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    term: toTerm(m[0].toLowerCase()),
  }));
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < found.length; i++) {
    const w = found[i]!;
    // A phrase skips the function words between its two words, as the index's phrases do ("mixture of experts").
    let j = i + 1;
    while (
      j < found.length &&
      j - i <= 2 &&
      !found[j]!.term &&
      /^[\s-]*$/.test(text.slice(found[j - 1]!.end, found[j]!.start))
    )
      j++;
    const next = found[j];
    if (next && w.term && next.term && phrases.has(`${w.term} ${next.term}`)) ranges.push([w.start, next.end]);
    else if (w.term && singles.has(w.term)) ranges.push([w.start, w.end]);
  }
  // Merge overlapping ranges and those separated only by spaces or hyphens.
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && (r[0] <= last[1] || /^[\s-]+$/.test(text.slice(last[1], r[0])))) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/**
 * Words that match between almost any page and any abstract: a card never shows them as the reason for a match
 * (stems, as the index keeps them).
 */
const GENERIC = new Set(
  `long short store applic continu set cs play rough larg small high low good better best result method approach
  propos task model system work data time gener specif improv perform effect effici differ import problem studi
  base user languag learn train test evalu analysi provid make achiev demonstr present introduc address exist
  recent state art signific substanti novel framework abil understand requir key import challeng current`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Acronyms and phrases nearly every abstract of a machine-learning corpus says: "LLM (large language models)" is
 * no more a reason for a match than "model" is (index terms of the acronym, or of the phrase).
 */
const GENERIC_NAMES: ReadonlySet<string> = new Set(
  ['llm', 'lm', 'ai', 'ml', 'nlp', 'dnn', 'nn', 'gpu', 'api', 'sota'].concat([
    'larg languag',
    'languag model',
    'neural network',
    'deep learn',
    'machin learn',
  ]),
);

/** True for an acronym or phrase label every abstract says ("LLMs (large language models)", "language models"). */
function genericName(label: string): boolean {
  const short = label.replace(/\s*\(.*\)\s*$/, '').trim();
  const terms = phraseLabels(short).map((p) => processTerm(p.toLowerCase()));
  return terms.length > 0 && terms.every((t) => !!t && GENERIC_NAMES.has(t));
}

/** A generic stem, or a longer form the stemmer left apart ("significantli" for "signific"). */
function genericWord(term: string): boolean {
  if (GENERIC.has(term)) return true;
  for (let n = 6; n < term.length; n++) if (GENERIC.has(term.slice(0, n))) return true;
  return false;
}

/** How many single words, at most, count as evidence beside the phrases and acronyms. */
const EVIDENCE_WORDS = 3;

/**
 * The labels of a match that are its evidence: every phrase ("kv cache") and acronym ("MoE (mixture of experts)"),
 * and the few best single words that are not generic — matched labels come best first.
 *
 * @example evidenceLabels(['kv cache', 'set', 'eviction', 'long']) // ['kv cache', 'eviction']
 */
export function evidenceLabels(labels: readonly string[]): string[] {
  let words = 0;
  return labels.filter((label, rank) => {
    if (/[\s(]/.test(label.trim())) {
      return !genericName(label);
    }
    const term = toTerm(label.toLowerCase());
    if (!term || genericWord(term) || GENERIC_NAMES.has(term) || label.length < 3) return false;
    // An acronym or a name as the page spells it (LLM, H2O) is evidence wherever it ranks; other words only near the top.
    const distinctive = /[A-Z].*[A-Z]|\d/.test(label);
    if (!distinctive && (rank >= 2 * EVIDENCE_WORDS || words >= EVIDENCE_WORDS)) return false;
    words++;
    return true;
  });
}

/**
 * Index terms to highlight for matched labels, evidence only ({@link evidenceLabels}); an acronym's label
 * "MoE (mixture of experts)" gives the acronym and its long form.
 */
export function evidenceTerms(labels: readonly string[]): string[] {
  const parts = evidenceLabels(labels).flatMap((label) => {
    const m = /^(.*?)\s*\((.*)\)\s*$/.exec(label);
    return m ? [m[1]!, ...phraseLabels(m[2]!)] : phraseLabels(label);
  });
  return termsOf(parts);
}

/** A long form of several words as the index's two-word phrases, so "mixture of experts" marks as one run. */
function phraseLabels(label: string): string[] {
  const ws = label
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => toTerm(w));
  if (ws.length < 2) return ws.length ? ws : [label];
  return ws.slice(1).map((w, i) => `${ws[i]} ${w}`);
}

/**
 * The passage of a text to show when only `length` characters fit: the sentence holding the most marked words
 * (phrases count double), with the sentences after it (or before, at the end) as long as they fit; an ellipsis
 * says where text was left out. Without a match, the opening.
 *
 * @example bestPassage(abstract, ['kv cach'], 160) // '… We evict the KV cache of idle heads …'
 */
export function bestPassage(text: string, terms: readonly string[], length: number): string {
  if (text.length <= length) return text;
  const sentences = [...text.matchAll(/[^.!?]+(?:[.!?]+(?=\s|$)|$)\s*/g)].map((m) => ({ at: m.index, s: m[0] }));
  let best = 0;
  let bestScore = 0;
  sentences.forEach(({ s }, i) => {
    const score = highlight(s, terms)
      .filter((seg) => seg.mark)
      .reduce((sum, seg) => sum + (/\s|-/.test(seg.text.trim()) ? 2 : 1), 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  let start = sentences[best]?.at ?? 0;
  let end = start;
  // Grow forwards first (the sentence after explains the one that matched), then backwards.
  for (let i = best; i < sentences.length && end - start < length; i++) end = sentences[i]!.at + sentences[i]!.s.length;
  for (let i = best - 1; i >= 0 && end - sentences[i]!.at <= length; i--) start = sentences[i]!.at;
  let passage = text.slice(start, end).trim();
  let cutEnd = end < text.length;
  if (passage.length > length) {
    const cut = passage.slice(0, length);
    const space = cut.lastIndexOf(' ');
    passage = (space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '');
    cutEnd = true;
  }
  return `${start > 0 ? '… ' : ''}${passage}${cutEnd ? ' …' : ''}`;
}
