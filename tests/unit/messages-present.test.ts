import { describe, expect, it, vi } from 'vitest';
import { handle, MessageType, settingsChanged, type RouterDeps, type TabView } from '../../lib/messages';
import type { RankedPaper } from '../../lib/ranking/rank';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { memoryTabStore } from '../../lib/tab-state';

/**
 * Tabs keep the raw ranking; every view (badge, popup, panel) presents it with
 * the settings of the moment, so a settings change needs no page read again.
 */

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const URL_OF = (tab: number) => `https://example.org/page-${tab}`;
const cs = (tab: number) => ({ id: ID, url: URL_OF(tab), frameId: 0, tab: { id: tab, url: URL_OF(tab) } });
const popup = { id: ID, url: `${ORIGIN}popup.html` };

/**
 * A raw ranking, best first, with the ranking's calibrated flags: a and b strong. "Fewer" drops b (0.7 of the
 * best), "more" adds c (third, 0.65 of the best, two terms); d is within the reading list's reach of c.
 */
const RAW = [
  { id: 'a', title: 'A', score: 10, strong: true, matchedTerms: ['kv cache', 'eviction'], explanation: [] },
  { id: 'b', title: 'B', score: 7, strong: true, matchedTerms: ['kv cache', 'heavy hitters'], explanation: [] },
  { id: 'c', title: 'C', score: 6.5, strong: false, matchedTerms: ['kv cache', 'attention'], explanation: [] },
  { id: 'd', title: 'D', score: 6, strong: false, matchedTerms: ['cache'], explanation: [] },
] satisfies RankedPaper[];

function fakeDeps(initial: Partial<Settings> = {}) {
  const settings: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const deps = {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    rank: vi.fn(async () => structuredClone(RAW)),
    settings: vi.fn(async () => ({ ...settings })),
    readingListLikeness: vi.fn(async () => new Map([['d', 1]])),
    viewChanged: vi.fn(async () => {}),
    search: vi.fn(async () => []),
    papers: vi.fn(async (ids: readonly string[]) => ids.map((id) => ({ id, abstract: `About ${id}.` }))),
    tabs: memoryTabStore(),
    tabUrl: vi.fn(async (tab: number) => URL_OF(tab)),
    setBadge: vi.fn(async (_tab: number, _strong: number) => {}),
    isSitePaused: vi.fn(async () => false),
    setSitePaused: vi.fn(async () => {}),
    savePaper: vi.fn(async () => true),
    corpusChanged: vi.fn(async () => 4),
    now: vi.fn(() => 1_000),
  } satisfies RouterDeps;
  return { deps, settings };
}

const report = (deps: RouterDeps, tab: number) =>
  handle(
    { type: MessageType.CS_BG_REPORT_PAGE, page: { url: URL_OF(tab), title: 'KV', text: 'kv cache' } },
    cs(tab),
    deps,
  );
const papersOf = (reply: Awaited<ReturnType<typeof handle>>) => {
  const view = (reply as { ok: true; data: TabView }).data;
  return view.kind === 'ready' ? view.papers : [];
};
const popupView = async (deps: RouterDeps, tab: number) =>
  papersOf(await handle({ type: MessageType.UI_BG_GET_TAB, tabId: tab }, popup, deps));
const panelView = async (deps: RouterDeps, tab: number) =>
  papersOf(await handle({ type: MessageType.CS_BG_GET_RELATED }, cs(tab), deps));
const strongIds = (papers: Array<{ id: string; strong: boolean }>) => papers.filter((p) => p.strong).map((p) => p.id);

describe('a tab’s stored ranking', () => {
  it('is the raw ranking with its calibrated strong flags, whatever the sensitivity', async () => {
    for (const sensitivity of ['fewer', 'balanced', 'more'] as const) {
      const { deps } = fakeDeps({ sensitivity });
      await report(deps, 7);
      expect((await deps.tabs.get(7))?.related).toEqual(RAW);
    }
  });

  it('is badged, and the report answered, with the strong matches the current sensitivity counts', async () => {
    for (const [sensitivity, strong] of [
      ['fewer', 1],
      ['balanced', 2],
      ['more', 3],
    ] as const) {
      const { deps } = fakeDeps({ sensitivity });
      expect(await report(deps, 7)).toEqual({ ok: true, data: { strong, paused: false } });
      expect(deps.setBadge).toHaveBeenLastCalledWith(7, strong);
    }
  });
});

