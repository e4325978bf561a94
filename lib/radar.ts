import { browser } from 'wxt/browser';
import { parseCorpus, type Paper } from './corpus';
import { importedCatalogue } from './catalogue-store';
import { Catalogue, searchCorpus } from './corpus-search';
import type { PaperRadarDB } from './db';
import { onSchemaChange, openWritable, StorageError } from './db-access';
import { ensureEngine, indexCorpusText } from './indexer';
import { BG_CS_VIEW_CHANGED, RELATED_LIMIT, settingsChanged, type RouterDeps } from './messages';
import { draftFromPaper, recentlySavedIds, save, savedEntries } from './reading-list';
import type { ReadingListStore } from './storage/reading-list-db';
import { rankingConfig } from './ranking/config';
import { candidateIds, rankShortlist, shortlist } from './ranking/rank';
import { readingListAffinity } from './ranking/reading-list';
import { loadSettings, onSettingsChange, type LoadedSettings } from './settings';
import { buildEngine } from './index/engine';
import type { Engine } from './index/types';
import { onPausedSitesChange, pausedSites, setSitePaused } from './site-pause';
import { sessionTabStore } from './tab-state';

/** Badge colour for the number of strong matches. */
const BADGE_COLOR = '#2f5fb3';

/** The background's state: the database and a lazily loaded engine. */
export interface Radar {
  deps: RouterDeps;
  /** A tab now shows `url` (from `tabs.onUpdated`), or closed (`undefined`): the popup's requests need no `tabs.get`. */
  tabUrlChanged(tabId: number, url: string | undefined): void;
  /** Stores and indexes the bundled corpus (idempotent), then drops the cached engine. */
  reindex(): Promise<void>;
}

/**
 * Where the background reads papers from: the database, or — when IndexedDB
 * is unavailable or newer than this build — the bundled corpus, parsed and
 * indexed in memory, read-only (saving rejects with the reason).
 */
type Source =
  | { kind: 'db'; engine: Engine }
  | { kind: 'memory'; problem: StorageError; papers: Map<string, Paper>; engine: Engine };

function memorySource(corpusText: string, problem: StorageError): Source {
  const corpus = parseCorpus(corpusText);
  console.warn(`Paper Radar: ${problem.message} Searching the bundled corpus in memory.`, problem.cause ?? '');
  return {
    kind: 'memory',
    problem,
    papers: new Map(corpus.papers.map((p) => [p.id, p])),
    engine: buildEngine(corpus.papers, corpus.version),
  };
}

/**
 * Wires the router to the browser: the database, the engine (loaded on first
 * use, so a restarted service worker recovers by itself), `storage.session`
 * for per-tab results and the toolbar badge.
 */
