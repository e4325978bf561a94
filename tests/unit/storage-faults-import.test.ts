import type { DBCore } from 'dexie';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { importCorpus } from '../../lib/corpus-import';
import { pageImportStore } from '../../lib/corpus-import-store';
import { PaperRadarDB } from '../../lib/db';
import { save } from '../../lib/reading-list';
import { ReadingListDB } from '../../lib/storage/reading-list-db';
import { classifyWriteError, ImportStoppedError, importStopMessage } from '../../lib/storage/write-errors';

/**
 * A full disk during a corpus import (issue 16, item 1): the import stops at
 * the first failed write with a message in words, the job is marked stopped
 * even when writing that fails too, and the reading list — its own database —
 * is untouched.
 */

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const ABSTRACT = 'A long enough abstract about sparse attention kernels for long-context transformer inference.';
const jsonl = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ title: `Imported paper ${i} on decoding`, abstract: ABSTRACT }),
  ).join('\n');

let n = 0;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A corpus database whose disk fills after `chunks` chunks: every later write (also "failed") is refused. */
function fillingDisk(chunks: number): PaperRadarDB {
  const name = `storage-faults-import-${n++}`;
  names.push(name);
  const db = new PaperRadarDB(name);
  let written = 0;
  db.use({
    stack: 'dbcore',
    name: 'disk-fills',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (table) => {
        const t = down.table(table);
        return {
          ...t,
          mutate: async (req) => {
            if (table === 'papers' && req.type === 'put' && ++written > chunks) throw quota();
            if (table === 'importJobs' && written > chunks) throw quota();
            return t.mutate(req);
          },
        };
      },
    }),
  });
  return db;
}

describe('classifyWriteError', () => {
  it('finds a QuotaExceededError through Dexie wrappers', () => {
    const wrapped = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota() });
    expect(classifyWriteError(wrapped)).toBe('full');
    expect(classifyWriteError(Object.assign(new Error('x'), { name: 'BulkError', failures: [quota()] }))).toBe('full');
  });

  it('calls a store failing under us broken, and anything else other', () => {
    expect(classifyWriteError(new DOMException('Internal error.', 'UnknownError'))).toBe('broken');
    expect(classifyWriteError(new TypeError('bad'))).toBe('other');
  });
});

describe('a corpus import that fills the disk', () => {
  it('stops at the first failed write with a message in words', async () => {
    const db = fillingDisk(2);
    const stopped = importCorpus(db, 'big', jsonl(500), { chunkSize: 100, reindex: false });
    await expect(stopped).rejects.toThrow(ImportStoppedError);
    await expect(stopped).rejects.toThrow(
      'The disk is full: imported 200 of 500 papers; your reading list is safe. Free some disk space, then resume or remove this set.',
    );
    expect(importStopMessage('full', 16_000, 100_000)).toMatch(
      /^The disk is full: imported 16,000 of 100,000 papers; your reading list is safe\./,
    );
  });

  it('lists the job as stopped even though writing "failed" failed too', async () => {
    const db = fillingDisk(2);
    await importCorpus(db, 'big', jsonl(500), { chunkSize: 100, reindex: false }).catch(() => undefined);
    // In the database the job still says running (the disk refused the update)…
    const raw = new PaperRadarDB(db.name);
    expect((await raw.importJobs.toArray()).map((j) => j.state)).toEqual(['running']);
    // …the options page lists it as stopped, with the message.
    const jobs = await pageImportStore(
      async () => raw,
      async () => undefined,
    ).list();
    expect(jobs).toMatchObject([{ state: 'failed', done: 200, error: expect.stringMatching(/^The disk is full/) }]);
    raw.close();
  });

  it('leaves the reading list and its copy whole', async () => {
    const list = new ReadingListDB(`storage-faults-import-list-${n++}`);
    names.push(list.name);
    for (let i = 0; i < 20; i++) await save(list, { id: `p${i}`, title: `Paper ${i}`, abstract: '' });
    await importCorpus(fillingDisk(1), 'big', jsonl(300), { chunkSize: 100, reindex: false }).catch(() => undefined);
    expect(await list.readingList.count()).toBe(20);
    await list.snapshot!.settled();
    const copy = Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith('rl:'));
    expect(copy).toHaveLength(20);
    list.close();
  });

  it('keeps the original error for a failure that is not the disk', async () => {
    const db = fillingDisk(Infinity);
    await expect(importCorpus(db, 'Bad Name!', jsonl(3))).rejects.not.toThrow(ImportStoppedError);
  });
});
