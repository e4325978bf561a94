import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generatePapers, type GeneratedPaper } from '../bench/generate';
import {
  launchedForSuite,
  openExtensionPage,
  openPopup,
  openTab,
  readingListTitles,
  saveFirstRelated,
  searchTitles,
  waitForTabResult,
  watchImport,
  type SuiteExtension,
} from './extension';

const origin = inject('pagesOrigin');
const PAPERS = 10_000;
const SET = 'field-10k';

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

  it(
    'imports them with visible progress, keeps the reading list, and ranks and finds imported papers',
    { timeout: 300_000 },
    async () => {
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
      // Two readings of the file (validate, then write) and the index build: generous on a shared 2-core machine.
      const { seen, status } = await watchImport(options, 150_000);
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
    },
  );
});

/** The real corpus next to the repository, when there (shared-data: optional: the suite skips itself without it); never copied into the tests. */
const REAL_CORPUS = resolve('../shared/corpus/arxiv-cs-2025.jsonl.gz');
const REAL_PAPERS = 74_728;
const REAL_SET = 'arxiv-cs-2025';
const haveRealCorpus = existsSync(REAL_CORPUS);
if (!haveRealCorpus) {
  console.warn(`corpus-import E2E: skipping the 74,728-paper import — ${REAL_CORPUS} is absent`);
}

/** The ids the background ranked for a tab, from its stored tab state. */
function relatedIds(ext: SuiteExtension, tabId: number): Promise<string[]> {
  return ext.worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    const state = (await chrome.storage.session.get(key))[key] as { related?: Array<{ id: string }> } | undefined;
    return (state?.related ?? []).map((r) => r.id);
  }, tabId);
}
declare const chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };

describe.skipIf(!haveRealCorpus)('importing the real arXiv listing (74,728 papers) from the options page', () => {
  const ext = launchedForSuite();
  const timings: Record<string, number> = {};
  afterAll(() => {
    console.log(
      'real-corpus import E2E timings (ms):',
      JSON.stringify(timings, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v)),
      `file ${(statSync(REAL_CORPUS).size / 1024 / 1024).toFixed(1)} MB gzip`,
    );
  });

  it('previews the gzip file, imports it with a moving progress bar, ranks imported papers (authors and year on the cards), adds nothing the second time, and removes back to the bundled corpus with the reading list untouched', async () => {
    // A paper saved before the import must be there, unchanged, after import, re-import and removal.
    const { title: savedTitle } = await saveFirstRelated(ext, `${origin}/scholarly.html`);
    const options = await openExtensionPage(ext, 'options.html');
    let t = performance.now();
    await options.getByLabel('File', { exact: true }).setInputFiles(REAL_CORPUS);
    await expect
      .poll(() => options.locator('.import-summary').textContent(), { timeout: 180_000, interval: 500 })
      .toContain(`${REAL_PAPERS.toLocaleString('en')} papers, 0 bad entries.`);
    expect(await options.locator('.import-format').textContent()).toBe('Format: arXiv listing (JSON Lines), gzip.');
    expect(await options.getByLabel('Name of the set').inputValue()).toBe(REAL_SET);
    timings.validate = performance.now() - t;

    t = performance.now();
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    expect(await options.getByRole('button', { name: 'Cancel import' }).count()).toBe(1);
    const { seen, status, wroteAfter } = await watchImport(options, 1_500_000);
    if (wroteAfter !== undefined) timings.write = wroteAfter;
    timings.import = performance.now() - t;
    expect(await options.getByRole('alert').count()).toBe(0);
    expect(status).toContain(`Imported ${REAL_PAPERS.toLocaleString('en')} papers as “${REAL_SET}”`);
    const moving = [...seen].filter((v) => v > 0 && v < REAL_PAPERS);
    expect(moving.length).toBeGreaterThan(2);
    expect(seen.has(REAL_PAPERS)).toBe(true);
    await expect
      .poll(() => options.locator('.corpus dd').last().textContent(), { timeout: 30_000 })
      .toContain(`${REAL_PAPERS.toLocaleString('en')} imported`);

    // An arXiv abstract page (citation_* tags) about speculative decoding: its related papers now come from the import.
    t = performance.now();
    const { tabId } = await openTab(ext, `${origin}/scholarly.html`);
    await waitForTabResult(ext.worker, tabId, 120_000);
    const ids = await relatedIds(ext, tabId);
    expect(ids.some((id) => id.startsWith(`import-${REAL_SET}-`))).toBe(true);
    const popup = await openPopup(ext, tabId);
    const items = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    await items.first().waitFor({ timeout: 60_000 });
    expect(await items.count()).toBeGreaterThan(0);
    // Imported papers carry their authors and year onto the cards (the bundled ones have none, so no meta line).
    const meta = await popup.locator('.paper-meta').first().textContent({ timeout: 10_000 });
    expect(meta).toMatch(/^[^·]+ · (19|20)\d\d · /);
    timings.rank = performance.now() - t;

    // The same file again: checked, then nothing added.
    t = performance.now();
    await options.getByLabel('File', { exact: true }).setInputFiles(REAL_CORPUS);
    await expect
      .poll(() => options.locator('.import-summary').textContent(), { timeout: 180_000, interval: 500 })
      .toContain(`${REAL_PAPERS.toLocaleString('en')} papers, 0 bad entries.`);
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => options.locator('.import-status').textContent(), { timeout: 600_000, interval: 1_000 })
      .toContain('Nothing added');
    await expect
      .poll(() => options.locator('.corpus dd').last().textContent())
      .toContain(`${REAL_PAPERS.toLocaleString('en')} imported`);
    timings.reimport = performance.now() - t;

    // Removing the set returns to exactly the bundled corpus: 75 papers, and a page ranks none of the imported ones.
    t = performance.now();
    await options.getByRole('button', { name: `Remove ${REAL_SET}` }).click();
    await expect
      .poll(() => options.locator('.corpus dd').last().textContent(), { timeout: 300_000, interval: 1_000 })
      .toBe('75');
    const again = await openTab(ext, `${origin}/scholarly.html?after-removal`);
    await waitForTabResult(ext.worker, again.tabId, 120_000);
    const after = await relatedIds(ext, again.tabId);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((id) => id.startsWith('import-'))).toEqual([]);
    timings.remove = performance.now() - t;

    expect(await readingListTitles(ext.worker)).toEqual([savedTitle]);
  }, 2_400_000);
});

describe('importing a BibTeX library into the reading list', () => {
  const ext = launchedForSuite();

  it('shows its five entries, and importing it again adds none', async () => {
    const page = await openExtensionPage(ext, 'reading-list.html');
    const input = page.getByLabel('Import BibTeX or CSL-JSON');
    const summary = page.getByRole('status', { name: 'Reference import' });
    await input.setInputFiles('tests/fixtures/formats/references.bib');
    await expect
      .poll(() => summary.textContent(), { timeout: 20_000 })
      .toBe('references.bib: 5 added, 0 already saved, 1 skipped: not a readable BibTeX entry.');
    await expect.poll(() => readingListTitles(ext.worker)).toHaveLength(5);
    await expect.poll(() => page.locator('.rl-panel li').count()).toBeGreaterThanOrEqual(5);

    await input.setInputFiles('tests/fixtures/formats/references.bib');
    await expect
      .poll(() => summary.textContent(), { timeout: 20_000 })
      .toBe('references.bib: 0 added, 5 already saved, 1 skipped: not a readable BibTeX entry.');
    expect(await readingListTitles(ext.worker)).toHaveLength(5);
  });
});
