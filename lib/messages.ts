import { errorMessage } from './errors';
import { z } from './zod-mini';
import { arxivIdOf, type SearchHit } from './corpus-search';
import { evidenceLabels, evidenceTerms } from './highlight';
import { PageSchema, type Page } from './page';
import { present, type Presented } from './ranking/present';
import type { RankedPaper } from './ranking/rank';
import type { Settings } from './settings';
import { pageAccess, SITE_PATTERN, siteOf, withoutHash } from './site-access';
import type { TabRecord, TabStore } from './tab-state';

/**
 * The one message protocol between the content script (`cs`, which also runs
 * the in-page panel), the extension's own pages (`ui`: popup, reading list,
 * options) and the background (`bg`), named by
 * direction. Every message has a zod schema; {@link handle} routes them.
 * The schemas use `zod/mini`: the content script checks its replies with them.
 */
export const MessageType = {
  CS_BG_REPORT_PAGE: 'cs-bg-report-page',
  CS_BG_GET_RELATED: 'cs-bg-get-related',
  CS_BG_SAVE_PAPER: 'cs-bg-save-paper',
  CS_BG_PAUSE_SITE: 'cs-bg-pause-site',
  UI_BG_GET_TAB: 'ui-bg-get-tab',
  UI_BG_SEARCH: 'ui-bg-search',
  UI_BG_SET_SITE_PAUSED: 'ui-bg-set-site-paused',
  UI_BG_CORPUS_CHANGED: 'ui-bg-corpus-changed',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** The content script reports the page it read; the tab comes from the sender, never from the body. */
export const ReportPageMessageSchema = z.strictObject({
  type: z.literal(MessageType.CS_BG_REPORT_PAGE),
  page: PageSchema,
});
/** The content script asks what was found for its own tab. */
export const GetRelatedMessageSchema = z.strictObject({ type: z.literal(MessageType.CS_BG_GET_RELATED) });
/** The in-page panel saves a corpus paper to the reading list (the background writes; content scripts never open IndexedDB). */
export const SavePaperMessageSchema = z.strictObject({
  type: z.literal(MessageType.CS_BG_SAVE_PAPER),
  paperId: z.string().check(z.minLength(1), z.maxLength(200)),
});
/** The in-page panel's "Pause on this site": pauses the sender's own site, named by the sender, never by the body. */
export const PauseSiteMessageSchema = z.strictObject({ type: z.literal(MessageType.CS_BG_PAUSE_SITE) });
/** The popup asks what was found for a tab (the active one, or `?tabId=N`). */
export const GetTabMessageSchema = z.strictObject({
  type: z.literal(MessageType.UI_BG_GET_TAB),
  tabId: z.int().check(z.nonnegative()),
});
/** The popup's search box, over the whole corpus. */
export const SearchMessageSchema = z.strictObject({
  type: z.literal(MessageType.UI_BG_SEARCH),
  query: z.string().check(z.maxLength(200)),
  limit: z.optional(z.int().check(z.gte(1), z.lte(50))),
});
/** The popup pauses or resumes Paper Radar on a site (a host name). */
export const SetSitePausedMessageSchema = z.strictObject({
  type: z.literal(MessageType.UI_BG_SET_SITE_PAUSED),
  site: z.string().check(z.maxLength(253), z.regex(SITE_PATTERN)),
  paused: z.boolean(),
});
/**
 * The options page imported or removed a set of papers (and persisted a fresh
 * index): the background drops its cached engine and loads the new one.
 */
export const CorpusChangedMessageSchema = z.strictObject({ type: z.literal(MessageType.UI_BG_CORPUS_CHANGED) });

/**
 * The background to a tab's content script: the user pressed the panel's shortcut (`toggle-panel`). Not routed
 * by {@link handle}: the content script checks it came from our own background (see `lib/panel.ts`).
 */
export const BG_CS_TOGGLE_PANEL = 'bg-cs-toggle-panel';
export const TogglePanelMessageSchema = z.strictObject({ type: z.literal(BG_CS_TOGGLE_PANEL) });
/**
 * The background to a tab's content script: the tab's view changed without its page changing (the user chose
 * another sensitivity), so an open panel asks for it again (`cs-bg-get-related`) — the page is not read again.
 * Not routed by {@link handle}: the content script checks it came from our own background (see `lib/panel.ts`).
 */
export const BG_CS_VIEW_CHANGED = 'bg-cs-view-changed';
export const ViewChangedMessageSchema = z.strictObject({ type: z.literal(BG_CS_VIEW_CHANGED) });

export const MessageSchema = z.discriminatedUnion('type', [
  ReportPageMessageSchema,
  GetRelatedMessageSchema,
  SavePaperMessageSchema,
  PauseSiteMessageSchema,
  GetTabMessageSchema,
  SearchMessageSchema,
  SetSitePausedMessageSchema,
  CorpusChangedMessageSchema,
]);
export type Message = z.infer<typeof MessageSchema>;
/** A message as callers write it (defaults of the page not yet applied). */
export type MessageInput = z.input<typeof MessageSchema>;

/** What a card says of a paper beyond its title, when its source gave it (imported papers; see `ImportedPaper`). */
export const PaperMetaSchema = z.object({
  authors: z.optional(z.array(z.string().check(z.maxLength(300))).check(z.maxLength(500))),
  year: z.optional(z.string().check(z.maxLength(10))),
  venue: z.optional(z.string().check(z.maxLength(300))),
  arxivId: z.optional(z.string().check(z.maxLength(40))),
  doi: z.optional(z.string().check(z.maxLength(300))),
  url: z.optional(z.string().check(z.maxLength(2_000))),
});
export type PaperMeta = z.infer<typeof PaperMetaSchema>;

/** A paper as the popup shows it: ranking plus the text to read. */
export const PaperViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string(),
  codeUrl: z.optional(z.string()),
  score: z.number(),
  /** Score relative to the best paper of the same list, 0–1. */
  relevance: z.number().check(z.gte(0), z.lte(1)),
  strong: z.boolean(),
  /** The page's words that matched, as the page spells them. */
  matchedTerms: z.array(z.string()),
  /** Index terms to highlight in the title and abstract (see `lib/highlight.ts`). */
  highlightTerms: z.array(z.string()),
  /** Moved up a little for resembling papers in the reading list (the popup's view only, never a content script's). */
  likeSaved: z.optional(z.boolean()),
  ...PaperMetaSchema.shape,
});
export type PaperView = z.infer<typeof PaperViewSchema>;

