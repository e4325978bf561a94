import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { DB_NAME, type ReadingListEntry } from '../db';
import { openForPage, StorageError } from '../db-access';
import { ReadingListEntrySchema, validateRows } from '../reading-list';
import { READING_LIST_DB_NAME, ReadingListDB, type ReadingListStore } from './reading-list-db';
import type { ReadingListSnapshot } from './snapshot';

/** What opening the reading list found, for the UI to say. */
export type ReadingListNotice =
  /** Saved papers were missing or unreadable in the database and came back from the copy. */
  | { kind: 'restored'; count: number; at: number }
  /** The database cannot be opened at all: the copy's entries, for export. */
  | { kind: 'unavailable'; entries: ReadingListEntry[] };

export interface OpenedReadingList {
  db: ReadingListStore;
  notice?: ReadingListNotice;
}

/** The `storage.local` item that keeps a restore's notice until the user dismisses it (any window may restore). */
export const RESTORED_NOTICE_KEY = 'readingListRestored';
const MIGRATED = 'migratedFromCorpusDb';

/** The sentence the UI shows for a notice. */
export function noticeText(notice: ReadingListNotice): string {
  if (notice.kind === 'restored') {
    const papers = notice.count === 1 ? '1 saved paper' : `${notice.count.toLocaleString('en')} saved papers`;
    return `Restored ${papers} after a storage error.`;
  }
  const n = notice.entries.length;
  return n
    ? `The reading list's database can't be opened (IndexedDB is unavailable or damaged). Its copy holds ${n === 1 ? '1 saved paper' : `${n.toLocaleString('en')} saved papers`}: export them to keep them safe.`
    : "The reading list's database can't be opened (IndexedDB is unavailable or damaged), and its copy is empty.";
}

export interface OpenReadingListDeps {
  /** The reading list's database (not yet opened). */
  db?: ReadingListDB;
  /** The corpus database's name, whose v1 `readingList` rows are copied once. */
  legacyName?: string;
  /** Where a restore's notice is kept for other windows; `false` for nowhere. */
  noticeArea?: Pick<SnapshotNoticeArea, 'get' | 'set'> | false;
}

interface SnapshotNoticeArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

function localNoticeArea(): SnapshotNoticeArea | false {
  try {
    return (browser?.storage?.local as unknown as SnapshotNoticeArea | undefined) ?? false;
  } catch {
    return false;
  }
}

/**
 * Opens the reading list the way every window and the background should:
 * opens (or, when a newer build upgraded it, opens read-only) its database;
 * copies the corpus database's v1 rows the first time; then checks it against
 * its copy and puts back every saved paper the database lost or cannot read.
 * When the database cannot be opened at all, the notice carries the copy's
 * entries so the user can export them.
 *
 * @example const { db, notice } = await openReadingList();
 */
export async function openReadingList(deps: OpenReadingListDeps = {}): Promise<OpenedReadingList> {
  const db = deps.db ?? new ReadingListDB();
  const noticeArea = deps.noticeArea ?? localNoticeArea();
  requestPersistence();
  const copy = await readCopy(db.snapshot);
  let opened: ReadingListStore;
  try {
    opened = await openForPage(db);
    if (!opened.isOpen()) throw new StorageError('unavailable');
  } catch {
    // Never deleted to start afresh: the failure may pass (a policy, a profile in use), and the database may hold
    // more than the copy. The user gets the copy's papers to export instead.
    return { db, notice: { kind: 'unavailable', entries: copy } };
  }
  if (opened !== db) return { db: opened }; // read-only: a newer build's database, nothing to write
  // Only the extension's own reading list inherits the corpus database's rows (a test names both).
  const legacyName = deps.legacyName ?? (db.name === READING_LIST_DB_NAME ? DB_NAME : undefined);
  if (legacyName) await migrateLegacy(db, legacyName);
  const restored = await restoreFromCopy(db, copy);
  if (!restored) return { db };
  const notice: ReadingListNotice = { kind: 'restored', count: restored, at: Date.now() };
  if (noticeArea) await noticeArea.set({ [RESTORED_NOTICE_KEY]: notice }).catch(() => undefined);
  return { db, notice };
}

