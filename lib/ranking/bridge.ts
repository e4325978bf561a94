/**
 * The semantic bridge: terms that papers use in the same contexts ("serving" and "inference", "llm" and
 * "language"), learned once from a corpus of abstracts (`npm run bridge`, docs/bridge.md) and shipped as a small
 * asset of precomputed nearest neighbours. A page's keywords are expanded with the close terms it does not use
 * itself, at a lower weight, so a page and a paper meet when they name one topic in different words. The asset
 * holds statistics of words, not papers: it works for any paper the index holds, imported ones included.
 */
import type { CorpusStats, Keyword } from './keywords';
import type { Page } from '../page';
import { processTerm, tokenize } from '../text';

/** The asset's file name under `assets/bridge/` (not packaged while the bridge is off by default). */
export const BRIDGE_FILE = 'neighbours.bin';

/**
 * The bridge's tuning numbers, in one place. The defaults were measured on all four evaluation sets
 * (docs/bridge.md has the rows): across minSimilarity 0.5–0.7, factor 0.3–1, perTerm 1–5, sources 15–30 and
 * conceptCredit 0–1 the figures move by at most one paper on one page, except factor 1 (graded nDCG@5 0.872 →
 * 0.801) and perTerm 5 (known-item top-5 back to the no-bridge figure).
 */
export interface BridgeConfig {
  /** How many of the page's heaviest word keywords are bridged (phrases and acronyms are not: they are specific). */
  sources: number;
  /** At most this many close terms per page term. */
  perTerm: number;
  /** A close term must be at least this similar (cosine of the word vectors, 0–1). */
  minSimilarity: number;
  /**
   * A bridged term weighs `factor × similarity × (page term's frequency on the page) × (its own specificity)`:
   * what it would weigh had the page said it that often, discounted.
   */
  factor: number;
  /**
   * How much a concept the paper matches only through bridged terms counts in the number of concepts it shares
   * with the page (which multiplies its score): 1 = as much as the page's own word, 0 = not at all.
   */
  conceptCredit: number;
  /**
   * Also bridge the page's words the engine's corpus never uses but the bridge knows (the `unknown` keywords
   * {@link expandKeywords} is given): the vocabulary gap of a small corpus, where "mixtral" is no keyword at all.
   * Off: it helped no set (with the skip-gram asset it cost the graded set 0.761 → 0.752, docs/bridge.md).
   */
  unknownSources: boolean;
}

export const BRIDGE_CONFIG: Readonly<BridgeConfig> = {
  sources: 15,
  perTerm: 3,
  minSimilarity: 0.6,
  factor: 0.3,
  conceptCredit: 0.5,
  unknownSources: false,
};

/** How the asset was made: what the training script records in it. */
export interface BridgeMeta {
  /** The corpus file it was learned from. */
  corpus: string;
  papers: number;
  /** The fastText command line, without file names. */
  trainer: string;
  /** Least number of papers a term of the vocabulary occurs in. */
  minDf: number;
  /** Least similarity of a stored neighbour. */
  floor: number;
  /** Share of side-by-side uses above which a neighbour counts as a collocate and is left out. */
  collocation?: number;
  /** Share of papers above which a term gets no neighbours. */
  sourceMaxDf?: number;
  /** The vocabulary holds phrases ("llm serv") as well as words. */
  phrases?: boolean;
}

/** The bridge as loaded: the vocabulary and each term's nearest neighbours, best first. */
export interface Bridge {
  meta: BridgeMeta;
  /** Index terms (stemmed words), sorted. */
  terms: readonly string[];
  /** The corpus's most frequent spelling of each term ("inference" for "infer"), for explanations. */
  spellings: readonly string[];
  /** Neighbours stored per term. */
  k: number;
  /** `neighbours[i*k + j]`: the j-th neighbour of term i, {@link NO_NEIGHBOUR} for none. */
  neighbours: Uint16Array;
  /** `similarity[i*k + j]`: its cosine similarity × 127, rounded. */
  similarity: Int8Array;
  /** Term → its position in `terms`. */
  position: ReadonlyMap<string, number>;
}

