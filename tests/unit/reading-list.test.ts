import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Corpus, Paper } from '../../lib/corpus';
import { paperId } from '../../lib/corpus';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';
import { v1 } from '../fixtures/schema/v1';
import { indexCorpus } from '../../lib/indexer';
import {
  articleIds,
  draftFromPage,
  draftFromPaper,
  entryHref,
  getEntry,
  isSaved,
  listEntries,
  readingListDb,
  remove,
  restore,
  save,
  savedIdForArticle,
  savedIds,
  setNote,
  setRead,
  toggle,
  unsave,
  MAX_NOTE,
} from '../../lib/reading-list';

let db: PaperRadarDB;
let n = 0;
const name = () => `reading-list-test-${n++}`;

const paper = (title: string, extra: Partial<Paper> = {}): Paper => ({
  id: paperId(title),
  title,
  abstract: `${title}: an abstract long enough to be a real paper's abstract in the corpus.`,
  source: 'hf-daily-papers',
  ...extra,
});

const alpha = paper('Alpha: attention for code', { codeUrl: 'https://github.com/x/alpha' });
const beta = paper('beta decompilers with LLMs');
const gamma = paper('Gamma rays of naïve binaries');

beforeEach(() => {
  db = new PaperRadarDB(name());
});
afterEach(async () => {
  await db.delete();
});

describe('save', () => {
  it('keeps a copy of a corpus paper with an empty note, unread, dated now', async () => {
    const entry = await save(db, draftFromPaper(alpha), { now: 1000 });
    expect(entry).toEqual({
      id: alpha.id,
      title: alpha.title,
      abstract: alpha.abstract,
      codeUrl: 'https://github.com/x/alpha',
      note: '',
      read: false,
      savedAt: 1000,
      updatedAt: 1000,
    });
    expect(await getEntry(db, alpha.id)).toEqual(entry);
  });

  it('keeps the note, read state and date when the paper is saved again', async () => {
    await save(db, draftFromPaper(alpha), { now: 1 });
    await setNote(db, alpha.id, 'keep me', { now: 2 });
    await setRead(db, alpha.id, true, { now: 3 });
    const again = await save(db, draftFromPaper(alpha), { now: 4 });
    expect(again).toMatchObject({ note: 'keep me', read: true, savedAt: 1, updatedAt: 3 });
    expect(await db.readingList.count()).toBe(1);
  });

  it('saves the article detected on a page, under its DOI', async () => {
    const draft = draftFromPage({
      url: 'https://dl.acm.org/doi/10.1145/ABC',
      title: 'page title',
      article: {
        title: 'A  Paper\nNot in the Corpus',
        abstract: 'It is elsewhere.',
        authors: ['Ada Lovelace'],
        doi: 'https://doi.org/10.1145/ABC',
        year: '2023',
      },
    });
    expect(draft).toEqual({
      id: 'doi:10.1145/abc',
      title: 'A Paper Not in the Corpus',
      abstract: 'It is elsewhere.',
      url: 'https://dl.acm.org/doi/10.1145/ABC',
      authors: ['Ada Lovelace'],
      year: '2023',
      doi: '10.1145/abc',
    });
    await save(db, draft!);
    expect(await isSaved(db, 'doi:10.1145/abc')).toBe(true);
  });

  it('derives the id from the arXiv id without its version, then from the title', () => {
    expect(articleIds({ arxivId: '2401.01234v3', title: 'T' })).toEqual(['arxiv:2401.01234', paperId('T')]);
    expect(draftFromPage({ url: '', title: '', article: { title: alpha.title } })?.id).toBe(alpha.id);
  });

  it('gives no draft for a page without an article title', () => {
    expect(draftFromPage({ url: 'https://x.org', title: '', article: { doi: '10.1/x' } })).toBeUndefined();
    expect(draftFromPage({ url: 'https://x.org', title: 'Page', article: undefined })).toBeUndefined();
  });

  it('never keeps a non-http link', () => {
    const draft = draftFromPage({ url: 'javascript:alert(1)', title: 'T', article: { title: 'T' } });
    expect(draft?.url).toBeUndefined();
  });

  it('finds a detected article saved from the corpus by its title', async () => {
    await save(db, draftFromPaper(alpha));
    expect(await savedIdForArticle(db, { doi: '10.1/none', title: alpha.title })).toBe(alpha.id);
    expect(await savedIdForArticle(db, { title: 'Something else' })).toBeUndefined();
  });
});

