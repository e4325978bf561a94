/**
 * Importing a user's corpus (a JSON array or JSON Lines file of papers) next
 * to the bundled one: validated entry by entry, written in checkpointed
 * chunks so an interrupted import resumes without duplicates, removable as a set.
 */
import { z } from './zod';
import { fingerprint, findCodeUrl, paperId, PaperSchema } from './corpus';
import type { ImportJob, PaperRadarDB, StoredPaper } from './db';
import { ensureEngine, META_INDEX } from './indexer';
import { importWriteFailed } from './storage/write-errors';
import type { Engine } from './search-index';

/** Limits that keep an import from exhausting the service worker's memory. */
export const IMPORT_LIMITS = {
  /** Characters of the whole file (about its size in bytes for English text). */
  chars: 256 * 1024 * 1024,
  /** Entries (valid or not) in one file. */
  entries: 200_000,
  /** Characters of one JSON Lines entry. */
  entryChars: 64 * 1024,
  /** Problems listed in a report; more are only counted. */
  problems: 1_000,
} as const;

/** Records written per IndexedDB transaction; each chunk ends with a checkpoint. */
export const IMPORT_CHUNK = 1_000;

const text = (what: string, max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'missing' : `${what} must be text`) })
    .trim()
    .max(max, `${what} is longer than ${max} characters`);

/** One entry of an import file. Unknown fields are ignored. */
export const ImportEntrySchema = z.object({
  id: z.union([text('id', 200).min(1, 'id is empty'), z.number().int().nonnegative()]).optional(),
  title: text('title', 400).min(3, 'title is shorter than 3 characters'),
  abstract: text('abstract', 20_000).min(40, 'abstract is shorter than 40 characters'),
  url: z
    .url({ protocol: /^https?$/, error: 'url must be an http(s) address' })
    .max(2_000)
    .optional(),
  authors: z
    .union([text('author', 300), z.array(text('author', 300)).max(500, 'more than 500 authors')])
    .transform((a) => (typeof a === 'string' ? a.split(/\s*(?:;|,| and )\s*/).filter(Boolean) : a))
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
  categories: z.array(text('category', 100)).max(50, 'more than 50 categories').optional(),
});
export type ImportEntry = z.infer<typeof ImportEntrySchema>;

/** An imported paper as stored: a corpus paper plus the optional metadata of its entry. */
export type ImportedPaper = StoredPaper & Pick<ImportEntry, 'url' | 'authors' | 'year' | 'categories'>;

/** A bad entry: its 1-based line (JSON Lines) or 0-based index (JSON array), and why. */
export interface ImportProblem {
  line?: number;
  index?: number;
  reason: string;
}

/** Formats a problem the way the options page shows it: `line 12: title: missing`. */
export function formatProblem(p: ImportProblem): string {
  return p.line !== undefined ? `line ${p.line}: ${p.reason}` : `entry ${p.index}: ${p.reason}`;
}