/** What {@link encodeBridge} writes: neighbours as indexes (-1 for none) and similarities as 0–1 floats. */
export interface BridgeInput {
  meta: BridgeMeta;
  terms: readonly string[];
  spellings: readonly string[];
  k: number;
  neighbours: ArrayLike<number>;
  similarity: ArrayLike<number>;
}

const MAGIC = 'PRBRIDGE';
const FORMAT_VERSION = 1;
export const NO_NEIGHBOUR = 0xffff;
const HEADER_BYTES = 8 + 5 * 4;

/** Raised for an asset that is not a bridge this code reads: the ranking then runs without it. */
export class BridgeError extends Error {
  constructor(message: string) {
    super(`semantic bridge asset: ${message}`);
    this.name = 'BridgeError';
  }
}

/** FNV-1a, 32 bits: a corrupted or truncated asset is refused rather than read as wrong neighbours. */
function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * The asset's bytes (little-endian):
 *
 * ```
 * "PRBRIDGE" · u32 format version · u32 terms V · u32 neighbours per term K · u32 meta bytes M · u32 vocabulary bytes T
 * M bytes meta JSON · T bytes vocabulary: one line per term, "term" or "term\tspelling"
 * V·K u16 neighbour index (0xFFFF none) · V·K int8 similarity × 127 · u32 FNV-1a of everything before
 * ```
 */
export function encodeBridge(input: BridgeInput): Uint8Array {
  const { terms: vocab, spellings, k } = input;
  const V = vocab.length;
  if (V >= NO_NEIGHBOUR) throw new BridgeError(`at most ${NO_NEIGHBOUR - 1} terms, got ${V}`);
  const enc = new TextEncoder();
  const meta = enc.encode(JSON.stringify(input.meta));
  const lines = enc.encode(
    vocab.map((t, i) => (spellings[i] && spellings[i] !== t ? `${t}\t${spellings[i]}` : t)).join('\n'),
  );
  const total = HEADER_BYTES + meta.length + lines.length + V * k * 3 + 4;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(enc.encode(MAGIC), 0);
  [FORMAT_VERSION, V, k, meta.length, lines.length].forEach((x, i) => view.setUint32(8 + 4 * i, x, true));
  let at = HEADER_BYTES;
  bytes.set(meta, at);
  at += meta.length;
  bytes.set(lines, at);
  at += lines.length;
  for (let i = 0; i < V * k; i++) {
    const n = input.neighbours[i]!;
    view.setUint16(at + 2 * i, n < 0 ? NO_NEIGHBOUR : n, true);
  }
  at += V * k * 2;
  for (let i = 0; i < V * k; i++) {
    const n = input.neighbours[i]!;
    view.setInt8(at + i, n < 0 ? 0 : Math.round(Math.max(-1, Math.min(1, input.similarity[i]!)) * 127));
  }
  at += V * k;
  view.setUint32(at, fnv1a(bytes, at), true);
  return bytes;
}

/**
 * Reads and checks an asset written by {@link encodeBridge}.
 *
 * @throws BridgeError when it is not one (wrong magic or version, truncated, checksum, neighbours out of range).
 */
