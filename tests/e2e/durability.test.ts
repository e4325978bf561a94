import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page, Worker } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  copyBuild,
  launchExtension,
  openExtensionPage,
  openTab,
  releaseNextVersion,
  saveFirstRelated,
  waitForIndex,
  waitForTabResult,
  type Launched,
} from './extension';

const origin = inject('pagesOrigin');

declare const chrome: { runtime: { getManifest(): { version: string } } };

/** Reads rows of the extension's IndexedDB from one of its pages (same origin as the service worker). */
function readDb(page: Page): Promise<{ papers: number; index: boolean; corpus: unknown; list: unknown[] }> {
  return page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const req = indexedDB.open('paper-radar');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['papers', 'meta'], 'readonly');
          const papers = tx.objectStore('papers').count();
          const index = tx.objectStore('meta').get('searchIndex');
          const corpus = tx.objectStore('meta').get('corpusVersion');
          tx.oncomplete = () => {
            db.close();
            // The reading list has its own database (lib/storage/reading-list-db.ts).
            const listReq = indexedDB.open('paper-radar-reading-list');
            listReq.onerror = () => fail(listReq.error);
            listReq.onsuccess = () => {
              const listDb = listReq.result;
              const done = (list: unknown[]) => {
                listDb.close();
                ok({ papers: papers.result, index: !!index.result, corpus: corpus.result?.value, list });
              };
              if (!listDb.objectStoreNames.contains('readingList')) return done([]);
              const all = listDb.transaction('readingList').objectStore('readingList').getAll();
              all.onsuccess = () => done(all.result);
            };
          };
        };
      }),
  );
}

/** Saves the first related paper of a page from the popup, with a note typed in the reading list; returns its title. */
async function saveWithNote(ext: Launched, path: string, note: string): Promise<string> {
  const { popup, title } = await saveFirstRelated(ext, `${origin}/${path}`);
  await popup.getByRole('tab', { name: 'Reading list' }).click();
  const box = popup.getByRole('textbox', { name: `Note for ${title}` });
  await box.pressSequentially(note);
  await box.blur();
  await expect.poll(async () => JSON.stringify((await readDb(popup)).list)).toContain(note);
  return title;
}

describe('durability in the built extension', () => {
  it('keeps the reading list through an extension update that ships a new corpus', async () => {
    const dir = copyBuild('paper-radar-update-');

    let ext = await launchExtension({ extensionDir: dir });
    await waitForIndex(ext.worker);
    const title = await saveWithNote(ext, 'kv-article.html', 'survives the update');
    const before = await readDb(await openExtensionPage(ext, 'reading-list.html'));
    await ext.close({ keepProfile: true });

    // Version N+1 with an edited abstract, so the corpus version changes too.
    const background = readFileSync(join(dir, 'background.js'), 'utf8');
    const edited = background.replace('Decompilers are important tools', 'Decompilers are essential tools');
    expect(edited).not.toBe(background);
    const version = releaseNextVersion(dir, 'next', edited);

    ext = await launchExtension({ extensionDir: dir, profile: ext.profile });
    try {
      expect(await ext.worker.evaluate(() => chrome.runtime.getManifest().version)).toBe(version);
      // The first page read after the update brings the stored corpus up to date (onInstalled does it too).
      const { tabId } = await openTab(ext, `${origin}/kv-article.html`);
      await waitForTabResult(ext.context.serviceWorkers().at(-1)!, tabId);
      const page = await openExtensionPage(ext, 'reading-list.html');
      await expect.poll(async () => (await readDb(page)).corpus, { timeout: 15_000 }).not.toBe(before.corpus);
      await waitForIndex(ext.context.serviceWorkers().at(-1)!);
      const after = await readDb(page);
      expect(after.papers).toBe(75);
      expect(after.list).toEqual(before.list);
      expect(JSON.stringify(after.list)).toContain(title);
    } finally {
      await ext.close();
    }
  });

  it('finishes indexing on the next wake when the service worker is stopped while indexing', async () => {
    const ext = await launchExtension();
    try {
      const page = ext.context.pages()[0] ?? (await ext.context.newPage());
      const cdp: CDPSession = await ext.context.newCDPSession(page);
      const stopped = new Promise<void>((ok) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (
            versions.some(
              (v) => v.scriptURL.startsWith(`chrome-extension://${ext.extensionId}/`) && v.runningStatus === 'stopped',
            )
          )
            ok();
        }),
      );
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;

      // Waking it: a page to read. The background indexes on first use, not only on install.
      const { tabId } = await openTab(ext, `${origin}/kv-article.html`);
      const worker: Worker = ext.context.serviceWorkers().at(-1)!;
      await waitForTabResult(worker, tabId);
      expect(await waitForIndex(worker)).toBe(75);
      const state = await readDb(await openExtensionPage(ext, 'reading-list.html'));
      expect(state).toMatchObject({ papers: 75, index: true });
    } finally {
      await ext.close();
    }
  });
});
