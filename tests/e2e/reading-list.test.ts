import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchedForSuite, openPopup, openTab, waitForTabResult, type Launched } from './extension';

const origin = inject('pagesOrigin');
const NOTE = 'Compare with the decompiler in chapter 3.';

const savedName = (title: string) => `Saved — remove “${title}” from reading list`;

/** The first related paper's title, as the popup shows it. */
async function firstRelatedTitle(popup: Page): Promise<string> {
  const first = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first();
  await first.waitFor();
  return (await first.locator('button[data-paper-toggle]').textContent())!.replace(/^[▸▾]/, '').trim();
}

/** Opens the popup for a freshly opened page once the background has ranked it. */
async function popupFor(ext: Launched, path: string): Promise<Page> {
  const { tabId } = await openTab(ext, `${origin}/${path}`);
  await waitForTabResult(ext.worker, tabId);
  return openPopup(ext, tabId);
}

describe('the reading list in the built extension', () => {
  const ext = launchedForSuite();

  it('keeps a paper saved from the popup, with its note, across a browser restart, and exports it as Markdown', async () => {
    let popup = await popupFor(ext, 'ghidra.html');
    const title = await firstRelatedTitle(popup);
    const first = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first();
    await first.getByRole('button', { name: `Save “${title}”` }).click();
    await first.getByRole('button', { name: savedName(title) }).waitFor();

    // The saved mark follows the paper into the search results.
    await popup.getByRole('searchbox', { name: 'Search all papers' }).fill(title.slice(0, 60));
    await popup
      .getByRole('list', { name: 'Search results' })
      .getByRole('button', { name: savedName(title) })
      .waitFor();
    await popup.getByRole('searchbox', { name: 'Search all papers' }).fill('');

    await popup.getByRole('tab', { name: 'Reading list' }).click();
    const entries = popup.getByRole('list', { name: 'Reading list' }).getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.first().getByRole('heading').textContent()).toBe(title);
    await popup.screenshot({ path: 'tests/e2e/artifacts/popup-reading-list.png' });
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);

    const note = entries.first().getByRole('textbox', { name: `Note for ${title}` });
    await note.pressSequentially(NOTE);
    await note.blur();
    // The blur writes the note; the debounce would too. Wait until it is in the database.
    await expect.poll(() => storedNote(popup, title), { timeout: 5_000 }).toBe(NOTE);

    await ext.restart();

    popup = await popupFor(ext, 'ghidra.html');
    await popup.getByRole('tab', { name: 'Reading list' }).click();
    const after = popup.getByRole('list', { name: 'Reading list' }).getByRole('listitem');
    await expect.poll(() => after.count()).toBe(1);
    expect(await after.first().getByRole('heading').textContent()).toBe(title);
    expect(
      await after
        .first()
        .getByRole('textbox', { name: `Note for ${title}` })
        .inputValue(),
    ).toBe(NOTE);
    // Still marked saved in the related list after the restart.
    await popup.getByRole('tab', { name: 'Related' }).click();
    await popup
      .getByRole('list', { name: 'Related papers' })
      .getByRole('button', { name: savedName(title) })
      .waitFor();

    await popup.getByRole('tab', { name: 'Reading list' }).click();
    const [download] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('group', { name: 'Export reading list' }).getByRole('button', { name: 'Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain(title);
    expect(markdown).toContain(NOTE);
  });

  it('saves the article a page describes in its citation_* meta tags', async () => {
    const popup = await popupFor(ext, 'scholarly.html');
    const row = popup.getByRole('group', { name: 'This page' });
    await row.waitFor();
    expect(await row.textContent()).toContain('This page: Speculative Decoding with Draft Models');
    await row.getByRole('button', { name: 'Save “Speculative Decoding with Draft Models”' }).click();
    await row.getByRole('button', { name: savedName('Speculative Decoding with Draft Models') }).waitFor();
    await popup.screenshot({ path: 'tests/e2e/artifacts/popup-this-page.png' });

    await popup.getByRole('tab', { name: 'Reading list' }).click();
    const entry = popup
      .getByRole('list', { name: 'Reading list' })
      .getByRole('listitem')
      .filter({ hasText: 'Speculative Decoding with Draft Models' });
    await entry.waitFor();
  });
});

/** The note stored for the entry with this title, read from the extension's IndexedDB in the popup's page. */
function storedNote(popup: Page, title: string): Promise<string | undefined> {
  return popup.evaluate(
    (t) =>
      new Promise<string | undefined>((ok, fail) => {
        const req = indexedDB.open('paper-radar-reading-list');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('readingList').objectStore('readingList').getAll();
          all.onsuccess = () => {
            db.close();
            ok((all.result as Array<{ title: string; note: string }>).find((e) => e.title === t)?.note);
          };
          all.onerror = () => fail(all.error);
        };
      }),
    title,
  );
}
