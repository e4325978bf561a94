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
    const next = found[i + 1];
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