export function decodeBridge(data: ArrayBuffer | Uint8Array): Bridge {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < HEADER_BYTES + 4) throw new BridgeError(`${bytes.length} bytes is too short`);
  const dec = new TextDecoder('utf-8', { fatal: true });
  if (dec.decode(bytes.subarray(0, 8)) !== MAGIC) throw new BridgeError('not a bridge file (wrong magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, V, k, metaBytes, vocabBytes] = [0, 1, 2, 3, 4].map((i) => view.getUint32(8 + 4 * i, true)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (version !== FORMAT_VERSION) throw new BridgeError(`format version ${version}, this code reads ${FORMAT_VERSION}`);
  const expected = HEADER_BYTES + metaBytes + vocabBytes + V * k * 3 + 4;
  if (bytes.length !== expected) throw new BridgeError(`${bytes.length} bytes where the header says ${expected}`);
  const end = expected - 4;
  if (view.getUint32(end, true) !== fnv1a(bytes, end)) throw new BridgeError('checksum mismatch (corrupted file)');

  let at = HEADER_BYTES;
  let meta: BridgeMeta;
  try {
    meta = JSON.parse(dec.decode(bytes.subarray(at, (at += metaBytes)))) as BridgeMeta;
  } catch {
    throw new BridgeError('unreadable metadata');
  }
  const lines = dec.decode(bytes.subarray(at, (at += vocabBytes))).split('\n');
  if (lines.length !== V) throw new BridgeError(`${lines.length} vocabulary lines for ${V} terms`);
  const vocab: string[] = [];
  const spellings: string[] = [];
  for (const line of lines) {
    const tab = line.indexOf('\t');
    vocab.push(tab < 0 ? line : line.slice(0, tab));
    spellings.push(tab < 0 ? line : line.slice(tab + 1));
  }
  const position = new Map(vocab.map((t, i) => [t, i]));
  if (position.size !== V || vocab.some((t) => !t)) throw new BridgeError('empty or repeated terms');
  const neighbours = new Uint16Array(V * k);
  for (let i = 0; i < V * k; i++) {
    const n = view.getUint16(at + 2 * i, true);
    if (n !== NO_NEIGHBOUR && n >= V) throw new BridgeError(`neighbour ${n} out of range`);
    neighbours[i] = n;
  }
  at += V * k * 2;
  const similarity = new Int8Array(bytes.buffer, bytes.byteOffset + at, V * k).slice();
  return { meta, terms: vocab, spellings, k, neighbours, similarity, position };
}

/** A term's stored neighbours, best first: the term, its spelling and its similarity (0–1). */
export function neighboursOf(
  bridge: Bridge,
  term: string,
): Array<{ term: string; spelling: string; similarity: number }> {
  const i = bridge.position.get(term);
  if (i === undefined) return [];
  const out = [];
  for (let j = 0; j < bridge.k; j++) {
    const n = bridge.neighbours[i * bridge.k + j]!;
    if (n === NO_NEIGHBOUR) break;
    out.push({
      term: bridge.terms[n]!,
      spelling: bridge.spellings[n]!,
      similarity: bridge.similarity[i * bridge.k + j]! / 127,
    });
  }
  return out;
}

/** Every term (word or phrase) of a page, in any field: a bridged term is never one of them. */
function pageTerms(page: Page): Set<string> {
  const texts = [page.title, page.article?.title, page.article?.abstract, page.description, page.keywords, page.text];
  const out = new Set<string>();
  for (const text of [...texts, ...page.headings]) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      const t = processTerm(token);
      if (t) out.add(t);
    }
  }
  return out;
}

/**
 * The page's keywords plus close terms from the bridge, each at a lower weight: for each of the page's
 * `config.sources` heaviest words (and phrases, when the bridge has them) that the bridge knows — its keywords
 * and, with `config.unknownSources`, the `unknown` page words the engine's corpus lacks (lib/ranking/keywords.ts
 * `unknownKeywords`, weighted as a word of document frequency 1) — up to `config.perTerm` neighbours at least
 * `config.minSimilarity` similar — only terms the index has (`stats.df`), never a term the page uses itself. A bridged keyword has kind `'bridge'`,
 * the concept of the page term it stands for (matching both counts once), `tf` 0 (the page never says it, so it is
 * never prominent), `bridgedFrom` its page term and the label "serving ≈ inference". A term close to several page
 * words keeps its heaviest bridge. Pure: the same page, keywords and bridge give the same list.
 *
 * @example expandKeywords(pageKeywords(page, engine), page, bridge, engine).find((k) => k.kind === 'bridge')?.label
 * // 'serving ≈ inference'
 */