describe('views presented at read time', () => {
  it('follow a sensitivity chosen after the page was ranked, in the popup and the panel, without ranking again', async () => {
    const { deps, settings } = fakeDeps();
    await report(deps, 7);
    expect(strongIds(await popupView(deps, 7))).toEqual(['a', 'b']);
    settings.sensitivity = 'more';
    expect(strongIds(await popupView(deps, 7))).toEqual(['a', 'b', 'c']);
    expect(strongIds(await panelView(deps, 7))).toEqual(['a', 'b', 'c']);
    settings.sensitivity = 'fewer';
    expect((await panelView(deps, 7)).map((p) => [p.id, p.strong])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
      ['d', false],
    ]);
    expect(deps.rank).toHaveBeenCalledTimes(1);
  });

  it('let the reading list nudge the popup’s order only, and only when the setting is on', async () => {
    const { deps, settings } = fakeDeps();
    await report(deps, 7);
    const popupOrder = (await popupView(deps, 7)).map((p) => `${p.id}${p.likeSaved ? '+' : ''}`);
    expect(popupOrder).toEqual(['a', 'b', 'd+', 'c']);
    deps.readingListLikeness.mockClear();
    const panel = await panelView(deps, 7);
    expect(panel.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(panel.some((p) => 'likeSaved' in p)).toBe(false);
    // The content script's view never even asks for the reading list.
    expect(deps.readingListLikeness).not.toHaveBeenCalled();
    settings.readingList = false;
    expect((await popupView(deps, 7)).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(deps.readingListLikeness).not.toHaveBeenCalled();
  });
});

describe('settingsChanged', () => {
  it('badges every stored tab again from its stored ranking, without ranking or reading any page', async () => {
    const { deps, settings } = fakeDeps();
    await report(deps, 7);
    await report(deps, 8);
    const stored = await deps.tabs.all();
    deps.setBadge.mockClear();
    settings.sensitivity = 'fewer';
    await settingsChanged({ sensitivity: true }, deps);
    expect(deps.setBadge.mock.calls.sort()).toEqual([
      [7, 1],
      [8, 1],
    ]);
    settings.sensitivity = 'more';
    await settingsChanged({ sensitivity: true }, deps);
    expect(deps.setBadge).toHaveBeenLastCalledWith(expect.any(Number), 3);
    expect(deps.rank).toHaveBeenCalledTimes(2);
    expect(await deps.tabs.all()).toEqual(stored);
  });

  it('tells each stored tab’s content script its view changed when the sensitivity changed, and no one otherwise', async () => {
    const { deps } = fakeDeps();
    await report(deps, 7);
    await report(deps, 8);
    await settingsChanged({ sensitivity: false }, deps);
    expect(deps.viewChanged).not.toHaveBeenCalled();
    await settingsChanged({ sensitivity: true }, deps);
    expect(deps.viewChanged.mock.calls.sort()).toEqual([[7], [8]]);
  });

  it('ends with the badges of the last settings when two changes come quickly', async () => {
    const { deps, settings } = fakeDeps();
    await report(deps, 7);
    // The first change's badge is slow to apply; what the badge finally shows is what applied last.
    const shown = new Map<number, number>();
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    deps.setBadge.mockImplementationOnce(async (tab: number, n: number) => {
      await slow;
      shown.set(tab, n);
    });
    deps.setBadge.mockImplementation(async (tab: number, n: number) => void shown.set(tab, n));
    settings.sensitivity = 'more';
    const first = settingsChanged({ sensitivity: true }, deps);
    await new Promise((r) => setTimeout(r, 0));
    settings.sensitivity = 'fewer';
    const second = settingsChanged({ sensitivity: true }, deps);
    await new Promise((r) => setTimeout(r, 0));
    release();
    await Promise.all([first, second]);
    expect(shown.get(7)).toBe(1);
  });
});
