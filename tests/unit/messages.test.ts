import { describe, expect, it, vi } from 'vitest';
import {
  ALLOWED,
  handle,
  MessageType,
  senderKind,
  tabNavigated,
  type MessageInput,
  type RouterDeps,
  type Sender,
  type SenderKind,
} from '../../lib/messages';
import { termsOf } from '../../lib/highlight';
import type { RankedPaper } from '../../lib/ranking/rank';
import { memoryTabStore } from '../../lib/tab-state';
import { DEFAULT_SETTINGS } from '../../lib/settings';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

const SENDERS: Record<string, { sender: Sender | undefined; kind: SenderKind }> = {
  'a content script on a web page': {
    sender: { id: ID, url: 'https://arxiv.org/abs/1', frameId: 0, tab: { id: 7, url: 'https://arxiv.org/abs/1' } },
    kind: 'content-script',
  },
  'the popup': { sender: { id: ID, url: `${ORIGIN}popup.html` }, kind: 'extension-page' },
  'an extension page in a tab': {
    sender: { id: ID, url: `${ORIGIN}popup.html?tabId=7`, frameId: 0, tab: { id: 9 } },
    kind: 'extension-page',
  },
  'another extension': {
    sender: { id: 'zzzzzzzz', url: 'chrome-extension://zzzzzzzz/x.html', tab: { id: 7 } },
    kind: 'foreign',
  },
  'a content script in a sub-frame': {
    sender: { id: ID, url: 'https://ads.example/frame', frameId: 3, tab: { id: 7 } },
    kind: 'none',
  },
  'no sender': { sender: undefined, kind: 'none' },
};

const page = { url: 'https://arxiv.org/abs/1', title: 'KV cache eviction', text: 'heavy hitters' };
const MESSAGES: Record<MessageType, MessageInput> = {
  [MessageType.CS_BG_REPORT_PAGE]: { type: MessageType.CS_BG_REPORT_PAGE, page },
  [MessageType.CS_BG_GET_RELATED]: { type: MessageType.CS_BG_GET_RELATED },
  [MessageType.CS_BG_SAVE_PAPER]: { type: MessageType.CS_BG_SAVE_PAPER, paperId: 'h2o' },
  [MessageType.CS_BG_PAUSE_SITE]: { type: MessageType.CS_BG_PAUSE_SITE },
  [MessageType.UI_BG_GET_TAB]: { type: MessageType.UI_BG_GET_TAB, tabId: 7 },
  [MessageType.UI_BG_SEARCH]: { type: MessageType.UI_BG_SEARCH, query: 'kv cache' },
  [MessageType.UI_BG_SET_SITE_PAUSED]: { type: MessageType.UI_BG_SET_SITE_PAUSED, site: 'arxiv.org', paused: true },
  [MessageType.UI_BG_CORPUS_CHANGED]: { type: MessageType.UI_BG_CORPUS_CHANGED },
};

const RANKED = [
  {
    id: 'h2o',
    title: 'H2O: Heavy-Hitter Oracle',
    score: 10,
    strong: true,
    matchedTerms: ['heavy hitters', 'kv cache'],
  },
  { id: 'lora', title: 'LoRA', score: 2, strong: false, matchedTerms: ['cache'] },
] as RankedPaper[];

function fakeDeps(overrides: Partial<RouterDeps> = {}) {
  const paused = new Set<string>();
  const deps = {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    rank: vi.fn(async () => RANKED),
    settings: vi.fn(async () => ({ ...DEFAULT_SETTINGS })),
    search: vi.fn(async () => [{ id: 'h2o', title: 'H2O: Heavy-Hitter Oracle', score: 3, terms: ['kv', 'cach'] }]),
    papers: vi.fn(async (ids: readonly string[]) =>
      ids.map((id) => ({ id, abstract: `Abstract of ${id}: the KV cache grows.`, codeUrl: 'https://github.com/x/y' })),
    ),
    tabs: memoryTabStore(),
    tabUrl: vi.fn(async () => 'https://arxiv.org/abs/1'),
    setBadge: vi.fn(async () => {}),
    isSitePaused: vi.fn(async (site: string) => paused.has(site)),
    setSitePaused: vi.fn(async (site: string, p: boolean) => void (p ? paused.add(site) : paused.delete(site))),
    savePaper: vi.fn(async (id: string) => id === 'h2o'),
    corpusChanged: vi.fn(async () => 10_075),
    now: () => 1_000,
    ...overrides,
  } satisfies RouterDeps;
  return deps;
}

