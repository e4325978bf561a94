import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  createBackup,
  decodeBackup,
  describeImport,
  exportBackup,
  IMPORT_LIMITS,
  ImportError,
  importBackup,
  mergeEntry,
  parseBackupJson,
  readBackup,
  toBackupJson,
} from '../../lib/backup';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';
import { listEntries } from '../../lib/reading-list';

let db: PaperRadarDB;
let n = 0;
beforeEach(() => {
  db = new PaperRadarDB(`backup-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const entry = (id: string, extra: Partial<ReadingListEntry> = {}): ReadingListEntry => ({
  id,
  title: `Paper ${id}`,
  abstract: 'An abstract.',
  note: '',
  read: false,
  savedAt: 100,
  updatedAt: 100,
  ...extra,
});

const text = fc.string({ unit: 'grapheme', maxLength: 60 });
const arbEntry: fc.Arbitrary<ReadingListEntry> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 40 }),
    title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
    abstract: text,
    url: fc.webUrl({ validSchemes: ['https', 'http'] }),
    codeUrl: fc.webUrl(),
    authors: fc.array(text, { maxLength: 3 }),
    year: fc.integer({ min: 1900, max: 2099 }).map(String),
    doi: fc.string({ maxLength: 30 }),
    arxivId: fc.string({ maxLength: 20 }),
    note: fc.string({ unit: 'binary', maxLength: 200 }),
    read: fc.boolean(),
    savedAt: fc.nat(),
    updatedAt: fc.nat(),
  },
  { requiredKeys: ['id', 'title', 'abstract', 'note', 'read', 'savedAt', 'updatedAt'] },
);
const arbList = fc.uniqueArray(arbEntry, { selector: (e) => e.id, maxLength: 12 });

const problem = async (json: string) => {
  const error = await importBackup(db, json).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
};
const backupWith = (entries: unknown[]) =>
  JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: '2026-01-01T00:00:00.000Z', entries });

describe('export → import round trip', () => {
  it('restores exactly the entries that were exported (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbList, async (entries) => {
        await db.readingList.clear();
        await importBackup(db, toBackupJson(entries));
        const back = (await listEntries(db)).entries;
        expect(back).toEqual(createBackup(entries).entries);
        // A second import of the same file changes nothing.
        const again = await importBackup(db, toBackupJson(back));
        expect(again).toMatchObject({ added: 0, updated: 0, unchanged: entries.length });
      }),
      { numRuns: 60 },
    );
  });

  it('backs up everything stored: notes, read states and dates', async () => {
    const stored = [entry('a', { note: 'n', read: true, savedAt: 5, updatedAt: 9 }), entry('b')];
    await db.readingList.bulkPut(stored);
    const { json, count, corrupt } = await exportBackup(db, Date.UTC(2026, 0, 1));
    expect({ count, corrupt }).toEqual({ count: 2, corrupt: [] });
    expect(JSON.parse(json)).toEqual({
      format: 'paper-radar/reading-list',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      entries: [stored[1], stored[0]], // newest saved first
    });
  });
});

describe('importBackup merging', () => {
  it('adds new entries without duplicating existing ones', async () => {
    await db.readingList.put(entry('a'));
    const summary = await importBackup(db, backupWith([entry('a'), entry('b')]));
    expect(summary).toEqual({ added: 1, updated: 0, unchanged: 1, replacedNotes: [], clampedDates: [] });
    expect(await db.readingList.count()).toBe(2);
  });

  it('takes the newer note and says whose note it replaced', async () => {
    await db.readingList.bulkPut([
      entry('old', { note: 'mine', updatedAt: 100 }),
      entry('new', { note: 'mine, newer', updatedAt: 300 }),
    ]);
    const summary = await importBackup(
      db,
      backupWith([
        entry('old', { note: 'from backup', read: true, updatedAt: 200 }),
        entry('new', { note: 'stale', updatedAt: 200 }),
      ]),
    );
    expect(summary).toEqual({ added: 0, updated: 1, unchanged: 1, replacedNotes: ['Paper old'], clampedDates: [] });
    expect(await db.readingList.get('old')).toMatchObject({ note: 'from backup', read: true, updatedAt: 200 });
    expect(await db.readingList.get('new')).toMatchObject({ note: 'mine, newer', updatedAt: 300 });
    expect(describeImport(summary)).toBe(
      'Imported: 0 new, 1 updated, 1 already up to date. Newer notes from the backup replaced yours on "Paper old".',
    );
  });

  it('keeps the earlier saved date and fills missing links from the backup', () => {
    const merged = mergeEntry(
      entry('a', { savedAt: 50 }),
      entry('a', { savedAt: 10, url: 'https://x.org', title: 'Other' }),
    );
    expect(merged).toMatchObject({ savedAt: 10, url: 'https://x.org', title: 'Paper a' });
  });
});

describe('importBackup errors', () => {
  beforeEach(async () => {
    await db.readingList.put(entry('kept', { note: 'untouched' }));
  });
  afterEach(async () => {
    expect(await db.readingList.toArray()).toEqual([entry('kept', { note: 'untouched' })]);
  });

  it('writes nothing when one entry is bad, and names it and why', async () => {
    const error = await problem(backupWith([entry('a'), entry('b'), { ...entry('c'), note: 42 }]));
    expect(error.problem).toBe('entry');
    expect(error.entry).toBe(3);
    expect(error.message).toBe(
      'Entry 3 ("Paper c") is invalid: note: Invalid input: expected string, received number.',
    );
  });

  it('rejects a javascript: link in an entry', async () => {
    const error = await problem(backupWith([entry('a', { url: 'javascript:alert(1)' })]));
    expect(error.message).toContain('url: expected an http(s) URL');
  });

  it('rejects two entries for the same paper', async () => {
    expect((await problem(backupWith([entry('a'), entry('b'), entry('a')]))).message).toBe(
      'Entries 1 and 3 are the same paper ("Paper a").',
    );
  });

  it('says when the file is not JSON', async () => {
    expect((await problem('BibTeX? @misc{')).problem).toBe('json');
  });

  it('says when the file is some other JSON', async () => {
    expect((await problem('[1, 2]')).message).toBe('The file is not a Paper Radar reading-list backup.');
    expect((await problem('{"format": "zotero"}')).problem).toBe('format');
  });

  it('says when the backup comes from a newer version', async () => {
    const error = await problem(JSON.stringify({ format: BACKUP_FORMAT, version: 2, entries: [] }));
    expect(error.problem).toBe('version');
    expect(error.message).toContain('made by a newer Paper Radar');
  });

  it('refuses files over the size limit before parsing them', async () => {
    const big = backupWith([entry('a', { abstract: 'x'.repeat(IMPORT_LIMITS.bytes) })]);
    expect((await problem(big)).message).toBe('The file is larger than 5 MB; a reading-list backup is far smaller.');
  });

  it('refuses deeply nested JSON', async () => {
    const deep = `{"format":"${BACKUP_FORMAT}","version":1,"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect((await problem(deep)).problem).toBe('depth');
  });

  it('never pollutes Object.prototype through __proto__ keys', async () => {
    const hostile = `{"format":"${BACKUP_FORMAT}","version":1,"exportedAt":"x","__proto__":{"polluted":1},
      "entries":[{"__proto__":{"polluted":1},"id":"p","title":"T","abstract":"","note":"","read":false,"savedAt":1,"updatedAt":1}]}`;
    const backup = readBackup(hostile);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(backup.entries[0])).toBe(Object.prototype);
    expect(Object.keys(backup.entries[0]!)).not.toContain('__proto__');
    // Valid otherwise: clean up what it added so the afterEach check holds.
    await importBackup(db, hostile);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    await db.readingList.delete('p');
  });
});

