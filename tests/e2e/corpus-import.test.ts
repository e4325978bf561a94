import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generatePapers, type GeneratedPaper } from '../bench/generate';
import {
  launchedForSuite,
  openExtensionPage,
  openPopup,
  openTab,
  readingListTitles,
  waitForTabResult,
} from './extension';

const origin = inject('pagesOrigin');
const PAPERS = 10_000;
const SET = 'field-10k';

/** What a fresh popup's search box finds for `query`: the results' text, or its "No paper matches" line. */
async function searchTitles(popup: Page, query: string): Promise<string> {
  await popup.getByRole('searchbox', { name: 'Search all papers' }).fill(query);
  const answer = popup
    .getByRole('list', { name: 'Search results' })
    .or(popup.getByRole('status').filter({ hasText: 'No paper matches' }));
  await answer.waitFor({ timeout: 10_000 });
  return (await answer.textContent()) ?? '';
}

describe('importing 10,000 papers from the options page', () => {
  const ext = launchedForSuite();
  let dir: string;
  let file: string;
  let paper: GeneratedPaper;
  let coined: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const t0 = performance.now();
    const papers = [...generatePapers(PAPERS, { seed: 1 })];
    // A paper titled with the method name its abstract coins ("Kelvarix: …", "We introduce Kelvarix."): a word of its own.
    paper = papers.find(
      (p) => p.abstract.startsWith(`We introduce ${p.title.split(':')[0]}.`) && p.abstract.length < 1_500,
    )!;
    coined = paper.title.split(':')[0]!;
    dir = mkdtempSync(join(tmpdir(), 'paper-radar-import-'));
    file = join(dir, `${SET}.jsonl`);
    writeFileSync(file, papers.map((p) => JSON.stringify(p)).join('\n'));
    timings.generate = performance.now() - t0;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(
      'corpus-import E2E timings (ms):',
      JSON.stringify(timings, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v)),
    );
  });

  it('imports them with visible progress, keeps the reading list, and ranks and finds imported papers', async () => {
    // Save one bundled paper first: the import must leave it alone.
    const { tabId: blankTab } = await openTab(ext, `${origin}/neg-express.html`);
    const popup = await openPopup(ext, blankTab);
    await searchTitles(popup, 'text-to-sql');
    await popup
      .getByRole('button', { name: /^Save “MAG-SQL/ })
      .first()
      .click();
    await expect.poll(() => readingListTitles(ext.worker)).toEqual([expect.stringContaining('MAG-SQL')]);
    const savedBefore = await readingListTitles(ext.worker);

    const options = await openExtensionPage(ext, 'options.html');
    let t = performance.now();
    await options.getByLabel('File', { exact: true }).setInputFiles(file);
    await expect
      .poll(() => options.locator('.import-summary').textContent(), { timeout: 20_000 })
      .toContain('10,000 papers, 0 bad entries.');
    timings.validate = performance.now() - t;
    expect(await options.getByLabel('Name of the set').inputValue()).toBe(SET);

    t = performance.now();
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = options.getByRole('progressbar', { name: 'Import progress' });
    const seen = new Set<number>();
    const deadline = Date.now() + 45_000;
    let status = '';
    while (Date.now() < deadline) {
      const value = await progress.getAttribute('value', { timeout: 100 }).catch(() => null);
      if (value !== null) seen.add(Number(value));
      status = (await options.getByRole('status').textContent()) ?? '';
      if (status.startsWith('Imported') || (await options.getByRole('alert').count())) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    timings.import = performance.now() - t;
    expect(await options.getByRole('alert').count()).toBe(0);
    expect(status).toContain(`Imported 10,000 papers as “${SET}”`);
    expect([...seen].some((v) => v > 0 && v < PAPERS)).toBe(true);
    expect(seen.has(PAPERS)).toBe(true);
    expect(await options.locator('.import-progress').textContent()).toContain('10,000 of 10,000 papers');
    await expect
      .poll(() => options.getByRole('list', { name: 'Imported sets' }).textContent())
      .toContain(`${SET}: 10,000 papers`);
    await expect.poll(() => options.locator('.corpus dd').last().textContent()).toContain('10,000 imported');

    expect(await readingListTitles(ext.worker)).toEqual(savedBefore);

    // A page built from one imported paper's title and abstract ranks that paper.
    t = performance.now();
    const url = `${origin}/article-from-query.html?${new URLSearchParams({ title: paper.title, text: paper.abstract })}`;
    const { tabId } = await openTab(ext, url);
    await waitForTabResult(ext.worker, tabId);
    const related = await openPopup(ext, tabId);
    const items = related.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    await items.first().waitFor();
    expect((await items.allTextContents()).slice(0, 3).some((text) => text.includes(paper.title))).toBe(true);
    expect(await searchTitles(related, coined)).toContain(paper.title);
    timings.rankAndSearch = performance.now() - t;

    // Removing the set takes its papers out of search; the bundled corpus and the reading list stay.
    t = performance.now();
    await options.getByRole('button', { name: `Remove ${SET}` }).click();
    await expect
      .poll(() => options.getByRole('status').textContent(), { timeout: 20_000 })
      .toContain(`Removed “${SET}” (10,000 papers)`);
    timings.remove = performance.now() - t;
    expect(await options.getByText('No imported papers.').count()).toBe(1);
    expect(await searchTitles(await openPopup(ext, blankTab), 'text-to-sql')).toContain('MAG-SQL');
    expect(await searchTitles(await openPopup(ext, blankTab), coined)).not.toContain(paper.title);
    expect(await readingListTitles(ext.worker)).toEqual(savedBefore);
  });
});
