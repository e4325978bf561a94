import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCorpus } from '../../lib/corpus';
import {
  formatProblem,
  IMPORT_LIMITS,
  importCorpus,
  importedId,
  ImportError,
  listImports,
  parseImport,
  removeImportedCorpus,
  resumeImport,
} from '../../lib/corpus-import';
import { PaperRadarDB } from '../../lib/db';
import { ensureEngine, indexCorpus } from '../../lib/indexer';
import { rank } from '../../lib/ranking/rank';

const ABSTRACT = 'A long enough abstract about sparse attention kernels for long-context transformer inference.';
const entry = (i: number, extra: Record<string, unknown> = {}) => ({
  title: `Synthetic paper number ${i} on quantised speculative decoding`,
  abstract: `${ABSTRACT} Variant ${i}.`,
  ...extra,
});
const jsonl = (entries: unknown[]) => entries.map((e) => JSON.stringify(e)).join('\n');

let db: PaperRadarDB;
let dbCount = 0;

beforeEach(async () => {
  db = new PaperRadarDB(`corpus-import-test-${++dbCount}`);
  await indexCorpus(db, parseCorpus(readFileSync('assets/papers.txt', 'utf8')));
  await db.readingList.put({
    id: 'saved-1',
    title: 'A saved paper',
    abstract: 'Kept across imports.',
    note: 'read this',
    read: false,
    savedAt: 1,
    updatedAt: 1,
  });
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const importedIds = async (name: string) =>
  (await db.papers.where('source').equals(`import:${name}`).primaryKeys()).map(String).sort();

describe('parseImport', () => {
  it('reads JSON Lines and names each bad entry by its line', async () => {
    const text = [
      JSON.stringify(entry(1)),
      '',
      '{"title": "broken',
      JSON.stringify({ title: 'No abstract here', abstract: 'short' }),
      JSON.stringify(entry(2, { year: 'soon' })),
      JSON.stringify(entry(3, { url: 'javascript:alert(1)' })),
    ].join('\n');
    const parsed = await parseImport(text, 'mine');
    expect(parsed.format).toBe('paper-radar-jsonl');
    expect(parsed.papers.map((p) => p.title)).toEqual([entry(1).title]);
    expect(parsed.problems.map(formatProblem)).toEqual([
      'line 3: not valid JSON',
      'line 4: abstract: abstract is shorter than 40 characters',
      'line 5: year: year must be four digits',
      'line 6: url: url must be an http(s) address',
    ]);
    expect(parsed.entries).toBe(5);
  });

  it('reads a JSON array and names each bad entry by its index', async () => {
    const parsed = await parseImport(JSON.stringify([entry(1), { title: 'x', abstract: ABSTRACT }]), 'mine');
    expect(parsed.format).toBe('paper-radar-json');
    expect(parsed.problems.map(formatProblem)).toEqual(['entry 1: title: title is shorter than 3 characters']);
  });

  it('keeps url, authors, year and categories with the paper', async () => {
    const [paper] = (
      await parseImport(
        jsonl([
          entry(1, { url: 'https://arxiv.org/abs/2401.00001', authors: 'Ada Lovelace; Alan Turing', year: 2024 }),
        ]),
        'mine',
      )
    ).papers;
    expect(paper).toMatchObject({
      source: 'import:mine',
      url: 'https://arxiv.org/abs/2401.00001',
      authors: ['Ada Lovelace', 'Alan Turing'],
      year: '2024',
    });
  });

  it('derives stable prefixed ids that cannot collide with bundled ids', async () => {
    const a = await parseImport(jsonl([entry(1), entry(2, { id: '2401.00002' })]), 'mine');
    const b = await parseImport(jsonl([entry(2, { id: '2401.00002' }), entry(1)]), 'mine');
    expect(a.papers.map((p) => p.id).sort()).toEqual(b.papers.map((p) => p.id).sort());
    expect(a.papers.every((p) => p.id.startsWith('import-mine-'))).toBe(true);
    expect(importedId('mine', { id: '2401.00002', title: 't' })).not.toBe(
      importedId('mine', { id: '2401-00002', title: 't' }),
    );
  });

  it('reports an entry that repeats an earlier id', async () => {
    const parsed = await parseImport(jsonl([entry(1), entry(1)]), 'mine');
    expect(parsed.problems.map(formatProblem)).toEqual(['line 2: same id as line 1']);
  });

  it('refuses a file that is not a JSON array although it starts like one', async () => {
    await expect(parseImport('[{"title": ', 'mine')).rejects.toThrow(/starts with "\[" but is not valid JSON/);
  });

  it('refuses an entry larger than the size limit with a clear message', async () => {
    const huge = entry(1, { abstract: 'word '.repeat(IMPORT_LIMITS.entryChars / 4) });
    expect((await parseImport(jsonl([huge, entry(2)]), 'mine')).problems.map(formatProblem)).toEqual([
      'line 1: entry is 641 KB; the limit is 512 KB',
    ]);
  });

  it('refuses an invalid corpus name', async () => {
    await expect(parseImport('', 'My Corpus!')).rejects.toThrow(ImportError);
  });
});

describe('importCorpus', () => {
  it('imports nothing in refuse mode when any entry is bad', async () => {
    const result = await importCorpus(db, 'mine', jsonl([entry(1), { abstract: ABSTRACT }]), { mode: 'refuse' });
    expect(result.refused).toBe(true);
    expect(result.problems.map(formatProblem)).toEqual(['line 2: title: missing']);
    expect(await importedIds('mine')).toEqual([]);
    expect(await listImports(db)).toEqual([]);
  });

  it('imports the good entries in skip mode and makes them searchable', async () => {
    const result = await importCorpus(db, 'mine', jsonl([entry(1), { title: 'x', abstract: ABSTRACT }, entry(2)]), {
      mode: 'skip',
    });
    expect(result).toMatchObject({ refused: false, imported: 2, written: 2, badEntries: 1 });
    expect(await importedIds('mine')).toHaveLength(2);
    const engine = await ensureEngine(db);
    expect(engine.n).toBe(77);
    const hits = rank(
      { url: '', title: 'quantised speculative decoding', description: '', keywords: '', headings: [], text: '' },
      engine,
    );
    expect(hits[0]?.id).toMatch(/^import-mine-/);
  });

  it('reports progress after each chunk', async () => {
    const seen: number[] = [];
    await importCorpus(db, 'mine', jsonl(Array.from({ length: 25 }, (_, i) => entry(i))), {
      chunkSize: 10,
      onProgress: (p) => void seen.push(p.done),
    });
    expect(seen).toEqual([10, 20, 25]);
  });

  it('resumes an import interrupted after some chunks with exactly the imported set, no duplicates', async () => {
    const entries = Array.from({ length: 35 }, (_, i) => entry(i));
    const text = jsonl(entries);
    const controller = new AbortController();
    let jobId = '';
    await expect(
      importCorpus(db, 'mine', text, {
        chunkSize: 10,
        signal: controller.signal,
        onProgress: (p) => {
          jobId = p.jobId;
          if (p.done === 20) controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(await importedIds('mine')).toHaveLength(20);
    expect((await db.importJobs.get(jobId))?.state).toBe('failed');

    const resumed: number[] = [];
    const result = await resumeImport(db, jobId, text, { chunkSize: 10, onProgress: (p) => void resumed.push(p.done) });
    expect(resumed).toEqual([30, 35]);
    expect(result).toMatchObject({ imported: 35, written: 15 });
    const ids = await importedIds('mine');
    expect(ids).toEqual(entries.map((e) => importedId('mine', e)).sort());
    expect(await db.papers.count()).toBe(75 + 35);
    expect((await db.importJobs.get(jobId))?.state).toBe('done');
    expect(await db.readingList.toArray()).toMatchObject([{ id: 'saved-1', note: 'read this' }]);
    expect((await ensureEngine(db)).n).toBe(110);
  });

  it('resumes from the checkpoint when the progress callback throws and the same file is imported again', async () => {
    const text = jsonl(Array.from({ length: 30 }, (_, i) => entry(i)));
    await expect(
      importCorpus(db, 'mine', text, {
        chunkSize: 10,
        onProgress: (p) => {
          if (p.done === 10) throw new Error('worker stopped');
        },
      }),
    ).rejects.toThrow('worker stopped');
    const result = await importCorpus(db, 'mine', text, { chunkSize: 10 });
    expect(result).toMatchObject({ imported: 30, written: 20 });
    expect(await importedIds('mine')).toHaveLength(30);
  });

  it('refuses to resume with another file', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(importCorpus(db, 'mine', jsonl([entry(1)]), { signal: controller.signal })).rejects.toThrow();
    const [job] = await listImports(db);
    await expect(resumeImport(db, job!.id, jsonl([entry(2)]))).rejects.toThrow(/not the one/);
  });

  it('replaces an earlier set of the same name', async () => {
    await importCorpus(db, 'mine', jsonl([entry(1), entry(2)]));
    await importCorpus(db, 'mine', jsonl([entry(3)]));
    expect(await importedIds('mine')).toEqual([importedId('mine', entry(3))]);
    expect(await listImports(db)).toHaveLength(1);
  });
});

describe('removeImportedCorpus', () => {
  it('removes one set and leaves the bundled corpus, other sets and the reading list', async () => {
    await importCorpus(db, 'mine', jsonl([entry(1), entry(2)]));
    await importCorpus(db, 'other', jsonl([entry(1)]));
    expect(await removeImportedCorpus(db, 'mine')).toBe(2);
    expect(await importedIds('mine')).toEqual([]);
    expect(await importedIds('other')).toHaveLength(1);
    expect(await db.papers.where('source').equals('hf-daily-papers').count()).toBe(75);
    expect(await db.readingList.count()).toBe(1);
    expect((await listImports(db)).map((j) => j.source)).toEqual(['import:other']);
    expect((await ensureEngine(db)).n).toBe(76);
  });
});
