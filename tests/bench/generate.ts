/**
 * A deterministic generator of synthetic papers for benchmarks: word-bigram
 * (Markov) models of the bundled corpus's titles and abstracts, driven by a
 * seeded PRNG, so `generatePapers(10_000, { seed: 1 })` is the same 10,000
 * papers on every machine and every run.
 *
 * Each paper also coins a method name ("Kelvarix") the way real abstracts do,
 * so the vocabulary keeps growing with the corpus instead of saturating at the
 * 75 papers' words.
 *
 * CLI: `npx tsx tests/bench/generate.ts N [--seed S] > papers.jsonl` writes N
 * import entries as JSON Lines. Never commit generated corpora (write them to
 * `tests/bench/tmp/`, which git ignores).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCorpus, paperId } from '../../lib/corpus';
import { BUNDLED_CORPUS_PATH } from '../../lib/cli/node-engine';

/** One generated paper, in the shape a user's import file has. */
export interface GeneratedPaper {
  title: string;
  abstract: string;
  year: number;
  categories: string[];
}

export interface GenerateOptions {
  /** PRNG seed; the same seed and corpus give the same papers. */
  seed?: number;
  /** Corpus text to learn from; the bundled corpus by default. */
  corpusText?: string;
}

/** sfc32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

const END = '\u0000';

/** A word-bigram model: for each token, the tokens that follow it in the corpus (with repeats, so sampling is by frequency). */
class Bigrams {
  readonly next = new Map<string, string[]>();
  readonly starts: string[] = [];

  add(sentence: string[]): void {
    if (sentence.length === 0) return;
    this.starts.push(sentence[0]!);
    for (let i = 0; i < sentence.length; i++) {
      const from = sentence[i]!;
      const to = sentence[i + 1] ?? END;
      let list = this.next.get(from);
      if (!list) this.next.set(from, (list = []));
      list.push(to);
    }
  }

  /** A sentence of at most `max` tokens, starting at a sentence start. */
  sentence(random: () => number, max: number): string[] {
    const out = [pick(this.starts, random)];
    while (out.length < max) {
      const t = pick(this.next.get(out[out.length - 1]!) ?? [END], random);
      if (t === END) break;
      out.push(t);
    }
    return out;
  }
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)]!;
}

/** Splits text into sentences of whitespace tokens, keeping punctuation on the tokens. */
function sentences(text: string): string[][] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.split(/\s+/).filter(Boolean))
    .filter((s) => s.length > 0);
}

const SYLLABLES = 'ka ve lor mi tex rax zu no pha gen tri qua sel dor vin co mer lu xa bel ni os ter fy'.split(' ');
const CATEGORIES = ['cs.CL', 'cs.LG', 'cs.AI', 'cs.CV', 'cs.SE', 'cs.PL', 'cs.CR', 'stat.ML'];

/** A pronounceable coined method name such as "Kavelorix". */
function coin(random: () => number): string {
  const n = 2 + Math.floor(random() * 3);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(SYLLABLES, random);
  return s[0]!.toUpperCase() + s.slice(1);
}

/**
 * Yields `n` synthetic papers, deterministically for a given seed. Titles are
 * unique (by paper id), so every generated paper survives an import.
 *
 * @example [...generatePapers(3, { seed: 7 })].length // 3
 */
export function* generatePapers(n: number, options: GenerateOptions = {}): Generator<GeneratedPaper> {
  const corpus = parseCorpus(options.corpusText ?? readFileSync(BUNDLED_CORPUS_PATH, 'utf8'));
  const titles = new Bigrams();
  const abstracts = new Bigrams();
  const lengths: number[] = [];
  for (const p of corpus.papers) {
    titles.add(p.title.split(/\s+/).filter(Boolean));
    for (const s of sentences(p.abstract)) abstracts.add(s);
    lengths.push(p.abstract.split(/\s+/).length);
  }
  const random = prng(options.seed ?? 1);
  const seen = new Set<string>();
  for (let made = 0; made < n;) {
    const name = coin(random);
    const words = titles.sentence(random, 18);
    const title = random() < 0.5 ? `${name}: ${words.join(' ')}` : words.join(' ');
    const target = pick(lengths, random);
    const body: string[] = [`We introduce ${name}.`];
    let count = 3;
    while (count < target) {
      const s = abstracts.sentence(random, 60);
      if (!/[.!?]$/.test(s[s.length - 1]!)) s.push('.');
      body.push(s.join(' '));
      count += s.length;
    }
    const year = 2015 + Math.floor(random() * 11);
    const categories = [pick(CATEGORIES, random)];
    const id = paperId(title);
    if (title.length < 3 || title.length > 400 || seen.has(id)) continue;
    seen.add(id);
    made++;
    yield { title, abstract: body.join(' '), year, categories };
  }
}

function main(): void {
  const args = parseArgs({ allowPositionals: true, options: { seed: { type: 'string', default: '1' } } });
  const n = Number(args.positionals[0]);
  const seed = Number(args.values.seed);
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: tsx tests/bench/generate.ts N [--seed S] > papers.jsonl\n');
    process.exit(1);
  }
  let buffer = '';
  for (const p of generatePapers(n, { seed })) {
    buffer += `${JSON.stringify(p)}\n`;
    if (buffer.length > 1 << 20) {
      process.stdout.write(buffer);
      buffer = '';
    }
  }
  process.stdout.write(buffer);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
