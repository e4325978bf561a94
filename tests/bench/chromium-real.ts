/**
 * The real corpus in headless Chromium: one fresh profile with the built
 * extension (`EXTENSION_DIR`), the bundled 75 papers indexed, then the
 * 74,728-paper arXiv file imported from the options page as a user would
 * (file picked, preview, Import, done):
 *
 * - **import**: file picked → "Imported …" (validation, writing every paper,
 *   building and storing the index — the options page does all of it), and the
 *   two steps the page reports on the way (preview shown; every paper written);
 * - **peak JS heap of the options page** during the import, CDP
 *   `Performance.getMetrics` `JSHeapUsedSize` every 500 ms (the import runs on
 *   the page's main thread); its baseline is the same page at rest before the
 *   file is picked;
 * - **stored size**: `navigator.storage.estimate().usage` in an extension page,
 *   before (bundled only) and after the import;
 * - **first ranking after the import**: a tab opened → ranked by the
 *   background (extraction + ranking; the worker reloads the index when the
 *   options page reports the change), against the first ranking of the same
 *   page before the import;
 * - **catalogue stored**: after those rankings, how much longer until the
 *   worker has stored the search box's catalogue of the imported papers (it
 *   reads every imported paper once after an import); the stopped-worker rows
 *   after the import wait for it, as a worker that went idle after the import;
 * - **stopped worker**: CDP `ServiceWorker.stopAllWorkers`, then the popup for
 *   the ranked tab, navigation start → first related paper (what
 *   `chromium.ts` measures for 75 papers), and the popup's search box →
 *   results (which needs the engine the restarted worker reloads from
 *   IndexedDB), before and after the import.
 *
 * - **rank() in the worker**: each eval page ranked 5 rounds by the worker's
 *   own `rank` (the engine, and the candidates' abstracts read from
 *   IndexedDB), timed inside the worker, before and after the import. The
 *   engine lives in the worker's module scope; the benchmark's build
 *   (`WXT_BENCH=1`, see `run.ts`) exposes that one function as
 *   `paperRadarRank`, no other build has it. A build without it leaves the
 *   row empty.
 *
 *   EXTENSION_DIR=.output-bench/chrome-mv3 npx tsx tests/bench/chromium-real.ts FILE
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page, Worker } from 'playwright-core';
import { readPage } from '../../lib/cli/node-engine';
import { servePages } from '../../lib/cli/serve';
import type { Page as ReadPage } from '../../lib/page';
import {
  openExtensionPage,
  openPopup,
  openTab,
  searchTitles,
  waitForIndex,
  waitForTabResult,
  watchImport,
  type Launched,
} from '../e2e/extension';
import { chromiumVersion, launchForBench, popupPaint, RECORD_FIRST_PAPER } from './chromium';

const PAGES = resolve(fileURLToPath(import.meta.url), '../../../../shared/eval/pages');
/** A query the bundled corpus and the arXiv listing both answer. */
const QUERY = 'speculative decoding';

/** What one profile measured, with the bundled corpus alone (`before`) and after the import (`after`). */
export interface RealChromiumResult {
  chromium: string;
  papers: number;
  /** File picked → preview shown; → every paper written; → import done (index built and stored). */
  previewMs: number;
  writtenMs: number | null;
  importMs: number;
  heapMB: { atRest: number; peak: number; samples: number };
  storedMB: { before: number; after: number };
  firstRankMs: { before: number; after: number };
  popupStoppedMs: { before: number[]; after: number[] };
  searchStoppedMs: { before: number[]; after: number[] };
  /** The worker's own `rank()` per page, every eval page 5 rounds; null: the build has no hook (not `WXT_BENCH`). */
  workerRankMs: { before: number[]; after: number[] } | null;
  /** After the worker's ranking rows: how much longer until the catalogue of the imported papers was stored (null: not within 2 minutes). */
  catalogueStoredMs: number | null;
}

/**
 * Waits until the worker has stored the search box's catalogue of the imported papers (it reads every imported
 * paper once, after the import: lib/catalogue-store.ts) — what a worker that stopped after the import reads —
 * and returns how long that took from the call, or null after `timeoutMs`.
 */
async function catalogueStored(ext: Launched, papers: number, timeoutMs = 120_000): Promise<number | null> {
  if (!Number.isFinite(papers)) throw new Error('the import summary named no number of papers');
  const t = performance.now();
  while (performance.now() - t < timeoutMs) {
    const worker = await runningWorker(ext);
    // The copy's number of papers: the searches before the import stored one of none.
    const stored = await worker.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('paper-radar');
          open.onerror = () => resolve(0);
          open.onsuccess = () => {
            const get = open.result.transaction('meta').objectStore('meta').get('searchCatalogue');
            get.onsuccess = () => (open.result.close(), resolve(get.result?.value?.columns?.ids?.length ?? 0));
            get.onerror = () => (open.result.close(), resolve(0));
          };
        }),
    );
    if (stored >= papers) return performance.now() - t;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

/** Rounds of every eval page for the worker's rank() row. */
const WORKER_ROUNDS = 5;

/** The running service worker: the launch's may have been stopped and started again since. */
async function runningWorker(ext: Launched): Promise<Worker> {
  const workers = ext.context.serviceWorkers();
  return workers[workers.length - 1] ?? ext.context.waitForEvent('serviceworker', { timeout: 30_000 });
}

/**
 * Each page ranked `rounds` times by the worker's own `rank` (bench builds only), timed in the worker: the
 * engine and the candidates' abstracts from IndexedDB, without messaging or storing. Null without the hook.
 */
