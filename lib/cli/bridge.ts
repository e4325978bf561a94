/**
 * `npm run bridge -- [--method skipgram|association] [--corpus FILE] [--out DIR] [--dim N] [--epoch N] [--thread N]
 * [--min-df N] [--max-terms N] [--k N] [--phrases] [--keep DIR [--reuse]]`: learns the semantic bridge (docs/bridge.md) from a corpus of papers.
 *
 * Reads the title and abstract of every paper of FILE (any format the options page imports, gzip or not, streamed;
 * default the arXiv corpus `../shared/corpus/arxiv-cs-2025.jsonl.gz` beside the project — shared-data: optional) and
 * of the bundled corpus, turns each into the index's own terms (lib/text.ts `terms`: stop words dropped, words
 * stemmed), writes one line per paper to a temporary training file, trains word vectors on it with Debian's
 * `fasttext skipgram` (no character n-grams: the terms are stems already), and writes
 * `DIR/neighbours.bin` (default `assets/bridge/`): the terms at least `--min-df` papers use, each with its `--k`
 * nearest neighbours by cosine similarity, quantised to int8 ({@link encodeBridge}). With `--thread 1` a run is
 * bit-for-bit repeatable (fastText's own seed is fixed); with more threads fastText's updates race and the
 * neighbour lists differ slightly from run to run.
 *
 * `--method association` needs no fastText: a term's neighbours are the terms papers use *with* it (document
 * co-occurrence in titles and abstracts, words and the index's phrases), scored by
 * `P(u|t)·log(P(u|t)/P(u)) / log(1/P(t))` ({@link associationNeighbours}). It reads the corpus once and is
 * deterministic. `--dim`, `--epoch`, `--thread`, `--phrases` and `--keep` do not apply to it.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  mkdtempSync,
  openAsBlob,
  readFileSync,
  rmSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { parseCorpus } from '../corpus';
import { openImport } from '../formats/read';
import { BRIDGE_FILE, BridgeError, decodeBridge, encodeBridge, type Bridge, type BridgeMeta } from '../ranking/bridge';
import { indexTerms, toTerm, words } from '../text';
import { BUNDLED_CORPUS_PATH, fail } from './node-engine';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE =
  'usage: bridge [--corpus FILE] [--out DIR] [--dim N] [--epoch N] [--thread N] [--min-df N] [--max-terms N] ' +
  '[--k N] [--phrases] [--keep DIR [--reuse]] [--method skipgram|association]';

/** The training run's settings: fastText's and the asset's. Each is a command-line switch. */
export const TRAINING = {
  /** Size of the word vectors. */
  dim: 64,
  /** Passes over the corpus. */
  epoch: 5,
  /** Context window, in terms either side. */
  ws: 5,
  /** fastText's own `-minCount`: rarer terms get no vector. */
  minCount: 5,
  thread: 2,
  /** fastText's random seed. */
  seed: 1,
  /** A term is in the asset when at least this many papers use it: rarer ones have noisy vectors. */
  minDf: 20,
  /** At most this many terms, the most used first (neighbour indexes are 16-bit). */
  maxTerms: 40_000,
  /** Neighbours kept per term. */
  k: 8,
  /** Neighbours below this cosine similarity are not kept: the bridge never uses them. */
  floor: 0.4,
  /**
   * A neighbour the corpus writes right beside the term ("post" and "hoc", "feed" and "forward", "play" and
   * "role") in at least this share of the rarer one's uses is its collocate, not another name for its topic: left
   * out. Skip-gram vectors put such pairs close together.
   */
  collocation: 0.05,
  /** Terms in more than this share of the papers get no neighbours: "time", "take", "play" name no topic. */
  sourceMaxDf: 0.02,
  /**
   * With `--phrases`, a pair of terms the corpus writes side by side at least `min` times, and in at least `share`
   * of the rarer term's uses, becomes one token ("llm_serv") and gets a vector of its own, as the index's phrase
   * "llm serv".
   */
  phrase: { min: 30, share: 0.05 },
  /**
   * `--method association`: a pair must share at least `minTogether` papers; a neighbour may be in at most
   * `neighbourMaxDf` of the papers; a neighbour that comes with the term as one phrase ("post hoc") in at least
   * `phraseShare` of the papers they share is its phrase partner, left out.
   */
  association: { minTogether: 5, neighbourMaxDf: 0.05, phraseShare: 0.5 },
} as const;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The shipped asset. */
export const BRIDGE_ASSET_PATH = join(ROOT, 'assets/bridge', BRIDGE_FILE);

