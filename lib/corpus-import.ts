/**
 * Importing a user's corpus next to the bundled one, from any format
 * `lib/formats/` reads (arXiv, OpenAlex, Semantic Scholar, Hugging Face, CSL-JSON,
 * BibTeX, Paper Radar's own JSON and JSON Lines; gzip or not). The file is read
 * as a stream, twice — once to validate and count, once to write — so memory
 * stays bounded by a chunk, not the file. Papers are written in checkpointed
 * chunks so an interrupted import resumes without duplicates; a set is removable as a whole.
 */
import { z } from './zod';
import { createFingerprint, findCodeUrl, fingerprint, paperId, PaperSchema } from './corpus';
import type { ImportJob, PaperRadarDB, StoredPaper } from './db';
import { splitAuthors } from './formats/authors';
import type { ImportInput } from './formats/lines';
import { openImport } from './formats/read';
import { ImportError, type FormatName } from './formats/types';
import { ensureEngine, META_INDEX } from './indexer';
import { importWriteFailed } from './storage/write-errors';
import type { Engine } from './index/types';

export { ImportError };
export type { ImportInput };

/** Limits that keep an import from exhausting the page's memory. */
export const IMPORT_LIMITS = {
  /** Characters of a file read as one document (JSON, BibTeX); JSON Lines are streamed and have no such limit. */
  chars: 256 * 1024 * 1024,
  /** Entries (valid or not) in one file. */
  entries: 200_000,
  /** Characters of one JSON Lines entry (an arXiv snapshot line with a collaboration's thousands of authors fits). */
  entryChars: 512 * 1024,
  /** Problems listed in a report; more are only counted. */
  problems: 1_000,
} as const;

/** Entries between two `onRead` reports while a file is checked. */
export const READ_REPORT = 5_000;

/** Records written per IndexedDB transaction; each chunk ends with a checkpoint. */
export const IMPORT_CHUNK = 1_000;

const text = (what: string, max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'missing' : `${what} must be text`) })
    .trim()
    .max(max, `${what} is longer than ${max} characters`);

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

/** One entry as a format reader hands it over. Unknown fields are ignored; a missing abstract makes a title-only paper. */
export const ImportEntrySchema = z.object({
  id: z.union([text('id', 200).min(1, 'id is empty'), z.number().int().nonnegative()]).optional(),
  title: text('title', 400).min(3, 'title is shorter than 3 characters'),
  abstract: optional(text('abstract', 20_000).min(40, 'abstract is shorter than 40 characters')),
  url: optional(z.url({ protocol: /^https?$/, error: 'url must be an http(s) address' }).max(2_000)),
  authors: z
    .union([text('author', 300), z.array(text('author', 300)).max(500, 'more than 500 authors')])
    .transform((a) => (typeof a === 'string' ? splitAuthors(a) : a.filter(Boolean)))
    .optional(),
  year: z
    .union([
      z.number().int(),
      z
        .string()
        .trim()
        .regex(/^\d{4}$/, 'year must be four digits'),
    ])
    .transform(String)
    .refine((y) => Number(y) >= 1000 && Number(y) <= 2999, 'year must be between 1000 and 2999')
    .optional(),
  venue: optional(text('venue', 300)),
  arxivId: optional(text('arxivId', 40)),
  doi: optional(text('doi', 300)),
  categories: z.array(text('category', 100)).max(50, 'more than 50 categories').optional(),
});
export type ImportEntry = z.infer<typeof ImportEntrySchema>;

/** An imported paper as stored: a corpus paper with the metadata of its entry. */
export type ImportedPaper = StoredPaper;

/** A bad entry: its 1-based line (JSON Lines, BibTeX) or 0-based index (JSON documents), and why. */
export interface ImportProblem {
  line?: number;
  index?: number;
  reason: string;
}

/** Formats a problem the way the options page shows it: `line 12: title: missing`. */
export function formatProblem(p: ImportProblem): string {
  return `${problemAt(p)}: ${p.reason}`;
}