export function createRadar(
  db: PaperRadarDB,
  corpusText: string,
  /** The reading list's own database, opened and checked against its copy (`openReadingList`). */
  readingList: () => Promise<ReadingListStore> = async () => db,
): Radar {
  let engine: Promise<Engine> | undefined;
  let source: Promise<Source> | undefined;
  // Indexing is idempotent: on a warm start it only checks the stored corpus version.
  const connect = async (): Promise<Source> => {
    try {
      await openWritable(db);
    } catch (e) {
      if (e instanceof StorageError) return memorySource(corpusText, e);
      throw e;
    }
    // Indexing loads (or builds) the engine anyway: keep it rather than load the stored index a second time.
    const { engine: indexed } = await indexCorpusText(db, corpusText);
    return { kind: 'db', engine: indexed };
  };
  const ready = () => (source ??= connect().catch((e: unknown) => ((source = undefined), Promise.reject(e))));
  const getEngine = () =>
    (engine ??= ready()
      .then((s) => s.engine)
      .catch((e: unknown) => {
        engine = undefined;
        throw e;
      }));
  // Another build upgrading the database: let it, and check the stored version again on next use.
  onSchemaChange(db, () => {
    source = undefined;
    engine = undefined;
  });
  // How much each paper resembles the reading list: kept while the sample of saved papers and the engine stay the same.
  let likeness: { sample: string; engine: Engine; map: Promise<Map<string, number>> } | undefined;
  const readingListLikeness = async (current: Engine): Promise<Map<string, number> | undefined> => {
    if ((await ready()).kind === 'memory') return undefined;
    try {
      const list = await readingList();
      const ids = await recentlySavedIds(list);
      const sample = ids.join('\n');
      if (likeness?.sample !== sample || likeness.engine !== current) {
        const map = savedEntries(list, ids).then((saved) => readingListAffinity(current, saved));
        likeness = { sample, engine: current, map };
      }
      return await likeness.map;
    } catch (e) {
      // The popup never fails because the reading list could not be read: it just orders without it.
      likeness = undefined;
      console.warn('Paper Radar: ordering without the reading list.', e);
      return undefined;
    }
  };
  // Authors and identifiers of the imported papers, for the search box: read once, kept until papers change.
  let catalogue: Promise<Catalogue> | undefined;
  const getCatalogue = () =>
    (catalogue ??= ready()
      .then((s) => (s.kind === 'memory' ? new Catalogue() : importedCatalogue(db)))
      .catch((e: unknown) => {
        catalogue = undefined;
        throw e;
      }));
  onSchemaChange(db, () => {
    catalogue = undefined;
  });
  const id = browser.runtime.id;
  // Kept in memory, so the popup's request makes no extension API call that a flooding tab could delay
  // (a page pushing history 100 times a second keeps the browser's extension calls waiting for seconds).
  const tabUrls = new Map<number, string>();
  let paused: Promise<Set<string>> | undefined;
  onPausedSitesChange((sites) => void (paused = Promise.resolve(new Set(sites))));
  const pausedNow = () =>
    (paused ??= pausedSites()
      .then((sites) => new Set(sites))
      .catch((e: unknown) => {
        paused = undefined;
        throw e;
      }));
  let settings: Promise<LoadedSettings> | undefined;
  const settingsNow = () =>
    (settings ??= loadSettings().catch((e: unknown) => ((settings = undefined), Promise.reject(e))));
  // A settings change presents the stored rankings again: badges (and open panels) follow without reading any page.
  onSettingsChange((loaded) => {
    const before = settings;
    settings = Promise.resolve(loaded);
    void (async () => {
      const previous = await before?.catch(() => undefined);
      const was = previous?.settings;
      const now = loaded.settings;
      // Never loaded (a fresh worker): nothing was presented with the old settings, but badges may still show them.
      const sensitivity = was?.sensitivity !== now.sensitivity;
      if (sensitivity || was?.readingList !== now.readingList) await settingsChanged({ sensitivity }, deps);
    })().catch((e: unknown) => console.warn('Paper Radar: presenting the open tabs again failed.', e));
  });
  const storedPapers = async (ids: readonly string[]) => {
    const s = await ready();
    if (s.kind === 'memory') return ids.flatMap((id) => s.papers.get(id) ?? []);
    return (await db.papers.bulkGet([...ids])).filter((p) => !!p);
  };
  const deps: RouterDeps = {
    extensionId: id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).href,
    // The raw ranking: the sensitivity and the reading list apply when it is shown (lib/ranking/present.ts).
    rank: async (page) => {
      const engine = await getEngine();
      const config = rankingConfig({ limit: RELATED_LIMIT });
      const list = shortlist(page, engine, config);
      // The cosine reads the candidates' whole texts from the database; unreadable, it falls back to their key terms.
      const texts = await storedPapers(candidateIds(list, config)).then(
        // A damaged record (no text) is left out: that paper is scored on its key terms.
        (papers) =>
          new Map(
            papers.flatMap((p) => (typeof p.title === 'string' && typeof p.abstract === 'string' ? [[p.id, p]] : [])),
          ),
        (e: unknown) => (console.warn('Paper Radar: reading the candidates’ abstracts failed.', e), undefined),
      );
      return rankShortlist(list, engine, config, texts);
    },
    settings: async () => (await settingsNow()).settings,
    readingListLikeness: async () => readingListLikeness(await getEngine()),
    viewChanged: async (tabId) => {
      // Only the tab's top frame runs our panel.
      try {
        await browser.tabs.sendMessage(tabId, { type: BG_CS_VIEW_CHANGED }, { frameId: 0 });
      } catch {
        // No content script listens there (a page open since before install, or one that never reported).
      }
    },
    search: async (query, limit) => {
      // A restarted worker reloads both: the index, and the authors and ids read from every imported paper.
      const [engine, catalogue] = await Promise.all([getEngine(), getCatalogue()]);
      return searchCorpus(engine, query, limit, catalogue);
    },
    papers: storedPapers,
    paperByArxivId: async (arxivId) => {
      const entry = (await getCatalogue()).byArxivId(arxivId);
      if (!entry) return undefined;
      const s = await ready();
      return s.kind === 'memory' ? s.papers.get(entry.id) : db.papers.get(entry.id);
    },
    tabs: sessionTabStore(),
    tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    knownTabUrl: (tabId) => tabUrls.get(tabId),
    setBadge: async (tabId, strong) => {
      try {
        await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
        await browser.action.setBadgeText({ tabId, text: strong > 0 ? String(strong) : '' });
      } catch {
        // The tab closed meanwhile: nothing to show the badge on.
      }
    },
    isSitePaused: async (site) => (await pausedNow()).has(site),
    setSitePaused: async (site, paused) => void (await setSitePaused(site, paused)),
    savePaper: async (paperId) => {
      const s = await ready();
      if (s.kind === 'memory') throw s.problem;
      const paper = await db.papers.get(paperId);
      if (!paper) return false;
      await save(await readingList(), draftFromPaper(paper));
      return true;
    },
    // The options page imports in chunks and persists the index itself (lib/corpus-import-store.ts);
    // the worker only reloads it, so it is never busy building an index for seconds.
    corpusChanged: async () => {
      // The stored index changed under us: load it again (the one kept from connecting is stale).
      catalogue = undefined;
      engine = ready()
        .then((s) => (s.kind === 'memory' ? s.engine : ensureEngine(db)))
        .catch((e: unknown) => {
          engine = undefined;
          throw e;
        });
      const n = (await engine).n;
      // Read the new papers' catalogue now (seconds at 75k papers, once): the first search after the import, and
      // every restarted worker's, then reads its stored copy.
      void getCatalogue().catch((e: unknown) => console.warn('Paper Radar: reading the search catalogue failed.', e));
      return n;
    },
    now: () => Date.now(),
  };
  return {
    deps,
    tabUrlChanged: (tabId, url) => void (url === undefined ? tabUrls.delete(tabId) : tabUrls.set(tabId, url)),
    async reindex() {
      catalogue = undefined;
      source = undefined;
      engine = undefined;
      await ready();
    },
  };
}