describe('unsave and toggle', () => {
  it('removes a saved paper and says whether there was one', async () => {
    await save(db, draftFromPaper(alpha));
    expect(await unsave(db, alpha.id)).toBe(true);
    expect(await unsave(db, alpha.id)).toBe(false);
    expect(await isSaved(db, alpha.id)).toBe(false);
  });

  it('saves an unsaved paper and removes a saved one', async () => {
    expect(await toggle(db, draftFromPaper(beta))).toBe(true);
    expect(await savedIds(db)).toEqual(new Set([beta.id]));
    expect(await toggle(db, draftFromPaper(beta))).toBe(false);
    expect(await savedIds(db)).toEqual(new Set());
  });
});

describe('notes and read state', () => {
  it('stores a note and the time it changed', async () => {
    await save(db, draftFromPaper(alpha), { now: 1 });
    expect(await setNote(db, alpha.id, 'section 3 ✓', { now: 5 })).toBe(true);
    expect(await getEntry(db, alpha.id)).toMatchObject({ note: 'section 3 ✓', updatedAt: 5, savedAt: 1 });
  });

  it('refuses a note longer than the limit and keeps the old one', async () => {
    await save(db, draftFromPaper(alpha));
    await expect(setNote(db, alpha.id, 'x'.repeat(MAX_NOTE + 1))).rejects.toThrow(RangeError);
    expect((await getEntry(db, alpha.id))?.note).toBe('');
  });

  it('marks read and unread', async () => {
    await save(db, draftFromPaper(alpha));
    await setRead(db, alpha.id, true);
    expect((await getEntry(db, alpha.id))?.read).toBe(true);
    await setRead(db, alpha.id, false);
    expect((await getEntry(db, alpha.id))?.read).toBe(false);
  });

  it('reports false when the entry is gone', async () => {
    expect(await setNote(db, 'missing', 'x')).toBe(false);
    expect(await setRead(db, 'missing', true)).toBe(false);
    expect(await db.readingList.count()).toBe(0);
  });
});

describe('remove and restore', () => {
  it('restores exactly the removed entry (undo)', async () => {
    await save(db, draftFromPaper(alpha), { now: 10 });
    await setNote(db, alpha.id, 'my note', { now: 20 });
    await setRead(db, alpha.id, true, { now: 30 });
    const before = await getEntry(db, alpha.id);
    const removed = await remove(db, alpha.id);
    expect(await isSaved(db, alpha.id)).toBe(false);
    await restore(db, removed!);
    expect(await getEntry(db, alpha.id)).toEqual(before);
  });
});

describe('listEntries', () => {
  beforeEach(async () => {
    await save(db, draftFromPaper(beta), { now: 2 });
    await save(db, draftFromPaper(alpha), { now: 1 });
    await save(db, draftFromPaper(gamma), { now: 3 });
    await setNote(db, alpha.id, 'Compare with Ghidra');
  });
  const titles = (r: { entries: ReadingListEntry[] }) => r.entries.map((e) => e.title);

  it('lists newest saved first by default', async () => {
    expect(titles(await listEntries(db))).toEqual([gamma.title, beta.title, alpha.title]);
  });

  it('sorts by title ignoring case', async () => {
    expect(titles(await listEntries(db, { sort: 'title' }))).toEqual([alpha.title, beta.title, gamma.title]);
  });

  it('filters by words in the title, note or abstract, ignoring case and accents', async () => {
    expect(titles(await listEntries(db, { filter: 'ghidra' }))).toEqual([alpha.title]);
    expect(titles(await listEntries(db, { filter: 'NAIVE' }))).toEqual([gamma.title]);
    expect(titles(await listEntries(db, { filter: 'decompilers abstract' }))).toEqual([beta.title]);
    expect(titles(await listEntries(db, { filter: 'decompilers nothing' }))).toEqual([]);
  });

  it('reports a corrupted row instead of failing', async () => {
    await db.readingList.put({ id: 'broken', title: 42 } as unknown as ReadingListEntry);
    const { entries, corrupt } = await listEntries(db);
    expect(entries).toHaveLength(3);
    expect(corrupt).toEqual([{ id: 'broken', reason: expect.stringContaining('title') }]);
  });
});

