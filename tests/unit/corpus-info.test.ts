import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_SOURCE, paperId, parseCorpus, type Corpus } from '../../lib/corpus';
import { corpusInfo } from '../../lib/corpus-info';
import { importCorpus } from '../../lib/corpus-import';
import { PaperRadarDB } from '../../lib/db';
import { indexCorpus, META_CORPUS_INFO } from '../../lib/indexer';

let db: PaperRadarDB;
let n = 0;
beforeEach(() => {
  db = new PaperRadarDB(`corpus-info-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const paper = (title: string) => ({
  id: paperId(title),
  title,
  abstract: `${title} is studied at length in this paper, with experiments on several benchmarks.`,
  source: BUNDLED_SOURCE,
});
const corpus: Corpus = {
  name: BUNDLED_SOURCE,
  version: 'v1',
  date: 'Apr 30',
  papers: [paper('Sparse attention'), paper('KV cache eviction')],
};

describe('parseCorpus', () => {
  it('keeps the header’s date line', () => {
    const text = `Daily Papers\nApr 30\n${corpus.papers.map((p) => `${p.title}\n${p.abstract.repeat(2)}`).join('\n')}`;
    expect(parseCorpus(text).date).toBe('Apr 30');
  });
});

describe('corpusInfo', () => {
  it('is undefined before the corpus was indexed', async () => {
    expect(await corpusInfo(db)).toBeUndefined();
  });

  it('names the bundled corpus readably, with its date and the number of stored papers', async () => {
    await indexCorpus(db, corpus);
    expect(await corpusInfo(db)).toEqual({ name: 'Hugging Face Daily Papers', date: 'Apr 30', papers: 2 });
  });

  it('counts imported papers with the bundled ones and says how many were imported', async () => {
    await indexCorpus(db, corpus);
    const entry = { title: 'An imported paper', abstract: 'An imported abstract that is long enough to be accepted.' };
    await importCorpus(db, 'mine', JSON.stringify([entry]), { reindex: false });
    expect(await corpusInfo(db)).toEqual({ name: 'Hugging Face Daily Papers', date: 'Apr 30', papers: 3, imported: 1 });
  });

  it('still counts the papers when the stored description is unreadable', async () => {
    await indexCorpus(db, corpus);
    await db.meta.put({ key: META_CORPUS_INFO, value: { name: 42 } });
    expect(await corpusInfo(db)).toEqual({ name: 'Hugging Face Daily Papers', papers: 2 });
  });

  it('is written again for a corpus that was already stored (databases from before this row existed)', async () => {
    await indexCorpus(db, corpus);
    await db.meta.delete(META_CORPUS_INFO);
    await indexCorpus(db, corpus);
    expect((await corpusInfo(db))?.date).toBe('Apr 30');
  });
});