/** The restore notice another window (or the background) left, if the user has not dismissed it. */
export async function pendingRestoreNotice(
  area: SnapshotNoticeArea | false = localNoticeArea(),
): Promise<ReadingListNotice | undefined> {
  if (!area) return undefined;
  const value = (await area.get(RESTORED_NOTICE_KEY).catch((): Record<string, unknown> => ({})))[
    RESTORED_NOTICE_KEY
  ] as Partial<Extract<ReadingListNotice, { kind: 'restored' }>> | undefined;
  return value?.kind === 'restored' && typeof value.count === 'number' && typeof value.at === 'number'
    ? { kind: 'restored', count: value.count, at: value.at }
    : undefined;
}

/** Forgets the restore notice (the user dismissed it). */
export async function dismissRestoreNotice(): Promise<void> {
  await browser.storage.local.remove(RESTORED_NOTICE_KEY);
}

/** Asks the browser not to evict the extension's storage under pressure, where it lets pages ask. */
function requestPersistence(): void {
  const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (typeof storage?.persist !== 'function') return;
  // Windows only (not the service worker); the answer changes nothing here.
  storage.persist().catch(() => undefined);
}

async function readCopy(snapshot: ReadingListSnapshot | undefined): Promise<ReadingListEntry[]> {
  if (!snapshot) return [];
  try {
    return validateRows(await snapshot.read()).entries;
  } catch {
    return [];
  }
}

/** Copies the corpus database's v1 reading list here, once; rows already here win. */
async function migrateLegacy(db: ReadingListDB, legacyName: string): Promise<void> {
  if (await db.meta.get(MIGRATED)) return;
  const { indexedDB, IDBKeyRange } = db._options;
  // Dynamic mode: reads whatever version is there, never upgrades it (a newer build's database stays as it is).
  const legacy = new Dexie(legacyName, { indexedDB, IDBKeyRange });
  let rows: ReadingListEntry[] = [];
  try {
    await legacy.open();
    if (legacy.tables.some((t) => t.name === 'readingList')) rows = await legacy.table('readingList').toArray();
  } catch (e) {
    if ((e as { name?: string } | null)?.name !== 'NoSuchDatabaseError') {
      // Unreadable now: try again on the next open rather than mark it done.
      console.warn('Paper Radar: the old reading list could not be read yet.', e);
      return;
    }
  } finally {
    legacy.close();
  }
  await db.transaction('rw', db.readingList, db.meta, async () => {
    const here = new Set((await db.readingList.toCollection().primaryKeys()) as string[]);
    const missing = rows.filter((r) => typeof r?.id === 'string' && !here.has(r.id));
    if (missing.length) await db.readingList.bulkAdd(missing);
    await db.meta.put({ key: MIGRATED, value: { at: Date.now(), rows: rows.length } });
  });
}

/**
 * Puts back every entry of the copy the database lacks or cannot read, then
 * brings the copy up to date with the database. Returns how many were put back.
 */
async function restoreFromCopy(db: ReadingListDB, copy: readonly ReadingListEntry[]): Promise<number> {
  let restored = 0;
  await db.transaction('rw', db.readingList, async () => {
    const rows = await db.readingList.toArray();
    const good = new Set(
      rows.filter((r) => ReadingListEntrySchema.safeParse(r).success).map((r) => (r as ReadingListEntry).id),
    );
    const lost = copy.filter((e) => !good.has(e.id));
    restored = lost.length;
    if (lost.length) await db.readingList.bulkPut(lost);
  });
  if (db.snapshot) await db.snapshot.replaceAll(validateRows(await db.readingList.toArray()).entries);
  return restored;
}
