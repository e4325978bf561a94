/**
 * The built extension in headless Chromium (`EXTENSION_DIR`, default
 * `.output/chrome-mv3`; `npm run bench` builds its own into `.output-bench/`):
 *
 * - install → 75 papers searchable: a fresh profile each time; the service
 *   worker's own clock (`performance.now()` counts from its start) when the
 *   search index is in IndexedDB;
 * - popup open → first results painted: the popup for a ranked tab, from
 *   navigation start to the first related paper in the DOM, with the service
 *   worker warm, and after stopping it over CDP (`ServiceWorker.stopAllWorkers`),
 *   so it restarts and reloads the index from IndexedDB.
 *
 *   npx tsx tests/bench/chromium.ts [--runs 5]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Worker } from 'playwright-core';
import { launchExtension, openPopup, openTab, waitForTabResult, type Launched } from '../e2e/extension';

const PAGES = resolve(fileURLToPath(import.meta.url), '../../../../shared/eval/pages');

export interface ExtensionResult {
  chromium: string;
  /** Service-worker start → search index stored, per fresh install. */
  installMs: number[];
  popupWarmMs: number[];
  popupStoppedMs: number[];
}

/**
 * {@link launchExtension} on the build `EXTENSION_DIR` names at the call: `run.ts` sets it after the modules were
 * loaded, when `tests/e2e/extension.ts` had already read its default (`.output/chrome-mv3`).
 */
export function launchForBench(): Promise<Launched> {
  return launchExtension({ extensionDir: process.env.EXTENSION_DIR });
}

/** Polls IndexedDB from inside the worker every 10 ms; returns the worker's clock when the index is stored. */
function indexedAt(worker: Worker): Promise<number> {
  // A string, not a function: tsx would wrap named functions in a helper the worker does not have.
  return worker.evaluate(`(async () => {
    for (let i = 0; i < 3000; i++) {
      const stored = await new Promise((ok) => {
        const req = indexedDB.open('paper-radar');
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            ok(false);
            return;
          }
          const get = db.transaction('meta', 'readonly').objectStore('meta').get('searchIndex');
          get.onsuccess = () => {
            db.close();
            ok(get.result !== undefined);
          };
          get.onerror = () => ok(false);
        };
        req.onerror = () => ok(false);
      });
      if (stored) return performance.now();
      await new Promise((r) => setTimeout(r, 10));
    }
    return NaN;
  })()`);
}

/** Navigation start → first related paper in the DOM, recorded by the popup page itself. */
export async function popupPaint(popup: Page): Promise<number> {
  await popup.waitForSelector('ul[aria-label="Related papers"] li', { timeout: 30_000 });
  return popup.evaluate<number>('globalThis.__firstPaper');
}

/** An init script: records in `globalThis.__firstPaper` when the first related paper enters the DOM. */
export const RECORD_FIRST_PAPER = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('ul[aria-label="Related papers"] li')) {
      globalThis.__firstPaper = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** Measures install, warm popup and stopped-worker popup `runs` times each. */
export async function measureExtension(runs = 5): Promise<ExtensionResult> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(join(PAGES, req.url?.includes('swe') ? 'swe-bench.html' : 'h2o.html')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const result: ExtensionResult = { chromium: '', installMs: [], popupWarmMs: [], popupStoppedMs: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const ext = await launchForBench();
      try {
        result.chromium ||= ext.context.browser()?.version() ?? (await chromiumVersion(ext.worker));
        result.installMs.push(await indexedAt(ext.worker));
        if (i > 0) continue;
        // Popups on the same profile: a ranked tab, then the popup opened again and again.
        await ext.context.addInitScript(RECORD_FIRST_PAPER);
        const { page, tabId } = await openTab(ext, `${origin}/h2o.html`);
        await waitForTabResult(ext.worker, tabId);
        const cdp = await ext.context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        for (let k = 0; k < 2 * runs; k++) {
          const stopped = k % 2 === 1;
          if (stopped) {
            await cdp.send('ServiceWorker.stopAllWorkers');
            await new Promise((r) => setTimeout(r, 300));
          }
          const popup = await openPopup(ext, tabId);
          (stopped ? result.popupStoppedMs : result.popupWarmMs).push(await popupPaint(popup));
          await popup.close();
        }
      } finally {
        await ext.close();
      }
    }
  } finally {
    server.close();
  }
  return result;
}

export async function chromiumVersion(worker: Worker): Promise<string> {
  return worker.evaluate<string>(`/Chrom(?:e|ium)\\/([\\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown'`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
  console.log(JSON.stringify(await measureExtension(runs)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
