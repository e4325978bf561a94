import Dexie, { type DBCore, type EntityTable } from 'dexie';
import type { ImportJob, MetaRow, PaperRadarDB, ReadingListEntry, StoredPaper } from './db';

/**
 * Why the extension cannot write its database: IndexedDB is unusable in this
 * browser profile (blocked by policy, private mode, a broken profile), or a
 * newer build of Paper Radar upgraded the database past this build's schema
 * (a rollback, or two builds side by side).
 */
export type StorageProblem = 'unavailable' | 'newer';

/** What saving says when it cannot save — in the popup, the reading list and the in-page panel. */
export const CANT_SAVE: Readonly<Record<StorageProblem, string>> = {
  unavailable: "Can't save: this browser isn't letting Paper Radar store data (IndexedDB is unavailable).",
  newer:
    "Can't save: a newer version of Paper Radar has upgraded the reading list, so this version can only read it. Update Paper Radar to save again.",
};

/** What the reading list shows instead of (unavailable) or above (newer) the saved papers. */
export const READING_LIST_NOTICE: Readonly<Record<StorageProblem, string>> = {
  unavailable:
    "The reading list can't be shown or changed: this browser isn't letting Paper Radar store data (IndexedDB is unavailable).",
  newer:
    'Read-only: a newer version of Paper Radar has upgraded the reading list, so this version shows it but cannot change it. Update Paper Radar to save again.',
};

/** The database cannot be written, and why; its message is the one the user sees. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly problem: StorageProblem,
    options?: ErrorOptions,
  ) {
    super(CANT_SAVE[problem], options);
  }
}

/**
 * The storage problem behind an error, if it is one: a {@link StorageError},
 * or Dexie's report of an open that failed (a `DatabaseClosedError` carrying
 * the browser's error, `MissingAPIError`, `OpenFailedError`).
 */
export function storageProblem(error: unknown): StorageProblem | undefined {
  if (error instanceof StorageError) return error.problem;
  const e = error as { name?: unknown; inner?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.name === 'MissingAPIError' || e.name === 'OpenFailedError') return 'unavailable';
  if (e.name === 'DatabaseClosedError' && e.inner) return 'unavailable';
  return undefined;
}

/**
 * Runs a read, turning a failed open into a {@link StorageError}: Dexie's
 * `liveQuery` silently waits out a `DatabaseClosedError` (it expects the
 * database to reopen), which would leave a view loading for ever.
 *
 * @example liveQuery(() => surfacingStorageProblems(() => db.readingList.toArray()))
 */
export async function surfacingStorageProblems<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const problem = storageProblem(e);
    throw problem ? new StorageError(problem, { cause: e }) : e;
  }
}

/** A Dexie connection with the same dependencies (IndexedDB factory, key range) as `db`, in dynamic mode. */
function dynamicTwin(db: Dexie): Dexie {
  const { indexedDB, IDBKeyRange } = db._options;
  return new Dexie(db.name, { indexedDB, IDBKeyRange });
}

/**
 * The stored schema version of `db`'s database, in Dexie's numbering
 * (`db.version(n)`), or 0 when there is none yet. Reads it in Dexie's
 * dynamic mode, which opens whatever version is on disk and never upgrades.
 *
 * @throws StorageError `'unavailable'` when IndexedDB cannot be opened at all.
 */
export async function storedSchemaVersion(db: Dexie): Promise<number> {
  const probe = dynamicTwin(db);
  try {
    await probe.open();
    return probe.verno;
  } catch (e) {
    if ((e as { name?: string } | null)?.name === 'NoSuchDatabaseError') return 0;
    throw new StorageError('unavailable', { cause: e });
  } finally {
    probe.close();
  }
}

/**
 * Opens the extension's database for reading and writing, never changing a
 * database a newer build left behind. Dexie 4 would open a newer database
 * anyway and, when its schema differs from ours, "patch" it to a version
 * higher still; so the stored version is checked first, without upgrading.
 *
 * @throws StorageError `'unavailable'` when IndexedDB cannot be opened,
 * `'newer'` when the stored schema is newer than {@link PaperRadarDB}'s.
 */
export async function openWritable<T extends Dexie = PaperRadarDB>(db: T): Promise<T> {
  if (db.isOpen()) return db;
  if ((await storedSchemaVersion(db)) > db.verno) throw new StorageError('newer');
  try {
    await db.open();
    return db;
  } catch (e) {
    throw storageProblem(e) || isBrowserOpenError(e) ? new StorageError('unavailable', { cause: e }) : e;
  }
}

/** The browser's own errors from `indexedDB.open` (a blocked profile throws SecurityError or InvalidStateError). */
function isBrowserOpenError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'SecurityError' || name === 'InvalidStateError' || name === 'UnknownError' || name === 'AbortError';
}

/**
 * A read-only connection to a database a newer build upgraded: opened in
 * Dexie's dynamic mode (the stored schema as it is, no upgrade), with every
 * write refused by a {@link StorageError} `'newer'` before it reaches IndexedDB.
 */
export class ReadOnlyPaperRadarDB extends Dexie {
  papers!: EntityTable<StoredPaper, 'id'>;
  readingList!: EntityTable<ReadingListEntry, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  importJobs!: EntityTable<ImportJob, 'id'>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.use({
      stack: 'dbcore',
      name: 'read-only',
      create: (down: DBCore): DBCore => ({
        ...down,
        table: (table) => ({ ...down.table(table), mutate: () => Promise.reject(new StorageError('newer')) }),
      }),
    });
    // The stores are known only once open; one a newer build dropped stays undefined.
    this.on('ready', () => {
      for (const t of this.tables) (this as unknown as Record<string, unknown>)[t.name] = t;
    });
  }
}

/** True for a connection that refuses writes (see {@link ReadOnlyPaperRadarDB}). */
export function isReadOnly(db: Dexie): boolean {
  return db instanceof ReadOnlyPaperRadarDB;
}

/**
 * The reading list's database for an extension page: `db` opened for writing
 * when it can be; a {@link ReadOnlyPaperRadarDB} when a newer build upgraded
 * it; `db` unopened when IndexedDB is unavailable (every read and write then
 * rejects, and {@link storageProblem} says why).
 */
export async function openForPage<T extends Dexie = PaperRadarDB>(db: T): Promise<T> {
  try {
    return await openWritable(db);
  } catch (e) {
    if (!(e instanceof StorageError) || e.problem !== 'newer') return db;
    const { indexedDB, IDBKeyRange } = db._options;
    const readOnly = new ReadOnlyPaperRadarDB(db.name, { indexedDB, IDBKeyRange });
    // Structurally the same tables as PaperRadarDB; writes reject instead of running.
    return (await readOnly.open()) as unknown as T;
  }
}

/**
 * Closes `db` when another connection upgrades (or deletes) the database, so
 * the upgrade is never blocked, then calls `reopen` — an extension page
 * reloads itself, the background forgets its connection and reopens lazily.
 * Returns a function that stops listening.
 */
export function onSchemaChange(db: Dexie, reopen: () => void): () => void {
  const listener = () => {
    db.close({ disableAutoOpen: false });
    reopen();
  };
  db.on('versionchange', listener);
  return () => db.on('versionchange').unsubscribe(listener);
}
