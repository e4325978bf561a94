import { browser } from 'wxt/browser';
import type { ReadingListEntry } from '../db';
import type { ReadingListChange } from './reading-list-db';

/** The few `storage.local` calls the snapshot makes (injected in tests). */
export interface SnapshotArea {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/**
 * The reading list's second copy: one `storage.local` item per saved paper
 * (`rl:<id>`), so each change writes one small item and no whole-list rewrite
 * races another window's. `storage.local` is a store of its own on disk
 * (Chromium: `Local Extension Settings/<id>`), apart from IndexedDB's, so a
 * discarded or corrupted IndexedDB leaves it whole.
 */
export interface ReadingListSnapshot {
  /** Applies one committed change (writes are queued, in order). `readAll` gives every row, for a resync. */
  apply(change: ReadingListChange, readAll?: () => Promise<unknown[]>): Promise<void>;
  /** Every entry the copy holds, as stored (validate before use). */
  read(): Promise<unknown[]>;
  /** Makes the copy hold exactly `entries` (writing only what differs). */
  replaceAll(entries: readonly ReadingListEntry[]): Promise<void>;
  /** Resolves once every queued write is done. */
  settled(): Promise<void>;
}

export const SNAPSHOT_PREFIX = 'rl:';
/** Longest abstract the copy keeps: `storage.local` holds 10 MB in all, and the abstract is the bulky part. */
export const SNAPSHOT_ABSTRACT = 4_000;

/** An entry as the copy keeps it: everything but the tail of a long abstract. */
export function compactEntry(entry: ReadingListEntry): ReadingListEntry {
  return entry.abstract.length > SNAPSHOT_ABSTRACT
    ? { ...entry, abstract: entry.abstract.slice(0, SNAPSHOT_ABSTRACT) }
    : entry;
}

/** `browser.storage.local`, or `undefined` where there is none (the CLI, a page without the extension APIs). */
function localArea(): SnapshotArea | undefined {
  try {
    const local = browser?.storage?.local;
    return local ? (local as unknown as SnapshotArea) : undefined;
  } catch {
    return undefined;
  }
}

/** The snapshot in `storage.local` (resolved lazily: no `browser.*` at module load), or `false` where there is none. */
export function localSnapshot(): ReadingListSnapshot | false {
  return localArea() ? snapshotIn(() => localArea()!) : false;
}

/** A snapshot kept in `area` (tests pass an in-memory or failing one). */
export function snapshotIn(area: () => SnapshotArea): ReadingListSnapshot {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (write: () => Promise<void>) => {
    queue = queue.then(write).catch((e: unknown) => {
      // The copy could not be written (its own disk full?): the database still has the change; the next
      // start compares both and rewrites what differs.
      console.warn('Paper Radar: the reading list copy could not be updated.', e);
    });
    return queue;
  };
  const read = async () => {
    const all = await area().get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith(SNAPSHOT_PREFIX))
      .map(([, value]) => value);
  };
  const replaceAll = async (entries: readonly ReadingListEntry[]) => {
    const all = await area().get(null);
    const keep = new Set(entries.map((e) => SNAPSHOT_PREFIX + e.id));
    const stale = Object.keys(all).filter((key) => key.startsWith(SNAPSHOT_PREFIX) && !keep.has(key));
    const changed: Record<string, unknown> = {};
    for (const entry of entries) {
      const compact = compactEntry(entry);
      if (JSON.stringify(all[SNAPSHOT_PREFIX + entry.id]) !== JSON.stringify(compact)) {
        changed[SNAPSHOT_PREFIX + entry.id] = compact;
      }
    }
    if (Object.keys(changed).length) await area().set(changed);
    if (stale.length) await area().remove(stale);
  };
  return {
    apply: (change, readAll) =>
      enqueue(async () => {
        if (change.resync && readAll) return replaceAll((await readAll()) as ReadingListEntry[]);
        if (change.put.length) {
          await area().set(Object.fromEntries(change.put.map((e) => [SNAPSHOT_PREFIX + e.id, compactEntry(e)])));
        }
        if (change.delete.length) await area().remove(change.delete.map((id) => SNAPSHOT_PREFIX + id));
      }),
    read,
    replaceAll: (entries) => enqueue(() => replaceAll(entries)),
    settled: () => queue,
  };
}
