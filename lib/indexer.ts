import { parseCorpus, type Corpus, type Paper } from './corpus';
import type { PaperRadarDB } from './db';
import { buildCompactEngineStreaming } from './index/compact-build';
import { buildEngine, designFor, loadEngine, serializeEngine } from './index/engine';
import type { Engine } from './index/types';

export const META_CORPUS = 'corpusVersion';
export const META_INDEX = 'searchIndex';
/** Name, header date and size of the bundled corpus, for the options page (see `lib/corpus-info.ts`). */
export const META_CORPUS_INFO = 'corpusInfo';

export interface IndexOutcome {
  /** True when the papers were (re)written; false when the stored corpus was already current. */
  wrote: boolean;
  corpusVersion: string;
  papers: number;
  /** The search engine for what is now stored, ready to use (loading it again would cost a second reload). */
  engine: Engine;
}

/**
 * Stores a corpus's papers, replacing those of any older version of the same
 * source, and persists a fresh search index. Idempotent: a corpus already
 * stored is left alone. The reading list is never touched.
 */
export async function indexCorpus(db: PaperRadarDB, corpus: Corpus): Promise<IndexOutcome> {
  const wrote = await db.transaction('rw', db.papers, db.meta, async () => {
    // Written every time (cheap): databases indexed before this row existed get it on the next start.
    await db.meta.put({
      key: META_CORPUS_INFO,
      value: { name: corpus.name, ...(corpus.date ? { date: corpus.date } : {}), papers: corpus.papers.length },
    });
    const current = await db.meta.get(META_CORPUS);
    const count = await db.papers.where('source').equals(corpus.name).count();
    if (current?.value === corpus.version && count === corpus.papers.length) return false;
    await db.papers.where('source').equals(corpus.name).delete();
    await db.papers.bulkPut(corpus.papers.map((p) => ({ ...p, corpusVersion: corpus.version })));
    await db.meta.put({ key: META_CORPUS, value: corpus.version });
    await db.meta.delete(META_INDEX);
    return true;
  });
  const engine = await ensureEngine(db);
  return { wrote, corpusVersion: corpus.version, papers: corpus.papers.length, engine };
}

/** Parses the bundled corpus text and indexes it (see {@link indexCorpus}). */
export async function indexCorpusText(db: PaperRadarDB, text: string): Promise<IndexOutcome> {
  return indexCorpus(db, parseCorpus(text));
}

/**
 * The version of everything in the papers table: the bundled corpus version,
 * plus one `source@job:done` part per corpus import (see lib/corpus-import.ts),
 * so importing, resuming or removing a set makes the persisted index stale.
 * With no imports it is exactly the bundled corpus version.
 */
export async function storedCorpusVersion(db: PaperRadarDB): Promise<string> {
  const bundled = String((await db.meta.get(META_CORPUS))?.value ?? '');
  const jobs = await db.importJobs.orderBy('id').toArray();
  return [bundled, ...jobs.map((j) => `${j.source}@${j.id}:${j.done}`)].join('+');
}

/**
 * An import whose checkpoint moved this recently is still being written by
 * an options page (it checkpoints every 1,000 papers, about a second apart);
 * one quiet for longer was stopped (its page closed).
 */
export const IMPORT_ACTIVE_MS = 60_000;

/** Whether an options page is importing papers right now (see {@link IMPORT_ACTIVE_MS}). */
async function importUnderWay(db: PaperRadarDB, now: number): Promise<boolean> {
  const running = await db.importJobs.filter((job) => job.state === 'running').toArray();
  return running.some((job) => now - job.updatedAt < IMPORT_ACTIVE_MS);
}

/**
 * The search engine for what is stored: the persisted index when its stamp
 * and corpus version are current, otherwise rebuilt from the stored papers
 * and persisted again — except while an options page is importing papers:
 * it stores the new index itself when it is done and tells the background,
 * so until then the previous index serves, rather than one built (for up to
 * a minute, at 100k papers) over a half-written set.
 */
export async function ensureEngine(db: PaperRadarDB, now = Date.now()): Promise<Engine> {
  const version = await storedCorpusVersion(db);
  const stored = await db.meta.get(META_INDEX);
  const loaded = stored ? await loadEngine(stored.value, version) : null;
  if (loaded) return loaded;
  if (stored && (await importUnderWay(db, now))) {
    const previous = await loadEngine(stored.value, null);
    if (previous) return previous;
  }
  const engine =
    designFor(await db.papers.count()) === 'compact'
      ? await buildCompactEngineStreaming(() => pagesOf(db), version)
      : buildEngine(await db.papers.toArray(), version, 'full');
  await db.meta.put({ key: META_INDEX, value: serializeEngine(engine) });
  return engine;
}

/** Papers read in pages of 1,000 by primary key: a large corpus is never held in memory at once. */
async function* pagesOf(db: PaperRadarDB): AsyncGenerator<Paper> {
  let after: string | undefined;
  for (;;) {
    const page = await (after === undefined ? db.papers.orderBy(':id') : db.papers.where(':id').above(after))
      .limit(1000)
      .toArray();
    yield* page;
    if (page.length < 1000) return;
    after = page[page.length - 1]!.id;
  }
}