export const RestrictedReasonSchema = z.enum(['browser-page', 'web-store', 'pdf', 'not-web']);

/** What the popup shows for a tab. */
export const TabViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('restricted'), reason: RestrictedReasonSchema }),
  z.object({ kind: z.literal('paused'), site: z.string() }),
  z.object({ kind: z.literal('reading'), site: z.string() }),
  z.object({
    kind: z.literal('ready'),
    site: z.string(),
    title: z.string(),
    papers: z.array(PaperViewSchema),
    /** The page's address, and the scholarly article it describes (if any), so the popup can save the page. */
    url: z.optional(z.string()),
    article: PageSchema.shape.article,
    /**
     * The paper was identified from the tab's address (an arxiv.org PDF or abstract page), not read from the
     * page: `paper` is the corpus paper when the corpus has it, and `papers` are ranked against its abstract.
     */
    fromAddress: z.optional(z.object({ arxivId: z.string(), paper: z.optional(PaperViewSchema) })),
  }),
]);
export type TabView = z.infer<typeof TabViewSchema>;

export const ReportReplySchema = z.object({ strong: z.int().check(z.nonnegative()), paused: z.boolean() });
export type ReportReply = z.infer<typeof ReportReplySchema>;
export const SearchReplySchema = z.array(PaperViewSchema);
export const SetSitePausedReplySchema = z.object({ site: z.string(), paused: z.boolean() });
export const SavePaperReplySchema = z.object({ paperId: z.string(), saved: z.literal(true) });
/** How many papers the background's reloaded engine holds. */
export const CorpusChangedReplySchema = z.object({ papers: z.int().check(z.nonnegative()) });

