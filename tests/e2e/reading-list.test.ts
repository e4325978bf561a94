import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchedForSuite, openExtensionPage, openPopup, openTab, waitForTabResult, type Launched } from './extension';

const origin = inject('pagesOrigin');
const NOTE = 'Compare with the decompiler in chapter 3.';

const savedName = (title: string) => `Saved — remove “${title}” from reading list`;

/** The first related paper's title, as the popup shows it. */
async function firstRelatedTitle(popup: Page): Promise<string> {
  const first = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first();
  await first.waitFor();
  return (await first.getByRole('heading').textContent())!.trim();
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

describe('the full reading list page with many papers', () => {
  const ext = launchedForSuite({ waitForIndex: false });

  it('counts, tags, filters by tag, fills in missing authors, moves focus to Undo and exports tags', async () => {
    const page = await openExtensionPage(ext, 'reading-list.html');
    await page.getByLabel(/import backup/i).setInputFiles('tests/fixtures/export/hard-backup.json');
    const count = page.getByRole('heading', { level: 2 }).first();
    await expect.poll(() => count.textContent()).toBe('26 papers');

    // One main landmark holding the page, headings h1 → h2 → h3.
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reading list');
    const levels = await page.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels.every((l, i) => i === 0 || l - levels[i - 1]! <= 1)).toBe(true);

    const list = page.getByRole('list', { name: 'Reading list' });
    const item = (title: string) =>
      list.locator('li.rl-item').filter({ has: page.getByRole('heading', { name: title }) });

    // Tags: add one with Enter, filter by it from the tag bar, back to all.
    const vaswani = item('Attention Is All You Need');
    await vaswani.getByRole('textbox', { name: /Add a tag/ }).fill('transformers');
    await vaswani.getByRole('textbox', { name: /Add a tag/ }).press('Enter');
    const bar = page.getByRole('group', { name: 'Show papers by tag' });
    await bar.getByRole('button', { name: '#transformers 1' }).click();
    await expect.poll(() => list.locator('li.rl-item').count()).toBe(1);
    expect(await count.textContent()).toBe('1 of 26 papers');
    await bar.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => list.locator('li.rl-item').count()).toBe(26);

    // A paper without authors or year is marked, and filled in on the entry.
    expect(await vaswani.textContent()).toContain('Authors and year not recorded');
    await vaswani.getByRole('button', { name: 'Fill in' }).click();
    const form = page.getByRole('form', { name: 'Edit “Attention Is All You Need”' });
    await form.getByLabel('Authors, one per line').fill('Ashish Vaswani\nNoam Shazeer');
    await form.getByLabel('Year').fill('2017');
    await form.getByRole('button', { name: 'Save details' }).click();
    await expect.poll(() => vaswani.locator('.rl-byline').textContent()).toBe('Ashish Vaswani, Noam Shazeer · 2017');
    await page.screenshot({ path: 'tests/e2e/artifacts/reading-list-tags.png', fullPage: false });

    // The exported BibTeX carries the tags and the filled-in authors.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('group', { name: 'Export reading list' }).getByRole('button', { name: 'BibTeX' }).click(),
    ]);
    const bib = await readFile((await download.path())!, 'utf8');
    expect(bib).toContain('@misc{vaswani2017attention,');
    expect(bib).toMatch(/keywords\s+= \{transformers\}/);
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /^Exported/ })
        .textContent(),
    ).toBe('Exported 26 papers as reading-list.bib.');

    // Remove: focus goes to Undo, which puts the paper back.
    await vaswani.getByRole('button', { name: /^Remove “Attention Is All You Need”/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await expect.poll(() => count.textContent()).toBe('26 papers');
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
