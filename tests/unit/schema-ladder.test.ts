import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperRadarDB } from '../../lib/db';
import { openWritable } from '../../lib/db-access';
import { indexCorpusText } from '../../lib/indexer';
import { listEntries } from '../../lib/reading-list';
import { openReadingList } from '../../lib/storage/open-reading-list';
import { ReadingListDB } from '../../lib/storage/reading-list-db';
import { READING_LIST_SCHEMA_FIXTURES, SCHEMA_FIXTURES, type SchemaFixture } from '../fixtures/schema';
import { snapshot } from '../fixtures/storage';

/**
 * The migration ladder (issue 8, item 5): a database left by every released
 * schema version opens with today's code and keeps every saved paper. A new
 * `db.version(n)` in lib/db.ts needs one fixture in tests/fixtures/schema/;
 * so does a new version of the reading list's own database (issue 16).
 */

const bundled = readFileSync('assets/papers.txt', 'utf8');
const CURRENT = new PaperRadarDB('schema-ladder-probe').verno;
const CURRENT_LIST = new ReadingListDB('schema-ladder-probe-list', { snapshot: false }).verno;
let n = 0;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Creates a database exactly as the fixture's version declared it, filled with its rows, with raw Dexie. */
async function createOld(fixture: SchemaFixture, prefix = 'schema-ladder'): Promise<string> {
  const name = `${prefix}-v${fixture.version}-${n++}`;
  names.push(name);
  const old = new Dexie(name);
  old.version(fixture.version).stores(fixture.stores);
  await old.transaction('rw', old.tables, async () => {
    for (const [store, rows] of Object.entries(fixture.rows)) await old.table(store).bulkPut(rows);
  });
  old.close();
  return name;
}

/** Each table's primary key and indexes, as Dexie declares them. */
function shape(db: Dexie): Record<string, string[]> {
  return Object.fromEntries(
    db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src).sort()]]),
  );
}

describe('schema ladder', () => {
  it('has a fixture for every schema version up to the current one', () => {
    expect(SCHEMA_FIXTURES.map((f) => f.version)).toEqual(Array.from({ length: CURRENT }, (_, i) => i + 1));
  });

  it('declares in the newest fixture exactly the stores lib/db.ts declares now', async () => {
    const newest = SCHEMA_FIXTURES.at(-1)!;
    const declared = new Dexie('schema-ladder-shape');
    declared.version(newest.version).stores(newest.stores);
    expect(shape(declared)).toEqual(shape(new PaperRadarDB('schema-ladder-probe')));
  });

  describe.each(SCHEMA_FIXTURES.map((fixture) => ({ version: fixture.version, fixture })))(
    'from version $version',
    ({ fixture }) => {
      it('opens with the current schema and keeps every reading-list row exactly', async () => {
        const name = await createOld(fixture);
        const db = await openWritable(new PaperRadarDB(name));
        expect(db.verno).toBe(CURRENT);
        expect(await db.readingList.toArray()).toEqual(
          [...fixture.rows.readingList].sort((a, b) => (a.id < b.id ? -1 : 1)),
        );
        const { entries, corrupt } = await listEntries(db);
        expect(corrupt).toEqual([]);
        expect(entries).toHaveLength(fixture.rows.readingList.length);
        db.close();

        // Upgraded in place, never "patched" past the declared version, every old store still there.
        const after = await snapshot(name);
        expect(after.version).toBe(CURRENT);
        for (const store of Object.keys(fixture.stores)) expect(after.stores).toHaveProperty(store);
        expect(after.stores.meta).toEqual(expect.arrayContaining(fixture.rows.meta ?? []));
      });

      it('copies every reading-list row into the reading list database on first open, once', async () => {
        const legacyName = await createOld(fixture);
        const listName = `schema-ladder-list-${n++}`;
        names.push(listName);
        await openWritable(new PaperRadarDB(legacyName)).then((db) => db.close());
        const first = await openReadingList({ db: new ReadingListDB(listName), legacyName, noticeArea: false });
        expect(first.notice).toBeUndefined();
        const rows = [...fixture.rows.readingList].sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(await first.db.readingList.toArray()).toEqual(rows);
        // Removed here after the copy: a second open must not bring it back from the old table.
        await first.db.readingList.delete(rows[0]!.id);
        first.db.close();
        const again = await openReadingList({
          db: new ReadingListDB(listName, { snapshot: false }),
          legacyName,
          noticeArea: false,
        });
        expect(await again.db.readingList.count()).toBe(rows.length - 1);
        again.db.close();
      });

      it('keeps every reading-list row through re-indexing the bundled corpus after the upgrade', async () => {
        const name = await createOld(fixture);
        const db = await openWritable(new PaperRadarDB(name));
        await indexCorpusText(db, bundled);
        expect((await listEntries(db)).entries).toEqual(
          expect.arrayContaining(fixture.rows.readingList.map((e) => expect.objectContaining(e))),
        );
        expect(await db.readingList.count()).toBe(fixture.rows.readingList.length);
        db.close();
      });
    },
  );
});

describe('reading list schema ladder', () => {
  it('has a fixture for every reading-list schema version up to the current one', () => {
    expect(READING_LIST_SCHEMA_FIXTURES.map((f) => f.version)).toEqual(
      Array.from({ length: CURRENT_LIST }, (_, i) => i + 1),
    );
  });

  it('declares in the newest fixture exactly the stores the reading list database declares now', () => {
    const declared = new Dexie('schema-ladder-list-shape');
    declared.version(READING_LIST_SCHEMA_FIXTURES.at(-1)!.version).stores(READING_LIST_SCHEMA_FIXTURES.at(-1)!.stores);
    expect(shape(declared)).toEqual(shape(new ReadingListDB('schema-ladder-probe-list', { snapshot: false })));
  });

  describe.each(READING_LIST_SCHEMA_FIXTURES.map((fixture) => ({ version: fixture.version, fixture })))(
    'from version $version',
    ({ fixture }) => {
      it('opens with the current schema and keeps every saved paper exactly', async () => {
        const name = await createOld(fixture, 'schema-ladder-list');
        const { db } = await openReadingList({ db: new ReadingListDB(name), noticeArea: false });
        expect(db.verno).toBe(CURRENT_LIST);
        expect((await listEntries(db)).entries).toHaveLength(fixture.rows.readingList.length);
        expect(await db.readingList.toArray()).toEqual(
          [...fixture.rows.readingList].sort((a, b) => (a.id < b.id ? -1 : 1)),
        );
        db.close();
      });
    },
  );
});