/** The data each message is answered with. */
export interface ReplyData {
  [MessageType.CS_BG_REPORT_PAGE]: ReportReply;
  [MessageType.CS_BG_GET_RELATED]: TabView;
  [MessageType.CS_BG_SAVE_PAPER]: z.infer<typeof SavePaperReplySchema>;
  [MessageType.CS_BG_PAUSE_SITE]: z.infer<typeof SetSitePausedReplySchema>;
  [MessageType.UI_BG_GET_TAB]: TabView;
  [MessageType.UI_BG_SEARCH]: PaperView[];
  [MessageType.UI_BG_SET_SITE_PAUSED]: z.infer<typeof SetSitePausedReplySchema>;
  [MessageType.UI_BG_CORPUS_CHANGED]: z.infer<typeof CorpusChangedReplySchema>;
}

/** Every reply: the data, or an error saying why nothing was done. */
export type Reply<T = unknown> = { ok: true; data: T } | { ok: false; error: string };
export const ReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Who sent a message, as `runtime.onMessage` describes it (the fields we use). */
export interface Sender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/**
 * Who is speaking: our content script in a web page's top frame, one of our
 * own pages, another extension, or nobody we recognise.
 */
export type SenderKind = 'content-script' | 'extension-page' | 'foreign' | 'none';

/**
 * What each kind of sender may ask: a web page's content script reports its page, asks for its own tab's
 * results, saves a corpus paper by id and pauses its own site — nothing that reads the reading list.
 */
export const ALLOWED: Readonly<Record<SenderKind, readonly MessageType[]>> = {
  'content-script': [
    MessageType.CS_BG_REPORT_PAGE,
    MessageType.CS_BG_GET_RELATED,
    MessageType.CS_BG_SAVE_PAPER,
    MessageType.CS_BG_PAUSE_SITE,
  ],
  'extension-page': [
    MessageType.UI_BG_GET_TAB,
    MessageType.UI_BG_SEARCH,
    MessageType.UI_BG_SET_SITE_PAUSED,
    MessageType.UI_BG_CORPUS_CHANGED,
  ],
  foreign: [],
  none: [],
};

/** Classifies a sender; `extensionOrigin` is e.g. `chrome-extension://<id>/`. */
export function senderKind(sender: Sender | undefined, extensionId: string, extensionOrigin: string): SenderKind {
  if (!sender || typeof sender !== 'object' || !sender.id) return 'none';
  if (sender.id !== extensionId) return 'foreign';
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) return 'extension-page';
  const tabId = sender.tab?.id;
  if (typeof tabId === 'number' && tabId >= 0 && (sender.frameId ?? 0) === 0 && siteOf(url)) return 'content-script';
  return 'none';
}

/** A stored paper's text, for the popup, with whatever metadata its source stored (imported papers carry more). */
export interface PaperText {
  id: string;
  abstract: string;
  codeUrl?: string;
  [extra: string]: unknown;
}

const metaText = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** The card metadata of a stored paper: only well-formed values, so a view never fails on an odd import. */
export function paperMeta(paper: PaperText): PaperMeta {
  const authors = Array.isArray(paper.authors)
    ? paper.authors.filter((a): a is string => typeof a === 'string' && !!a.trim() && a.length <= 300).slice(0, 500)
    : [];
  const meta: PaperMeta = {};
  if (authors.length) meta.authors = authors;
  for (const [key, max] of [
    ['year', 10],
    ['venue', 300],
    ['arxivId', 40],
    ['doi', 300],
    ['url', 2_000],
  ] as const) {
    const value = metaText(paper[key], max);
    if (value) meta[key] = value;
  }
  return meta;
}

/** A corpus paper's id, title and abstract. */
export interface IndexedPaperText {
  id: string;
  title: string;
  abstract: string;
}

/** A ranked paper as a tab's view shows it: strong for the sensitivity, marked when the reading list moved it up. */
type ShownPaper = Presented<TabRecord['related'][number]>;

