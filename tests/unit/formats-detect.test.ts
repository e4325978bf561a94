import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCorpus, ImportError, listImports, parseImport } from '../../lib/corpus-import';
import { PaperRadarDB } from '../../lib/db';
import { fixtureBlob, parsedFixture } from '../fixtures/formats';

const FIXTURES = {
  'arxiv-snapshot.json': 'arxiv-snapshot',
  'arxiv-listing.jsonl': 'arxiv-listing',
  'hf-daily-api.json': 'hf-daily-api',
  'hf-daily-page.txt': 'hf-daily-page',
  'openalex-works.jsonl': 'openalex',
  'openalex-api.json': 'openalex',
  'semantic-scholar-batch.json': 'semantic-scholar',
  'semantic-scholar-search.json': 'semantic-scholar',
  'zotero.csl.json': 'csl-json',
  'references.bib': 'bibtex',
} as const;

describe('format detection', () => {
  it.each(Object.entries(FIXTURES))(
    'recognises %s as %s from its content, gzip-compressed too',
    async (file, format) => {
      const plain = await parsedFixture(file);
      const zipped = await parsedFixture(file, { gzip: true });
      expect([plain.format, plain.gzip]).toEqual([format, false]);
      expect([zipped.format, zipped.gzip]).toEqual([format, true]);
      expect(zipped.good).toBe(plain.good);
      expect(zipped.good).toBeGreaterThan(0);
    },
  );

  it("recognises Paper Radar's own JSON and JSON Lines", async () => {
    const entry = { title: 'A paper', abstract: 'An abstract long enough to be kept as the abstract of a paper.' };
    expect((await parseImport(JSON.stringify([entry]), 'x')).format).toBe('paper-radar-json');
    expect((await parseImport(JSON.stringify(entry), 'x')).format).toBe('paper-radar-jsonl');
  });

  it('reads a pretty-printed JSON document whose first line is not a whole object', async () => {
    const text = JSON.stringify(
      { data: [{ paperId: 'abc', title: 'A paper from a search', abstract: null }] },
      null,
      2,
    );
    expect((await parseImport(text, 'x')).format).toBe('semantic-scholar');
  });

  it.each([
    ['a CSV spreadsheet', 'title,abstract,year\nA paper,Its abstract,2024\n', /a CSV or TSV spreadsheet/],
    ['an RIS file', 'TY  - JOUR\nTI  - A paper\nER  - \n', /an RIS file/],
    ['an HTML page', '<!doctype html><html><body>papers</body></html>', /an XML or HTML file/],
    ['a ZIP archive', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /a ZIP archive/],
    ['a PDF', '%PDF-1.7\n%âãÏÓ\n', /a PDF document/],
    ['binary bytes', new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0xff]), /a binary file/],
  ])('refuses %s and names what it is', async (_, content, message) => {
    const error = await parseImport(new Blob([content]), 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/which Paper Radar does not import/);
  });

  it('refuses a gzip-compressed CSV the same way', async () => {
    const gz = gzipSync(Buffer.from('title,abstract,year\nA,B,2024\n'));
    await expect(parseImport(new Blob([gz]), 'x')).rejects.toThrow(/CSV or TSV spreadsheet/);
  });

  it('reports a later record of another shape as a problem of its line', async () => {
    const first = {
      paper: { id: '2504.20571', title: 'A daily paper', summary: 'A summary long enough to be kept as an abstract.' },
    };
    const parsed = await parseImport([JSON.stringify(first), '{"title": "no paper field"}', '[1, 2]'].join('\n'), 'x');
    expect(parsed.format).toBe('hf-daily-api');
    expect(parsed.good).toBe(1);
    expect(parsed.problems).toEqual([
      { line: 2, reason: "not a record of this file's format (Hugging Face daily papers (API JSON))" },
      { line: 3, reason: 'not a JSON object' },
    ]);
  });

  it('refuses a file that starts like gzip but is not', async () => {
    await expect(parseImport(new Blob([new Uint8Array([0x1f, 0x8b, 1, 2, 3])]), 'x')).rejects.toThrow(ImportError);
  });
});

describe('refuse mode', () => {
  let db: PaperRadarDB;
  let n = 0;
  beforeEach(() => {
    db = new PaperRadarDB(`formats-detect-test-${n++}`);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it.each(
    Object.keys(FIXTURES).filter((f) => !['arxiv-listing.jsonl', 'hf-daily-page.txt', 'openalex-api.json'].includes(f)),
  )('writes nothing from %s, which has a malformed entry', async (file) => {
    const result = await importCorpus(db, 'mine', fixtureBlob(file), { mode: 'refuse', reindex: false });
    expect(result.refused).toBe(true);
    expect(result.badEntries).toBeGreaterThan(0);
    expect(await db.papers.count()).toBe(0);
    expect(await listImports(db)).toEqual([]);
  });

  it('imports a file twice and adds nothing the second time', async () => {
    const file = readFileSync('tests/fixtures/formats/arxiv-listing.jsonl');
    const first = await importCorpus(db, 'listing', new Blob([file]), { reindex: false });
    const second = await importCorpus(db, 'listing', new Blob([file]), { reindex: false });
    expect([first.written, second.written, second.imported]).toEqual([20, 0, 20]);
    expect(await db.papers.count()).toBe(20);
  });

  it('stores the metadata on the paper rows', async () => {
    await importCorpus(db, 'snap', fixtureBlob('arxiv-snapshot.json'), { mode: 'skip', reindex: false });
    expect(await db.papers.get('import-snap-0704-0001-637730c1')).toMatchObject({
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      year: '2007',
      arxivId: '0704.0001',
      doi: '10.1103/PhysRevD.76.013009',
      url: 'https://arxiv.org/abs/0704.0001',
    });
  });
});
