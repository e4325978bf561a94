import type { PageClient } from './client';
import { browser } from 'wxt/browser';
import { bestPassage } from './highlight';
import {
  TogglePanelMessageSchema,
  ViewChangedMessageSchema,
  type PaperMeta,
  type ReportReply,
  type TabView,
} from './messages';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  onSettingsChange,
  type LoadedSettings,
  type PanelMode,
  type Settings,
} from './settings';
import { samePage, siteOf, withoutHash, type LocationChange } from './site-access';
import { onPausedSitesChange } from './site-pause';

/** One paper as the in-page panel shows it: corpus text only, never anything from the reading list. */
export interface PanelPaper {
  id: string;
  title: string;
  /** The passage of the abstract that matched (the panel shows two lines of it). */
  summary: string;
  /** Authors (the first few), year, venue, arXiv id, DOI and address, when the paper's source gave them. */
  meta?: PaperMeta;
}

/** What the panel shows: the papers, and whether they are strong matches or only the best of weak ones. */
export interface PanelContent {
  papers: PanelPaper[];
  strong: boolean;
}

/** How many weak papers the panel lists in "always" mode when nothing matches strongly. */
export const PANEL_WEAK_LIMIT = 3;
/** Characters of the abstract handed to the panel; it shows two lines, the rest never enters the page. */
export const SUMMARY_LENGTH = 240;

/**
 * What the panel shows for a tab: its strong matches; in `always` mode, the
 * best few weak ones when nothing is strong; otherwise nothing (`null`).
 *
 * @example panelContent(view, 'strong') // { strong: true, papers: [{ id, title, summary }] } or null
 */
export function panelContent(view: TabView, mode: PanelMode): PanelContent | null {
  if (mode === 'off' || view.kind !== 'ready') return null;
  const strong = view.papers.filter((p) => p.strong);
  const papers = strong.length ? strong : mode === 'always' ? view.papers.slice(0, PANEL_WEAK_LIMIT) : [];
  if (!papers.length) return null;
  return {
    strong: strong.length > 0,
    papers: papers.map((p) => {
      const meta = cardMeta(p);
      return {
        id: p.id,
        title: p.title,
        summary: bestPassage(p.abstract, p.highlightTerms, SUMMARY_LENGTH - 4),
        ...(meta ? { meta } : {}),
      };
    }),
  };
}

/** Authors beyond this many are only counted ("et al."): the panel never holds a whole author list. */
const PANEL_AUTHORS = 4;

/** The metadata a panel card shows, or undefined when the paper has none. */
function cardMeta(p: PaperMeta): PaperMeta | undefined {
  const meta: PaperMeta = {};
  if (p.authors?.length) meta.authors = p.authors.slice(0, PANEL_AUTHORS);
  for (const key of ['year', 'venue', 'arxivId', 'doi', 'url'] as const) if (p[key]) meta[key] = p[key];
  return Object.keys(meta).length ? meta : undefined;
}

/** Where the panel is drawn (a shadow root in the page; a fake in tests). */
export interface PanelHost {
  show(content: PanelContent): void;
  hide(): void;
  /** The keyboard shortcut: opens the shown panel and moves focus into it, or closes it. */
  toggle?(): void;
}

/**
 * Calls `listener` for each message of `schema` from our own background (not from a tab: a page, or our content
 * script in another tab, cannot send one). Returns the function that stops listening.
 */
function onBackgroundMessage(schema: { safeParse(v: unknown): { success: boolean } }, listener: () => void) {
  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id === browser.runtime.id && !sender.tab && schema.safeParse(message).success) listener();
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}

/** Calls `listener` when the background says the panel's shortcut was pressed in this tab; returns the unsubscribe function. */
export function onToggleCommand(listener: () => void): () => void {
  return onBackgroundMessage(TogglePanelMessageSchema, listener);
}

/**
 * Calls `listener` when the background says this tab's view changed though its page did not (another
 * sensitivity: the background presented the tab's stored ranking again); returns the unsubscribe function.
 */
export function onViewChanged(listener: () => void): () => void {
  return onBackgroundMessage(ViewChangedMessageSchema, listener);
}

/** The parts of WXT's content-script context the panel uses. */
export interface PanelContext {
  signal: AbortSignal;
  addEventListener(target: Window, type: 'wxt:locationchange', handler: (event: LocationChange) => void): void;
}

export interface PanelDeps {
  client: Pick<PageClient, 'getRelated'>;
  host: PanelHost;
  location: Pick<Location, 'href'>;
  window: Window;
  loadSettings?: () => Promise<LoadedSettings>;
  onSettingsChange?: (listener: (loaded: LoadedSettings) => void) => () => void;
  onPausedSitesChange?: (listener: (sites: string[]) => void) => () => void;
  onToggleCommand?: (listener: () => void) => () => void;
  onViewChanged?: (listener: () => void) => () => void;
}

/** The running panel: the page reader tells it about each report. */
export interface PanelController {
  /** The background answered a report: show what it found, or nothing. */
  reported(reply: ReportReply): void;
}

