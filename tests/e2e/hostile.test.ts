import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ClosedShadow } from './closed-shadow';
import {
  badgeText,
  launchedForSuite,
  openPopup,
  openTab,
  readingListTitles,
  waitForTabResult,
  type Launched,
} from './extension';

const origin = inject('pagesOrigin');

interface Found {
  postMessages: number;
  events: number;
  pushes: number;
  leaked: string[];
  heard: string[];
}

/** What the background keeps for a tab, as plain JSON (storage.session). */
async function tabState(ext: Launched, tabId: number): Promise<string> {
  return ext.worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    const stored = (await chrome.storage.session.get(key))[key] as { related?: Array<{ id: string }> } | undefined;
    return JSON.stringify((stored?.related ?? []).map((r) => r.id));
  }, tabId);
}

async function tabIdByPath(ext: Launched, path: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const id = await ext.worker.evaluate(async (p) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url && new URL(t.url).pathname === p)?.id;
    }, path);
    if (typeof id === 'number') return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab shows ${path}`);
}

declare const chrome: {
  tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> };
  storage: { session: { get(key: string): Promise<Record<string, unknown>> }; local: { get(): Promise<object> } };
};

describe('a hostile page', () => {
  const ext = launchedForSuite();

  it('changes nothing by spamming postMessage, custom events and history changes', async () => {
    const quiet = await openTab(ext, `${origin}/kv-article.html`);
    await waitForTabResult(ext.worker, quiet.tabId);
    const quietBadge = await badgeText(ext.worker, quiet.tabId);
    expect(Number(quietBadge)).toBeGreaterThanOrEqual(1);
    const localBefore = JSON.stringify(await ext.worker.evaluate(() => chrome.storage.local.get()));

    // The hostile page rewrites its own URL, so find its tab by path rather than by exact URL.
    const hostilePage = await ext.context.newPage();
    await hostilePage.goto(`${origin}/hostile.html`);
    const hostile = { page: hostilePage, tabId: await tabIdByPath(ext, '/hostile.html') };
    await hostile.page.waitForFunction(
      () => (window as unknown as { __hostile: Found }).__hostile?.postMessages >= 400,
      undefined,
      { timeout: 20_000 },
    );
    await waitForTabResult(ext.worker, hostile.tabId);
    await hostile.page.waitForTimeout(1_000);
    const found = await hostile.page.evaluate(() => (window as unknown as { __hostile: Found }).__hostile);

    expect(found.events).toBeGreaterThan(0);
    expect(found.leaked).toEqual([]);
    expect(found.heard).toEqual([]);
    expect(await badgeText(ext.worker, hostile.tabId)).toBe(quietBadge);
    const quietRelated = await tabState(ext, quiet.tabId);
    expect(JSON.parse(quietRelated).length).toBeGreaterThan(0);
    expect(await tabState(ext, hostile.tabId)).toBe(quietRelated);
    expect(await readingListTitles(ext.worker)).toEqual([]);
    expect(JSON.stringify(await ext.worker.evaluate(() => chrome.storage.local.get()))).toBe(localBefore);
  });

  it('has no extension API to call: chrome.runtime is not exposed to the page', async () => {
    const { page } = await openTab(ext, `${origin}/kv-article.html`);
    const exposed = await page.evaluate(() => {
      const c = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      return typeof c?.runtime?.sendMessage;
    });
    expect(exposed).toBe('undefined');
  });
});

const HOST = 'paper-radar-panel';

/** The URL the background last ranked for a tab ('' when none). */
async function rankedUrl(ext: Launched, tabId: number): Promise<string> {
  return ext.worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    return ((await chrome.storage.session.get(key))[key] as { url?: string } | undefined)?.url ?? '';
  }, tabId);
}

/** Opens a page, waits for its ranking and expands its panel; returns the page, its tab and the panel. */
async function expandedPanel(ext: Launched, url: string): Promise<{ page: Page; tabId: number; panel: ClosedShadow }> {
  const { page, tabId } = await openTab(ext, url);
  await waitForTabResult(ext.worker, tabId);
  const panel = await ClosedShadow.of(page, HOST);
  await expect.poll(() => panel.text(), { timeout: 10_000 }).toMatch(/related paper/);
  await panel.click((await panel.text()).split('\n')[0]!.trim());
  await expect.poll(() => panel.text()).toContain('Pause on this site');
  return { page, tabId, panel };
}

describe('a page attacking the reader and the panel (issue 16)', () => {
  const ext = launchedForSuite();

  it('keeps reading and keeps its panel after forged WXT restart and location-change events', async () => {
    const { page, tabId } = await openTab(ext, `${origin}/kv-article.html?forged`);
    await waitForTabResult(ext.worker, tabId);
    const panel = await ClosedShadow.of(page, HOST);
    await expect.poll(() => panel.mode(), { timeout: 10_000 }).toBe('closed');
    await page.evaluate((id) => {
      document.dispatchEvent(
        new CustomEvent(`${id}:page-reader:wxt:content-script-started`, {
          detail: { contentScriptName: 'page-reader', messageId: 'forged' },
        }),
      );
      for (let i = 0; i < 500; i++) window.dispatchEvent(new Event(`${id}:page-reader:wxt:locationchange`));
    }, ext.extensionId);
    await page.waitForTimeout(1_500);
    expect(await panel.mode()).toBe('closed');
    // Still reading: a real single-page navigation is reported and ranked.
    await page.evaluate(() => history.pushState({}, '', '?forged=2'));
    await expect.poll(() => rankedUrl(ext, tabId), { timeout: 10_000 }).toContain('forged=2');
  });

  it('reads a page whose form clobbers the browser global', async () => {
    const { page, tabId } = await openTab(ext, `${origin}/clobbered.html`);
    await waitForTabResult(ext.worker, tabId);
    await expect.poll(async () => Number(await badgeText(ext.worker, tabId))).toBeGreaterThanOrEqual(1);
    const panel = await ClosedShadow.of(page, HOST);
    await expect.poll(() => panel.mode(), { timeout: 10_000 }).toBe('closed');
  });

  it('saves nothing when the page moves the panel into a transparent layer over a decoy and the user clicks', async () => {
    const { page, panel } = await expandedPanel(ext, `${origin}/kv-article.html?clickjack`);
    await page.evaluate((host) => {
      const decoy = document.createElement('button');
      decoy.textContent = 'Claim your prize';
      decoy.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;font-size:40px';
      const layer = document.createElement('div');
      layer.style.cssText = 'position:fixed;inset:0;opacity:0;z-index:2147483647';
      document.body.append(decoy, layer);
      layer.append(document.querySelector(host)!);
    }, HOST);
    await panel.click('Save: ');
    await panel.click('Pause on this site');
    await page.waitForTimeout(1_500);
    expect(await readingListTitles(ext.worker)).toEqual([]);
    expect(await panel.text()).not.toContain('Saved');
  });

  it('saves nothing when a layer the clicks pass through hides the panel', async () => {
    const { page, panel } = await expandedPanel(ext, `${origin}/kv-article.html?covered`);
    await page.evaluate(() => {
      const cover = document.createElement('div');
      cover.textContent = 'Nothing to see here';
      cover.style.cssText =
        'position:fixed;inset:0;background:white;pointer-events:none;z-index:2147483647;font-size:40px';
      document.documentElement.append(cover);
    });
    await page.waitForTimeout(500); // IntersectionObserver v2 reports visibility at most every 100 ms
    await panel.click('Save: ');
    await page.waitForTimeout(1_000);
    expect(await readingListTitles(ext.worker)).toEqual([]);
  });

  it('lets window.find see neither the panel titles nor whether a paper was saved', async () => {
    const { page, panel } = await expandedPanel(ext, `${origin}/kv-article.html?find`);
    await panel.click('Save: ');
    await expect.poll(() => readingListTitles(ext.worker)).toHaveLength(1);
    const [title] = await readingListTitles(ext.worker);
    await expect.poll(() => panel.text()).toContain('Saved');
    const found = await page.evaluate((t) => {
      // Non-standard, but Chromium has it (and it searches closed shadow roots).
      const find = (text: string) => (window as unknown as { find(s: string): boolean }).find(text);
      const result = { saved: find('Saved'), title: find(t.slice(0, 30)), own: false };
      // The page's own text is findable, so the probe works.
      result.own = find('Squeezing the KV cache');
      return result;
    }, title!);
    expect(found).toEqual({ saved: false, title: false, own: true });
  });

  it("keeps another tab's popup showing its results within 2 s while one tab pushes history 100 times a second", async () => {
    const quiet = await openTab(ext, `${origin}/kv-article.html?quiet`);
    await waitForTabResult(ext.worker, quiet.tabId);
    const flood = await ext.context.newPage();
    await flood.goto(`${origin}/swe-bench.html`);
    await flood.evaluate(() => {
      let i = 0;
      setInterval(() => history.pushState({}, '', `?p=${i++}`), 10);
    });
    await flood.waitForTimeout(3_000);
    const started = Date.now();
    const popup = await openPopup(ext, quiet.tabId);
    await popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first().waitFor({ timeout: 2_000 });
    const took = Date.now() - started;
    console.log(`popup of a quiet tab during a 100/s pushState flood: ${took} ms`);
    expect(took).toBeLessThan(2_000);
    await flood.close();
  });
});