describe('entryHref', () => {
  it('prefers the page, then arXiv, then the DOI, then the code', () => {
    expect(entryHref({ url: 'https://a.org/p', arxivId: '1', doi: '2' })).toBe('https://a.org/p');
    expect(entryHref({ arxivId: '2401.01234', doi: '10.1/x' })).toBe('https://arxiv.org/abs/2401.01234');
    expect(entryHref({ doi: '10.1/x' })).toBe('https://doi.org/10.1/x');
    expect(entryHref({ codeUrl: 'https://github.com/a/b' })).toBe('https://github.com/a/b');
    expect(entryHref({ url: 'javascript:alert(1)' })).toBeUndefined();
  });
});

describe('readingListDb', () => {
  it('opens the extension database with strict durability, once', () => {
    const a = readingListDb();
    expect(a).toBe(readingListDb());
    expect(a.name).toBe('paper-radar-reading-list');
    expect((a as unknown as { _options: { chromeTransactionDurability?: string } })._options).toMatchObject({
      chromeTransactionDurability: 'strict',
    });
  });
});

describe('durability of saved entries', () => {
  const corpus = (version: string, papers: Paper[]): Corpus => ({ name: 'hf-daily-papers', version, papers });

  it('keeps a saved entry unchanged when the corpus changes version and drops the paper', async () => {
    await indexCorpus(db, corpus('v1', [alpha, beta]));
    await save(db, draftFromPaper(alpha), { now: 7 });
    await setNote(db, alpha.id, 'still here', { now: 8 });
    const before = await db.readingList.toArray();

    const outcome = await indexCorpus(db, corpus('v2', [beta, gamma]));
    expect(outcome.wrote).toBe(true);
    expect(await db.papers.get(alpha.id)).toBeUndefined();
    expect(await db.readingList.toArray()).toEqual(before);
    expect((await listEntries(db)).entries[0]).toMatchObject({ title: alpha.title, note: 'still here' });
  });

  it('reads entries written by a version-1 database created without PaperRadarDB', async () => {
    const dbName = name();
    // The v1 schema exactly as released (its ladder fixture), without PaperRadarDB: a database an older extension
    // left on disk.
    const old = new Dexie(dbName);
    old.version(v1.version).stores(v1.stores);
    const stored: ReadingListEntry = {
      id: 'arxiv:2401.01234',
      title: 'Old entry',
      abstract: 'From before.',
      url: 'https://arxiv.org/abs/2401.01234',
      note: 'old note',
      read: true,
      savedAt: 1,
      updatedAt: 2,
    };
    await old.table('readingList').put(stored);
    old.close();

    const current = new PaperRadarDB(dbName);
    expect((await listEntries(current)).entries).toEqual([stored]);
    current.close();

    // There is no version 2 yet. Simulate the next schema version (a new index on the reading list)
    // to show that an upgrade keeps entries exactly as they were.
    class NextSchema extends PaperRadarDB {
      constructor(n: string) {
        super(n);
        this.version(2).stores({ readingList: 'id, savedAt, updatedAt, title, read' });
      }
    }
    const upgraded = new NextSchema(dbName);
    expect(upgraded.verno).toBe(2);
    expect((await listEntries(upgraded)).entries).toEqual([stored]);
    expect(await upgraded.readingList.where('title').equals('Old entry').count()).toBe(1);
    await upgraded.delete();
  });
});