/**
 * Keeps the in-page panel in step with the tab: shown after the background
 * ranked the page (when the settings want it), updated when the settings
 * change, hidden when the site is paused or a single-page app moves on.
 */
export function startPanel(ctx: PanelContext, deps: PanelDeps): PanelController {
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const settingsLoaded = (deps.loadSettings ?? loadSettings)().then((loaded) => {
    settings = loaded.settings;
  });
  // Answers can arrive out of order (a report, then a settings change): only the latest request may draw.
  let generation = 0;
  let shown = false;
  const hide = () => {
    generation++;
    shown = false;
    deps.host.hide();
  };
  /** Asks for the tab's results and draws them; `reply` (a fresh report) spares the request when nothing can show. */
  const refresh = async (reply?: ReportReply, mode?: PanelMode) => {
    const mine = ++generation;
    await settingsLoaded;
    const panel = mode ?? settings.panel;
    if (panel === 'off' || (panel === 'strong' && reply?.strong === 0)) return hide();
    let view: TabView;
    try {
      view = await deps.client.getRelated();
    } catch {
      return; // The extension was reloaded: this copy is orphaned and WXT removes its UI.
    }
    if (mine !== generation || ctx.signal.aborted) return;
    const content = panelContent(view, panel);
    shown = !!content;
    drawnFor = withoutHash(deps.location.href);
    if (content) deps.host.show(content);
    else deps.host.hide();
  };
  // The shortcut shows the panel even where the settings would not (the user asked), then opens it.
  const stopToggle = (deps.onToggleCommand ?? onToggleCommand)(() => {
    void (shown ? Promise.resolve() : refresh(undefined, 'always')).then(() => {
      if (shown) deps.host.toggle?.();
    });
  });

  // The panel mode is the panel's own to apply. Another sensitivity changes what is strong: the background presents
  // the stored ranking again and says so (below), so the page is never read again for it.
  const stopSettings = (deps.onSettingsChange ?? onSettingsChange)(({ settings: next }) => {
    const previous = settings;
    settings = next;
    if (next.panel !== previous.panel) void refresh();
  });
  const stopViewChanged = (deps.onViewChanged ?? onViewChanged)(() => void refresh());
  const stopPaused = (deps.onPausedSitesChange ?? onPausedSitesChange)((sites) => {
    const site = siteOf(deps.location.href);
    if (site && sites.includes(site)) hide();
  });
  // Hidden when the page really moved on; a forged event (WXT's event names are public) leaves the URL as it is.
  let drawnFor = withoutHash(deps.location.href);
  ctx.addEventListener(deps.window, 'wxt:locationchange', (event) => {
    if (!samePage(event) && withoutHash(deps.location.href) !== drawnFor) hide();
  });
  ctx.signal.addEventListener(
    'abort',
    () => {
      stopSettings();
      stopPaused();
      stopToggle();
      stopViewChanged();
    },
    { once: true },
  );
  return {
    reported: (reply) => (reply.paused ? hide() : void refresh(reply)),
  };
}

/** Why a click in the panel does not count, or `undefined` when it shows the user's visible intent. */
export type IgnoredClick = 'untrusted' | 'moved' | 'hidden' | 'covered';

/**
 * Whether a click on the panel is one the user meant: trusted, on the panel
 * host where the extension put it (the last child of `<body>`), with the host
 * and every ancestor rendered as drawn (visible, fully opaque, untransformed,
 * unfiltered), and — for a pointer click — the host the topmost element at the
 * click point. A page that moves the panel into a transparent layer over a
 * decoy, or covers it, gets its clicks ignored.
 *
 * `occluded` is IntersectionObserver v2's verdict where the browser has it
 * (it also sees overlays with `pointer-events: none`).
 */
export function ignoredClick(
  host: Element,
  event: Pick<MouseEvent, 'isTrusted' | 'clientX' | 'clientY' | 'detail'>,
  occluded = false,
): IgnoredClick | undefined {
  if (!event.isTrusted) return 'untrusted';
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  if (!view || !host.isConnected || host.parentElement !== doc.body) return 'moved';
  const visible = (host as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility?.({
    opacityProperty: true,
    visibilityProperty: true,
    contentVisibilityAuto: true,
  });
  if (visible === false) return 'hidden';
  for (let el: Element | null = host; el; el = el.parentElement) {
    const style = view.getComputedStyle(el);
    if (Number(style.opacity) < 1 || style.visibility === 'hidden' || style.display === 'none') return 'hidden';
    if ((style.transform && style.transform !== 'none') || (style.filter && style.filter !== 'none')) return 'hidden';
    if (style.mixBlendMode && style.mixBlendMode !== 'normal') return 'hidden';
  }
  if (occluded) return 'covered';
  // A keyboard click (Enter, Space) has no point: focus was in the panel.
  if (event.detail === 0 && event.clientX === 0 && event.clientY === 0) return undefined;
  const top = doc.elementsFromPoint(event.clientX, event.clientY)[0];
  return top === host ? undefined : 'covered';
}
