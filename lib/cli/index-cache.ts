/**
 * The command line's engine over the bundled corpus plus a user's corpus file
 * (JSON or JSON Lines, gzip or not), built with the design the extension
 * picks at that size (`designFor`: full text below 5,000 papers, compact
 * above) and cached on disk, so the second call with the same file loads the
 * index instead of parsing and indexing 75k papers again.
 *
 * A cache entry is keyed by the file's SHA-256, `INDEX_VERSION`, the bundled
 * corpus and the source of every module the build runs (this file's local
 * imports, followed transitively): a change to tokenising or to the compact
 * design invalidates it even when nobody bumps `INDEX_VERSION`. Entries live in
 * `node_modules/.cache/paper-radar/` (or `$PAPER_RADAR_CACHE`, or `cacheDir`).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openAsBlob,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorpus, type Paper } from '../corpus';
import { arxivIdOf } from '../corpus-search';
import { formatProblem, parseImport, type ImportedPaper } from '../corpus-import';
import { buildEngine, loadEngine, serializeEngine } from '../index/engine';
import { INDEX_VERSION, type Engine, type PaperTexts } from '../index/types';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

/** Bumped when the layout of a cache file, or the way this file orders and parses papers, changes. */
export const CACHE_FORMAT = 4;

/** What a result needs of a paper beyond the index: its metadata, for printing and for matching judgments. */
export interface PaperMeta {
  id: string;
  title: string;
  arxivId?: string;
  url?: string;
  authors?: string[];
  year?: string;
  /** What the ranking's cosine reads of the paper with its title (lib/ranking/rank.ts `PaperTexts`). */
  abstract?: string;
}

export interface CorpusEngine {
  engine: Engine;
  /** Every paper of the engine (bundled and the file's), by id. */
  papers: ReadonlyMap<string, PaperMeta>;
  /** The papers' titles and abstracts, as the extension reads them from its database for the cosine. */
  texts: PaperTexts;
  /** `hit`: loaded from the cache; `miss`: built (and stored); `none`: the bundled corpus alone. */
  cache: 'hit' | 'miss' | 'none';
  /** The cache file read or written. */
  cacheFile?: string;
  /** Entries of the file that were skipped as invalid (on a miss; 0 on a hit). */
  skipped: number;
}

export interface CorpusEngineOptions {
  /** The bundled corpus's text file. */
  bundledPath: string;
  /** Where cache entries live (default `$PAPER_RADAR_CACHE` or `node_modules/.cache/paper-radar`). */
  cacheDir?: string;
  /** Progress lines ("building the index…"), for stderr. */
  log?: (line: string) => void;
}

/** The default cache directory. */
export function defaultCacheDir(): string {
  return process.env.PAPER_RADAR_CACHE || join(ROOT, 'node_modules', '.cache', 'paper-radar');
}

/** A valid import name (see `parseImport`) from a file name: `arxiv-cs-2025.jsonl.gz` → `arxiv-cs-2025`. */
export function importNameOf(file: string): string {
  const stem = basename(file)
    .toLowerCase()
    .replace(/(\.(gz|jsonl|json|ndjson|txt))+$/, '');
  const name = stem
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 20)
    .replace(/-+$/, '');
  return name || 'corpus';
}

const LOCAL_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * SHA-256 over the source of every local module `entry` imports, transitively
 * (not of `entry` itself: this file's own layout is versioned by
 * {@link CACHE_FORMAT}): what a cached index was built by.
 */
export function sourceClosureHash(entry: string): string {
  const seen = new Set<string>();
  const hash = createHash('sha256');
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (file !== entry) hash.update(`${basename(file)}\0${text}\0`);
    for (const m of text.matchAll(LOCAL_IMPORT)) {
      const base = resolve(dirname(file), m[1]!);
      const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
        (f) => existsSync(f) && f.endsWith('.ts'),
      );
      if (found) visit(found);
    }
  };
  visit(entry);
  return hash.digest('hex');
}

let codeHash: string | undefined;
const CODE_HASH = () => (codeHash ??= sourceClosureHash(fileURLToPath(import.meta.url)));

function metaOf(p: Paper & { url?: string; authors?: string[]; year?: string; arxivId?: string }): PaperMeta {
  const meta: PaperMeta = { id: p.id, title: p.title };
  const arxivId = p.arxivId ?? arxivIdOf(p.url);
  if (arxivId) meta.arxivId = arxivId;
  if (p.url) meta.url = p.url;
  if (p.authors?.length) meta.authors = p.authors;
  if (p.year) meta.year = p.year;
  if (p.abstract) meta.abstract = p.abstract;
  return meta;
}