/** Everything the router needs from the outside world, injected so it runs (and is tested) anywhere. */
export interface RouterDeps {
  extensionId: string;
  extensionOrigin: string;
  /**
   * Ranks a page against the corpus (the engine is loaded lazily, e.g. after a service-worker restart): the raw
   * ranking, with its calibrated `strong`, before any setting — kept per tab as it is and presented when read.
   */
  rank(page: Page): Promise<RankedPaper[]>;
  /** The settings as they are now: every view is presented with them when it is read (`present`). */
  settings(): Promise<Pick<Settings, 'sensitivity' | 'readingList'>>;
  /**
   * How much each corpus paper resembles the reading list, 0–1 (`readingListAffinity`); undefined when it cannot
   * be read. Asked only for extension pages' views and when the reading-list setting is on: a content script
   * sees nothing of the reading list.
   */
  readingListLikeness?(): Promise<ReadonlyMap<string, number> | undefined>;
  /** Tells a tab's content script that its view changed though its page did not (see {@link BG_CS_VIEW_CHANGED}). */
  viewChanged?(tabId: number): Promise<void>;
  search(query: string, limit: number): Promise<SearchHit[]>;
  papers(ids: readonly string[]): Promise<PaperText[]>;
  tabs: TabStore;
  /** The URL a tab shows now; rejects when there is no such tab. */
  tabUrl(tabId: number): Promise<string | undefined>;
  /** The URL a tab showed at its last `tabs.onUpdated`, when the background saw one (spares the popup a `tabs.get`). */
  knownTabUrl?(tabId: number): string | undefined;
  setBadge(tabId: number, strong: number): Promise<void>;
  isSitePaused(site: string): Promise<boolean>;
  setSitePaused(site: string, paused: boolean): Promise<void>;
  /** The corpus paper with this arXiv id (imported papers carry ids), for arXiv PDFs the page reader cannot read. */
  paperByArxivId?(arxivId: string): Promise<Pick<IndexedPaperText, 'id' | 'title' | 'abstract'> | undefined>;
  /** Saves a corpus paper to the reading list; false when the corpus has no such paper. */
  savePaper(paperId: string): Promise<boolean>;
  /** Drops the cached engine and loads the one stored for the papers now in the database; resolves with its size. */
  corpusChanged(): Promise<number>;
  now(): number;
}

/** How many ranked papers are kept per tab. */
export const RELATED_LIMIT = 10;

const fail = (error: string): Reply<never> => ({ ok: false, error });

/**
 * Routes one message: validates it, checks the sender may send it, does it.
 * Pure apart from `deps`; a malformed or forbidden message gets an error reply
 * and changes nothing.
 */
export async function handle(message: unknown, sender: Sender | undefined, deps: RouterDeps): Promise<Reply> {
  const parsed = MessageSchema.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`malformed message: ${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid'}`);
  }
  const msg = parsed.data;
  const kind = senderKind(sender, deps.extensionId, deps.extensionOrigin);
  if (!ALLOWED[kind].includes(msg.type)) return fail(`${msg.type} is not allowed from ${kind}`);
  try {
    return { ok: true, data: await dispatch(msg, sender!, deps) };
  } catch (e) {
    return fail(errorMessage(e));
  }
}

async function dispatch(msg: Message, sender: Sender, deps: RouterDeps): Promise<unknown> {
  switch (msg.type) {
    case MessageType.CS_BG_REPORT_PAGE:
      return coalescedReport(msg.page, sender, deps);
    case MessageType.CS_BG_GET_RELATED:
      return tabView(sender.tab!.id!, deps, sender.url);
    case MessageType.CS_BG_SAVE_PAPER:
      if (!(await deps.savePaper(msg.paperId))) throw new Error(`no paper ${msg.paperId} in the corpus`);
      return { paperId: msg.paperId, saved: true };
    case MessageType.CS_BG_PAUSE_SITE:
      return setPaused(siteOf(sender.url)!, true, deps);
    case MessageType.UI_BG_GET_TAB:
      return tabView(msg.tabId, deps, undefined, true);
    case MessageType.UI_BG_SEARCH:
      return search(msg.query, msg.limit ?? 20, deps);
    case MessageType.UI_BG_SET_SITE_PAUSED:
      return setPaused(msg.site.toLowerCase(), msg.paused, deps);
    case MessageType.UI_BG_CORPUS_CHANGED:
      return { papers: await deps.corpusChanged() };
  }
}