/**
 * Reads the bridge asset in Node (the command-line tools rank as the extension does). A missing or corrupted asset
 * is reported on stderr and gives null: the ranking then runs without the bridge.
 */
export function readBridge(path = BRIDGE_ASSET_PATH, warn: (line: string) => void = log): Bridge | null {
  try {
    return decodeBridge(readFileSync(path));
  } catch (e) {
    const error = e instanceof BridgeError ? e : new BridgeError(`cannot be read: ${(e as Error).message}`);
    warn(`warning: ${error.message}; ranking without the bridge`);
    return null;
  }
}
const since = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

/** What one pass over the papers learns besides the training file: document frequencies and spellings. */
interface Counts {
  papers: number;
  df: Map<string, number>;
  /** For each term, how often each surface word became it: the most frequent one labels the term ("inference"). */
  spellings: Map<string, Map<string, number>>;
}

/** A paper's text as training tokens, counting its terms' document frequencies and spellings. */
function trainingLine(text: string, counts: Counts): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const w of words(text)) {
    const t = toTerm(w);
    if (!t) continue;
    out.push(t);
    let s = counts.spellings.get(t);
    if (!s) counts.spellings.set(t, (s = new Map()));
    s.set(w, (s.get(w) ?? 0) + 1);
    if (!seen.has(t)) {
      seen.add(t);
      counts.df.set(t, (counts.df.get(t) ?? 0) + 1);
    }
  }
  counts.papers++;
  return out.join(' ');
}

/** Each paper's title and abstract, one text per paper: the bundled corpus, then the file's entries with a title. */
async function* corpusTexts(corpusFile: string): AsyncGenerator<string> {
  for (const p of parseCorpus(readFileSync(BUNDLED_CORPUS_PATH, 'utf8')).papers) yield `${p.title}\n${p.abstract}`;
  const opened = await openImport(await openAsBlob(corpusFile), {
    lineChars: 1024 * 1024,
    documentChars: 512 * 1024 * 1024,
  });
  for await (const item of opened.items()) {
    const e = item.entry;
    if (!e || typeof e.title !== 'string') continue;
    yield `${e.title}\n${typeof e.abstract === 'string' ? e.abstract : ''}`;
  }
}

/** Writes the training file: one line of terms per paper (title, then abstract). */
async function writeTrainingFile(corpusFile: string, trainFile: string): Promise<Counts> {
  const counts: Counts = { papers: 0, df: new Map(), spellings: new Map() };
  const out = createWriteStream(trainFile);
  const write = async (line: string) => {
    if (line && !out.write(`${line}\n`)) await once(out, 'drain');
  };
  for await (const text of corpusTexts(corpusFile)) await write(trainingLine(text, counts));
  out.end();
  await once(out, 'finish');
  return counts;
}

/** Reads fastText's `.vec` output: the vectors of the wanted terms, unit length. */
async function readVectors(vecFile: string, wanted: ReadonlySet<string>): Promise<Map<string, Float32Array>> {
  const vectors = new Map<string, Float32Array>();
  let first = true;
  for await (const line of createInterface({ input: createReadStream(vecFile), crlfDelay: Infinity })) {
    if (first) {
      first = false;
      continue;
    }
    const parts = line.trim().split(' ');
    const term = termOfToken(parts[0]!);
    if (!wanted.has(term)) continue;
    const v = Float32Array.from(parts.slice(1), Number);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    for (let i = 0; i < v.length; i++) v[i]! /= norm;
    vectors.set(term, v);
  }
  return vectors;
}

