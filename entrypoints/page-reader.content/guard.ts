import { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Keeps the page from stopping this content script by forging WXT's
 * "a newer copy of the script started" event (`<id>:page-reader:wxt:content-script-started`
 * on `document`; the extension id is public for a store install): WXT would
 * invalidate the context, remove the panel and stop reporting. A capture
 * listener on `window` runs before WXT's on `document` and drops the event
 * while this copy is still connected to the extension. Once the extension was
 * updated or reloaded (`runtime.id` gone) the event passes, so a genuinely new
 * copy still retires this one.
 */
export function ignoreForgedRestarts(win: Window, connected: () => boolean): () => void {
  // WXT's own name for the event (`private` in its types, public at run time).
  const type = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
  const drop = (event: Event) => {
    if (connected()) event.stopImmediatePropagation();
  };
  win.addEventListener(type, drop, { capture: true });
  return () => win.removeEventListener(type, drop, { capture: true });
}

/** True while this copy of the script can still talk to the extension (not orphaned by an update). */
export function stillConnected(): boolean {
  try {
    return !!(globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id;
  } catch {
    return false;
  }
}