export function expandKeywords(
  keywords: readonly Keyword[],
  page: Page,
  bridge: Bridge,
  stats: CorpusStats,
  config: Readonly<BridgeConfig> = BRIDGE_CONFIG,
  unknown: readonly Keyword[] = [],
): Keyword[] {
  const isSource = (k: Keyword) => (k.kind === 'word' || k.kind === 'phrase') && bridge.position.has(k.term);
  const sources = [
    ...keywords.filter(isSource),
    ...(config.unknownSources ? unknown.filter((k) => isSource(k) && !stats.df.has(k.term)) : []),
  ]
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .slice(0, config.sources);
  if (sources.length === 0) return [...keywords];
  const onPage = pageTerms(page);
  for (const k of keywords) onPage.add(k.term);
  const bridged = new Map<string, Keyword>();
  for (const source of sources) {
    let taken = 0;
    for (const n of neighboursOf(bridge, source.term)) {
      if (taken >= config.perTerm || n.similarity < config.minSimilarity) break;
      const df = stats.df.get(n.term);
      if (!df || onPage.has(n.term)) continue;
      taken++;
      const weight = config.factor * n.similarity * source.tf * Math.log(1 + stats.n / df);
      const before = bridged.get(n.term);
      if (before && before.weight >= weight) continue;
      bridged.set(n.term, {
        term: n.term,
        weight,
        label: `${source.label} ≈ ${n.spelling}`,
        kind: 'bridge',
        tf: 0,
        mass: 0,
        concept: source.concept,
        bridgedFrom: source.term,
      });
    }
  }
  return [...keywords, ...[...bridged.values()].sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))];
}

/**
 * Searches with the page's own keywords and, apart, with its bridged ones, and adds each paper's two scores up: a
 * query's budget of postings (the compact index reads the shortest lists first) never goes to bridged terms
 * before the page's own. A hit keeps MiniSearch's form — the sum of its term scores times the number of matched
 * terms — so callers read it as they read one search. Without bridged keywords, one search.
 */
export function searchApart<H extends { id: unknown; score: number; queryTerms: string[] }>(
  keywords: readonly Keyword[],
  run: (weights: ReadonlyMap<string, number>) => H[],
): H[] {
  const weights = (ks: readonly Keyword[]) => new Map(ks.map((k) => [k.term, k.weight]));
  const own = keywords.filter((k) => k.kind !== 'bridge');
  const bridged = keywords.filter((k) => k.kind === 'bridge');
  const first = own.length > 0 ? run(weights(own)) : [];
  if (bridged.length === 0) return first;
  const byId = new Map(first.map((h) => [h.id, { ...h }]));
  for (const h of run(weights(bridged))) {
    const a = byId.get(h.id);
    if (!a) {
      byId.set(h.id, h);
      continue;
    }
    const terms = [...a.queryTerms, ...h.queryTerms];
    a.score = (a.score / a.queryTerms.length + h.score / h.queryTerms.length) * terms.length;
    a.queryTerms = terms;
  }
  return [...byId.values()];
}

/**
 * How many of the page's concepts a paper matches: each concept matched by one of the page's own terms counts 1,
 * each matched only through bridged terms counts `config.conceptCredit`. Without bridged terms, the number of
 * distinct concepts.
 */
export function matchedConcepts(
  matched: readonly Keyword[],
  config: Readonly<Pick<BridgeConfig, 'conceptCredit'>> = BRIDGE_CONFIG,
): number {
  const own = new Set<string>();
  const bridged = new Set<string>();
  for (const k of matched) (k.kind === 'bridge' ? bridged : own).add(k.concept);
  let only = 0;
  for (const c of bridged) if (!own.has(c)) only++;
  return own.size + config.conceptCredit * only;
}

/**
 * Loads the bridge once, on first use, and never again: `load` gives the asset's bytes (a file in Node, the
 * extension's own packaged file in the worker). A missing or corrupted asset is reported once through `onError`
 * and the ranking runs without the bridge (null).
 *
 * @example const bridge = lazyBridge(() => readFile(path)); related(page, engine, { bridge: await bridge() });
 */
export function lazyBridge(
  load: () => Promise<ArrayBuffer | Uint8Array>,
  onError: (e: Error) => void = (e) => console.warn(e.message),
): () => Promise<Bridge | null> {
  let loading: Promise<Bridge | null> | undefined;
  return () =>
    (loading ??= load()
      .then(decodeBridge)
      .catch((e: unknown) => {
        onError(e instanceof BridgeError ? e : new BridgeError(`cannot be read: ${(e as Error).message}`));
        return null;
      }));
}
