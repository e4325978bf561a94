import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup, readBackup } from '../../lib/backup';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';
import {
  arrange,
  draftFromPaper,
  editEntry,
  getEntry,
  normalizeTag,
  save,
  setTags,
  tagCounts,
  uniqueTags,
} from '../../lib/reading-list';
import { entryWith } from '../fixtures/reading-list/entry';

let db: PaperRadarDB;
let n = 0;

const entry = (id: string, extra: Partial<ReadingListEntry> = {}) => entryWith({ id, title: `Paper ${id}`, ...extra });

beforeEach(async () => {
  db = new PaperRadarDB(`tags-test-${n++}`);
  await db.readingList.bulkPut([entry('a'), entry('b', { tags: ['gnn'] })]);
});
afterEach(async () => {
  await db.delete();
});

describe('normalizeTag', () => {
  it('makes one word of a tag: no #, spaces and commas as hyphens, no LaTeX specials', () => {
    expect(normalizeTag('  #Graph neural, nets ')).toBe('Graph-neural-nets');
    expect(normalizeTag('a{b}$c%')).toBe('abc');
    expect(normalizeTag(' # ')).toBeUndefined();
  });

  it('drops duplicates ignoring case, keeping the first spelling', () => {
    expect(uniqueTags(['GNN', 'gnn', 'to read', 'to-read'])).toEqual(['GNN', 'to-read']);
  });
});

describe('setTags', () => {
  it('stores tags on the entry and dates the change', async () => {
    expect(await setTags(db, 'a', ['to read', 'GNN'], { now: 5 })).toBe(true);
    expect(await getEntry(db, 'a')).toMatchObject({ tags: ['to-read', 'GNN'], updatedAt: 5 });
  });

  it('reports false when the entry is gone', async () => {
    expect(await setTags(db, 'missing', ['x'])).toBe(false);
  });
});

describe('filtering by tag', () => {
  it('shows only the entries with the tag, ignoring case', () => {
    const entries = [entry('a', { tags: ['GNN'] }), entry('b'), entry('c', { tags: ['gnn', 'rl'] })];
    expect(arrange(entries, { tag: 'gnn' }).map((e) => e.id)).toEqual(['a', 'c']);
    expect(tagCounts(entries)).toEqual([
      { tag: 'GNN', count: 2 },
      { tag: 'rl', count: 1 },
    ]);
  });

  it('finds entries by author and tag in the text filter', () => {
    const entries = [entry('a', { authors: ['Petar Veličković'] }), entry('b', { tags: ['attention'] })];
    expect(arrange(entries, { filter: 'velickovic' }).map((e) => e.id)).toEqual(['a']);
    expect(arrange(entries, { filter: 'attention' }).map((e) => e.id)).toEqual(['b']);
  });
});

describe('editEntry', () => {
  it('corrects title, authors and year, and clears them when emptied', async () => {
    await editEntry(db, 'a', { title: '  Fixed   title ', authors: ['Ada Lovelace', ' '], year: '1843' }, { now: 9 });
    expect(await getEntry(db, 'a')).toMatchObject({
      title: 'Fixed title',
      authors: ['Ada Lovelace'],
      year: '1843',
      updatedAt: 9,
    });
    await editEntry(db, 'a', { authors: [], year: '' });
    const after = await getEntry(db, 'a');
    expect(after?.authors).toBeUndefined();
    expect(after?.year).toBeUndefined();
  });

  it('refuses a year that is not four digits and an empty title, changing nothing', async () => {
    await expect(editEntry(db, 'a', { year: '20' })).rejects.toThrow();
    await expect(editEntry(db, 'a', { title: ' ' })).rejects.toThrow();
    expect(await getEntry(db, 'a')).toEqual(entry('a'));
  });
});

describe('draftFromPaper', () => {
  it('keeps the authors, year and arXiv id a paper has, so the saved entry is citable', async () => {
    const draft = draftFromPaper({
      id: 'p',
      title: 'T',
      abstract: 'A',
      authors: ['Ada Lovelace'],
      year: '2020',
      arxivId: 'arXiv:2001.00001v2',
    });
    expect(draft).toEqual({
      id: 'p',
      title: 'T',
      abstract: 'A',
      authors: ['Ada Lovelace'],
      year: '2020',
      arxivId: '2001.00001',
    });
    expect(await save(db, draft)).toMatchObject({ authors: ['Ada Lovelace'], year: '2020' });
  });
});

describe('the JSON backup', () => {
  it('keeps tags and edits through a round trip, byte for byte', async () => {
    await setTags(db, 'a', ['to-read']);
    await editEntry(db, 'a', { title: 'Edited', authors: ['Grace Hopper'], year: '1952' });
    const { json } = await exportBackup(db, 7);
    const restored = new PaperRadarDB(`tags-test-${n++}`);
    try {
      await importBackup(restored, json);
      expect((await exportBackup(restored, 7)).json).toBe(json);
      expect(readBackup(json).entries.find((e) => e.id === 'a')).toMatchObject({
        title: 'Edited',
        authors: ['Grace Hopper'],
        tags: ['to-read'],
      });
    } finally {
      await restored.delete();
    }
  });
});
