import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { badgeText, launchedForSuite, openPopup, openTab, readingListTitles, waitForTabResult } from './extension';

const origin = inject('pagesOrigin');

describe('the popup and the badge on real pages', () => {
  const ext = launchedForSuite();

  it('counts strong matches on the badge and lists SWE-PolyBench among the first three related papers', async () => {
    const { tabId } = await openTab(ext, `${origin}/swe-bench.html`);
    await waitForTabResult(ext.worker, tabId);
    await expect.poll(async () => Number(await badgeText(ext.worker, tabId))).toBeGreaterThanOrEqual(1);

    const popup = await openPopup(ext, tabId);
    const items = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    await items.first().waitFor();
    const firstThree = (await items.allTextContents()).slice(0, 3);
    expect(firstThree.some((t) => t.includes('SWE-PolyBench'))).toBe(true);
    await expect.poll(() => popup.locator('.paper mark').count()).toBeGreaterThan(0);
  });

  it('fits at least three related papers, whole, in the 600 px popup', async () => {
    const { tabId } = await openTab(ext, `${origin}/h2o.html`);
    await waitForTabResult(ext.worker, tabId);
    const popup = await openPopup(ext, tabId);
    const items = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    await items.nth(2).waitFor();
    const bottoms = await items.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    expect(bottoms.filter((b) => b <= 600).length).toBeGreaterThanOrEqual(3);
  });

  it('shows no badge on an unrelated page', async () => {
    const { tabId } = await openTab(ext, `${origin}/neg-express.html`);
    await waitForTabResult(ext.worker, tabId);
    expect(await badgeText(ext.worker, tabId)).toBe('');
  });

  it('finds MAG-SQL when typing "text-to-sql" in the search box', async () => {
    const { tabId } = await openTab(ext, `${origin}/neg-express.html`);
    const popup = await openPopup(ext, tabId);
    await popup.getByRole('searchbox', { name: 'Search all papers' }).pressSequentially('text-to-sql');
    const results = popup.getByRole('list', { name: 'Search results' });
    await expect.poll(() => results.textContent(), { timeout: 5_000 }).toContain('MAG-SQL');
  });

  it('says plainly that a browser page cannot be read', async () => {
    const { tabId } = await openTab(ext, 'about:blank');
    const popup = await openPopup(ext, tabId);
    await expect
      .poll(() => popup.getByRole('status').first().textContent(), { timeout: 5_000 })
      .toContain('can’t read this page');
  });

  it('does nothing on a paused site until it is resumed', async () => {
    const { page, tabId } = await openTab(ext, `${origin}/swe-bench.html?paused`);
    await waitForTabResult(ext.worker, tabId);
    const popup = await openPopup(ext, tabId);
    await popup.getByRole('button', { name: 'Pause on this site' }).click();
    await popup.getByText('Paper Radar is paused on').waitFor();
    expect(await badgeText(ext.worker, tabId)).toBe('');

    await page.reload();
    await page.waitForTimeout(1_500);
    expect(await badgeText(ext.worker, tabId)).toBe('');

    await popup.getByRole('button', { name: 'Resume on this site' }).first().click();
    await expect.poll(() => badgeText(ext.worker, tabId), { timeout: 10_000 }).not.toBe('');
  });

  it('orders papers like a saved one a little higher, says so, and stops when it is removed', async () => {
    const { tabId } = await openTab(ext, `${origin}/h2o.html`);
    await waitForTabResult(ext.worker, tabId);
    const related = (popup: Page) => popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    const similar = (popup: Page) => related(popup).filter({ hasText: 'Similar to papers you saved' });
    /** Finds MoDeGPT with the search box and presses its Save (or Saved — remove) button. */
    const toggleMoDeGPT = async (popup: Page, button: RegExp) => {
      await popup.getByRole('searchbox', { name: 'Search all papers' }).pressSequentially('MoDeGPT');
      const hit = popup
        .getByRole('list', { name: 'Search results' })
        .getByRole('listitem')
        .filter({ hasText: 'MoDeGPT' });
      await hit.getByRole('button', { name: button }).click();
      await popup.getByRole('searchbox', { name: 'Search all papers' }).press('Escape');
    };

    const before = await openPopup(ext, tabId);
    await related(before).first().waitFor();
    expect(await similar(before).count()).toBe(0);
    expect((await related(before).allTextContents()).some((t) => t.includes('EvoPress'))).toBe(false);
    await toggleMoDeGPT(before, /^Save “MoDeGPT/);
    await expect.poll(() => readingListTitles(ext.worker)).toContainEqual(expect.stringContaining('MoDeGPT'));
    await before.close();

    // MoDeGPT compresses language models: EvoPress, another compression paper, moves up into view and says why.
    const after = await openPopup(ext, tabId);
    await expect
      .poll(() => similar(after).allTextContents(), { timeout: 5_000 })
      .toContainEqual(expect.stringContaining('EvoPress'));
    await toggleMoDeGPT(after, /^Saved — remove/);
    await expect.poll(() => readingListTitles(ext.worker)).toEqual([]);
    await after.close();

    const removed = await openPopup(ext, tabId);
    await related(removed).first().waitFor();
    expect(await similar(removed).count()).toBe(0);
  });
});
