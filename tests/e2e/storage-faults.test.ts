import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CANT_SAVE, READING_LIST_NOTICE } from '../../lib/db-access';
import {
  badgeText,
  copyBuild,
  launchExtension,
  openExtensionPage,
  openPopup,
  openTab,
  releaseNextVersion,
  saveFirstRelated,
  storedReadingList,
  waitForIndex,
  waitForTabResult,
  type Launched,
} from './extension';

const origin = inject('pagesOrigin');

/** Test-only script: every `indexedDB.open` throws, as in a browser profile where IndexedDB is blocked. */
const BREAK_INDEXEDDB = `IDBFactory.prototype.open = function () { throw new DOMException('IndexedDB is blocked in this profile.', 'SecurityError'); };\n`;

/**
 * Rewrites the copied build in place as its next version (the id, so the
 * database, stays), with IndexedDB broken or working in the worker and pages.
 */
function variant(
  dir: string,
  name: string,
  broken: boolean,
  original: { background: string; pages: Map<string, string> },
) {
  releaseNextVersion(dir, name, (broken ? BREAK_INDEXEDDB : '') + original.background);
  writeFileSync(join(dir, 'no-indexeddb.js'), BREAK_INDEXEDDB);
  for (const [page, html] of original.pages) {
    // A classic script in the head runs before the page's module scripts.
    const patched = html.replace('<head>', '<head>\n    <script src="/no-indexeddb.js"></script>');
    writeFileSync(join(dir, page), broken ? patched : html);
  }
}

describe('IndexedDB unavailable, in the built extension', () => {
  it('still badges, lists and searches related papers, says why Save can’t work, and loses nothing', async () => {
    const dir = copyBuild('paper-radar-no-idb-');
    const original = {
      background: readFileSync(join(dir, 'background.js'), 'utf8'),
      pages: new Map(['popup.html', 'reading-list.html'].map((p) => [p, readFileSync(join(dir, p), 'utf8')])),
    };

    // A reading list first, with IndexedDB working.
    let ext: Launched = await launchExtension({ extensionDir: dir });
    let before: unknown[];
    try {
      await waitForIndex(ext.worker);
      const { popup } = await saveFirstRelated(ext, `${origin}/kv-article.html`);
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
      // The badge is set just after the tab's record is stored.
      await expect.poll(async () => Number(await badgeText(worker, tabId))).toBeGreaterThan(0);

      const popup = await openPopup({ ...ext, worker }, tabId);
      const related = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
      await related.first().waitFor();
      expect(await related.count()).toBeGreaterThan(0);
      await related
        .first()
        .getByRole('button', { name: /^Save “/ })
        .click();
      await popup.getByRole('alert').filter({ hasText: CANT_SAVE.unavailable }).waitFor();

      await popup.getByRole('searchbox', { name: 'Search all papers' }).fill('decompiler');
      await popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();

      const list = await openExtensionPage({ ...ext, worker }, 'reading-list.html');
      await list.getByRole('alert').filter({ hasText: READING_LIST_NOTICE.unavailable }).waitFor();
      // Its copy in storage.local still holds the saved paper, offered for export (issue 16).
      await list.getByRole('button', { name: 'Export the saved paper (JSON backup)' }).waitFor();
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
