import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperRadarDB } from '../../lib/db';
import { openWritable } from '../../lib/db-access';
import { indexCorpusText } from '../../lib/indexer';
import { listEntries } from '../../lib/reading-list';
import { SCHEMA_FIXTURES, type SchemaFixture } from '../fixtures/schema';
import { snapshot } from '../fixtures/storage';

/**
 * The migration ladder (issue 8, item 5): a database left by every released
 * schema version opens with today's code and keeps every saved paper. A new
 * `db.version(n)` in lib/db.ts needs one fixture in tests/fixtures/schema/.
 */

const bundled = readFileSync('assets/papers.txt', 'utf8');
const CURRENT = new PaperRadarDB('schema-ladder-probe').verno;
let n = 0;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Creates a database exactly as the fixture's version declared it, filled with its rows, with raw Dexie. */
async function createOld(fixture: SchemaFixture): Promise<string> {
  const name = `schema-ladder-v${fixture.version}-${n++}`;
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
