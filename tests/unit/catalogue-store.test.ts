import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importedCatalogue, META_CATALOGUE } from '../../lib/catalogue-store';
import { Catalogue, type CatalogueEntry } from '../../lib/corpus-search';
import { PaperRadarDB } from '../../lib/db';
import { createRadar } from '../../lib/radar';

/**
 * The search box's catalogue is read from every imported paper once, then from its stored copy while the
 * papers stay the same: a restarted worker answers an author or an arXiv id without reading 75k records.
 */

const fixture = JSON.parse(readFileSync('tests/fixtures/search/papers-with-authors.json', 'utf8')) as Array<
  CatalogueEntry & { abstract: string }
>;
/** More entries than the fixture: names shared between papers, accents, papers with no author or identifier. */
const entries: CatalogueEntry[] = [
  ...fixture,
  { id: 'x-1', title: 'Song of the Sea', authors: ['Song Han', 'José Núñez'], doi: '10.1000/XYZ.1' },
  { id: 'x-2', title: 'No Authors Here' },
  { id: 'x-3', title: 'Han Solo', authors: ['Han Song'], url: 'https://arxiv.org/abs/2401.00001v2' },
  // The stored columns' separator inside a name (an import keeps control characters): still one author.
  { id: 'x-4', title: 'Separated', authors: ['Ann\u001fLee', 'Bob Ray'] },
];

/** What a catalogue answers: by arXiv id, by DOI, by author name (whole or being typed). */
function answers(c: Catalogue) {
  const by = (q: string, prefix: boolean) =>
    c
      .byAuthor(q, prefix)
      .map((a) => `${a.entry.id}${a.whole ? '*' : ''}`)
      .sort();
  return {
    size: c.size,
    arxiv: ['1706.03762', '2401.00001', '9999.99999'].map((id) => c.byArxivId(id)?.id),
    doi: ['10.1000/xyz.1', '10.9/none'].map((d) => c.byDoi(d)?.id),
    authors: [
      by('Ashish Vaswani', false),
      by('song', false),
      by('han so', true),
      by('jose nunez', false),
      by('ann lee', false),
      by('nobody', false),
    ],
  };
}

describe('Catalogue columns', () => {
  it('give back a catalogue that answers as the one they were taken from', () => {
    const original = new Catalogue(entries);
    const columns = original.toColumns();
    const back = Catalogue.fromColumns(structuredClone(columns));
    expect(answers(back)).toEqual(answers(original));
    expect(answers(back).authors[0]).toEqual(['import-t-attention*']);
    expect(answers(back).authors[4]).toEqual(['x-4*']);
    expect(back.toColumns()).toEqual(columns);
  });

  it('refuse columns that do not fit together', () => {
    const columns = new Catalogue(entries).toColumns();
    const n = columns.ids.length;
    /** `at` with its first number replaced: the same length, so only the check of what it points at can tell. */
    const pointing = (at: Uint32Array, first: number) => Uint32Array.from(at, (x, i) => (i === 0 ? first : x));
    const { starts } = columns.names;
    const broken = [
      { ...columns, titles: columns.titles.slice(1) },
      { ...columns, arxiv: { keys: columns.arxiv.keys, at: Uint32Array.of(0) } },
      { ...columns, arxiv: { ...columns.arxiv, at: pointing(columns.arxiv.at, n) } },
      { ...columns, dois: { ...columns.dois, at: pointing(columns.dois.at, n + 7) } },
      { ...columns, names: { ...columns.names, papers: pointing(columns.names.papers, n) } },
      { ...columns, names: { ...columns.names, papers: columns.names.papers.slice(1) } },
      { ...columns, names: { ...columns.names, starts: columns.names.starts.slice().reverse() } },
      // Ends right, but one word's papers end before they start.
      {
        ...columns,
        names: { ...columns.names, starts: Uint32Array.from(starts, (x, i) => (i === 1 ? starts[2]! + 1 : x)) },
      },
    ];
    expect(columns.arxiv.at.length).toBeGreaterThan(1);
    expect(columns.dois.at.length).toBeGreaterThan(0);
    for (const c of broken) expect(() => Catalogue.fromColumns(c)).toThrow(/does not fit/);
  });
});

let n = 0;
const dbs: PaperRadarDB[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of dbs.splice(0)) await db.delete();
});

