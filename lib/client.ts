import { browser } from 'wxt/browser';
import type { z } from './zod-mini';
import {
  CorpusChangedReplySchema,
  MessageType,
  ReplySchema,
  ReportReplySchema,
  SavePaperReplySchema,
  SearchReplySchema,
  SetSitePausedReplySchema,
  TabViewSchema,
  type MessageInput,
  type PaperView,
  type ReportReply,
  type TabView,
} from './messages';
import type { Page } from './page';

/** What the popup (and later the panel) asks the background; a fake one feeds the component tests. */
export interface RadarClient {
  /** What was found for a tab, or why nothing was. */
  getTab(tabId: number): Promise<TabView>;
  /** Searches the whole corpus. */
  search(query: string, limit?: number): Promise<PaperView[]>;
  /** Pauses or resumes Paper Radar on a site. */
  setSitePaused(site: string, paused: boolean): Promise<void>;
}

/** What a content script (and its in-page panel) may ask the background; a fake one feeds the panel tests. */
export interface PageClient {
  reportPage(page: Page): Promise<ReportReply>;
  /** What was found for this tab. */
  getRelated(): Promise<TabView>;
  /** Saves a corpus paper (by id) to the reading list. */
  savePaper(paperId: string): Promise<void>;
  /** Pauses Paper Radar on this tab's site. */
  pauseSite(): Promise<void>;
}

/** Sends one message and checks the reply's shape; an error reply rejects with its message. */
async function request<S extends z.ZodMiniType>(message: MessageInput, schema: S): Promise<z.infer<S>> {
  const reply = ReplySchema.parse(await browser.runtime.sendMessage(message));
  if (!reply.ok) throw new Error(reply.error);
  return schema.parse(reply.data);
}

/** The client extension pages use: messages to the background. */
export function backgroundClient(): RadarClient {
  return {
    getTab: (tabId) => request({ type: MessageType.UI_BG_GET_TAB, tabId }, TabViewSchema),
    search: (query, limit) =>
      request({ type: MessageType.UI_BG_SEARCH, query: query.slice(0, 200), limit }, SearchReplySchema),
    setSitePaused: async (site, paused) =>
      void (await request({ type: MessageType.UI_BG_SET_SITE_PAUSED, site, paused }, SetSitePausedReplySchema)),
  };
}

/**
 * Tells the background that the options page imported or removed papers, so
 * it reloads its engine; resolves with the number of papers it now searches.
 */
export async function corpusChanged(): Promise<number> {
  return (await request({ type: MessageType.UI_BG_CORPUS_CHANGED }, CorpusChangedReplySchema)).papers;
}

/** The client content scripts use. */
export function pageClient(): PageClient {
  return {
    reportPage: (page) => request({ type: MessageType.CS_BG_REPORT_PAGE, page }, ReportReplySchema),
    getRelated: () => request({ type: MessageType.CS_BG_GET_RELATED }, TabViewSchema),
    savePaper: async (paperId) =>
      void (await request({ type: MessageType.CS_BG_SAVE_PAPER, paperId }, SavePaperReplySchema)),
    pauseSite: async () => void (await request({ type: MessageType.CS_BG_PAUSE_SITE }, SetSitePausedReplySchema)),
  };
}

/**
 * The tab an extension page is about: `?tabId=N` when given (the end-to-end
 * tests open `popup.html?tabId=N` in a tab of their own), else the active tab
 * of the current window.
 */
export async function targetTabId(search: string): Promise<number | undefined> {
  const given = new URLSearchParams(search).get('tabId');
  if (given && /^\d+$/.test(given)) return Number(given);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