/** The papers' texts for the ranking's cosine, read from their metadata. */
function textsOf(papers: ReadonlyMap<string, PaperMeta>): PaperTexts {
  return {
    get: (id) => {
      const meta = papers.get(id);
      return meta && { title: meta.title, abstract: meta.abstract ?? '' };
    },
  };
}

/** The engine over the bundled corpus alone, with the full-text design the extension uses at 75 papers. */
export function bundledCorpusEngine(bundledPath: string): CorpusEngine {
  const corpus = parseCorpus(readFileSync(bundledPath, 'utf8'));
  return {
    engine: buildEngine(corpus.papers, corpus.version),
    papers: new Map(corpus.papers.map((p) => [p.id, metaOf(p)])),
    texts: new Map(corpus.papers.map((p) => [p.id, p])),
    cache: 'none',
    skipped: 0,
  };
}

/** The papers of the bundled corpus plus a corpus file, in primary-key order, as the extension stores them. */
export interface CorpusPapers {
  papers: Array<ImportedPaper | Paper>;
  /** Invalid entries of the file, skipped. */
  skipped: number;
  entries: number;
  version: string;
}

/**
 * Parses the bundled corpus and the corpus file `file` (any format the options page reads, gzip or not, streamed)
 * into one list, as an import in `skip` mode would.
 */
export async function corpusPapers(bundledText: string, file: string, name: string): Promise<CorpusPapers> {
  const bundled = parseCorpus(bundledText);
  const parsed = await parseImport(await openAsBlob(file), name, { keep: Infinity });
  if (parsed.papers.length === 0) {
    const first = parsed.problems[0];
    throw new Error(`no valid paper in the file${first ? ` (first problem: ${formatProblem(first)})` : ''}`);
  }
  // The extension reads stored papers in primary-key order; the same order gives the same index.
  const papers = [...bundled.papers, ...parsed.papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    papers,
    skipped: parsed.badEntries,
    entries: parsed.entries,
    version: `${bundled.version}+${parsed.version}`,
  };
}

/**
 * The cache key of a corpus file: its bytes, the bundled corpus, `INDEX_VERSION`,
 * the cache layout and the code that builds the index.
 */
export function cacheKey(bytes: Uint8Array, bundledText: string, name: string, code = CODE_HASH()): string {
  return createHash('sha256')
    .update(`format ${CACHE_FORMAT}\0index ${INDEX_VERSION}\0code ${code}\0name ${name}\0`)
    .update(createHash('sha256').update(bundledText).digest())
    .update(createHash('sha256').update(bytes).digest())
    .digest('hex')
    .slice(0, 32);
}

/**
 * The engine over the bundled corpus plus `file`: loaded from the cache when
 * an entry for this file, index version and code exists, otherwise parsed,
 * built and stored (replacing older entries for a file of the same name).
 *
 * @throws Error when the file cannot be read or holds no valid paper.
 */
export async function corpusEngine(file: string, options: CorpusEngineOptions): Promise<CorpusEngine> {
  const log = options.log ?? (() => undefined);
  const bytes = readFileSync(file);
  const bundledText = readFileSync(options.bundledPath, 'utf8');
  const name = importNameOf(file);
  const dir = options.cacheDir ?? defaultCacheDir();
  const cacheFile = join(dir, `${name}-${cacheKey(bytes, bundledText, name)}.prix`);

  if (existsSync(cacheFile)) {
    const loaded = await readEntry(cacheFile);
    if (loaded) return { ...loaded, texts: textsOf(loaded.papers), cache: 'hit', cacheFile, skipped: 0 };
    log(`cache entry ${cacheFile} is unreadable; rebuilding`);
  }

  log(`reading ${file}…`);
  const corpus = await corpusPapers(bundledText, file, name);
  if (corpus.skipped > 0) log(`skipped ${corpus.skipped} invalid entries of ${corpus.entries}`);
  log(`indexing ${corpus.papers.length.toLocaleString('en')} papers…`);
  const engine = buildEngine(
    corpus.papers.map(({ id, title, abstract, codeUrl, source }) => ({ id, title, abstract, codeUrl, source })),
    corpus.version,
  );
  const papers = new Map(corpus.papers.map((p) => [p.id, metaOf(p)]));
  writeEntry(dir, cacheFile, name, engine, papers);
  return { engine, papers, texts: textsOf(papers), cache: 'miss', cacheFile, skipped: corpus.skipped };
}

const MAGIC = 'PRIX';

/**
 * A cache file: `PRIX`, a 4-byte header length, a JSON header (the stored
 * index with each byte array replaced by `{ "$bytes": i }`), the segments'
 * lengths as JSON, then the segments back to back — the index's byte arrays
 * and the papers' metadata as JSON.
 */