/**
 * The address of the reported page: the one the content script read (`location.href`), which follows a
 * single-page app's history changes — the sender's URL stays the document's first — as long as it is on the
 * sender's own origin; otherwise the sender's.
 */
function pageUrl(page: Page, sender: Sender): string {
  try {
    if (page.url && new URL(page.url).origin === new URL(sender.url!).origin) return page.url;
  } catch {
    // Not a URL: fall back to the sender's.
  }
  return sender.url!;
}

/** Fewest milliseconds between two rankings for one tab, however often its page reports (at most 2.5 a second). */
export const MIN_RANK_INTERVAL_MS = 400;

interface Waiter {
  resolve(reply: ReportReply): void;
  reject(error: unknown): void;
}
/** One tab's reports: the one being ranked, the newest waiting (earlier waiting ones superseded), when it last ranked. */
interface ReportQueue {
  running: boolean;
  next?: { page: Page; sender: Sender; waiters: Waiter[] };
  lastStart: number;
}
const reportQueues = new WeakMap<RouterDeps, Map<number, ReportQueue>>();

/** Lets messages already queued (another tab's popup) run before a ranking takes the thread. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A report, coalesced per tab: one ranking at a time, at most one per
 * {@link MIN_RANK_INTERVAL_MS}; a report that arrives while another waits
 * supersedes it (the waiting one is never ranked, and both callers get the
 * newest page's answer). Each ranking first yields, so one tab's flood of
 * reports never delays another tab's popup by more than one ranking.
 */
function coalescedReport(page: Page, sender: Sender, deps: RouterDeps): Promise<ReportReply> {
  const tabId = sender.tab!.id!;
  let queues = reportQueues.get(deps);
  if (!queues) reportQueues.set(deps, (queues = new Map()));
  let queue = queues.get(tabId);
  if (!queue) queues.set(tabId, (queue = { running: false, lastStart: -Infinity }));
  const q = queue;
  const reply = new Promise<ReportReply>((resolve, reject) => {
    const waiters = [...(q.next?.waiters ?? []), { resolve, reject }];
    q.next = { page, sender, waiters };
  });
  const pump = async () => {
    if (q.running || !q.next) return;
    q.running = true;
    try {
      const wait = q.lastStart + MIN_RANK_INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await nextTask();
      const job = q.next!;
      q.next = undefined;
      q.lastStart = performance.now();
      try {
        const result = await reportPage(job.page, job.sender, deps);
        for (const w of job.waiters) w.resolve(result);
      } catch (e) {
        for (const w of job.waiters) w.reject(e);
      }
    } finally {
      q.running = false;
      if (q.next) void pump();
      else if (queues.get(tabId) === q && performance.now() - q.lastStart > MIN_RANK_INTERVAL_MS) queues.delete(tabId);
    }
  };
  void pump();
  return reply;
}

async function reportPage(page: Page, sender: Sender, deps: RouterDeps): Promise<ReportReply> {
  const tabId = sender.tab!.id!;
  const url = pageUrl(page, sender);
  const site = siteOf(url)!;
  if (await deps.isSitePaused(site)) {
    await forgetTab(tabId, deps);
    return { strong: 0, paused: true };
  }
  // The raw ranking is what the tab keeps; the badge counts it as presented with the settings of the moment.
  const related = await deps.rank(page);
  const strongNow = async () => present(related, { sensitivity: (await deps.settings()).sensitivity }).strongCount;
  // Ranking can take a while (a cold engine): if the tab moved on or closed meanwhile, these results are stale.
  const now = await deps.tabUrl(tabId).catch(() => undefined);
  if (now === undefined || withoutHash(now) !== withoutHash(url)) return { strong: await strongNow(), paused: false };
  await deps.tabs.set(tabId, {
    url,
    title: page.title,
    readAt: deps.now(),
    related,
    ...(page.article ? { article: page.article } : {}),
  });
  // Counted after storing: a settings change from now on finds this ranking and badges it again itself.
  const strong = await strongNow();
  await deps.setBadge(tabId, strong);
  return { strong, paused: false };
}

/**
 * A ranking as a view shows it, with the settings of the moment; `personal` (extension pages only) lets the
 * reading list nudge the order when the user wants it.
 */
