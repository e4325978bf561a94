/**
 * Corpus imports as the options page runs them: in the page itself (an
 * extension page with the extension's IndexedDB), so the service worker is
 * never busy for seconds. The page writes the chunks, builds and persists the
 * index, then tells the background to reload it.
 */
import {
  importCorpus,
  listImports,
  parseImport,
  removeImportedCorpus,
  resumeImport,
  type ImportInput,
  type ImportProgress,
  type ImportResult,
  type ParsedImport,
} from './corpus-import';
import type { ImportJob, PaperRadarDB } from './db';
import { withStopStates } from './storage/write-errors';

/** What the options page's "Import papers" section reads and changes; a fake or fake-indexeddb one feeds its tests. */
export interface ImportStore {
  /** Reads and validates a file without writing anything (rejects with `ImportError` for an unusable file). */
  validate(file: ImportInput, name: string, onRead?: (entries: number) => void): Promise<ParsedImport>;
  /** Imports a file as the set `name`; `onProgress` after each committed chunk. */
  start(name: string, file: ImportInput, options: StartOptions): Promise<ImportResult>;
  /** Resumes an interrupted import with the same file. */
  resume(jobId: string, file: ImportInput, options: RunOptions): Promise<ImportResult>;
  /** The imported sets and their import state, newest first. */
  list(): Promise<ImportJob[]>;
  /** Removes the set `name`; resolves with how many papers went. */
  remove(name: string): Promise<number>;
}

export interface RunOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface StartOptions extends RunOptions {
  mode: 'skip' | 'refuse';
  /** Papers without an abstract: kept title-only (the default) or skipped. */
  withoutAbstract?: 'keep' | 'skip';
  /** The preview's validation of this very file: the import then reads it once, not twice. */
  parsed?: ParsedImport;
}

/** Lets the page paint (the progress bar) and handle input between chunks. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The options page's import store over the extension's database. After an
 * import or a removal the index is rebuilt and persisted here, then
 * `corpusChanged` tells the background to drop its engine and load that index.
 *
 * @example pageImportStore(() => openForPage(new PaperRadarDB()), corpusChanged)
 */
export function pageImportStore(
  database: () => Promise<PaperRadarDB>,
  corpusChanged: () => Promise<unknown>,
  { chunkSize }: { chunkSize?: number } = {},
): ImportStore {
  const progress = (options: RunOptions) => ({
    chunkSize,
    signal: options.signal,
    onProgress: async (p: ImportProgress) => {
      options.onProgress?.(p);
      await nextTask();
    },
  });
  return {
    validate: (file, name, onRead) =>
      parseImport(file, name, {
        keep: 0,
        onRead: async (n) => {
          onRead?.(n);
          await nextTask();
        },
      }),
    async start(name, file, options) {
      const result = await importCorpus(await database(), name, file, {
        mode: options.mode,
        withoutAbstract: options.withoutAbstract,
        parsed: options.parsed,
        ...progress(options),
      });
      if (result.written > 0) await corpusChanged();
      return result;
    },
    async resume(jobId, file, options) {
      const result = await resumeImport(await database(), jobId, file, progress(options));
      await corpusChanged();
      return result;
    },
    // A job stopped by a full disk may still say `running` in the database: storage.local knows better.
    list: async () => withStopStates(await listImports(await database())),
    async remove(name) {
      const removed = await removeImportedCorpus(await database(), name);
      await corpusChanged();
      return removed;
    },
  };
}

/**
 * A set name from a file name: lower-case letters, digits and hyphens, at most
 * 20 characters (what `importCorpus` accepts); `papers` when nothing is left.
 *
 * @example nameFromFile('My Field (2024).jsonl') // 'my-field-2024'
 */
export function nameFromFile(fileName: string): string {
  const slug = fileName
    .replace(/\.(?:gz|gzip)$/i, '')
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 20)
    .replace(/-+$/, '');
  return slug || 'papers';
}