function writeEntry(
  dir: string,
  file: string,
  name: string,
  engine: Engine,
  papers: ReadonlyMap<string, PaperMeta>,
): void {
  const segments: Uint8Array[] = [];
  // The papers' metadata, one JSON line each, with their ids apart: a line is parsed only when a result needs it.
  const metas = [...papers.values()];
  const paperIds = segments.push(Buffer.from(metas.map((p) => p.id).join('\n'), 'utf8')) - 1;
  const paperLines = segments.push(Buffer.from(metas.map((p) => JSON.stringify(p)).join('\n'), 'utf8')) - 1;
  const header = JSON.stringify(
    { format: CACHE_FORMAT, stored: serializeEngine(engine), paperIds, paperLines },
    (_, value: unknown) => (value instanceof Uint8Array ? { $bytes: segments.push(value) - 1 } : value),
  );
  const head = Buffer.from(header, 'utf8');
  const lengths = Buffer.from(JSON.stringify(segments.map((s) => s.length)), 'utf8');
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(head.length, 4);
  prefix.writeUInt32LE(lengths.length, 8);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) {
    if (old.startsWith(`${name}-`) && old.endsWith('.prix')) rmSync(join(dir, old), { force: true });
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([prefix, head, lengths, ...segments]));
  renameSync(tmp, file);
}

async function readEntry(
  file: string,
): Promise<Omit<CorpusEngine, 'texts' | 'cache' | 'cacheFile' | 'skipped'> | null> {
  try {
    const buf = readFileSync(file);
    if (buf.toString('ascii', 0, 4) !== MAGIC) return null;
    const headLength = buf.readUInt32LE(4);
    const lengthsLength = buf.readUInt32LE(8);
    let at = 12 + headLength + lengthsLength;
    const lengths = JSON.parse(buf.toString('utf8', 12 + headLength, 12 + headLength + lengthsLength)) as number[];
    const segments = lengths.map((n) => {
      const s = new Uint8Array(buf.buffer, buf.byteOffset + at, n);
      at += n;
      return s;
    });
    const data = JSON.parse(buf.toString('utf8', 12, 12 + headLength), (_, value: unknown) =>
      value && typeof value === 'object' && '$bytes' in value ? segments[(value as { $bytes: number }).$bytes] : value,
    ) as { format: number; stored: unknown; paperIds: number; paperLines: number };
    if (data.format !== CACHE_FORMAT) return null;
    const engine = await loadEngine(data.stored, null);
    const text = (s: Uint8Array) => Buffer.from(s.buffer, s.byteOffset, s.length);
    const papers = new LazyPapers(
      text(segments[data.paperIds]!).toString('utf8').split('\n'),
      text(segments[data.paperLines]!),
    );
    if (!engine || engine.n !== papers.size) return null;
    return { engine, papers };
  } catch {
    return null;
  }
}

/** The papers' metadata of a cache entry: each JSON line parsed the first time its paper is asked for. */
class LazyPapers extends Map<string, PaperMeta> {
  private readonly line = new Map<string, number>();
  private readonly starts: number[] = [0];

  constructor(
    private readonly ids: string[],
    private readonly lines: Buffer,
  ) {
    super();
    ids.forEach((id, i) => this.line.set(id, i));
    for (let at = lines.indexOf(10); at >= 0; at = lines.indexOf(10, at + 1)) this.starts.push(at + 1);
    this.starts.push(lines.length + 1);
    if (this.starts.length !== ids.length + 1) throw new Error('corrupt paper table');
  }

  override get size(): number {
    return this.ids.length;
  }

  override has(id: string): boolean {
    return this.line.has(id);
  }

  override get(id: string): PaperMeta | undefined {
    const known = super.get(id);
    if (known) return known;
    const i = this.line.get(id);
    if (i === undefined) return undefined;
    const meta = JSON.parse(this.lines.toString('utf8', this.starts[i]!, this.starts[i + 1]! - 1)) as PaperMeta;
    super.set(id, meta);
    return meta;
  }

  override *keys(): MapIterator<string> {
    yield* this.ids;
  }

  override *values(): MapIterator<PaperMeta> {
    for (const id of this.ids) yield this.get(id)!;
  }

  override *entries(): MapIterator<[string, PaperMeta]> {
    for (const id of this.ids) yield [id, this.get(id)!];
  }

  override [Symbol.iterator](): MapIterator<[string, PaperMeta]> {
    return this.entries();
  }

  override forEach(fn: (value: PaperMeta, key: string, map: Map<string, PaperMeta>) => void): void {
    for (const id of this.ids) fn(this.get(id)!, id, this);
  }
}
