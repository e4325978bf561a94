import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCorpus } from '../../lib/corpus';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';
import { ensureEngine, IMPORT_ACTIVE_MS, indexCorpus, indexCorpusText, META_INDEX } from '../../lib/indexer';
import { INDEX_VERSION } from '../../lib/index/types';

const bundled = readFileSync('assets/papers.txt', 'utf8');
let db: PaperRadarDB;
let n = 0;

const saved: ReadingListEntry = {
  id: 'my-saved-paper',
  title: 'A paper I saved',
  abstract: 'It was about something.',
  note: 'read section 3',
  read: false,
  savedAt: 1,
  updatedAt: 1,
};

beforeEach(() => {
  db = new PaperRadarDB(`indexer-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('indexCorpus', () => {
  it('stores the 75 bundled papers and a search index on install', async () => {
    const outcome = await indexCorpusText(db, bundled);
    expect(outcome).toMatchObject({ wrote: true, papers: 75 });
    // The engine comes with the outcome, so a waking worker need not load the stored index twice.
    expect(outcome.engine.n).toBe(75);
    expect(await db.papers.count()).toBe(75);
    expect((await db.meta.get(META_INDEX))?.value).toMatchObject({ stamp: INDEX_VERSION, n: 75 });
  });

  it('changes nothing when run twice (install, then update with the same corpus)', async () => {
    await indexCorpusText(db, bundled);
    const before = await db.papers.toArray();
    const again = await indexCorpusText(db, bundled);
    expect(again.wrote).toBe(false);
    expect(await db.papers.toArray()).toEqual(before);
  });

  it('replaces the papers of an older corpus version and keeps the reading list', async () => {
    const old = parseCorpus(bundled);
    await indexCorpus(db, { ...old, version: 'older', papers: old.papers.slice(0, 10) });
    await db.readingList.put(saved);
    const outcome = await indexCorpusText(db, bundled);
    expect(outcome.wrote).toBe(true);
    expect(await db.papers.count()).toBe(75);
    expect(await db.papers.where('corpusVersion').equals('older').count()).toBe(0);
    expect(await db.readingList.toArray()).toEqual([saved]);
  });
});

describe('ensureEngine', () => {
  it('reloads the persisted index and ranks exactly as the freshly built one', async () => {
    await indexCorpusText(db, bundled);
    const fresh = await ensureEngine(db);
    const reloaded = await ensureEngine(db);
    const q = { combineWith: 'OR' as const, queries: ['kv', 'cach', 'compress'] };
    expect(reloaded.index.search(q)).toEqual(fresh.index.search(q));
    expect(reloaded.n).toBe(75);
  });

  it('rebuilds a corrupted persisted index instead of trusting it', async () => {
    await indexCorpusText(db, bundled);
    const stored = (await db.meta.get(META_INDEX))!.value as Record<string, unknown>;
    await db.meta.put({ key: META_INDEX, value: { ...stored, json: '{"not":"an index"' } });
    const engine = await ensureEngine(db);
    expect(engine.index.documentCount).toBe(75);
    expect(((await db.meta.get(META_INDEX))!.value as { json: string }).json).toContain('documentCount');
  });

  it('rebuilds an index with a stale stamp', async () => {
    await indexCorpusText(db, bundled);
    const stored = (await db.meta.get(META_INDEX))!.value as Record<string, unknown>;
    await db.meta.put({ key: META_INDEX, value: { ...stored, stamp: INDEX_VERSION - 1, json: '{}' } });
    const engine = await ensureEngine(db);
    expect(engine.index.documentCount).toBe(75);
    expect((await db.meta.get(META_INDEX))?.value).toMatchObject({ stamp: INDEX_VERSION });
  });

  it('rebuilds an index stamped with another corpus version', async () => {
    await indexCorpusText(db, bundled);
    const stored = (await db.meta.get(META_INDEX))!.value as Record<string, unknown>;
    await db.meta.put({ key: META_INDEX, value: { ...stored, corpusVersion: 'something-else' } });
    const engine = await ensureEngine(db);
    expect(engine.corpusVersion).toBe(parseCorpus(bundled).version);
  });

  describe('while an options page imports papers', () => {
    /** The bundled corpus indexed, then an import part-written: 3 of its papers stored, its checkpoint at `at`. */
    async function midImport(at: number) {
      await indexCorpusText(db, bundled);
      const before = (await db.meta.get(META_INDEX))!.value;
      await db.papers.bulkPut(
        [1, 2, 3].map((i) => ({
          id: `imported-${i}`,
          title: `Imported paper ${i}`,
          abstract: 'Sparse attention for long documents.',
          source: 'import:test',
          corpusVersion: 'import',
        })),
      );
      const job = { id: 'import:test:v1', source: 'import:test', total: 10, done: 3, startedAt: at, updatedAt: at };
      await db.importJobs.put({ ...job, state: 'running' });
      return before;
    }

    it('keeps serving the previous index rather than building one over the half-written set', async () => {
      const now = Date.now();
      const before = await midImport(now - 1_000);
      const engine = await ensureEngine(db, now);
      expect(engine.n).toBe(75);
      expect((await db.meta.get(META_INDEX))!.value).toEqual(before);
    });

    it('rebuilds over what was written once the import has been quiet for long (its page was closed)', async () => {
      const now = Date.now();
      await midImport(now - IMPORT_ACTIVE_MS - 1_000);
      const engine = await ensureEngine(db, now);
      expect(engine.n).toBe(78);
      expect((await db.meta.get(META_INDEX))?.value).toMatchObject({ n: 78 });
    });
  });
});
