import { describe, expect, inject, it } from 'vitest';
import { badgeText, launchedForSuite, openPopup, openTab, waitForTabResult } from './extension';

const origin = inject('pagesOrigin');

describe('the popup and the badge on real pages', () => {
  const ext = launchedForSuite();

  it('counts strong matches on the badge and lists SWE-PolyBench among the first three related papers', async () => {
    const { tabId } = await openTab(ext, `${origin}/swe-bench.html`);
    await waitForTabResult(ext.worker, tabId);
    expect(Number(await badgeText(ext.worker, tabId))).toBeGreaterThanOrEqual(1);

    const popup = await openPopup(ext, tabId);
    const items = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    await items.first().waitFor();
    const firstThree = (await items.allTextContents()).slice(0, 3);
    expect(firstThree.some((t) => t.includes('SWE-PolyBench'))).toBe(true);
    await expect.poll(() => popup.locator('.paper mark').count()).toBeGreaterThan(0);
    await popup.screenshot({ path: 'assets/screenshot-popup.png' });
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
});
