import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { setNote } from '../../lib/reading-list';
import {
  noticeText,
  openReadingList,
  pendingRestoreNotice,
  RESTORED_NOTICE_KEY,
} from '../../lib/storage/open-reading-list';
import { ReadingListDB } from '../../lib/storage/reading-list-db';
import { compactEntry, SNAPSHOT_ABSTRACT, SNAPSHOT_PREFIX } from '../../lib/storage/snapshot';
import { savedEntry, unavailableIndexedDB } from '../fixtures/storage';

/**
 * The reading list's second copy (issue 16, items 1–2): every committed change
 * is mirrored into `storage.local`; opening the reading list puts back what
 * the database lost — deleted, emptied, unreadable rows — and says so.
 */

let n = 0;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function listDb(): ReadingListDB {
  const name = `durability-copy-${n++}`;
  names.push(name);
  return new ReadingListDB(name);
}

async function copyIds(): Promise<string[]> {
  const all = await fakeBrowser.storage.local.get(null);
  return Object.keys(all)
    .filter((k) => k.startsWith(SNAPSHOT_PREFIX))
    .map((k) => k.slice(SNAPSHOT_PREFIX.length))
    .sort();
}

/** Twenty saved papers with notes, in a database and (mirrored) its copy. */
async function twentySaved(): Promise<ReadingListDB> {
  const db = listDb();
  await db.readingList.bulkAdd(Array.from({ length: 20 }, (_, i) => savedEntry(i, `note ${i}`)));
  await db.snapshot!.settled();
  return db;
}

describe('reading list copy', () => {
  it('mirrors every save, note and removal into storage.local once the write commits', async () => {
    const db = await twentySaved();
    expect(await copyIds()).toHaveLength(20);
    await setNote(db, 'saved-paper-3', 'changed');
    await db.readingList.delete('saved-paper-4');
    await db.snapshot!.settled();
    const all = await fakeBrowser.storage.local.get(null);
    expect((all[`${SNAPSHOT_PREFIX}saved-paper-3`] as { note: string }).note).toBe('changed');
    expect(all).not.toHaveProperty(`${SNAPSHOT_PREFIX}saved-paper-4`);
    db.close();
  });

  it('leaves the copy unchanged when the transaction aborts', async () => {
    const db = await twentySaved();
    await expect(
      db.transaction('rw', db.readingList, async () => {
        await db.readingList.put(savedEntry(99));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await db.snapshot!.settled();
    expect(await copyIds()).not.toContain('saved-paper-99');
    db.close();
  });

  it('keeps the whole list in the copy after clear() (a ranged delete)', async () => {
    const db = await twentySaved();
    await db.readingList.clear();
    await db.snapshot!.settled();
    expect(await copyIds()).toEqual([]);
    db.close();
  });

  it('keeps a long abstract cut in the copy, the rest of the entry whole', () => {
    const long = { ...savedEntry(1, 'n'), abstract: 'x'.repeat(SNAPSHOT_ABSTRACT + 10) };
    expect(compactEntry(long)).toEqual({ ...long, abstract: 'x'.repeat(SNAPSHOT_ABSTRACT) });
  });
});

describe('openReadingList', () => {
  it('restores all 20 saved papers and notes when the database was discarded, and says so', async () => {
    const db = await twentySaved();
    const name = db.name;
    db.close();
    await Dexie.delete(name); // Chromium deleted and recreated the store: an empty database
    const { db: reopened, notice } = await openReadingList({ db: new ReadingListDB(name) });
    expect(notice).toMatchObject({ kind: 'restored', count: 20 });
    expect(noticeText(notice!)).toBe('Restored 20 saved papers after a storage error.');
    const rows = await reopened.readingList.toArray();
    expect(rows).toHaveLength(20);
    expect(rows.find((r) => r.id === 'saved-paper-7')?.note).toBe('note 7');
    // Other windows (and a popup opened later) learn of it until dismissed.
    expect(await pendingRestoreNotice()).toMatchObject({ kind: 'restored', count: 20 });
    reopened.close();
  });

  it('puts back only the rows the database lost or cannot read', async () => {
    const db = await twentySaved();
    db.close();
    // Past the mirror, as a damaged store holds it: one row gone, one unreadable (its title a number).
    const raw = new Dexie(db.name);
    await raw.open();
    await raw.table('readingList').delete('saved-paper-1');
    await raw.table('readingList').put({ ...savedEntry(2), title: 42 });
    raw.close();
    const { db: reopened, notice } = await openReadingList({ db: new ReadingListDB(db.name) });
    expect(notice).toMatchObject({ kind: 'restored', count: 2 });
    expect((await reopened.readingList.get('saved-paper-2'))?.title).toBe('Saved paper 2');
    expect((await reopened.readingList.get('saved-paper-1'))?.note).toBe('note 1');
    reopened.close();
  });

  it('says nothing when the database holds everything the copy holds', async () => {
    const db = await twentySaved();
    db.close();
    const { notice } = await openReadingList({ db: new ReadingListDB(db.name) });
    expect(notice).toBeUndefined();
    expect(await fakeBrowser.storage.local.get(RESTORED_NOTICE_KEY)).toEqual({});
  });

  it('rewrites the copy from the database when the copy lost entries', async () => {
    const db = await twentySaved();
    await fakeBrowser.storage.local.remove([`${SNAPSHOT_PREFIX}saved-paper-5`]);
    db.close();
    const { db: reopened, notice } = await openReadingList({ db: new ReadingListDB(db.name) });
    expect(notice).toBeUndefined();
    expect(await copyIds()).toContain('saved-paper-5');
    reopened.close();
  });

  it('offers the copy for export when IndexedDB cannot be opened at all', async () => {
    await (await twentySaved()).close();
    const broken = new ReadingListDB(`durability-copy-broken-${n++}`, unavailableIndexedDB());
    const { notice } = await openReadingList({ db: broken });
    expect(notice?.kind).toBe('unavailable');
    expect(notice?.kind === 'unavailable' && notice.entries).toHaveLength(20);
    expect(noticeText(notice!)).toMatch(/copy holds 20 saved papers: export them/);
  });
});
