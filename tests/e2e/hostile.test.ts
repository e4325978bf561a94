import { describe, expect, inject, it } from 'vitest';
import { badgeText, launchedForSuite, openTab, readingListTitles, waitForTabResult, type Launched } from './extension';

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
