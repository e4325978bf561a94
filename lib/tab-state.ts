import { browser } from 'wxt/browser';
import { z } from './zod-mini';
import { PageSchema } from './page';

/**
 * One ranked paper as kept per tab: what `rank()` returned, nothing more — its `strong` is the ranking's
 * calibrated flag, before any setting (`present` applies the sensitivity when a view is read).
 */
export const RelatedPaperSchema = z.object({
  id: z.string().check(z.maxLength(200)),
  title: z.string().check(z.maxLength(1_000)),
  score: z.number(),
  strong: z.boolean(),
  matchedTerms: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(50)),
});

/**
 * What the background knows about a tab: the page its content script last reported, and its ranking
 * (`zod/mini`, like the page's schema it shares `article` with).
 */
export const TabRecordSchema = z.object({
  url: z.string(),
  title: z.string(),
  readAt: z.number(),
  /** The raw ranking, best first: the evidence, not a view of it, so a settings change only presents it again. */
  related: z.array(RelatedPaperSchema).check(z.maxLength(50)),
  /** The scholarly article the page describes, for saving the page itself to the reading list. */
  article: PageSchema.shape.article,
});
export type TabRecord = z.infer<typeof TabRecordSchema>;

/** Where per-tab results live, injected so the router can be tested without a browser. */
export interface TabStore {
  get(tabId: number): Promise<TabRecord | undefined>;
  set(tabId: number, record: TabRecord): Promise<void>;
  delete(tabId: number): Promise<void>;
  /** Every stored tab, e.g. to clear the tabs of a site the user paused. */
  all(): Promise<Map<number, TabRecord>>;
}

const PREFIX = 'tab:';

/**
 * Per-tab results in `storage.session`: they survive the service worker being
 * stopped and restarted, and vanish with the browser session. Only the
 * background writes them, so it keeps what it read or wrote in memory too: a
 * tab whose page pushes history 100 times a second costs no storage call per
 * change (each one queues behind every other extension storage call, and the
 * popup's request would wait behind them all).
 */
export function sessionTabStore(): TabStore {
  const area = () => browser.storage.session;
  // What storage.session holds for a tab, as this worker last read or wrote it (`undefined`: known to be absent).
  const known = new Map<number, TabRecord | undefined>();
  return {
    async get(tabId) {
      if (known.has(tabId)) return known.get(tabId);
      const key = PREFIX + tabId;
      const parsed = TabRecordSchema.safeParse((await area().get(key))[key]);
      const record = parsed.success ? parsed.data : undefined;
      known.set(tabId, record);
      return record;
    },
    async set(tabId, record) {
      known.set(tabId, record);
      await area().set({ [PREFIX + tabId]: record });
    },
    async delete(tabId) {
      if (known.has(tabId) && known.get(tabId) === undefined) return;
      known.set(tabId, undefined);
      await area().remove(PREFIX + tabId);
    },
    async all() {
      const out = new Map<number, TabRecord>();
      for (const [key, value] of Object.entries(await area().get(null))) {
        const parsed = TabRecordSchema.safeParse(value);
        if (key.startsWith(PREFIX) && parsed.success) out.set(Number(key.slice(PREFIX.length)), parsed.data);
      }
      return out;
    },
  };
}

/** An in-memory {@link TabStore}, for tests and the CLI. */
export function memoryTabStore(): TabStore {
  const records = new Map<number, TabRecord>();
  return {
    get: async (tabId) => records.get(tabId),
    set: async (tabId, record) => void records.set(tabId, record),
    delete: async (tabId) => void records.delete(tabId),
    all: async () => new Map(records),
  };
}