async function presented(ranked: TabRecord['related'], deps: RouterDeps, personal: boolean): Promise<ShownPaper[]> {
  const { sensitivity, readingList } = await deps.settings();
  const likeness = personal && readingList ? await deps.readingListLikeness?.() : undefined;
  return present(ranked, likeness ? { sensitivity, likeness } : { sensitivity }).papers;
}

/**
 * The settings changed: each stored tab's badge is counted again from the ranking it keeps, with no page read
 * again and no content script asked for anything. When the sensitivity changed — the only setting a content
 * script's view depends on — each tab's content script is also told, so an open panel asks for its view again.
 * Call it after `deps.settings()` answers with the new settings; calls run one at a time, so the last
 * change wins.
 */
export function settingsChanged(
  change: { sensitivity: boolean },
  deps: Pick<RouterDeps, 'tabs' | 'settings' | 'setBadge' | 'viewChanged'>,
): Promise<void> {
  const previous = settingsChanges.get(deps.tabs) ?? Promise.resolve();
  const next = previous.then(async () => {
    const { sensitivity } = await deps.settings();
    for (const [tabId, record] of await deps.tabs.all()) {
      await deps.setBadge(tabId, present(record.related, { sensitivity }).strongCount);
      if (change.sensitivity) await deps.viewChanged?.(tabId);
    }
  });
  settingsChanges.set(
    deps.tabs,
    next.catch(() => undefined),
  );
  return next;
}
const settingsChanges = new WeakMap<TabStore, Promise<void>>();

/** A tab's state; `personal` (extension pages only) orders its papers with the reading list in mind. */
async function tabView(tabId: number, deps: RouterDeps, knownUrl?: string, personal = false): Promise<TabView> {
  const url = knownUrl ?? deps.knownTabUrl?.(tabId) ?? (await deps.tabUrl(tabId));
  if (personal) {
    const fromAddress = await arxivView(url, deps);
    if (fromAddress) return fromAddress;
  }
  const access = pageAccess(url);
  if (!access.readable) return { kind: 'restricted', reason: access.reason };
  if (await deps.isSitePaused(access.site)) return { kind: 'paused', site: access.site };
  const record = await deps.tabs.get(tabId);
  if (!record || withoutHash(record.url) !== withoutHash(url!)) return { kind: 'reading', site: access.site };
  return {
    kind: 'ready',
    site: access.site,
    title: record.title,
    papers: await views(await presented(record.related, deps, personal), deps),
    url: record.url,
    ...(record.article ? { article: record.article } : {}),
  };
}

/**
 * An arxiv.org PDF or abstract page, identified by its address (browsers keep content scripts out of their PDF
 * viewer, so there is no page text to rank): the paper named by the address, with related papers ranked by
 * the corpus paper's abstract when the corpus has it. Undefined for other addresses and for abstract pages of
 * papers the corpus lacks (the page reader reads those like any page).
 */
