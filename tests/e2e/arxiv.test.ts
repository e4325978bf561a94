import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchedForSuite, openExtensionPage, openPopup, openTab, readingListTitles, tabIdFor } from './extension';

const origin = inject('pagesOrigin');
const CORPUS = resolve('tests/fixtures/search/arxiv-corpus.jsonl');
const KVPRESS = 'KVPress: Evicting the Key-Value Cache of Long-Context Language Models by Attention Scores';

/** The smallest PDF a viewer opens: one empty page. */
const PDF = `%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj
trailer<</Root 1 0 R>>
%%EOF
`;

/** What a popup's search box finds for `query`: the results' text, or its "No paper matches" line. */
async function search(popup: Page, query: string): Promise<string> {
  const box = popup.getByRole('searchbox', { name: 'Search all papers' });
  // Clear first, so the answer awaited below is this query's and not the one before.
  await box.fill('');
  await popup.getByRole('list', { name: 'Search results' }).waitFor({ state: 'detached' });
  await box.fill(query);
  const answer = popup
    .getByRole('list', { name: 'Search results' })
    .or(popup.getByRole('status').filter({ hasText: 'No paper matches' }));
  await answer.waitFor({ timeout: 10_000 });
  return (await answer.textContent()) ?? '';
}

describe('arXiv addresses and search, with an imported corpus that has authors and arXiv ids', () => {
  const ext = launchedForSuite();

  beforeAll(async () => {
    // arxiv.org is out of reach offline: serve a tiny PDF and abstract page in its place.
    await ext.context.route('https://arxiv.org/**', (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.startsWith('/pdf/')) return route.fulfill({ contentType: 'application/pdf', body: PDF });
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>arXiv ${url.pathname}</title><h1>Abstract page</h1>`,
      });
    });
    const options = await openExtensionPage(ext, 'options.html');
    await options.getByLabel('File', { exact: true }).setInputFiles(CORPUS);
    await options.locator('.import-summary').filter({ hasText: '3 papers' }).waitFor({ timeout: 20_000 });
    await options.getByLabel('Name of the set').fill('arxiv-e2e');
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await options.getByRole('status').filter({ hasText: 'Imported 3' }).waitFor({ timeout: 30_000 });
    await options.close();
  });

  it('identifies the paper of an arxiv.org/pdf address, offers Save and shows related papers', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/pdf/2503.15879v2');
    const tabId = await tabIdFor(ext.worker, 'https://arxiv.org/pdf/2503.15879v2');
    const popup = await openPopup(ext, tabId);
    const self = popup.getByRole('list', { name: 'This paper' }).getByRole('listitem');
    await expect.poll(() => self.textContent(), { timeout: 10_000 }).toContain(KVPRESS);
    expect(await self.textContent()).toContain('Mirela Stanković, Jonas Okafor, Priya Raman et al. · 2025');
    const related = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    expect(await related.count()).toBeGreaterThan(0);
    expect(await related.allTextContents()).not.toContainEqual(expect.stringContaining(KVPRESS));
    // Ranked by the paper's abstract: the bundled KV-cache papers come first.
    expect((await related.first().textContent())?.toLowerCase()).toContain('kv cache');
    await self.getByRole('button', { name: `Save “${KVPRESS}”` }).click();
    await expect.poll(() => readingListTitles(ext.worker)).toContainEqual(KVPRESS);
  });

  it('offers to save an arXiv PDF the corpus lacks, and says why nothing is related', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/pdf/2501.00001');
    const popup = await openPopup(ext, await tabIdFor(ext.worker, 'https://arxiv.org/pdf/2501.00001'));
    await popup.getByText('arXiv:2501.00001 is not in your corpus', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await popup.getByRole('button', { name: 'Save “arXiv:2501.00001”' }).count()).toBe(1);
  });

  it('finds a paper by its arXiv id or address in the search box', async () => {
    const { tabId } = await openTab(ext, `${origin}/neg-express.html`);
    const popup = await openPopup(ext, tabId);
    expect(await search(popup, '2503.15879')).toContain(KVPRESS);
    expect(await search(popup, 'arXiv:2502.01234v1')).toContain('Draft Trees for Faster Speculative Decoding');
    expect(await search(popup, 'https://arxiv.org/abs/2406.07777')).toContain('Neural Decompilation');
    expect(await search(popup, '2599.99999')).toContain('No paper matches');
  });

  it('finds an author’s papers by name, and says when no paper matches one', async () => {
    const { tabId } = await openTab(ext, `${origin}/neg-express.html`);
    const popup = await openPopup(ext, tabId);
    const okafor = await search(popup, 'Jonas Okafor');
    expect(okafor).toContain(KVPRESS);
    expect(okafor).toContain('Draft Trees for Faster Speculative Decoding');
    expect(await popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').count()).toBe(2);
    expect(await search(popup, 'stankovic')).toContain(KVPRESS);
    expect(await search(popup, 'Geoffrey Hinton')).toContain('No paper matches “Geoffrey Hinton”');
  });

  it('finds decoding papers despite a typo ("decodng")', async () => {
    const { tabId } = await openTab(ext, `${origin}/neg-express.html`);
    const popup = await openPopup(ext, tabId);
    await search(popup, 'decodng');
    const found = await popup.getByRole('list', { name: 'Search results' }).getByRole('heading').allTextContents();
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.slice(0, 3).every((t) => /decod/i.test(t))).toBe(true);
  });
});
