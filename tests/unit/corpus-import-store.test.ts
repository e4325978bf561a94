import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageImportStore } from '../../lib/corpus-import-store';
import { PaperRadarDB } from '../../lib/db';
import { createRadar } from '../../lib/radar';

const bundled = readFileSync('assets/papers.txt', 'utf8');
const entry = {
  title: 'Zorblatt: quantised speculative decoding for tiny devices',
  abstract: 'We introduce Zorblatt, a long enough abstract about speculative decoding on very small devices.',
};

let db: PaperRadarDB;
let n = 0;
beforeEach(() => {
  db = new PaperRadarDB(`corpus-import-store-test-${n++}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('pageImportStore', () => {
  it('makes the background search imported papers after an import, and forget them after a removal', async () => {
    // The background (its own connection, as in the service worker) with its engine loaded and cached.
    const worker = new PaperRadarDB(db.name);
    const radar = createRadar(worker, bundled);
    expect(await radar.deps.search('zorblatt', 5)).toEqual([]);

    const store = pageImportStore(
      async () => db,
      () => radar.deps.corpusChanged(),
    );
    await store.start('mine', JSON.stringify(entry), { mode: 'refuse' });
    expect((await radar.deps.search('zorblatt', 5)).map((h) => h.title)).toEqual([entry.title]);

    expect(await store.remove('mine')).toBe(1);
    expect(await radar.deps.search('zorblatt', 5)).toEqual([]);
    expect(await radar.deps.search('decoding', 5)).not.toEqual([]);
    worker.close();
  });
});