async function arxivView(url: string | undefined, deps: RouterDeps): Promise<TabView | undefined> {
  const arxivId = url && /^https?:\/\/(?:www\.)?arxiv\.org\//i.test(url) ? arxivIdOf(url) : undefined;
  if (!url || !arxivId) return undefined;
  const site = new URL(url).hostname.toLowerCase();
  if (await deps.isSitePaused(site)) return { kind: 'paused', site };
  const paper = await deps.paperByArxivId?.(arxivId);
  // An abstract page of a paper the corpus lacks: the page reader reads it like any page.
  if (!paper && !/^\/pdf\//i.test(new URL(url).pathname)) return undefined;
  const article = { arxivId, title: paper?.title ?? `arXiv:${arxivId}`, url: `https://arxiv.org/abs/${arxivId}` };
  let papers: PaperView[] = [];
  let self: PaperView | undefined;
  if (paper) {
    [self] = await toViews(
      [{ id: paper.id, title: paper.title, score: 1, strong: false, matchedTerms: [], highlightTerms: [] }],
      deps,
    );
    const page = PageSchema.parse({
      url,
      title: paper.title,
      description: paper.abstract,
      text: paper.abstract,
      article,
    });
    // The paper itself is no related paper: left out before presenting, so the best other paper is the yardstick.
    const ranked = (await deps.rank(page)).filter((p) => p.id !== paper.id);
    papers = await views(await presented(ranked, deps, true), deps);
  }
  return {
    kind: 'ready',
    site,
    title: article.title,
    papers,
    url,
    article,
    fromAddress: { arxivId, ...(self ? { paper: self } : {}) },
  };
}

/** What ranking or search said of one paper; the abstract and code link come from the corpus. */
type Found = Pick<PaperView, 'id' | 'title' | 'score' | 'strong' | 'matchedTerms' | 'highlightTerms' | 'likeSaved'>;

/**
 * Papers as the popup shows them: each with its abstract and code link from the corpus, and its relevance
 * relative to the best of the list. Papers the corpus no longer has are left out.
 */
async function toViews(found: Found[], deps: RouterDeps): Promise<PaperView[]> {
  const texts = new Map((await deps.papers(found.map((p) => p.id))).map((p) => [p.id, p]));
  const top = Math.max(0, ...found.map((p) => p.score));
  return found.flatMap((p) => {
    const stored = texts.get(p.id);
    if (!stored) return [];
    return [
      {
        ...p,
        ...paperMeta(stored),
        abstract: stored.abstract,
        ...(typeof stored.codeUrl === 'string' ? { codeUrl: stored.codeUrl } : {}),
        relevance: top > 0 ? Math.min(1, p.score / top) : 0,
      },
    ];
  });
}

function views(ranked: ShownPaper[], deps: RouterDeps): Promise<PaperView[]> {
  return toViews(
    ranked.map((p) => ({
      id: p.id,
      title: p.title,
      score: p.score,
      strong: p.strong,
      matchedTerms: evidenceLabels(p.matchedTerms),
      highlightTerms: evidenceTerms(p.matchedTerms),
      ...(p.likeSaved ? { likeSaved: true } : {}),
    })),
    deps,
  );
}

async function search(query: string, limit: number, deps: RouterDeps): Promise<PaperView[]> {
  const hits = await deps.search(query, limit);
  return toViews(
    hits.map((h) => ({
      id: h.id,
      title: h.title,
      score: h.score,
      strong: false,
      matchedTerms: [],
      highlightTerms: h.terms,
    })),
    deps,
  );
}

async function setPaused(site: string, paused: boolean, deps: RouterDeps) {
  await deps.setSitePaused(site, paused);
  if (paused) {
    for (const [tabId, record] of await deps.tabs.all()) {
      if (siteOf(record.url) === site) await forgetTab(tabId, deps);
    }
  }
  return { site, paused };
}

/** Drops what was found for a tab and its badge. */
export async function forgetTab(tabId: number, deps: Pick<RouterDeps, 'tabs' | 'setBadge'>): Promise<void> {
  await deps.tabs.delete(tabId);
  await deps.setBadge(tabId, 0);
}

/**
 * Called when a tab shows a new URL: its old results no longer apply. A URL
 * that differs only by its fragment keeps them.
 */
export async function tabNavigated(
  tabId: number,
  url: string,
  deps: Pick<RouterDeps, 'tabs' | 'setBadge'>,
): Promise<void> {
  // Coalesced per tab: while one check runs, only the newest URL waits (a page pushing history 100 times a second
  // makes a handful of storage reads, not 100 a second).
  let navigations = navigationsByStore.get(deps.tabs);
  if (!navigations) navigationsByStore.set(deps.tabs, (navigations = new Map()));
  const busy = navigations.get(tabId);
  if (busy) {
    busy.url = url;
    return busy.done;
  }
  const state: { url: string | undefined; done: Promise<void> } = { url, done: Promise.resolve() };
  navigations.set(tabId, state);
  state.done = (async () => {
    try {
      while (state.url !== undefined) {
        const next = state.url;
        state.url = undefined;
        const record = await deps.tabs.get(tabId);
        if (record && withoutHash(record.url) !== withoutHash(next)) await forgetTab(tabId, deps);
      }
    } finally {
      navigations.delete(tabId);
    }
  })();
  return state.done;
}
const navigationsByStore = new WeakMap<TabStore, Map<number, { url: string | undefined; done: Promise<void> }>>();
