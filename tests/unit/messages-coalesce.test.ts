import { describe, expect, it, vi } from 'vitest';
import { handle, MessageType, MIN_RANK_INTERVAL_MS, tabNavigated, type RouterDeps } from '../../lib/messages';
import type { Page } from '../../lib/page';
import type { RankedPaper } from '../../lib/ranking/rank';
import { memoryTabStore } from '../../lib/tab-state';
import { DEFAULT_SETTINGS } from '../../lib/settings';

/**
 * Reports coalesced per tab (issue 16, item 3): a page that reports a flood
 * of pages gets a few rankings, superseded reports are never ranked, and
 * another tab's popup is answered in its normal time.
 */

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const urlOf = (tab: number, p = 0) => `https://site${tab}.example/?p=${p}`;
const cs = (tab: number, p = 0) => ({ id: ID, url: urlOf(tab, p), frameId: 0, tab: { id: tab, url: urlOf(tab, p) } });
const popup = { id: ID, url: `${ORIGIN}popup.html` };
const RANKED = [{ id: 'h2o', title: 'H2O', score: 10, strong: true, matchedTerms: ['kv cache'] }] as RankedPaper[];

/** Busy-waits like a real ranking: the service worker's thread is taken for `ms`. */
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

function deps(rankMs = 20) {
  const current = new Map<number, string>();
  const d = {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    rank: vi.fn(async (_page: Page) => (busy(rankMs), RANKED)),
    settings: async () => DEFAULT_SETTINGS,
    search: vi.fn(async () => []),
    papers: vi.fn(async (ids: readonly string[]) => ids.map((id) => ({ id, abstract: `About ${id}.` }))),
    tabs: memoryTabStore(),
    tabUrl: vi.fn(async (tab: number) => current.get(tab) ?? urlOf(tab)),
    setBadge: vi.fn(async () => {}),
    isSitePaused: vi.fn(async () => false),
    setSitePaused: vi.fn(async () => {}),
    savePaper: vi.fn(async () => true),
    corpusChanged: vi.fn(async () => 1),
    now: () => Date.now(),
  } satisfies RouterDeps;
  return { d, current };
}

const report = (d: RouterDeps, tab: number, p: number) =>
  handle(
    { type: MessageType.CS_BG_REPORT_PAGE, page: { url: urlOf(tab, p), title: `p${p}`, text: 'kv cache' } },
    cs(tab, p),
    d,
  );

describe('coalesced reports', () => {
  it('ranks a burst of 100 reports from one tab a few times, answering every one', async () => {
    const { d, current } = deps();
    current.set(1, urlOf(1, 99));
    const replies = await Promise.all(Array.from({ length: 100 }, (_, p) => report(d, 1, p)));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(d.rank.mock.calls.length).toBeLessThanOrEqual(2);
    // The newest page is the one ranked and kept; the ones in between were superseded, never ranked.
    expect(d.rank.mock.calls.at(-1)![0]).toMatchObject({ url: urlOf(1, 99) });
    expect((await d.tabs.get(1))?.url).toBe(urlOf(1, 99));
  });

  it(`ranks one tab at most once per ${MIN_RANK_INTERVAL_MS} ms however often it reports`, async () => {
    const { d, current } = deps(1);
    const start = performance.now();
    const pending: Array<Promise<unknown>> = [];
    for (let p = 0; p < 60; p++) {
      current.set(1, urlOf(1, p));
      pending.push(report(d, 1, p));
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(pending);
    const seconds = (performance.now() - start) / 1000;
    expect(d.rank.mock.calls.length).toBeLessThanOrEqual(Math.ceil(seconds * (1000 / MIN_RANK_INTERVAL_MS)) + 1);
  });

  it("answers another tab's popup within one ranking while a tab floods reports", async () => {
    const { d, current } = deps(30);
    await report(d, 2, 0);
    let flooding = true;
    const flood = (async () => {
      for (let p = 1; flooding; p++) {
        current.set(1, urlOf(1, p));
        void report(d, 1, p);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    const view = await handle({ type: MessageType.UI_BG_GET_TAB, tabId: 2 }, popup, d);
    const took = performance.now() - started;
    flooding = false;
    await flood;
    expect(view).toMatchObject({ ok: true, data: { kind: 'ready' } });
    expect(took).toBeLessThan(100);
  });

  it('reads storage a few times, not once per change, for a tab whose URL changes 100 times at once', async () => {
    const { d } = deps();
    await report(d, 3, 0);
    const get = vi.spyOn(d.tabs, 'get');
    await Promise.all(Array.from({ length: 100 }, (_, p) => tabNavigated(3, urlOf(3, p + 1), d)));
    expect(get.mock.calls.length).toBeLessThanOrEqual(2);
    expect(await d.tabs.get(3)).toBeUndefined();
  });
});