/** Where a problem is: `line 12` or `entry 3`. */
export function problemAt(p: Omit<ImportProblem, 'reason'>): string {
  return p.line !== undefined ? `line ${p.line}` : `entry ${p.index}`;
}

/** The metadata fields counted over the good entries (what `corpus inspect` reports). */
export const COUNTED_FIELDS = ['authors', 'year', 'url', 'doi', 'arxivId'] as const;

/** What a file holds, judged without writing anything. */
export interface ParsedImport {
  format: FormatName;
  gzip: boolean;
  /** The format as the preview names it: "arXiv metadata snapshot, gzip". */
  label: string;
  /** Entries read (blank lines aside). */
  entries: number;
  /** Valid entries, with or without an abstract. */
  good: number;
  /** Valid entries with an abstract (the others can be kept title-only or skipped). */
  withAbstract: number;
  /** Good entries that have each metadata field. */
  fields: Record<(typeof COUNTED_FIELDS)[number], number>;
  /** The first good papers, in file order (`keep` of them; the preview shows a few). */
  papers: ImportedPaper[];
  problems: ImportProblem[];
  /** Bad entries in total (problems beyond `IMPORT_LIMITS.problems` are counted, not listed). */
  badEntries: number;
  /** Changes whenever the file's text does: the imported papers' `corpusVersion`. */
  version: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,19}$/;

/** The `source` of a set's papers: `import:<name>`. */
export function importSource(name: string): string {
  return `import:${name}`;
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new ImportError(
      `"${name}" is not a valid corpus name: use 1 to 20 lower-case letters, digits and hyphens, starting with a letter or digit`,
    );
  }
}

/**
 * The stored id of an imported paper: `import-<name>-` plus the entry's own id
 * (slugged) or, without one, the title-derived {@link paperId}. The prefix
 * keeps imported ids apart from the bundled corpus and from other sets.
 *
 * @example importedId('nlp', { title: 'Attention Is All You Need' }) // 'import-nlp-attention-is-all-you-need-5c1c8c4e'
 */
export function importedId(name: string, entry: Pick<ImportEntry, 'id' | 'title'>): string {
  if (entry.id === undefined) return `import-${name}-${paperId(entry.title)}`;
  const raw = String(entry.id);
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  // A lossy slug ("2401.1234" and "2401-1234" both become "2401-1234") gets the raw id's hash.
  return `import-${name}-${slug === raw ? slug : `${slug || 'id'}-${fingerprint(raw)}`}`;
}

