import type { Page } from 'playwright-core';

declare const chrome: { storage: { local: { set(items: object): Promise<void> } } };

/**
 * Saves 20 papers with notes (`note 0` … `note 19`) the way the extension
 * keeps them — rows in its reading-list database and their copy in
 * `storage.local` — from one of its pages, after the page opened the
 * database (so its schema is there).
 */
export async function saveTwenty(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      id: `saved-${i}`,
      title: `Saved paper ${i}`,
      abstract: `What saved paper ${i} is about.`,
      note: `note ${i}`,
      read: false,
      savedAt: 1_700_000_000_000 + i,
      updatedAt: 1_700_000_000_000 + i,
    }));
    await new Promise<void>((ok, fail) => {
      const req = indexedDB.open('paper-radar-reading-list');
      req.onerror = () => fail(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction('readingList', 'readwrite', { durability: 'strict' });
        for (const e of entries) tx.objectStore('readingList').put(e);
        tx.oncomplete = () => (req.result.close(), ok());
        tx.onerror = () => fail(tx.error);
      };
    });
    await chrome.storage.local.set(Object.fromEntries(entries.map((e) => [`rl:${e.id}`, e])));
  });
}
