import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(process.env.EXTENSION_DIR ?? '.output/chrome-mv3');

export interface Launched {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  profile: string;
  close: (options?: { keepProfile?: boolean }) => Promise<void>;
}

/**
 * Launches headless Chromium with the built extension in a persistent profile
 * and waits for its service worker; pass `profile` to reuse one (relaunch).
 */
export async function launchExtension(
  options: { profile?: string; extensionDir?: string; extraArgs?: string[] } = {},
): Promise<Launched> {
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'paper-radar-e2e-'));
  const dir = options.extensionDir ?? EXTENSION_DIR;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...(options.extraArgs ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    profile,
    close: async ({ keepProfile = false } = {}) => {
      await context.close();
      if (!keepProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The extension a suite runs against: always the current launch, so it stays valid across `restart()`. */
export interface SuiteExtension extends Launched {
  /** Restarts the browser on the same profile, and waits for the index again when the suite does. */
  restart: () => Promise<void>;
}

/**
 * Launches the extension once for the enclosing `describe` (in `beforeAll`), by
 * default waiting until the bundled corpus is indexed, and closes it and
 * deletes its profile after the suite's tests (in `afterAll`).
 */
export function launchedForSuite(options: { waitForIndex?: boolean } = {}): SuiteExtension {
  const indexed = options.waitForIndex ?? true;
  let current: Launched | undefined;
  const launch = async (profile?: string) => {
    current = await launchExtension({ profile });
    if (indexed) await waitForIndex(current.worker);
  };
  const launched = () => {
    if (!current) throw new Error('the suite’s extension is launched in beforeAll: use it in tests and hooks');
    return current;
  };
  beforeAll(() => launch());
  afterAll(async () => {
    await current?.close();
  });
  return {
    get context() {
      return launched().context;
    },
    get worker() {
      return launched().worker;
    },
    get extensionId() {
      return launched().extensionId;
    },
    get profile() {
      return launched().profile;
    },
    close: (closeOptions) => launched().close(closeOptions),
    restart: async () => {
      const { profile, close } = launched();
      await close({ keepProfile: true });
      await launch(profile);
    },
  };
}

/** Waits until the service worker has stored and indexed the bundled corpus; returns the number of papers. */
export async function waitForIndex(worker: Worker): Promise<number> {
  return worker.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      const count = await new Promise<number>((ok) => {
        const req = indexedDB.open('paper-radar');
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            ok(0);
            return;
          }
          const tx = db.transaction(['papers', 'meta'], 'readonly');
          const indexReq = tx.objectStore('meta').get('searchIndex');
          const countReq = tx.objectStore('papers').count();
          tx.oncomplete = () => {
            db.close();
            ok(indexReq.result ? countReq.result : 0);
          };
          tx.onerror = () => ok(0);
        };
        req.onerror = () => ok(0);
      });
      if (count > 0) return count;
      await new Promise((r) => setTimeout(r, 100));
    }
    return 0;
  });
}

/** Opens an extension page (e.g. `popup.html?tabId=3`) in a new tab. */
export async function openExtensionPage(launched: Launched, path: string): Promise<Page> {
  const page = await launched.context.newPage();
  await page.goto(`chrome-extension://${launched.extensionId}/${path}`);
  return page;
}

/** The few extension APIs the tests call inside the service worker. */
interface WorkerChrome {
  tabs: { query(q: { url: string }): Promise<Array<{ id?: number }>> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
}
declare const chrome: WorkerChrome;

/** The id of the newest tab showing `url`, as the service worker sees it (waits for the tab to appear). */
export async function tabIdFor(worker: Worker, url: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const id = await worker.evaluate(async (u) => {
      const ids = (await chrome.tabs.query({ url: u })).map((t) => t.id ?? -1);
      return ids.length ? Math.max(...ids) : undefined;
    }, url);
    if (typeof id === 'number') return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab shows ${url}`);
}

/** The toolbar badge's text for a tab. */
export function badgeText(worker: Worker, tabId: number): Promise<string> {
  return worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Waits until the content script has reported the tab's page and the background has ranked it. */
export async function waitForTabResult(worker: Worker, tabId: number, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const stored = await worker.evaluate(async (id) => {
      const key = `tab:${id}`;
      return (await chrome.storage.session.get(key))[key] !== undefined;
    }, tabId);
    if (stored) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tab ${tabId} was never ranked`);
}

/** Opens `url` in a new tab and returns the page with its tab id. */
export async function openTab(launched: Launched, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await launched.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdFor(launched.worker, page.url()) };
}