/** A database with the entries imported as one finished set (`import:t`, job `import:t:1`). */
async function importedDb(): Promise<PaperRadarDB> {
  const db = new PaperRadarDB(`catalogue-store-${n++}`);
  dbs.push(db);
  await db.papers.bulkPut(
    entries.map((e) => ({
      abstract: '',
      ...e,
      authors: e.authors && [...e.authors],
      source: 'import:t',
      corpusVersion: 'import:t@1',
    })),
  );
  await db.importJobs.put({
    id: 'import:t:1',
    source: 'import:t',
    total: entries.length,
    done: entries.length,
    state: 'done',
    startedAt: 1,
    updatedAt: 2,
  });
  return db;
}

/** Counts the reads of every imported paper (`where('source')`). */
const countPaperReads = (db: PaperRadarDB) => vi.spyOn(db.papers, 'where');

describe('importedCatalogue', () => {
  it('reads the papers once, then its stored copy', async () => {
    const db = await importedDb();
    const reads = countPaperReads(db);
    const first = await importedCatalogue(db);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(answers(first)).toEqual(answers(new Catalogue(entries)));
    expect(await db.meta.get(META_CATALOGUE)).toBeDefined();

    const again = await importedCatalogue(db);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(answers(again)).toEqual(answers(first));
  });

  it('reads the papers again when they changed since the copy was stored', async () => {
    const db = await importedDb();
    await importedCatalogue(db);
    await db.papers.put({
      id: 'x-4',
      title: 'Later',
      abstract: '',
      authors: ['Ada Lovelace'],
      source: 'import:t',
      corpusVersion: 'v',
    });
    await db.importJobs.update('import:t:1', { done: entries.length + 1, total: entries.length + 1 });
    const reads = countPaperReads(db);
    const after = await importedCatalogue(db);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(after.byAuthor('ada lovelace', false).map((a) => a.entry.id)).toEqual(['x-4']);
    // The new copy serves the next start.
    expect(answers(await importedCatalogue(db))).toEqual(answers(after));
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keeps no copy of papers that changed while it read them (an import writing)', async () => {
    const db = await importedDb();
    const add = Catalogue.prototype.add;
    let moved: Promise<unknown> | undefined;
    // The first paper read: an options page checkpoints an import meanwhile.
    vi.spyOn(Catalogue.prototype, 'add').mockImplementation(function (this: Catalogue, entry) {
      moved ??= Dexie.ignoreTransaction(() => db.importJobs.update('import:t:1', { done: entries.length + 1 }));
      add.call(this, entry);
    });
    expect((await importedCatalogue(db)).size).toBe(entries.length);
    await moved;
    expect(await db.meta.get(META_CATALOGUE)).toBeUndefined();
  });

  it('reads past a damaged copy and stores a good one', async () => {
    for (const damage of [
      (v: { columns: Record<string, unknown> }) => ({ ...v, columns: { ...v.columns, ids: 'not a list' } }),
      (v: { columns: { titles: string[] } }) => ({ ...v, columns: { ...v.columns, titles: [] } }),
      () => 'garbage',
      (v: { format: number }) => ({ ...v, format: v.format + 1 }),
    ]) {
      const db = await importedDb();
      await importedCatalogue(db);
      const row = (await db.meta.get(META_CATALOGUE))!;
      await db.meta.put({ key: META_CATALOGUE, value: damage(row.value as never) });
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const reads = countPaperReads(db);
      expect(answers(await importedCatalogue(db))).toEqual(answers(new Catalogue(entries)));
      expect(reads).toHaveBeenCalledTimes(1);
      await importedCatalogue(db);
      expect(reads).toHaveBeenCalledTimes(1);
    }
  });

  it('answers from the papers when the copy cannot be stored', async () => {
    const db = await importedDb();
    vi.spyOn(db.meta, 'put').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(answers(await importedCatalogue(db))).toEqual(answers(new Catalogue(entries)));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/keeping the search catalogue failed/), expect.anything());
  });
});

describe('the background’s search catalogue', () => {
  const bundled = readFileSync('assets/papers.txt', 'utf8');

  it('is read right after an import; a restarted worker searches by author from the stored copy', async () => {
    const db = await importedDb();
    await createRadar(db, bundled).deps.corpusChanged();
    await vi.waitFor(async () => expect(await db.meta.get(META_CATALOGUE)).toBeDefined());

    const added = vi.spyOn(Catalogue.prototype, 'add');
    const restarted = createRadar(db, bundled);
    const hits = await restarted.deps.search('Ashish Vaswani', 10);
    expect(hits[0]?.id).toBe('import-t-attention');
    expect((await restarted.deps.search('han song', 10)).map((h) => h.id)).toContain('x-3');
    expect(added).not.toHaveBeenCalled();
  });
});
