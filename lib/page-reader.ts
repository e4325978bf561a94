import type { PageClient } from './client';
import type { ReportReply } from './messages';
import { extractPage } from './page';
import { samePage, siteOf, type LocationChange } from './site-access';
import { isSitePaused, onPausedSitesChange } from './site-pause';

/** The parts of WXT's content-script context the reader uses (an `AbortSignal` plus timers that die with it). */
export interface ReaderContext {
  signal: AbortSignal;
  requestIdleCallback(callback: () => void, options?: { timeout?: number }): number;
  setTimeout(handler: () => void, timeout: number): number;
  addEventListener(target: Window, type: 'wxt:locationchange', handler: (event: LocationChange) => void): void;
}

export interface ReaderDeps {
  client: PageClient;
  document: Document;
  location: Pick<Location, 'href'>;
  window: Window;
  isSitePaused?: (site: string) => Promise<boolean>;
  onPausedSitesChange?: (listener: (sites: string[]) => void) => () => void;
  /** Called after each report the background answered (the in-page panel then asks for the results). */
  onReport?: (reply: ReportReply) => void;
}

/** A running reader. */
export interface PageReader {
  /** Reads and reports the page again at the next idle moment, e.g. when the sensitivity setting changed. */
  read(): void;
}

/** How long to let a single-page app render its new view after the URL changed. */
export const SPA_SETTLE_MS = 600;
/** Longest wait for an idle moment before reading anyway. */
export const IDLE_TIMEOUT_MS = 2_000;

/**
 * Reads the page when the main thread is idle and reports it to the
 * background; again whenever a single-page app changes the URL, and when the
 * user resumes a paused site. Does nothing at all on a paused site.
 */
export function startPageReader(ctx: ReaderContext, deps: ReaderDeps): PageReader {
  const paused = deps.isSitePaused ?? isSitePaused;
  let pending = false;
  let pausedHere = false;
  const read = () => {
    if (pending) return;
    pending = true;
    ctx.requestIdleCallback(
      () => {
        pending = false;
        void readNow();
      },
      { timeout: IDLE_TIMEOUT_MS },
    );
  };
  const readNow = async () => {
    const url = deps.location.href;
    const site = siteOf(url);
    if (!site) return;
    pausedHere = await paused(site);
    if (pausedHere || ctx.signal.aborted) return;
    try {
      const reply = await deps.client.reportPage(extractPage(deps.document, url));
      if (!ctx.signal.aborted) deps.onReport?.(reply);
    } catch {
      // The extension was reloaded or updated: this copy of the script is orphaned and stays quiet.
    }
  };
  read();
  ctx.addEventListener(deps.window, 'wxt:locationchange', (event) => {
    // A jump to an anchor on the same page is the same page: nothing to read again.
    if (!samePage(event)) ctx.setTimeout(read, SPA_SETTLE_MS);
  });
  const stop = (deps.onPausedSitesChange ?? onPausedSitesChange)((sites) => {
    const site = siteOf(deps.location.href);
    if (!site) return;
    // Paused elsewhere (the popup, the panel, the options page): remember it, so resuming reads the page again.
    if (sites.includes(site)) pausedHere = true;
    else if (pausedHere) {
      pausedHere = false;
      read();
    }
  });
  ctx.signal.addEventListener('abort', stop, { once: true });
  return { read: () => !pausedHere && !ctx.signal.aborted && read() };
}
