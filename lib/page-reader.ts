import type { PageClient } from './client';
import type { ReportReply } from './messages';
import { readPageInChunks } from './page';
import { samePage, siteOf, withoutHash, type LocationChange } from './site-access';
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
  /** Reads and reports the page again at the next idle moment. */
  read(): void;
}

/** How long to let a single-page app render its new view after the URL changed (each change restarts the wait). */
export const SPA_SETTLE_MS = 600;
/** Longest a stream of URL changes (a page pushing history 100 times a second) delays the next read. */
export const SPA_MAX_WAIT_MS = 2_000;
/** Fewest milliseconds between two reports of one tab: a page cannot make the background rank it more often. */
export const MIN_REPORT_INTERVAL_MS = 1_000;
/** Longest wait for an idle moment before reading anyway. */
export const IDLE_TIMEOUT_MS = 2_000;

/**
 * Reads the page when the main thread is idle and reports it to the
 * background; again whenever a single-page app changes the URL, and when the
 * user resumes a paused site. Does nothing at all on a paused site.
 *
 * Coalesced: a burst of URL changes is one read once the page settles (at
 * most {@link SPA_MAX_WAIT_MS} late), one report at a time and at most one per
 * {@link MIN_REPORT_INTERVAL_MS}; a change that arrives while a report is on
 * its way makes one more read, not one per change. A location-change event
 * that did not change the URL (forged by the page: WXT's event names are
 * public) reads nothing.
 */
export function startPageReader(ctx: ReaderContext, deps: ReaderDeps): PageReader {
  const paused = deps.isSitePaused ?? isSitePaused;
  const now = () => Date.now();
  let pending = false;
  let inFlight = false;
  let again = false;
  let pausedHere = false;
  let lastReportAt = -Infinity;
  let lastReadUrl: string | undefined;
  const read = () => {
    if (inFlight) {
      again = true;
      return;
    }
    if (pending) return;
    pending = true;
    const wait = Math.max(0, lastReportAt + MIN_REPORT_INTERVAL_MS - now());
    const idle = () =>
      ctx.requestIdleCallback(
        () => {
          pending = false;
          void readNow();
        },
        { timeout: IDLE_TIMEOUT_MS },
      );
    if (wait > 0) ctx.setTimeout(idle, wait);
    else idle();
  };
  const readNow = async () => {
    const url = deps.location.href;
    const site = siteOf(url);
    if (!site) return;
    inFlight = true;
    try {
      pausedHere = await paused(site);
      if (pausedHere || ctx.signal.aborted) return;
      lastReadUrl = withoutHash(url);
      lastReportAt = now();
      // In chunks of at most 12 ms, 45 ms in all, whatever the page's shape (lib/page.ts, READ_BUDGET).
      const page = await readPageInChunks(deps.document, url);
      if (ctx.signal.aborted) return;
      const reply = await deps.client.reportPage(page);
      if (!ctx.signal.aborted) deps.onReport?.(reply);
    } catch {
      // The extension was reloaded or updated: this copy of the script is orphaned and stays quiet.
    } finally {
      inFlight = false;
      if (again && !ctx.signal.aborted) {
        again = false;
        read();
      }
    }
  };
  read();
  // A burst of URL changes waits for the last one (restarting the settle wait), but never more than the max wait.
  let settle: number | undefined;
  let burstStart = 0;
  const settled = () => {
    settle = undefined;
    burstStart = 0;
    // The URL the reader last read (or is reading): a forged event, or a jump to an anchor, reads nothing.
    if (withoutHash(deps.location.href) !== lastReadUrl) read();
  };
  ctx.addEventListener(deps.window, 'wxt:locationchange', (event) => {
    if (samePage(event)) return;
    const t = now();
    burstStart ||= t;
    if (settle !== undefined) deps.window.clearTimeout(settle);
    settle = ctx.setTimeout(settled, Math.max(0, Math.min(SPA_SETTLE_MS, burstStart + SPA_MAX_WAIT_MS - t)));
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