/** Opens the popup for a tab (`popup.html?tabId=N`) in a tab of its own, at the popup's width. */
export async function openPopup(launched: Launched, tabId: number): Promise<Page> {
  const page = await openExtensionPage(launched, `popup.html?tabId=${tabId}`);
  await page.setViewportSize({ width: 400, height: 600 });
  return page;
}

/** What a fresh popup's search box finds for `query`: the results' text, or its "No paper matches" line. */
export async function searchTitles(popup: Page, query: string): Promise<string> {
  await popup.getByRole('searchbox', { name: 'Search all papers' }).fill(query);
  const answer = popup
    .getByRole('list', { name: 'Search results' })
    .or(popup.getByRole('status').filter({ hasText: 'No paper matches' }));
  await answer.waitFor({ timeout: 10_000 });
  return (await answer.textContent()) ?? '';
}

/**
 * Watches a started import on the options page until it is done, fails or `timeout` passes: every value the
 * progress bar showed, the final status, and after how many ms every paper was written (before the index build).
 */
export async function watchImport(options: Page, timeout: number) {
  const progress = options.getByRole('progressbar', { name: 'Import progress' });
  const seen = new Set<number>();
  const start = performance.now();
  let wroteAfter: number | undefined;
  let status = '';
  while (performance.now() - start < timeout) {
    const value = await progress.getAttribute('value', { timeout: 100 }).catch(() => null);
    if (value !== null) seen.add(Number(value));
    status = (await options.getByRole('status').textContent()) ?? '';
    if (status.startsWith('Wrote')) wroteAfter ??= performance.now() - start;
    if (status.startsWith('Imported') || (await options.getByRole('alert').count())) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { seen, status, wroteAfter };
}

/**
 * Opens `url` in a tab, waits until the background ranked it, and saves the
 * first related paper from the popup; returns the popup and the paper's title.
 */
export async function saveFirstRelated(launched: Launched, url: string): Promise<{ popup: Page; title: string }> {
  const { tabId } = await openTab(launched, url);
  await waitForTabResult(launched.worker, tabId);
  const popup = await openPopup(launched, tabId);
  const first = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first();
  const save = first.getByRole('button', { name: /^Save “/ });
  const title = (await save.getAttribute('aria-label'))!.replace(/^Save “|”$/g, '');
  await save.click();
  await first.getByRole('button', { name: /^Saved — remove/ }).waitFor();
  return { popup, title };
}

/**
 * The reading list as stored, read with plain IndexedDB inside the service
 * worker or one of the extension's pages (the same origin, so the same databases).
 */
export function storedReadingList(where: Worker | Page): Promise<unknown[]> {
  const read = () =>
    new Promise<unknown[]>((ok, fail) => {
      // The reading list's own database (lib/storage/reading-list-db.ts), apart from the corpus.
      const req = indexedDB.open('paper-radar-reading-list');
      req.onerror = () => fail(req.error);
      req.onsuccess = () => {
        if (!req.result.objectStoreNames.contains('readingList')) {
          req.result.close();
          ok([]);
          return;
        }
        const tx = req.result.transaction('readingList', 'readonly');
        const all = tx.objectStore('readingList').getAll();
        tx.oncomplete = () => {
          req.result.close();
          ok(all.result);
        };
        tx.onerror = () => fail(tx.error);
      };
    });
  // Page and Worker both run the function in their own context; their `evaluate` signatures just differ in form.
  return 'goto' in where ? where.evaluate(read) : where.evaluate(read);
}

/** The titles in the reading list, read from IndexedDB inside the service worker. */
export async function readingListTitles(worker: Worker): Promise<string[]> {
  return (await storedReadingList(worker)).map((e) => (e as { title: string }).title);
}

/**
 * A copy of the built extension in a temporary folder, deleted when the test
 * finishes. Unpacked extensions take their id from their folder, so rewriting
 * the copy in place (see {@link releaseNextVersion}) is an update that keeps
 * the id, and with it the database.
 */
export function copyBuild(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  return dir;
}

/**
 * Rewrites a copied build as its next version: a higher manifest version and
 * `script` as the service worker under the new name `background-<name>.js`
 * (Chromium re-registers an unpacked extension's worker at start-up only when
 * its version and script URL change). Returns the new version.
 */
export function releaseNextVersion(dir: string, name: string, script: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.version = manifest.version.replace(/\d+$/, (n: string) => String(Number(n) + 1));
  manifest.background.service_worker = `background-${name}.js`;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, `background-${name}.js`), script);
  return manifest.version;
}
