import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CANT_SAVE, READING_LIST_NOTICE } from '../../lib/db-access';
import {
  badgeText,
  EXTENSION_DIR,
  launchExtension,
  openExtensionPage,
  openPopup,
  openTab,
  waitForIndex,
  waitForTabResult,
  type Launched,
} from './extension';

const origin = inject('pagesOrigin');
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

/** Test-only script: every `indexedDB.open` throws, as in a browser profile where IndexedDB is blocked. */
const BREAK_INDEXEDDB = `IDBFactory.prototype.open = function () { throw new DOMException('IndexedDB is blocked in this profile.', 'SecurityError'); };\n`;

/** The reading list as stored, read from one of the extension's pages with plain IndexedDB. */
function storedReadingList(page: Page): Promise<unknown[]> {
  return page.evaluate(
    () =>
      new Promise<unknown[]>((ok, fail) => {
        const req = indexedDB.open('paper-radar');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('readingList', 'readonly');
          const all = tx.objectStore('readingList').getAll();
          tx.oncomplete = () => {
            req.result.close();
            ok(all.result);
          };
        };
      }),
  );
}

/**
 * Rewrites the copied build in place, as an update would (the id, so the
 * database, stays). Chromium re-registers an unpacked extension's worker at
 * start-up only when its version and script URL change, so each variant gets
 * both.
 */
function variant(
  dir: string,
  name: string,
  broken: boolean,
  original: { background: string; pages: Map<string, string> },
) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.background.service_worker = `background-${name}.js`;
  manifest.version = manifest.version.replace(/\d+$/, (n: string) => String(Number(n) + 1));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, `background-${name}.js`), (broken ? BREAK_INDEXEDDB : '') + original.background);
  writeFileSync(join(dir, 'no-indexeddb.js'), BREAK_INDEXEDDB);
  for (const [page, html] of original.pages) {
    // A classic script in the head runs before the page's module scripts.
    const patched = html.replace('<head>', '<head>\n    <script src="/no-indexeddb.js"></script>');
    writeFileSync(join(dir, page), broken ? patched : html);
  }
}

describe('IndexedDB unavailable, in the built extension', () => {
  it('still badges, lists and searches related papers, says why Save can’t work, and loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-radar-no-idb-'));
    cleanup.push(dir);
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    const original = {
      background: readFileSync(join(dir, 'background.js'), 'utf8'),
      pages: new Map(['popup.html', 'reading-list.html'].map((p) => [p, readFileSync(join(dir, p), 'utf8')])),
    };

    // A reading list first, with IndexedDB working.
    let ext: Launched = await launchExtension({ extensionDir: dir });
    let before: unknown[];
    try {
      await waitForIndex(ext.worker);
      const { tabId } = await openTab(ext, `${origin}/kv-article.html`);
      await waitForTabResult(ext.worker, tabId);
      const popup = await openPopup(ext, tabId);
      const first = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first();
      await first.getByRole('button', { name: /^Save “/ }).click();
      await first.getByRole('button', { name: /^Saved — remove/ }).waitFor();
      before = await storedReadingList(popup);
      expect(before).toHaveLength(1);
    } finally {
      await ext.close({ keepProfile: true });
    }

    // The same profile with IndexedDB throwing in the service worker and the extension's pages.
    variant(dir, 'broken', true, original);
    ext = await launchExtension({ extensionDir: dir, profile: ext.profile });
    try {
      const worker = ext.context.serviceWorkers().at(-1)!;
      expect(worker.url()).toContain('background-broken.js');
      await expect(worker.evaluate(() => indexedDB.open('paper-radar'))).rejects.toThrow(/blocked/);

      const { tabId } = await openTab({ ...ext, worker }, `${origin}/kv-article.html`);
      await waitForTabResult(worker, tabId);
      expect(Number(await badgeText(worker, tabId))).toBeGreaterThan(0);

      const popup = await openPopup({ ...ext, worker }, tabId);
      const related = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
      await related.first().waitFor();
      expect(await related.count()).toBeGreaterThan(0);
      await related
        .first()
        .getByRole('button', { name: /^Save “/ })
        .click();
      await expect.poll(() => popup.getByRole('alert').first().textContent()).toBe(CANT_SAVE.unavailable);

      await popup.getByRole('searchbox', { name: 'Search all papers' }).fill('decompiler');
      await popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();

      const list = await openExtensionPage({ ...ext, worker }, 'reading-list.html');
      await expect.poll(() => list.getByRole('alert').first().textContent()).toBe(READING_LIST_NOTICE.unavailable);
    } finally {
      await ext.close({ keepProfile: true });
    }

    // IndexedDB back: the reading list is exactly as it was.
    variant(dir, 'restored', false, original);
    ext = await launchExtension({ extensionDir: dir, profile: ext.profile });
    try {
      const page = await openExtensionPage(ext, 'reading-list.html');
      expect(await storedReadingList(page)).toEqual(before);
      await page.getByRole('list', { name: 'Reading list' }).getByRole('listitem').first().waitFor();
    } finally {
      await ext.close();
    }
  });
});
