import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperId } from '../../lib/corpus';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';
import { toBibtex, toCslJson } from '../../lib/export';
import { ImportError } from '../../lib/formats/types';
import { listEntries, save, setNote } from '../../lib/reading-list';
import { describeReferenceImport, importReferences } from '../../lib/reading-list-import';
import { exportedEntry, fixtureBlob } from '../fixtures/formats';

let db: PaperRadarDB;
let n = 0;
beforeEach(() => {
  db = new PaperRadarDB(`reading-list-import-test-${n++}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const titles = async () => (await listEntries(db, { sort: 'title' })).entries.map((e) => e.title);

const saved = (over: Partial<ReadingListEntry>): ReadingListEntry => ({
  id: 'x',
  title: 'A saved paper',
  abstract: 'Its abstract.',
  note: '',
  read: false,
  savedAt: 1,
  updatedAt: 1,
  ...over,
});

describe('importReferences', () => {
  it('adds the five entries of a BibTeX library, and none when it is imported again', async () => {
    const first = await importReferences(db, fixtureBlob('references.bib'));
    expect(describeReferenceImport(first)).toBe('5 added, 0 already saved, 1 skipped: not a readable BibTeX entry');
    expect(first.skipped).toEqual([{ at: 'line 43', reason: expect.stringMatching(/^not a readable BibTeX entry/) }]);
    expect(await titles()).toEqual([
      'Attention is all you need',
      'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      'LLaMA: Open and Efficient Foundation Language Models',
      'On random graphs I',
      'The TeXbook',
    ]);
    const again = await importReferences(db, fixtureBlob('references.bib'));
    expect([again.added, again.alreadySaved]).toEqual([0, 5]);
    expect((await listEntries(db)).entries).toHaveLength(5);
  });

  it('keeps authors, year, DOI and arXiv id of what it adds', async () => {
    await importReferences(db, fixtureBlob('references.bib'));
    const { entries } = await listEntries(db);
    expect(entries.find((e) => e.title.startsWith('Calculation'))).toMatchObject({
      id: 'doi:10.1103/physrevd.76.013009',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      year: '2007',
      doi: '10.1103/physrevd.76.013009',
    });
    expect(entries.find((e) => e.title.startsWith('LLaMA'))).toMatchObject({
      id: 'arxiv:2302.13971',
      arxivId: '2302.13971',
      url: 'https://arxiv.org/abs/2302.13971',
    });
  });

  it('reads a Zotero CSL-JSON export and names what it skipped', async () => {
    const summary = await importReferences(db, fixtureBlob('zotero.csl.json'));
    expect(describeReferenceImport(summary)).toBe('4 added, 0 already saved, 1 skipped: no title');
    expect(await titles()).toContain('Lipid nanoparticles for mRNA delivery');
  });

  it('recognises a saved paper by DOI, arXiv id or normalised title, and leaves its note alone', async () => {
    await db.readingList.bulkPut([
      saved({
        id: 'doi:10.1103/physrevd.76.013009',
        title: 'Diphoton production (preprint title)',
        doi: '10.1103/PhysRevD.76.013009',
      }),
      saved({ id: 'arxiv:2302.13971', title: 'LLaMA', arxivId: '2302.13971v2' }),
      saved({ id: paperId('On Random Graphs, I'), title: 'On Random Graphs, I' }),
    ]);
    await setNote(db, 'arxiv:2302.13971', 'read section 3');
    const summary = await importReferences(db, fixtureBlob('references.bib'));
    expect([summary.added, summary.alreadySaved]).toEqual([2, 3]);
    expect((await db.readingList.get('arxiv:2302.13971'))?.note).toBe('read section 3');
    expect((await listEntries(db)).entries).toHaveLength(5);
  });

  it('adds a paper listed twice in one file once', async () => {
    const bib = '@misc{a, title={Twice listed}, doi={10.1/x}}\n@misc{b, title={Twice Listed!}}\n';
    const summary = await importReferences(db, bib);
    expect(describeReferenceImport(summary)).toBe(
      '1 added, 0 already saved, 1 skipped: same paper as an earlier entry',
    );
    expect(summary.skipped).toEqual([{ at: 'line 2', reason: 'same paper as line 1' }]);
  });

  it.each([
    ['BibTeX', toBibtex],
    ['CSL-JSON', toCslJson],
  ])("round-trips Paper Radar's own %s export", async (_, write) => {
    const source = new PaperRadarDB(`reading-list-import-source-${n++}`);
    await save(source, exportedEntry());
    await save(source, { id: 'doi:10.1145/1', title: 'A paper with a DOI', abstract: '', doi: '10.1145/1' });
    const exported = write((await listEntries(source)).entries);
    source.close();
    await source.delete();

    expect(describeReferenceImport(await importReferences(db, exported))).toBe('2 added, 0 already saved');
    const { entries } = await listEntries(db, { sort: 'title' });
    expect(entries.map((e) => e.id)).toEqual(['doi:10.1145/1', 'arxiv:2401.00001']);
    expect(entries[1]).toMatchObject({ authors: ['Ada Lovelace', 'Balázs Szegedy'], year: '2024' });
    expect(describeReferenceImport(await importReferences(db, exported))).toBe('0 added, 2 already saved');
  });

  it('refuses a corpus file and writes nothing', async () => {
    const listing = readFileSync('tests/fixtures/formats/arxiv-listing.jsonl', 'utf8');
    await expect(importReferences(db, listing)).rejects.toThrow(ImportError);
    await expect(importReferences(db, listing)).rejects.toThrow(/imports BibTeX and CSL-JSON.*arXiv listing/);
    expect(await db.readingList.count()).toBe(0);
  });
});
