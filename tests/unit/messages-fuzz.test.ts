import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { handle, MessageType, type RouterDeps, type Sender } from '../../lib/messages';
import type { RankedPaper } from '../../lib/ranking/rank';
import { memoryTabStore } from '../../lib/tab-state';
import { DEFAULT_SETTINGS } from '../../lib/settings';

/**
 * Messages from anywhere: arbitrary payloads from arbitrary senders never
 * throw, never hang, and write nothing unless a sender allowed to send a
 * well-formed message sent it.
 */
const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const HANG_MS = 2_000;

function spyDeps() {
  const tabs = memoryTabStore();
  const writes = {
    setBadge: vi.fn(async () => {}),
    setSitePaused: vi.fn(async () => {}),
    savePaper: vi.fn(async () => true),
    corpusChanged: vi.fn(async () => 75),
    tabSet: vi.fn(),
    tabDelete: vi.fn(),
  };
  const deps: RouterDeps = {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    rank: async () =>
      [{ id: 'p', title: 'P', score: 1, strong: true, matchedTerms: ['kv cache'] }] as unknown as RankedPaper[],
    settings: async () => DEFAULT_SETTINGS,
    search: async () => [],
    papers: async (ids) => ids.map((id) => ({ id, abstract: 'A.' })),
    tabs: {
      ...tabs,
      set: async (id, r) => (writes.tabSet(id), tabs.set(id, r)),
      delete: async (id) => (writes.tabDelete(id), tabs.delete(id)),
    },
    tabUrl: async () => 'https://arxiv.org/abs/1',
    setBadge: writes.setBadge,
    isSitePaused: async () => false,
    setSitePaused: writes.setSitePaused,
    savePaper: writes.savePaper,
    corpusChanged: writes.corpusChanged,
    now: () => 1,
  };
  const wrote = () => Object.values(writes).some((w) => w.mock.calls.length > 0);
  return { deps, wrote };
}

const types = Object.values(MessageType);
const knownSenders: Array<Sender | undefined> = [
  { id: ID, url: 'https://arxiv.org/abs/1', frameId: 0, tab: { id: 7, url: 'https://arxiv.org/abs/1' } },
  { id: ID, url: `${ORIGIN}popup.html` },
  { id: 'other-extension', url: 'chrome-extension://other-extension/x.html', tab: { id: 7 } },
  { id: ID, url: 'https://ads.example/frame', frameId: 3, tab: { id: 7 } },
  undefined,
];
const anySender: fc.Arbitrary<Sender | undefined> = fc.oneof(
  fc.constantFrom(...knownSenders),
  fc.record(
    {
      id: fc.oneof(fc.constant(ID), fc.string()),
      url: fc.oneof(fc.webUrl(), fc.constant(`${ORIGIN}popup.html`), fc.string()),
      frameId: fc.oneof(fc.integer(), fc.constant(0)),
      tab: fc.record({ id: fc.oneof(fc.integer(), fc.constant(7)), url: fc.webUrl() }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Sender>,
  fc.anything() as fc.Arbitrary<Sender>,
);
/** One well-formed message of each type, so the sender rule is exercised on messages that would be obeyed. */
const validMessages: unknown[] = [
  { type: MessageType.CS_BG_REPORT_PAGE, page: { url: 'https://arxiv.org/abs/1', title: 'T', text: 'kv cache' } },
  { type: MessageType.CS_BG_GET_RELATED },
  { type: MessageType.CS_BG_SAVE_PAPER, paperId: 'p' },
  { type: MessageType.CS_BG_PAUSE_SITE },
  { type: MessageType.UI_BG_GET_TAB, tabId: 7 },
  { type: MessageType.UI_BG_SEARCH, query: 'kv' },
  { type: MessageType.UI_BG_SET_SITE_PAUSED, site: 'arxiv.org', paused: true },
  { type: MessageType.UI_BG_CORPUS_CHANGED },
];
/** Near-misses of real messages: a real type with arbitrary fields, or real fields of the wrong type. */
const anyMessage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...validMessages),
  fc.anything(),
  fc.record({ type: fc.constantFrom(...types) }, { requiredKeys: ['type'] }),
  fc
    .tuple(fc.constantFrom(...types), fc.dictionary(fc.string(), fc.anything()))
    .map(([type, rest]) => ({ ...rest, type })),
  fc.record({
    type: fc.constantFrom(...types),
    page: fc.oneof(fc.anything(), fc.record({ title: fc.string(), text: fc.string() })),
    paperId: fc.anything(),
    tabId: fc.anything(),
    site: fc.anything(),
    paused: fc.anything(),
    query: fc.anything(),
  }),
);

/**
 * Who may make the background write, decided independently of lib/messages: this extension's own pages, or
 * its content script in the top frame of a web page's tab; nobody else (other extensions, sub-frames, no id).
 */
function expectedSender(sender: unknown): 'content-script' | 'extension-page' | 'untrusted' {
  const s = sender as Sender | null | undefined;
  if (!s || typeof s !== 'object' || s.id !== ID) return 'untrusted';
  if (typeof s.url === 'string' && s.url.startsWith(ORIGIN)) return 'extension-page';
  let web: boolean;
  try {
    const url = new URL(String(s.url));
    web = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    web = false;
  }
  const tabId = s.tab?.id;
  return web && typeof tabId === 'number' && tabId >= 0 && (s.frameId ?? 0) === 0 ? 'content-script' : 'untrusted';
}

async function withinTime<T>(p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the message router under fuzzing', () => {
  it('answers every payload from every sender with a reply, never a throw or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(anyMessage, anySender, async (message, sender) => {
        const { deps } = spyDeps();
        const reply = await withinTime(handle(message, sender, deps));
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('writes nothing for a message it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(anyMessage, anySender, async (message, sender) => {
        const { deps, wrote } = spyDeps();
        const reply = await withinTime(handle(message, sender, deps));
        if (!reply.ok) expect(wrote()).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('writes only for message types the sender kind may send', async () => {
    await fc.assert(
      fc.asyncProperty(anyMessage, anySender, async (message, sender) => {
        const { deps, wrote } = spyDeps();
        await withinTime(handle(message, sender, deps));
        if (!wrote()) return;
        // Judged by this test's own rule, not by the senderKind under test (issue 16, item 9).
        const kind = expectedSender(sender);
        const type = (message as { type?: string }).type as MessageType;
        expect(kind).not.toBe('untrusted');
        expect(type.startsWith(kind === 'content-script' ? 'cs-bg-' : 'ui-bg-')).toBe(true);
      }),
      { numRuns: 500 },
    );
    // And every well-formed message from every known sender, not left to chance.
    for (const sender of knownSenders) {
      for (const message of validMessages) {
        const { deps, wrote } = spyDeps();
        await handle(message, sender, deps);
        if (!wrote()) continue;
        const kind = expectedSender(sender);
        expect(kind).not.toBe('untrusted');
        expect((message as { type: string }).type.startsWith(kind === 'content-script' ? 'cs-bg-' : 'ui-bg-')).toBe(
          true,
        );
      }
    }
  });
});