/** Raised when the file as a whole cannot be imported (too large, not JSON, bad name, another input on resume). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** What a file holds: the valid papers (in file order), the problems, and how many entries were read. */
export interface ParsedImport {
  format: 'json' | 'jsonl';
  papers: ImportedPaper[];
  problems: ImportProblem[];
  /** Bad entries in total (problems beyond `IMPORT_LIMITS.problems` are counted, not listed). */
  badEntries: number;
  entries: number;
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

const kb = (chars: number) => `${Math.ceil(chars / 1024).toLocaleString('en')} KB`;
const mb = (chars: number) => `${(chars / 1024 / 1024).toFixed(1)} MB`;

/**
 * Parses and validates an import file without writing anything. A file whose
 * first non-blank character is `[` is a JSON array, anything else JSON Lines
 * (blank lines ignored). Entries repeating an earlier entry's id are problems.
 *
 * @throws ImportError when the file as a whole is unusable (too large, an array that is not valid JSON).
 */
export function parseImport(input: string, name: string): ParsedImport {
  checkName(name);
  if (input.length > IMPORT_LIMITS.chars) {
    throw new ImportError(
      `the file is ${mb(input.length)}; the limit is ${mb(IMPORT_LIMITS.chars)} — split it into several imports`,
    );
  }
  const version = `${fingerprint(input)}-${input.length.toString(36)}`;
  const source = importSource(name);
  const papers: ImportedPaper[] = [];
  const problems: ImportProblem[] = [];
  const firstSeen = new Map<string, string>();
  let badEntries = 0;
  let entries = 0;
  const bad = (where: Omit<ImportProblem, 'reason'>, reason: string) => {
    badEntries++;
    if (problems.length < IMPORT_LIMITS.problems) problems.push({ ...where, reason });
  };
  const tooMany = () =>
    new ImportError(`the file has more than ${IMPORT_LIMITS.entries.toLocaleString('en')} entries — split it`);

  const accept = (value: unknown, where: Omit<ImportProblem, 'reason'>, label: string) => {
    const parsed = ImportEntrySchema.safeParse(value);
    if (!parsed.success) return bad(where, reasonOf(parsed.error));
    const e = parsed.data;
    const id = importedId(name, e);
    const first = firstSeen.get(id);
    if (first !== undefined) return bad(where, `same id as ${first}`);
    const paper = PaperSchema.safeParse({
      id,
      title: e.title,
      abstract: e.abstract,
      codeUrl: findCodeUrl(e.abstract),
      source,
    });
    if (!paper.success) return bad(where, reasonOf(paper.error));
    firstSeen.set(id, label);
    const stored: ImportedPaper = { ...paper.data, corpusVersion: version };
    if (e.url !== undefined) stored.url = e.url;
    if (e.authors !== undefined) stored.authors = e.authors;
    if (e.year !== undefined) stored.year = e.year;
    if (e.categories !== undefined) stored.categories = e.categories;
    papers.push(stored);
  };

  const start = input.search(/\S/);
  if (start >= 0 && input[start] === '[') {
    let list: unknown;
    try {
      list = JSON.parse(input);
    } catch (e) {
      throw new ImportError(`the file starts with "[" but is not a valid JSON array: ${(e as Error).message}`);
    }
    if (!Array.isArray(list)) throw new ImportError('expected a JSON array of papers');
    if (list.length > IMPORT_LIMITS.entries) throw tooMany();
    entries = list.length;
    list.forEach((value, index) => accept(value, { index }, `entry ${index}`));
    return { format: 'json', papers, problems, badEntries, entries, version };
  }

  let lineNo = 0;
  for (let at = 0; at < input.length;) {
    let end = input.indexOf('\n', at);
    if (end < 0) end = input.length;
    lineNo++;
    const line = input.slice(at, end).trim();
    at = end + 1;
    if (!line) continue;
    if (++entries > IMPORT_LIMITS.entries) throw tooMany();
    if (line.length > IMPORT_LIMITS.entryChars) {
      bad({ line: lineNo }, `entry is ${kb(line.length)}; the limit is ${kb(IMPORT_LIMITS.entryChars)}`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      bad({ line: lineNo }, 'not valid JSON');
      continue;
    }
    accept(value, { line: lineNo }, `line ${lineNo}`);
  }
  return { format: 'jsonl', papers, problems, badEntries, entries, version };
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
  /** Papers of this set now stored. */
  imported: number;
  /** Papers written by this call (less than `imported` when it resumed). */
  written: number;
  problems: ImportProblem[];
  badEntries: number;
  entries: number;
  /** The rebuilt engine, when `reindex` was on and the import completed. */
  engine?: Engine;
}

/**
 * Imports a file as the set `name`, replacing an earlier set of that name. The
 * papers go in chunks of {@link IMPORT_CHUNK}, each chunk and its checkpoint in
 * one transaction; an interrupted import of the same name and text is resumed
 * from its last checkpoint instead of starting over. The reading list is never touched.
 *
 * @example
 * const r = await importCorpus(db, 'my-field', await file.text(), { mode: 'skip', onProgress: show });
 * r.problems.map(formatProblem); // ['line 3: abstract: missing']
 */
export async function importCorpus(
  db: PaperRadarDB,
  name: string,
  input: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const parsed = parseImport(input, name);
  const source = importSource(name);
  const base = {
    source,
    problems: parsed.problems,
    badEntries: parsed.badEntries,
    entries: parsed.entries,
  };
  if (parsed.badEntries > 0 && (options.mode ?? 'refuse') === 'refuse') {
    return { ...base, jobId: null, refused: true, imported: 0, written: 0 };
  }
  const jobId = importJobId(name, parsed.version);
  const now = Date.now();
  await db.transaction('rw', db.papers, db.importJobs, db.meta, async () => {
    const job = await db.importJobs.get(jobId);
    if (job && job.total === parsed.papers.length) return; // resuming this very import
    await db.papers.where('source').equals(source).delete();
    await db.importJobs.where('id').startsWith(`${source}:`).delete();
    await db.importJobs.put({
      id: jobId,
      source,
      total: parsed.papers.length,
      done: 0,
      state: 'running',
      startedAt: now,
      updatedAt: now,
    });
    // The stored index stays: it is stale now, but the background keeps ranking with it until the import is done.
  });
  return { ...base, ...(await writeChunks(db, jobId, parsed.papers, options)), refused: false };
}

/**
 * Resumes the interrupted import `jobId` with the same file it started with
 * (and the same `mode`): the chunks after the last checkpoint are written.
 *
 * @throws ImportError when there is no such job or the file is not the one the job started with.
 */
export async function resumeImport(
  db: PaperRadarDB,
  jobId: string,
  input: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const job = await db.importJobs.get(jobId);
  if (!job) throw new ImportError(`no import job "${jobId}" to resume`);
  const name = job.source.replace(/^import:/, '');
  const parsed = parseImport(input, name);
  if (importJobId(name, parsed.version) !== jobId || parsed.papers.length !== job.total) {
    throw new ImportError(`this file is not the one import "${jobId}" started with`);
  }
  return {
    source: job.source,
    problems: parsed.problems,
    badEntries: parsed.badEntries,
    entries: parsed.entries,
    refused: false,
    ...(await writeChunks(db, jobId, parsed.papers, options)),
  };
}

async function writeChunks(
  db: PaperRadarDB,
  jobId: string,
  papers: readonly ImportedPaper[],
  options: ImportOptions,
): Promise<Pick<ImportResult, 'jobId' | 'imported' | 'written' | 'engine'>> {
  const size = Math.max(1, options.chunkSize ?? IMPORT_CHUNK);
  const first = (await db.importJobs.get(jobId))?.done ?? 0;
  let done = first;
  try {
    while (done < papers.length) {
      options.signal?.throwIfAborted();
      const from = done;
      const to = Math.min(papers.length, from + size);
      await db.transaction('rw', db.papers, db.importJobs, async () => {
        const job = await db.importJobs.get(jobId);
        // Another run of this job (a second tab, a restarted worker) got here first.
        if (!job || job.done !== from) throw new ImportError(`import "${jobId}" changed while it was being written`);
        await db.papers.bulkPut(papers.slice(from, to));
        await db.importJobs.put({
          ...job,
          done: to,
          state: to === papers.length ? 'done' : 'running',
          updatedAt: Date.now(),
        });
      });
      done = to;
      await options.onProgress?.({ jobId, done, total: papers.length });
    }
    if (papers.length === 0) {
      await db.importJobs.update(jobId, { state: 'done', updatedAt: Date.now() });
    }
  } catch (e) {
    // Marks the job stopped even when the disk is full, in words (lib/storage/write-errors.ts).
    throw await importWriteFailed(db, { jobId, done, total: papers.length }, e);
  }
  const engine = options.reindex === false ? undefined : await refreshSearchIndex(db);
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