/**
 * Each term's `k` nearest neighbours by cosine similarity (brute force over unit vectors, ties by index), those
 * below `floor` left out: for term i, `index[i*k + j]` and `similarity[i*k + j]`, or -1 and 0 for none.
 */
export function nearestNeighbours(
  vectors: readonly Float32Array[],
  k: number,
  floor: number,
): { index: Int32Array; similarity: Float32Array } {
  const n = vectors.length;
  const dim = vectors[0]?.length ?? 0;
  const flat = new Float32Array(n * dim);
  vectors.forEach((v, i) => flat.set(v, i * dim));
  const index = new Int32Array(n * k).fill(-1);
  const similarity = new Float32Array(n * k);
  const sims = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = i * dim;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      const b = j * dim;
      for (let d = 0; d < dim; d++) dot += flat[a + d]! * flat[b + d]!;
      sims[j] = dot;
    }
    sims[i] = -Infinity;
    // The k best, kept sorted by insertion (ties: the lower index first).
    const base = i * k;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const s = sims[j]!;
      if (s < floor || (count === k && s <= similarity[base + k - 1]!)) continue;
      count = keepBest(index, similarity, base, count, k, j, s);
    }
  }
  return { index, similarity };
}

/**
 * Puts neighbour `j` of score `s` among a term's `k` best (the row from `base`, `count` of them filled, best first,
 * ties to the lower index), shifting the worse down and dropping the last when full; returns the new count. The
 * caller has checked that `s` makes the cut.
 */
function keepBest(
  index: Int32Array,
  similarity: Float32Array,
  base: number,
  count: number,
  k: number,
  j: number,
  s: number,
): number {
  let at = count < k ? count++ : k - 1;
  while (at > 0 && (similarity[base + at - 1]! < s || (similarity[base + at - 1] === s && index[base + at - 1]! > j))) {
    index[base + at] = index[base + at - 1]!;
    similarity[base + at] = similarity[base + at - 1]!;
    at--;
  }
  index[base + at] = j;
  similarity[base + at] = s;
  return count;
}

/**
 * How often each pair of vocabulary terms stands side by side in the training file (either order; key
 * `min·65536 + max` of their positions), and how often each term occurs.
 */