describe('backup files that pass JSON.parse but mislead (issue 16)', () => {
  const file = (entries: unknown[]) => JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: 'x', entries });

  it('sets a date far in the future to the import time, so the note does not win for ever, and says so', async () => {
    await db.readingList.put(entry('a', { note: 'mine', updatedAt: 1_700_000_000_000 }));
    const now = 1_800_000_000_000;
    const future = 8_640_000_000_000_000; // year 275760
    const summary = await importBackup(db, file([entry('a', { note: 'theirs', updatedAt: future })]), now);
    expect(summary.clampedDates).toEqual(['Paper a']);
    expect(describeImport(summary)).toMatch(
      /One entry had dates in the future \("Paper a"\); they were set to the time of this import\./,
    );
    expect((await db.readingList.get('a'))?.updatedAt).toBe(now);
    // A later edit here is newer again: the imported note did not take the entry for ever.
    await db.readingList.update('a', { note: 'edited later', updatedAt: now + 1 });
    await importBackup(db, file([entry('a', { note: 'theirs', updatedAt: future })]), now);
    expect((await db.readingList.get('a'))?.note).toBe('edited later');
  });

  it('refuses a file that gives one key twice in an object', () => {
    const twice = file([entry('a')]).replace('"note":""', '"note":"first","note":"second"');
    expect(() => readBackup(twice)).toThrow(ImportError);
    expect(() => readBackup(twice)).toThrow(/gives the key "note" twice/);
    // The same key in two different objects is fine.
    expect(readBackup(file([entry('a'), entry('b')])).entries).toHaveLength(2);
  });

  it('refuses bytes that are not UTF-8 instead of reading them as replacement characters', () => {
    const good = new TextEncoder().encode(file([entry('a', { note: 'naïve' })]));
    expect(readBackup(decodeBackup(good)).entries[0]!.note).toBe('naïve');
    const bad = new Uint8Array([...good.slice(0, 20), 0xff, 0xfe, ...good.slice(20)]);
    expect(() => decodeBackup(bad)).toThrow(/not valid UTF-8/);
  });

  it('drops __proto__ keys at any depth, so no later copy of the parsed file gets a chosen prototype', () => {
    const hostile = `{"__proto__":{"polluted":1},"entries":[{"__proto__":{"polluted":2},"id":"p"}]}`;
    // What the filter prevents: JSON.parse keeps "__proto__" as an own key, and Object.assign makes it a prototype.
    expect((Object.assign({}, JSON.parse(hostile)) as { polluted?: number }).polluted).toBe(1);
    const parsed = parseBackupJson(hostile) as { entries: object[] };
    expect((Object.assign({}, parsed) as { polluted?: number }).polluted).toBeUndefined();
    expect((Object.assign({}, parsed.entries[0]) as { polluted?: number }).polluted).toBeUndefined();
    expect(Object.keys(parsed.entries[0]!)).toEqual(['id']);
  });
});
