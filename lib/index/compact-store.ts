/**
 * The packed index as stored: strings joined by newlines and varint bytes
 * (IndexedDB clones them without a per-entry cost). Each paper's entries are
 * stored as term-number gaps, sorted, so most take one byte.
 */
import { z } from '../zod';
import type { PackedIndex } from './compact-packed';

/** Unsigned LEB128: small numbers in one byte. */
function writeVarints(values: ArrayLike<number>, count = values.length): Uint8Array {
  const out = new Uint8Array(count * 5);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let v = values[i]!;
    while (v >= 0x80) {
      out[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[at++] = v;
  }
  return out.slice(0, at);
}

function readVarints(bytes: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[at++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    out[i] = v >>> 0;
  }
  return out;
}

const bytes = z.custom<Uint8Array>((x) => x instanceof Uint8Array, 'bytes');
export const StoredCompactSchema = z.object({
  n: z.number().int().nonnegative(),
  terms: z.string(),
  df: bytes,
  ids: z.string(),
  titles: z.string(),
  /** Entries per paper. */
  counts: bytes,
  entries: bytes,
  freqs: bytes,
  acronyms: z.array(z.tuple([z.string(), z.object({ short: z.string(), long: z.string() })])),
});
export type StoredCompact = z.infer<typeof StoredCompactSchema>;

export function serializePacked(p: PackedIndex): StoredCompact {
  const counts = new Uint32Array(p.n);
  const gaps = new Uint32Array(p.entries.length);
  const freqs = new Uint8Array(p.freqs.length);
  for (let d = 0; d < p.n; d++) {
    const from = p.docStart[d]!;
    const to = p.docStart[d + 1]!;
    counts[d] = to - from;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort(
      (a, b) => p.entries[a]! - p.entries[b]! || p.freqs[b]! - p.freqs[a]!,
    );
    let previous = 0;
    order.forEach((e, k) => {
      gaps[from + k] = p.entries[e]! - previous;
      previous = p.entries[e]!;
      freqs[from + k] = p.freqs[e]!;
    });
  }
  return {
    n: p.n,
    terms: p.terms.join('\n'),
    df: writeVarints(p.df),
    ids: p.ids.join('\n'),
    titles: p.titles.join('\n'),
    counts: writeVarints(counts),
    entries: writeVarints(gaps),
    freqs,
    acronyms: p.acronyms,
  };
}

export function deserializePacked(s: StoredCompact): PackedIndex {
  const split = (x: string) => (x ? x.split('\n') : []);
  const terms = split(s.terms);
  const counts = readVarints(s.counts, s.n);
  const docStart = new Uint32Array(s.n + 1);
  for (let d = 0; d < s.n; d++) docStart[d + 1] = docStart[d]! + counts[d]!;
  // One pass: varint gaps to term numbers, restarting at each paper.
  const entries = new Uint32Array(docStart[s.n]!);
  const bytes = s.entries;
  let at = 0;
  for (let d = 0, i = 0; d < s.n; d++) {
    let previous = 0;
    for (const end = docStart[d + 1]!; i < end; i++) {
      let b = bytes[at++]!;
      let v = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = bytes[at++]!;
        v |= (b & 0x7f) << shift;
      }
      entries[i] = previous += v;
    }
  }
  const ids = split(s.ids);
  const titles = split(s.titles);
  if (ids.length !== s.n || titles.length !== s.n || s.freqs.length !== entries.length) {
    throw new Error('corrupt compact index');
  }
  return {
    n: s.n,
    terms,
    df: readVarints(s.df, terms.length),
    ids,
    titles,
    docStart,
    entries,
    freqs: s.freqs,
    acronyms: s.acronyms,
  };
}

/** Size of a stored compact index in bytes (strings as UTF-8). */
export function storedCompactBytes(s: StoredCompact): number {
  const enc = (x: string) => new TextEncoder().encode(x).length;
  return (
    enc(s.terms) +
    enc(s.ids) +
    enc(s.titles) +
    s.df.length +
    s.counts.length +
    s.entries.length +
    s.freqs.length +
    enc(JSON.stringify(s.acronyms))
  );
}
