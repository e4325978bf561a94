import Dexie, { type DBCore, type DBCoreMutateRequest, type EntityTable } from 'dexie';
import type { MetaRow, ReadingListEntry } from '../db';
import { localSnapshot, type ReadingListSnapshot } from './snapshot';

/**
 * The reading list's own database, apart from the corpus (`paper-radar`): a
 * corpus import that fills the disk or a corpus store Chromium discards can
 * no longer take the saved papers with it. Every committed change is also
 * mirrored into a second copy ({@link ReadingListSnapshot}, in
 * `storage.local`), which `openReadingList` checks on start.
 */
export const READING_LIST_DB_NAME = 'paper-radar-reading-list';

/** What the reading-list functions need from a database: its `readingList` table (and Dexie's transactions). */
export type ReadingListStore = Dexie & { readingList: EntityTable<ReadingListEntry, 'id'> };

export interface ReadingListDBOptions {
  /** Where committed changes are mirrored; `false` for none. Defaults to `storage.local` (when there is one). */
  snapshot?: ReadingListSnapshot | false;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * The reading list's schema. Versions are append-only, as in lib/db.ts; each
 * one gets a fixture in tests/fixtures/schema/ (`reading-list-vN.ts`).
 */
export class ReadingListDB extends Dexie {
  readingList!: EntityTable<ReadingListEntry, 'id'>;
  /** `migratedFromCorpusDb`: when v1 of the corpus database's `readingList` rows were copied here. */
  meta!: EntityTable<MetaRow, 'key'>;
  /** The second copy this database mirrors into, if any. */
  readonly snapshot: ReadingListSnapshot | undefined;

  constructor(name = READING_LIST_DB_NAME, options: ReadingListDBOptions = {}) {
    const { snapshot = localSnapshot(), ...dexieOptions } = options;
    // Strict durability: a saved paper is on disk when the write resolves, not merely in the OS cache.
    super(name, { chromeTransactionDurability: 'strict', ...dexieOptions });
    this.snapshot = snapshot || undefined;
    // v1: the reading list (rows as the corpus database's v1 `readingList` held them) and its metadata.
    // Ladder fixture: tests/fixtures/schema/reading-list-v1.ts.
    this.version(1).stores({
      readingList: 'id, savedAt, updatedAt, title',
      meta: 'key',
    });
    if (this.snapshot) this.use(mirrorMiddleware(this.snapshot, () => this.readingList.toArray()));
  }
}

/** A change to the reading list, as the snapshot applies it. */
export type ReadingListChange = { put: ReadingListEntry[]; delete: string[]; resync: boolean };

function changeOf(req: DBCoreMutateRequest): ReadingListChange {
  switch (req.type) {
    case 'add':
    case 'put':
      return { put: req.values as ReadingListEntry[], delete: [], resync: false };
    case 'delete':
      return { put: [], delete: req.keys as string[], resync: false };
    default:
      // deleteRange (`clear()`, a ranged delete): which rows went is not known here.
      return { put: [], delete: [], resync: true };
  }
}

/**
 * Mirrors each committed write on `readingList` into the snapshot — after the
 * transaction completes, so an aborted transaction changes nothing there.
 */
function mirrorMiddleware(snapshot: ReadingListSnapshot, readAll: () => Promise<unknown[]>) {
  return {
    stack: 'dbcore' as const,
    name: 'reading-list-snapshot',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'readingList') return table;
        return {
          ...table,
          mutate: async (req) => {
            const result = await table.mutate(req);
            const change = changeOf(req);
            // Only rows that were written: a failed add in a bulk (already there) changed nothing.
            if (result.numFailures) {
              const failed = new Set(Object.keys(result.failures).map(Number));
              change.put = change.put.filter((_, i) => !failed.has(i));
            }
            const trans = req.trans as unknown as Partial<EventTarget>;
            if (typeof trans.addEventListener === 'function') {
              trans.addEventListener('complete', () => void snapshot.apply(change, readAll), { once: true });
            } else void snapshot.apply(change, readAll);
            return result;
          },
        };
      },
    }),
  };
}