describe('senderKind', () => {
  for (const [name, { sender, kind }] of Object.entries(SENDERS)) {
    it(`classifies ${name} as ${kind}`, () => {
      expect(senderKind(sender, ID, ORIGIN)).toBe(kind);
    });
  }
});

describe('handle', () => {
  describe('who may send what', () => {
    for (const [name, { sender, kind }] of Object.entries(SENDERS)) {
      for (const type of Object.values(MessageType)) {
        const allowed = ALLOWED[kind].includes(type);
        it(`${allowed ? 'answers' : 'refuses'} ${type} from ${name}`, async () => {
          const deps = fakeDeps();
          const reply = await handle(MESSAGES[type], sender, deps);
          expect(reply.ok).toBe(allowed);
          if (!allowed) {
            expect(reply).toMatchObject({ error: expect.stringContaining('not allowed') });
            expect(deps.rank).not.toHaveBeenCalled();
            expect(deps.setBadge).not.toHaveBeenCalled();
            expect(deps.setSitePaused).not.toHaveBeenCalled();
            expect(deps.savePaper).not.toHaveBeenCalled();
            expect(deps.corpusChanged).not.toHaveBeenCalled();
            expect(await deps.tabs.all()).toEqual(new Map());
          }
        });
      }
    }
  });

  describe('malformed messages', () => {
    const cs = SENDERS['a content script on a web page']!.sender;
    const bad: Array<[string, unknown]> = [
      ['nothing', undefined],
      ['a string', 'hello'],
      ['an unknown type', { type: 'cs-bg-delete-everything' }],
      ['a page over the text cap', { type: MessageType.CS_BG_REPORT_PAGE, page: { text: 'x'.repeat(100_001) } }],
      ['a tab id in the body', { type: MessageType.CS_BG_REPORT_PAGE, page, tabId: 3 }],
      ['a negative tab id', { type: MessageType.UI_BG_GET_TAB, tabId: -1 }],
      ['a site with a path', { type: MessageType.UI_BG_SET_SITE_PAUSED, site: 'a.com/x', paused: true }],
      ['a site named by the panel', { type: MessageType.CS_BG_PAUSE_SITE, site: 'example.com' }],
      ['a whole paper to save', { type: MessageType.CS_BG_SAVE_PAPER, paperId: 'h2o', title: 'Mine', abstract: 'x' }],
      ['an empty paper id', { type: MessageType.CS_BG_SAVE_PAPER, paperId: '' }],
    ];
    for (const [name, message] of bad) {
      it(`replies with an error and changes nothing for ${name}`, async () => {
        const deps = fakeDeps();
        const reply = await handle(message, cs, deps);
        expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('malformed') });
        expect(deps.rank).not.toHaveBeenCalled();
        expect(deps.setBadge).not.toHaveBeenCalled();
        expect(await deps.tabs.all()).toEqual(new Map());
      });
    }
  });

  describe(MessageType.CS_BG_REPORT_PAGE, () => {
    const cs = SENDERS['a content script on a web page']!.sender;

    it('ranks the page, keeps the result for the sender’s tab and badges the strong matches', async () => {
      const deps = fakeDeps();
      const reply = await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], cs, deps);
      expect(reply).toEqual({ ok: true, data: { strong: 1, paused: false } });
      expect(deps.setBadge).toHaveBeenCalledWith(7, 1);
      expect((await deps.tabs.get(7))?.related).toEqual(RANKED);
    });

    it('ranks nothing and clears the badge when the site is paused', async () => {
      const deps = fakeDeps();
      await deps.setSitePaused('arxiv.org', true);
      const reply = await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], cs, deps);
      expect(reply).toEqual({ ok: true, data: { strong: 0, paused: true } });
      expect(deps.rank).not.toHaveBeenCalled();
      expect(deps.setBadge).toHaveBeenCalledWith(7, 0);
    });

    it('keeps no results and sets no badge when the tab moved on or closed while the page was ranked', async () => {
      for (const later of [async () => 'https://arxiv.org/abs/2', async () => Promise.reject(new Error('no tab'))]) {
        const deps = fakeDeps({ tabUrl: vi.fn(later) });
        const reply = await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], cs, deps);
        expect(reply.ok).toBe(true);
        expect(await deps.tabs.get(7)).toBeUndefined();
        expect(deps.setBadge).not.toHaveBeenCalled();
      }
    });

    it('keeps the address a single-page app moved to (the sender still names the first one), on its own origin only', async () => {
      const deps = fakeDeps({ tabUrl: vi.fn(async () => 'https://arxiv.org/abs/9') });
      const moved = { type: MessageType.CS_BG_REPORT_PAGE, page: { ...page, url: 'https://arxiv.org/abs/9' } };
      await handle(moved, cs, deps);
      expect((await deps.tabs.get(7))?.url).toBe('https://arxiv.org/abs/9');

      const elsewhere = { type: MessageType.CS_BG_REPORT_PAGE, page: { ...page, url: 'https://evil.example/x' } };
      const deps2 = fakeDeps();
      await handle(elsewhere, cs, deps2);
      expect((await deps2.tabs.get(7))?.url).toBe('https://arxiv.org/abs/1');
    });

    it('replies with an error when ranking fails', async () => {
      const deps = fakeDeps({ rank: vi.fn(async () => Promise.reject(new Error('no engine'))) });
      expect(await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], cs, deps)).toEqual({
        ok: false,
        error: 'no engine',
      });
    });
  });

  describe(MessageType.UI_BG_GET_TAB, () => {
    const popup = SENDERS['the popup']!.sender;

    it('says a page is still being read before its content script reported', async () => {
      const reply = await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, fakeDeps());
      expect(reply).toEqual({ ok: true, data: { kind: 'reading', site: 'arxiv.org' } });
    });

    it('returns the ranked papers with their abstracts, relevance and terms to highlight', async () => {
      const deps = fakeDeps();
      await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], SENDERS['a content script on a web page']!.sender, deps);
      const reply = await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, deps);
      expect(reply.ok && reply.data).toMatchObject({
        kind: 'ready',
        site: 'arxiv.org',
        papers: [
          {
            id: 'h2o',
            strong: true,
            relevance: 1,
            abstract: expect.stringContaining('KV cache'),
            highlightTerms: termsOf(['heavy hitters', 'kv cache']),
          },
          { id: 'lora', strong: false, relevance: 0.2 },
        ],
      });
    });

    it('carries the page’s address and the article it describes, for saving the page', async () => {
      const deps = fakeDeps();
      const article = { title: 'Efficient KV Cache Eviction', doi: '10.1145/1234', year: '2024' };
      const cs = SENDERS['a content script on a web page']!.sender;
      await handle({ type: MessageType.CS_BG_REPORT_PAGE, page: { ...page, article } }, cs, deps);
      const reply = await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, deps);
      expect(reply.ok && reply.data).toMatchObject({ kind: 'ready', url: page.url, article });
    });

    it('leaves the article out when the page describes none', async () => {
      const deps = fakeDeps();
      await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], SENDERS['a content script on a web page']!.sender, deps);
      const reply = await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, deps);
      expect(reply.ok && reply.data).not.toHaveProperty('article');
    });

    it.each([
      ['chrome://version', 'browser-page'],
      ['about:blank', 'browser-page'],
      ['https://chromewebstore.google.com/detail/x', 'web-store'],
      ['https://example.com/paper.pdf', 'pdf'],
      ['file:///home/me/notes.html', 'not-web'],
    ])('names %s a restricted page (%s)', async (url, reason) => {
      const deps = fakeDeps({ tabUrl: vi.fn(async () => url) });
      expect(await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, deps)).toEqual({
        ok: true,
        data: { kind: 'restricted', reason },
      });
    });

    it('says the site is paused', async () => {
      const deps = fakeDeps();
      await deps.setSitePaused('arxiv.org', true);
      const reply = await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, deps);
      expect(reply).toEqual({ ok: true, data: { kind: 'paused', site: 'arxiv.org' } });
    });

    it('treats results for another URL of the tab as not read yet', async () => {
      const deps = fakeDeps();
      await handle(MESSAGES[MessageType.CS_BG_REPORT_PAGE], SENDERS['a content script on a web page']!.sender, deps);
      vi.mocked(deps.tabUrl).mockResolvedValue('https://arxiv.org/abs/2');
      const reply = await handle(MESSAGES[MessageType.UI_BG_GET_TAB], popup, deps);
      expect(reply.ok && reply.data).toMatchObject({ kind: 'reading' });
    });
  });

  describe(MessageType.UI_BG_SEARCH, () => {
    it('returns corpus hits with their abstracts and the index terms to highlight', async () => {
      const reply = await handle(MESSAGES[MessageType.UI_BG_SEARCH], SENDERS['the popup']!.sender, fakeDeps());
      expect(reply.ok && reply.data).toMatchObject([
        { id: 'h2o', highlightTerms: ['kv', 'cach'], codeUrl: 'https://github.com/x/y' },
      ]);
    });
  });

  describe(MessageType.CS_BG_SAVE_PAPER, () => {
    const cs = SENDERS['a content script on a web page']!.sender;

    it('saves a corpus paper by its id', async () => {
      const deps = fakeDeps();
      const reply = await handle(MESSAGES[MessageType.CS_BG_SAVE_PAPER], cs, deps);
      expect(reply).toEqual({ ok: true, data: { paperId: 'h2o', saved: true } });
      expect(deps.savePaper).toHaveBeenCalledWith('h2o');
    });

    it('replies with an error for an id the corpus does not have', async () => {
      const reply = await handle({ type: MessageType.CS_BG_SAVE_PAPER, paperId: 'made-up' }, cs, fakeDeps());
      expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('no paper made-up') });
    });
  });

  describe(MessageType.CS_BG_PAUSE_SITE, () => {
    it('pauses the sender’s own site and forgets its tabs’ results and badges', async () => {
      const deps = fakeDeps();
      await deps.tabs.set(7, { url: 'https://arxiv.org/abs/1', title: 'a', readAt: 1, related: RANKED });
      await deps.tabs.set(8, { url: 'https://example.com/', title: 'b', readAt: 1, related: RANKED });
      const cs = SENDERS['a content script on a web page']!.sender;
      const reply = await handle(MESSAGES[MessageType.CS_BG_PAUSE_SITE], cs, deps);
      expect(reply).toEqual({ ok: true, data: { site: 'arxiv.org', paused: true } });
      expect(deps.setSitePaused).toHaveBeenCalledWith('arxiv.org', true);
      expect([...(await deps.tabs.all()).keys()]).toEqual([8]);
      expect(deps.setBadge).toHaveBeenCalledWith(7, 0);
    });
  });

  describe(MessageType.UI_BG_SET_SITE_PAUSED, () => {
    it('pauses the site and forgets the results of its tabs only', async () => {
      const deps = fakeDeps();
      await deps.tabs.set(7, { url: 'https://arxiv.org/abs/1', title: 'a', readAt: 1, related: RANKED });
      await deps.tabs.set(8, { url: 'https://example.com/', title: 'b', readAt: 1, related: RANKED });
      const reply = await handle(MESSAGES[MessageType.UI_BG_SET_SITE_PAUSED], SENDERS['the popup']!.sender, deps);
      expect(reply).toEqual({ ok: true, data: { site: 'arxiv.org', paused: true } });
      expect(await deps.isSitePaused('arxiv.org')).toBe(true);
      expect([...(await deps.tabs.all()).keys()]).toEqual([8]);
      expect(deps.setBadge).toHaveBeenCalledWith(7, 0);
    });
  });

  describe(MessageType.UI_BG_CORPUS_CHANGED, () => {
    it('reloads the engine and replies with how many papers it now holds', async () => {
      const deps = fakeDeps();
      const reply = await handle(MESSAGES[MessageType.UI_BG_CORPUS_CHANGED], SENDERS['the popup']!.sender, deps);
      expect(reply).toEqual({ ok: true, data: { papers: 10_075 } });
      expect(deps.corpusChanged).toHaveBeenCalledTimes(1);
    });

    it('refuses a body with anything more than its type', async () => {
      const deps = fakeDeps();
      const reply = await handle(
        { type: MessageType.UI_BG_CORPUS_CHANGED, papers: [] },
        SENDERS['the popup']!.sender,
        deps,
      );
      expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('malformed') });
      expect(deps.corpusChanged).not.toHaveBeenCalled();
    });
  });
});

describe('tabNavigated', () => {
  it('forgets a tab’s results and badge when it shows another page', async () => {
    const deps = fakeDeps();
    await deps.tabs.set(7, { url: 'https://a.com/1', title: 'a', readAt: 1, related: RANKED });
    await tabNavigated(7, 'https://a.com/2', deps);
    expect(await deps.tabs.get(7)).toBeUndefined();
    expect(deps.setBadge).toHaveBeenCalledWith(7, 0);
  });

  it('keeps them when only the fragment changed', async () => {
    const deps = fakeDeps();
    await deps.tabs.set(7, { url: 'https://a.com/1', title: 'a', readAt: 1, related: RANKED });
    await tabNavigated(7, 'https://a.com/1#methods', deps);
    expect(await deps.tabs.get(7)).toBeDefined();
  });
});