async function rankInWorker(ext: Launched, pages: readonly ReadPage[], rounds: number): Promise<number[] | null> {
  const worker = await runningWorker(ext);
  return worker.evaluate(
    async ({ pages, rounds }) => {
      const rank = (globalThis as { paperRadarRank?: (page: unknown) => Promise<unknown[]> }).paperRadarRank;
      if (!rank) return null;
      for (const page of pages) await rank(page); // warm-up: the engine loaded, the code compiled
      const times: number[] = [];
      for (let r = 0; r < rounds; r++)
        for (const page of pages) {
          const t = performance.now();
          await rank(page);
          times.push(performance.now() - t);
        }
      return times;
    },
    { pages, rounds },
  );
}

const MB = 1024 * 1024;

async function storedBytes(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? NaN);
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
}

/** Samples the page's JS heap every `everyMs` until `stop()`; returns the peak and the number of samples. */
function sampleHeap(cdp: CDPSession, everyMs = 500) {
  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const used = await heapUsed(cdp).catch(() => NaN);
      if (Number.isFinite(used)) {
        peak = Math.max(peak, used);
        samples++;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { peak, samples };
    },
  };
}

/** Opens `url` in a tab and times it until the background ranked it. */
async function timeFirstRank(ext: Launched, url: string): Promise<{ page: Page; tabId: number; ms: number }> {
  const t = performance.now();
  const { page, tabId } = await openTab(ext, url);
  await waitForTabResult(ext.worker, tabId, 600_000);
  return { page, tabId, ms: performance.now() - t };
}

/** Stops the worker `runs` times; each time opens the popup (first paper painted) and searches in it. */
async function stoppedWorker(ext: Launched, cdp: CDPSession, tabId: number, runs: number) {
  const popup: number[] = [];
  const search: number[] = [];
  for (let k = 0; k < runs; k++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await new Promise((r) => setTimeout(r, 300));
    const page = await openPopup(ext, tabId);
    popup.push(await popupPaint(page));
    const t = performance.now();
    const answer = await searchTitles(page, QUERY);
    search.push(performance.now() - t);
    if (!answer.trim()) throw new Error(`the popup's search for “${QUERY}” showed nothing`);
    await page.close();
  }
  return { popup, search };
}

/** Imports `file` (a corpus the options page reads) into a fresh profile and measures it; `runs` stopped-worker samples. */
export async function measureRealImport(file: string, runs = 3): Promise<RealChromiumResult> {
  const served = await servePages([PAGES]);
  const ext = await launchForBench();
  try {
    await waitForIndex(ext.worker);
    const chromium = ext.context.browser()?.version() ?? (await chromiumVersion(ext.worker));
    await ext.context.addInitScript(RECORD_FIRST_PAPER);
    const before = await timeFirstRank(ext, `${served.origin}/h2o.html`);
    const evalPages = readdirSync(PAGES)
      .filter((f) => f.endsWith('.html'))
      .sort()
      .map((f) => readPage(join(PAGES, f)));
    const workerBefore = await rankInWorker(ext, evalPages, WORKER_ROUNDS);
    const cdp = await ext.context.newCDPSession(before.page);
    await cdp.send('ServiceWorker.enable');
    const stoppedBefore = await stoppedWorker(ext, cdp, before.tabId, runs);

    const options = await openExtensionPage(ext, 'options.html');
    const storedBefore = await storedBytes(options);
    const heapCdp = await ext.context.newCDPSession(options);
    await heapCdp.send('Performance.enable');
    await new Promise((r) => setTimeout(r, 1000));
    const atRest = await heapUsed(heapCdp);

    const heap = sampleHeap(heapCdp);
    const t0 = performance.now();
    await options.getByLabel('File', { exact: true }).setInputFiles(file);
    const summary = options.locator('.import-summary');
    await summary.filter({ hasText: /papers, \d+ bad entr/ }).waitFor({ timeout: 600_000 });
    const previewMs = performance.now() - t0;
    const papers = Number(/([\d,]+) papers,/.exec((await summary.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    const clicked = performance.now();
    const { status, wroteAfter } = await watchImport(options, 1_500_000);
    const importMs = performance.now() - t0;
    const { peak, samples } = await heap.stop();
    if (!status.startsWith('Imported')) throw new Error(`the import did not finish: “${status}”`);

    const storedAfter = await storedBytes(options);
    const after = await timeFirstRank(ext, `${served.origin}/h2o.html?after-import`);
    const workerAfter = workerBefore && (await rankInWorker(ext, evalPages, WORKER_ROUNDS));
    const catalogueMs = await catalogueStored(ext, papers);
    const stoppedAfter = await stoppedWorker(ext, cdp, after.tabId, runs);
    return {
      chromium,
      papers,
      previewMs,
      writtenMs: wroteAfter === undefined ? null : clicked - t0 + wroteAfter,
      importMs,
      heapMB: { atRest: atRest / MB, peak: peak / MB, samples },
      storedMB: { before: storedBefore / MB, after: storedAfter / MB },
      firstRankMs: { before: before.ms, after: after.ms },
      popupStoppedMs: { before: stoppedBefore.popup, after: stoppedAfter.popup },
      searchStoppedMs: { before: stoppedBefore.search, after: stoppedAfter.search },
      workerRankMs: workerBefore && workerAfter ? { before: workerBefore, after: workerAfter } : null,
      catalogueStoredMs: catalogueMs,
    };
  } finally {
    await ext.close();
    await served.close();
  }
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: chromium-real.ts FILE');
  console.log(JSON.stringify(await measureRealImport(resolve(file))));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
