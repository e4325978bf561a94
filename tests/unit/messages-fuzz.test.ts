import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ALLOWED, handle, MessageType, senderKind, type RouterDeps, type Sender } from '../../lib/messages';
import type { RelatedPaper } from '../../lib/related';
import { memoryTabStore } from '../../lib/tab-state';

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
      [{ id: 'p', title: 'P', score: 1, strong: true, matchedTerms: ['kv cache'] }] as unknown as RelatedPaper[],
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
/** Near-misses of real messages: a real type with arbitrary fields, or real fields of the wrong type. */
const anyMessage: fc.Arbitrary<unknown> = fc.oneof(
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
        const kind = senderKind(sender, ID, ORIGIN);
        const type = (message as { type?: string }).type as MessageType;
        expect(ALLOWED[kind]).toContain(type);
      }),
      { numRuns: 500 },
    );
  });
});