function reasonOf(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

type Walked = { paper: ImportedPaper } | { problem: ImportProblem };

/**
 * Every entry of an opened file, validated: a paper or a problem, in file order.
 * Entries repeating an earlier entry's id are problems. `version` is filled in
 * (the papers' `corpusVersion`) only once the whole file has been read.
 */
async function* walk(
  input: ImportInput,
  name: string,
  onOpen: (opened: Awaited<ReturnType<typeof openImport>>) => void,
  version: () => string,
): AsyncGenerator<Walked, string> {
  const opened = await openImport(input, { lineChars: IMPORT_LIMITS.entryChars, documentChars: IMPORT_LIMITS.chars });
  onOpen(opened);
  const source = importSource(name);
  const print = createFingerprint();
  const firstSeen = new Map<string, string>();
  let entries = 0;
  for await (const item of opened.items((chunk) => print.update(chunk))) {
    if (++entries > IMPORT_LIMITS.entries) {
      throw new ImportError(`the file has more than ${IMPORT_LIMITS.entries.toLocaleString('en')} entries — split it`);
    }
    const where = item.at.line !== undefined ? { line: item.at.line } : { index: item.at.index };
    const label = problemAt(where);
    if (item.problem !== undefined) {
      yield { problem: { ...where, reason: item.problem } };
      continue;
    }
    const parsed = ImportEntrySchema.safeParse(item.entry);
    if (!parsed.success) {
      yield { problem: { ...where, reason: reasonOf(parsed.error) } };
      continue;
    }
    const e = parsed.data;
    const id = importedId(name, e);
    const first = firstSeen.get(id);
    if (first !== undefined) {
      yield { problem: { ...where, reason: `same id as ${first}` } };
      continue;
    }
    const abstract = e.abstract ?? '';
    const paper = PaperSchema.safeParse({
      id,
      title: e.title,
      abstract,
      codeUrl: abstract ? findCodeUrl(abstract) : undefined,
      source,
      authors: e.authors?.length ? e.authors : undefined,
      year: e.year,
      venue: e.venue,
      arxivId: e.arxivId,
      doi: e.doi,
      url: e.url,
      categories: e.categories?.length ? e.categories : undefined,
    });
    if (!paper.success) {
      yield { problem: { ...where, reason: reasonOf(paper.error) } };
      continue;
    }
    firstSeen.set(id, label);
    const stored = paper.data as ImportedPaper;
    for (const k of Object.keys(stored) as Array<keyof ImportedPaper>) if (stored[k] === undefined) delete stored[k];
    stored.corpusVersion = version();
    yield { paper: stored };
  }
  return `${print.digest()}-${print.length.toString(36)}`;
}

/**
 * Reads and validates an import file without writing anything: its format, how
 * many entries are good, how many have an abstract and each metadata field, and
 * the problems (line or index, and why).
 *
 * @param keep how many good papers to return in `papers` (the preview's sample; tests take all)
 * @param onRead called every {@link READ_REPORT} entries (the preview's "N entries read")
 * @throws ImportError when the file as a whole is unusable (not a format it reads, too large, a document that is not valid JSON).
 */
export async function parseImport(
  input: ImportInput,
  name: string,
  { keep = 20, onRead }: { keep?: number; onRead?: (entries: number) => void | Promise<void> } = {},
): Promise<ParsedImport> {
  checkName(name);
  const result: ParsedImport = {
    format: 'paper-radar-jsonl',
    gzip: false,
    label: '',
    entries: 0,
    good: 0,
    withAbstract: 0,
    fields: { authors: 0, year: 0, url: 0, doi: 0, arxivId: 0 },
    papers: [],
    problems: [],
    badEntries: 0,
    version: '',
  };
  const walker = walk(
    input,
    name,
    (o) => Object.assign(result, { format: o.format, gzip: o.gzip, label: o.label }),
    () => '',
  );
  for (;;) {
    const next = await walker.next();
    if (next.done) {
      result.version = next.value;
      break;
    }
    if (++result.entries % READ_REPORT === 0) await onRead?.(result.entries);
    const w = next.value;
    if ('problem' in w) {
      result.badEntries++;
      if (result.problems.length < IMPORT_LIMITS.problems) result.problems.push(w.problem);
      continue;
    }
    result.good++;
    if (w.paper.abstract) result.withAbstract++;
    for (const f of COUNTED_FIELDS) if (w.paper[f] !== undefined) result.fields[f]++;
    if (result.papers.length < keep) result.papers.push(w.paper);
  }
  for (const p of result.papers) p.corpusVersion = result.version;
  return result;
}

/** The id of the import job for a file: the same name and text always give the same job. */
export function importJobId(name: string, version: string): string {
  return `${importSource(name)}:${version}`;
}

export interface ImportProgress {
  jobId: string;
  /** Papers written so far (checkpointed). */
  done: number;
  total: number;
}

export interface ImportOptions {
  /** `skip` imports the valid entries; `refuse` imports nothing when any entry is bad. Default `refuse`. */
  mode?: 'skip' | 'refuse';
  /** Papers without an abstract: `keep` them title-only (found by their title) or `skip` them. Default `keep`. */
  withoutAbstract?: 'keep' | 'skip';
  /** The file's validation, when the caller has it already (the options page's preview): saves one reading. */
  parsed?: ParsedImport;
  /** Papers per transaction. */
  chunkSize?: number;
  /** Called after each chunk is committed. Throwing stops the import (it stays resumable). */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Aborting stops the import before the next chunk (it stays resumable). */
  signal?: AbortSignal;
  /** Rebuild and persist the search index when the import completes. Default true. */
  reindex?: boolean;
}

export interface ImportResult {
  jobId: string | null;
  source: string;
  /** True when nothing was imported because of bad entries in `refuse` mode. */
  refused: boolean;
  /** True when nothing was imported because no entry makes a paper (no set is created). */
  empty: boolean;
  /** Papers of this set now stored. */
  imported: number;
  /** Papers written by this call (less than `imported` when it resumed; 0 for a file imported before). */
  written: number;
  /** Good entries left out because they have no abstract and `withoutAbstract` was `skip`. */
  skippedWithoutAbstract: number;
  problems: ImportProblem[];
  badEntries: number;
  entries: number;
  /** The rebuilt engine, when `reindex` was on and the import completed. */
  engine?: Engine;
}

/** How many papers an import of `parsed` writes with the given choice. */
export function papersToWrite(
  parsed: Pick<ParsedImport, 'good' | 'withAbstract'>,
  withoutAbstract: 'keep' | 'skip',
): number {
  return withoutAbstract === 'keep' ? parsed.good : parsed.withAbstract;
}

/**
 * Imports a file as the set `name`, replacing an earlier set of that name. The
 * file is validated first (one reading), then read again and its papers written
 * in chunks of {@link IMPORT_CHUNK}, each chunk and its checkpoint in one
 * transaction; an interrupted import of the same name, file and choice is resumed
 * from its last checkpoint, and a finished one is not written again. The reading list is never touched.
 *
 * @example
 * const r = await importCorpus(db, 'my-field', file, { mode: 'skip', onProgress: show });
 * r.problems.map(formatProblem); // ['line 3: title: missing']
 */
export async function importCorpus(
  db: PaperRadarDB,
  name: string,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  checkName(name);
  const parsed = options.parsed ?? (await parseImport(input, name, { keep: 0 }));
  const source = importSource(name);
  const keep = options.withoutAbstract ?? 'keep';
  const total = papersToWrite(parsed, keep);
  const base = {
    source,
    problems: parsed.problems,
    badEntries: parsed.badEntries,
    entries: parsed.entries,
    skippedWithoutAbstract: parsed.good - total,
  };
  if (parsed.badEntries > 0 && (options.mode ?? 'refuse') === 'refuse') {
    return { ...base, jobId: null, refused: true, empty: false, imported: 0, written: 0 };
  }
  if (total === 0) return { ...base, jobId: null, refused: false, empty: true, imported: 0, written: 0 };
  const jobId = importJobId(name, parsed.version);
  const now = Date.now();
  await db.transaction('rw', db.papers, db.importJobs, db.meta, async () => {
    const job = await db.importJobs.get(jobId);
    if (job && job.total === total) return; // resuming this very import, or it is done already
    await db.papers.where('source').equals(source).delete();
    await db.importJobs.where('id').startsWith(`${source}:`).delete();
    await db.importJobs.put({ id: jobId, source, total, done: 0, state: 'running', startedAt: now, updatedAt: now });
    // The stored index stays: it is stale now, but the background keeps ranking with it until the import is done.
  });
  return {
    ...base,
    ...(await writeChunks(db, jobId, input, name, parsed.version, keep, total, options)),
    refused: false,
    empty: false,
  };
}

/**
 * Resumes the interrupted import `jobId` with the same file it started with: the
 * papers after the last checkpoint are written. Whether title-only papers were
 * kept is read from the job's total.
 *
 * @throws ImportError when there is no such job or the file is not the one the job started with.
 */
export async function resumeImport(
  db: PaperRadarDB,
  jobId: string,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const job = await db.importJobs.get(jobId);
  if (!job) throw new ImportError(`no import job "${jobId}" to resume`);
  const name = job.source.replace(/^import:/, '');
  const parsed = options.parsed ?? (await parseImport(input, name, { keep: 0 }));
  const keep = job.total === parsed.good ? 'keep' : 'skip';
  if (importJobId(name, parsed.version) !== jobId || papersToWrite(parsed, keep) !== job.total) {
    throw new ImportError(`this file is not the one import "${jobId}" started with`);
  }
  return {
    source: job.source,
    problems: parsed.problems,
    badEntries: parsed.badEntries,
    entries: parsed.entries,
    skippedWithoutAbstract: parsed.good - job.total,
    refused: false,
    empty: false,
    ...(await writeChunks(db, jobId, input, name, parsed.version, keep, job.total, options)),
  };
}

async function writeChunks(
  db: PaperRadarDB,
  jobId: string,
  input: ImportInput,
  name: string,
  version: string,
  keep: 'keep' | 'skip',
  total: number,
  options: ImportOptions,
): Promise<Pick<ImportResult, 'jobId' | 'imported' | 'written' | 'engine'>> {
  const size = Math.max(1, options.chunkSize ?? IMPORT_CHUNK);
  const first = (await db.importJobs.get(jobId))?.done ?? 0;
  let done = first;
  let seen = 0;
  let chunk: ImportedPaper[] = [];
  const write = async () => {
    options.signal?.throwIfAborted();
    const from = done;
    const to = from + chunk.length;
    const papers = chunk;
    chunk = [];
    await db.transaction('rw', db.papers, db.importJobs, async () => {
      const job = await db.importJobs.get(jobId);
      // Another run of this job (a second tab, a restarted worker) got here first.
      if (!job || job.done !== from) throw new ImportError(`import "${jobId}" changed while it was being written`);
      await db.papers.bulkPut(papers);
      await db.importJobs.put({ ...job, done: to, state: to === total ? 'done' : 'running', updatedAt: Date.now() });
    });
    done = to;
    await options.onProgress?.({ jobId, done, total });
  };
  try {
    if (done < total) {
      const walker = walk(
        input,
        name,
        () => {},
        () => version,
      );
      for (;;) {
        const next = await walker.next();
        if (next.done) {
          if (next.value !== version) throw new ImportError('the file changed while it was being imported');
          break;
        }
        if (!('paper' in next.value) || (keep === 'skip' && !next.value.paper.abstract)) continue;
        // Papers up to the checkpoint are stored already.
        if (++seen <= first) continue;
        chunk.push(next.value.paper);
        if (chunk.length >= size) await write();
      }
      if (chunk.length) await write();
      if (done !== total) throw new ImportError('the file changed while it was being imported');
    }
  } catch (e) {
    // Marks the job stopped even when the disk is full, in words (lib/storage/write-errors.ts).
    throw await importWriteFailed(db, { jobId, done, total }, e);
  }
  const engine = first === total || options.reindex === false ? undefined : await refreshSearchIndex(db);
  return { jobId, imported: done, written: done - first, engine };
}

/**
 * Removes the imported set `name` (its papers and its import jobs) and
 * rebuilds the search index. Returns how many papers were removed.
 */
export async function removeImportedCorpus(
  db: PaperRadarDB,
  name: string,
  options: Pick<ImportOptions, 'reindex'> = {},
): Promise<number> {
  checkName(name);
  const source = importSource(name);
  const removed = await db.transaction('rw', db.papers, db.importJobs, db.meta, async () => {
    const n = await db.papers.where('source').equals(source).delete();
    await db.importJobs.where('id').startsWith(`${source}:`).delete();
    await db.meta.delete(META_INDEX);
    return n;
  });
  if (options.reindex !== false) await refreshSearchIndex(db);
  return removed;
}

/** The imported sets and the state of their import, newest first: what the options page lists. */
export async function listImports(db: PaperRadarDB): Promise<ImportJob[]> {
  const jobs = await db.importJobs.toArray();
  return jobs.sort((a, b) => b.startedAt - a.startedAt);
}

/** Drops the persisted index and builds a fresh one over every stored paper (bundled and imported). */
export async function refreshSearchIndex(db: PaperRadarDB): Promise<Engine> {
  await db.meta.delete(META_INDEX);
  return ensureEngine(db);
}