async function adjacency(
  trainFile: string,
  position: ReadonlyMap<string, number>,
): Promise<{ pairs: Map<number, number>; freq: Uint32Array }> {
  const pairs = new Map<number, number>();
  const freq = new Uint32Array(position.size);
  for await (const line of createInterface({ input: createReadStream(trainFile), crlfDelay: Infinity })) {
    let previous = -1;
    for (const token of line.split(' ')) {
      const i = position.get(termOfToken(token)) ?? -1;
      if (i >= 0) freq[i]!++;
      if (i >= 0 && previous >= 0 && i !== previous) {
        const key = Math.min(i, previous) * 65536 + Math.max(i, previous);
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
      previous = i;
    }
  }
  return { pairs, freq };
}

/** A phrase token of the training file ("llm_serv") as the index writes the phrase ("llm serv"). */
const termOfToken = (token: string) => token.replace('_', ' ');

/**
 * Rewrites the training file with the corpus's frequent phrases joined into one token each (left to right, as
 * word2phrase does), and counts the phrases' document frequencies and spellings into `counts`.
 */
async function joinPhrases(trainFile: string, outFile: string, counts: Counts, minDf: number): Promise<number> {
  const id = new Map<string, number>();
  for (const [term, df] of counts.df) if (df >= minDf && id.size < 65_535) id.set(term, id.size);
  const freq = new Uint32Array(id.size);
  const pairs = new Map<number, number>();
  const lines = () => createInterface({ input: createReadStream(trainFile), crlfDelay: Infinity });
  for await (const line of lines()) {
    let previous = -1;
    for (const term of line.split(' ')) {
      const i = id.get(term) ?? -1;
      if (i >= 0) freq[i]!++;
      if (i >= 0 && previous >= 0 && i !== previous)
        pairs.set(previous * 65536 + i, (pairs.get(previous * 65536 + i) ?? 0) + 1);
      previous = i;
    }
  }
  const phrases = new Set<number>();
  for (const [key, n] of pairs) {
    const a = Math.floor(key / 65536);
    const b = key % 65536;
    if (n >= TRAINING.phrase.min && n >= TRAINING.phrase.share * Math.min(freq[a]!, freq[b]!)) phrases.add(key);
  }
  const out = createWriteStream(outFile);
  for await (const line of lines()) {
    const ts = line.split(' ');
    const tokens: string[] = [];
    const seen = new Set<string>();
    for (let j = 0; j < ts.length; j++) {
      const a = id.get(ts[j]!);
      const b = j + 1 < ts.length ? id.get(ts[j + 1]!) : undefined;
      if (a !== undefined && b !== undefined && phrases.has(a * 65536 + b)) {
        const phrase = `${ts[j]} ${ts[j + 1]}`;
        tokens.push(`${ts[j]}_${ts[j + 1]}`);
        if (!seen.has(phrase)) {
          seen.add(phrase);
          counts.df.set(phrase, (counts.df.get(phrase) ?? 0) + 1);
          if (!counts.spellings.has(phrase)) {
            const spelling = `${mostFrequent(counts.spellings.get(ts[j]!)!)} ${mostFrequent(counts.spellings.get(ts[j + 1]!)!)}`;
            counts.spellings.set(phrase, new Map([[spelling, 1]]));
          }
        }
        j++;
      } else tokens.push(ts[j]!);
    }
    if (!out.write(`${tokens.join(' ')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return phrases.size;
}

/** Each paper's distinct index terms (words and phrases, lib/text.ts `indexTerms`) as ids, with the terms' counts. */
interface PaperTerms {
  papers: number;
  /** Term of each id. */
  names: string[];
  /** Document frequency of each id. */
  df: number[];
  /** Each paper's distinct term ids. */
  docs: Int32Array[];
  /** For each word term, how often each surface word became it. */
  spellings: Map<string, Map<string, number>>;
}

/** Reads every paper (bundled, then FILE) as its distinct index terms, words and phrases. */
async function readPaperTerms(corpusFile: string): Promise<PaperTerms> {
  const out: PaperTerms = { papers: 0, names: [], df: [], docs: [], spellings: new Map() };
  const id = new Map<string, number>();
  const add = (text: string) => {
    for (const w of words(text)) {
      const t = toTerm(w);
      if (!t) continue;
      let s = out.spellings.get(t);
      if (!s) out.spellings.set(t, (s = new Map()));
      s.set(w, (s.get(w) ?? 0) + 1);
    }
    const seen = new Set<number>();
    for (const term of indexTerms(text)) {
      let i = id.get(term);
      if (i === undefined) {
        id.set(term, (i = out.names.length));
        out.names.push(term);
        out.df.push(0);
      }
      if (!seen.has(i)) {
        seen.add(i);
        out.df[i]!++;
      }
    }
    out.docs.push(Int32Array.from(seen));
    out.papers++;
  };
  for await (const text of corpusTexts(corpusFile)) add(text);
  return out;
}

/**
 * Each source term's `k` most associated terms by document co-occurrence: candidate u of term t scores
 * `P(u|t) · log(P(u|t) / P(u))` (its share of the KL divergence between the papers that use t and all papers,
 * the term-selection score of KL-based query expansion), divided by `log(1 / P(t))`, the score t would give
 * itself, so 1 is a term that comes with t every time and is as rare as t. `docs` holds each paper's distinct
 * vocabulary ids; `df` each id's document frequency; `source[i]` whether term i gets neighbours; `candidate[u]`
 * whether u may be one; `exclude(t, u, together)` leaves out a pair (phrase partners). A pair must co-occur in at
 * least `minTogether` papers.
 */
export function associationNeighbours(
  docs: readonly Int32Array[],
  df: ArrayLike<number>,
  k: number,
  options: {
    source: (i: number) => boolean;
    candidate: (u: number) => boolean;
    exclude?: (t: number, u: number, together: number) => boolean;
    minTogether: number;
    papers?: number;
  },
): { index: Int32Array; similarity: Float32Array } {
  const V = df.length;
  const N = options.papers ?? docs.length;
  const postings: number[][] = Array.from({ length: V }, () => []);
  docs.forEach((d, p) => {
    for (const t of d) postings[t]!.push(p);
  });
  const index = new Int32Array(V * k).fill(-1);
  const similarity = new Float32Array(V * k);
  const together = new Uint32Array(V);
  const touched: number[] = [];
  for (let t = 0; t < V; t++) {
    if (!options.source(t) || df[t]! === 0) continue;
    touched.length = 0;
    for (const p of postings[t]!) {
      for (const u of docs[p]!) {
        if (together[u]! === 0) touched.push(u);
        together[u]!++;
      }
    }
    const self = Math.log(N / df[t]!);
    const base = t * k;
    let count = 0;
    for (const u of touched) {
      const n = together[u]!;
      together[u] = 0;
      if (u === t || n < options.minTogether || !options.candidate(u)) continue;
      const pu = n / df[t]!;
      const lift = pu / (df[u]! / N);
      if (lift <= 1) continue;
      const s = self > 0 ? (pu * Math.log(lift)) / self : 0;
      if (count === k && s <= similarity[base + k - 1]!) continue;
      if (options.exclude?.(t, u, n)) continue;
      count = keepBest(index, similarity, base, count, k, u, s);
    }
  }
  return { index, similarity };
}

/** `--method association`: the bridge from document co-occurrence, no word vectors (docs/bridge.md). */
async function trainAssociation(corpusFile: string, outDir: string, minDf: number, maxTerms: number, k: number) {
  let t = performance.now();
  const read = await readPaperTerms(corpusFile);
  log(
    `${read.papers.toLocaleString('en')} papers, ${read.names.length.toLocaleString('en')} terms read in ${since(t)}`,
  );
  t = performance.now();
  const chosen = read.names
    .map((term, i) => [term, i] as const)
    .filter(([, i]) => read.df[i]! >= minDf)
    .sort((a, b) => read.df[b[1]]! - read.df[a[1]]! || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([term]) => term)
    .sort();
  const position = new Map(chosen.map((term, i) => [term, i]));
  const oldId = new Map(read.names.map((term, i) => [term, i]));
  const df = chosen.map((term) => read.df[oldId.get(term)!]!);
  const remap = new Int32Array(read.names.length).fill(-1);
  chosen.forEach((term, i) => (remap[oldId.get(term)!] = i));
  const docs = read.docs.map((d) => {
    const out: number[] = [];
    for (const i of d) if (remap[i]! >= 0) out.push(remap[i]!);
    return Int32Array.from(out);
  });
  read.docs.length = 0;
  const maxDf = TRAINING.sourceMaxDf * read.papers;
  const A = TRAINING.association;
  let partners = 0;
  const nn = associationNeighbours(docs, df, k, {
    papers: read.papers,
    minTogether: A.minTogether,
    source: (i) => df[i]! <= maxDf,
    candidate: (u) => df[u]! <= A.neighbourMaxDf * read.papers,
    // Phrase partners: a term that shares a word with t, or that comes with t mostly as one phrase ("post" and
    // "hoc"), only completes what the page writes; the phrase is its own keyword.
    exclude: (ti, u, together) => {
      const a = chosen[ti]!;
      const b = chosen[u]!;
      if (shareWord(a, b)) return ++partners > 0;
      for (const phrase of [`${a} ${b}`, `${b} ${a}`]) {
        const p = position.get(phrase);
        if (p !== undefined && df[p]! >= A.phraseShare * together) return ++partners > 0;
      }
      return false;
    },
  });
  log(
    `${chosen.length.toLocaleString('en')} terms' associations found in ${since(t)} (${partners} phrase partners left out)`,
  );
  const spelling = (term: string): string => {
    const s = read.spellings.get(term);
    if (s) return mostFrequent(s);
    const space = term.indexOf(' ');
    return space < 0 ? term : `${spelling(term.slice(0, space))} ${spelling(term.slice(space + 1))}`;
  };
  const meta: BridgeMeta = {
    corpus: basename(corpusFile),
    papers: read.papers,
    trainer: `association P(u|t)·log(P(u|t)/P(u)) / log(1/P(t)), minTogether ${A.minTogether}, neighbourMaxDf ${A.neighbourMaxDf}, phraseShare ${A.phraseShare}`,
    minDf,
    floor: 0,
    sourceMaxDf: TRAINING.sourceMaxDf,
    phrases: true,
  };
  writeAsset(outDir, { meta, terms: chosen, spellings: chosen.map(spelling), k, nn });
}

/** Encodes the asset and writes it as `outDir/BRIDGE_FILE`, saying its size: the last step of both methods. */
function writeAsset(
  outDir: string,
  asset: {
    meta: BridgeMeta;
    terms: string[];
    spellings: string[];
    k: number;
    nn: { index: Int32Array; similarity: Float32Array };
  },
): void {
  const { nn, ...rest } = asset;
  const bytes = encodeBridge({ ...rest, neighbours: nn.index, similarity: nn.similarity });
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, BRIDGE_FILE);
  writeFileSync(outFile, bytes);
  log(`${outFile}: ${(bytes.length / 1024).toFixed(0)} KB`);
}

/** True when two terms (words or phrases) share a word: a phrase's own words are not other names for it. */
const shareWord = (a: string, b: string) => a.split(' ').some((w) => b.split(' ').includes(w));

const mostFrequent = (m: ReadonlyMap<string, number>) => [...m].reduce((a, b) => (b[1] > a[1] ? b : a))[0];

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        corpus: { type: 'string' },
        out: { type: 'string' },
        dim: { type: 'string' },
        epoch: { type: 'string' },
        thread: { type: 'string' },
        'min-df': { type: 'string' },
        'max-terms': { type: 'string' },
        k: { type: 'string' },
        keep: { type: 'string' },
        reuse: { type: 'boolean', default: false },
        phrases: { type: 'boolean', default: false },
        method: { type: 'string', default: 'skipgram' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  const v = args.values;
  const corpusFile = v.corpus ?? resolve(ROOT, '../shared/corpus/arxiv-cs-2025.jsonl.gz');
  const outDir = v.out ?? join(ROOT, 'assets/bridge');
  const dim = positiveInt(v.dim, TRAINING.dim, 'dim');
  const epoch = positiveInt(v.epoch, TRAINING.epoch, 'epoch');
  const thread = positiveInt(v.thread, TRAINING.thread, 'thread');
  const minDf = positiveInt(v['min-df'], TRAINING.minDf, 'min-df');
  const maxTerms = positiveInt(v['max-terms'], TRAINING.maxTerms, 'max-terms');
  const k = positiveInt(v.k, TRAINING.k, 'k');
  if (k > 255) fail('--k must be at most 255');
  if (maxTerms > 65_535) fail('--max-terms must be at most 65535 (neighbour indexes are 16-bit)');
  if (v.method !== 'skipgram' && v.method !== 'association')
    fail(`--method must be skipgram or association, got "${v.method}"`);
  if (v.method === 'association') return trainAssociation(corpusFile, outDir, minDf, maxTerms, k);

  const work = v.keep ?? mkdtempSync(join(tmpdir(), 'paper-radar-bridge-'));
  mkdirSync(work, { recursive: true });
  try {
    let t = performance.now();
    const trainFile = join(work, 'train.txt');
    const counts = await writeTrainingFile(corpusFile, join(work, 'words.txt'));
    if (v.phrases) {
      const n = await joinPhrases(join(work, 'words.txt'), trainFile, counts, minDf);
      log(`${n.toLocaleString('en')} phrases joined into tokens`);
    } else renameSync(join(work, 'words.txt'), trainFile);
    log(
      `${counts.papers.toLocaleString('en')} papers, ${counts.df.size.toLocaleString('en')} terms read in ${since(t)}`,
    );

    t = performance.now();
    const model = join(work, 'model');
    const fasttextArgs = [
      'skipgram',
      ...['-input', trainFile, '-output', model],
      ...['-dim', String(dim), '-epoch', String(epoch), '-ws', String(TRAINING.ws)],
      ...['-minCount', String(TRAINING.minCount), '-thread', String(thread), '-seed', String(TRAINING.seed)],
      ...['-minn', '0', '-maxn', '0', '-verbose', '1'],
    ];
    if (v.reuse && v.keep && existsSync(`${model}.vec`)) log(`reusing the vectors of ${model}.vec`);
    else {
      const run = spawnSync('fasttext', fasttextArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
      if (run.error) fail(`cannot run fasttext (Debian package "fasttext"): ${run.error.message}`);
      if (run.status !== 0) fail(`fasttext exited with status ${run.status}`);
      log(`fasttext skipgram trained in ${since(t)}`);
    }

    t = performance.now();
    const frequent = [...counts.df]
      .filter(([, df]) => df >= minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxTerms)
      .map(([term]) => term);
    const vectors = await readVectors(`${model}.vec`, new Set(frequent));
    const terms = frequent.filter((term) => vectors.has(term)).sort();
    // Twice the neighbours wanted, so that k remain once collocates and common terms are left out.
    const wide = nearestNeighbours(
      terms.map((term) => vectors.get(term)!),
      2 * k,
      TRAINING.floor,
    );
    const { pairs, freq } = await adjacency(trainFile, new Map(terms.map((term, i) => [term, i])));
    const nn = { index: new Int32Array(terms.length * k).fill(-1), similarity: new Float32Array(terms.length * k) };
    let collocates = 0;
    for (let i = 0; i < terms.length; i++) {
      if (counts.df.get(terms[i]!)! > TRAINING.sourceMaxDf * counts.papers) continue;
      let kept = 0;
      for (let j = 0; j < 2 * k && kept < k; j++) {
        const n = wide.index[i * 2 * k + j]!;
        if (n < 0) break;
        const side = pairs.get(Math.min(i, n) * 65536 + Math.max(i, n)) ?? 0;
        if (side >= TRAINING.collocation * Math.min(freq[i]!, freq[n]!) || shareWord(terms[i]!, terms[n]!)) {
          collocates++;
          continue;
        }
        nn.index[i * k + kept] = n;
        nn.similarity[i * k + kept] = wide.similarity[i * 2 * k + j]!;
        kept++;
      }
    }
    log(`${collocates.toLocaleString('en')} collocates left out`);
    log(`${terms.length.toLocaleString('en')} terms' neighbours found in ${since(t)}`);

    const meta: BridgeMeta = {
      corpus: basename(corpusFile),
      papers: counts.papers,
      trainer: `fasttext ${fasttextArgs.filter((a) => a !== trainFile && a !== model).join(' ')}`,
      minDf,
      floor: TRAINING.floor,
      collocation: TRAINING.collocation,
      sourceMaxDf: TRAINING.sourceMaxDf,
      phrases: !!v.phrases,
    };
    writeAsset(outDir, {
      meta,
      terms,
      spellings: terms.map((term) => mostFrequent(counts.spellings.get(term)!)),
      k,
      nn,
    });
  } finally {
    if (!v.keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => fail((e as Error).message));
}
