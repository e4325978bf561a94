import corpusText from '~/assets/papers.txt?raw';
import { PaperRadarDB } from '~/lib/db';
import { BG_CS_TOGGLE_PANEL, forgetTab, handle, tabNavigated, type RouterDeps } from '~/lib/messages';
import { createRadar } from '~/lib/radar';
import { readingListDb } from '~/lib/reading-list';
import { openReadingList } from '~/lib/storage/open-reading-list';

/** What a benchmark build exposes in the worker's global scope. */
interface BenchHooks {
  paperRadarRank?: RouterDeps['rank'];
}

export default defineBackground(() => {
  // Opened (and checked against its copy, restoring what the database lost) once per worker start.
  let readingList: ReturnType<typeof openReadingList> | undefined;
  const openList = () =>
    (readingList ??= openReadingList({ db: readingListDb() }).catch((e: unknown) => {
      readingList = undefined;
      throw e;
    }));
  const radar = createRadar(new PaperRadarDB(), corpusText, async () => (await openList()).db);
  const { deps } = radar;
  // `npm run bench` builds with WXT_BENCH=1 to time the worker's own ranking (tests/bench/chromium-real.ts);
  // in any other build the condition is a constant false and the bundler leaves the hook out.
  if (import.meta.env.WXT_BENCH === '1') (globalThis as BenchHooks).paperRadarRank = deps.rank;
  browser.runtime.onInstalled.addListener(() => {
    void radar.reindex().catch((e: unknown) => console.error('Paper Radar: indexing failed', e));
  });
  // The check runs at start-up too, so a lost reading list comes back before anyone opens it.
  void openList().catch((e: unknown) => console.error('Paper Radar: opening the reading list failed', e));
  browser.runtime.onMessage.addListener((message, sender) => handle(message, sender, deps));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (!change.url) return;
    radar.tabUrlChanged(tabId, change.url);
    void tabNavigated(tabId, change.url, deps);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    radar.tabUrlChanged(tabId, undefined);
    void forgetTab(tabId, deps);
  });
  // The panel's shortcut: its content script opens the panel and moves focus into it (a page without one ignores it).
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== 'toggle-panel') return;
    const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (tabId !== undefined) await browser.tabs.sendMessage(tabId, { type: BG_CS_TOGGLE_PANEL }).catch(() => {});
  });
});
