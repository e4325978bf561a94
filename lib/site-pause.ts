import { browser } from 'wxt/browser';
import { serialize } from './serial';
import { z } from './zod-mini';

/** `storage.local` key of the list of sites (host names) the user paused Paper Radar on. */
export const PAUSED_SITES_KEY = 'pausedSites';

const PausedSitesSchema = z.array(z.string().check(z.minLength(1), z.maxLength(253))).check(z.maxLength(10_000));

/** The paused sites; a missing or malformed list counts as none. */
export async function pausedSites(): Promise<string[]> {
  const stored = await browser.storage.local.get(PAUSED_SITES_KEY);
  const parsed = PausedSitesSchema.safeParse(stored[PAUSED_SITES_KEY]);
  return parsed.success ? parsed.data : [];
}

/** Whether the user paused Paper Radar on a site. */
export async function isSitePaused(site: string): Promise<boolean> {
  return (await pausedSites()).includes(site.toLowerCase());
}

/** Pauses or resumes Paper Radar on a site; returns the new list. */
export const setSitePaused = serialize(async (site: string, paused: boolean): Promise<string[]> => {
  const host = site.toLowerCase();
  const others = (await pausedSites()).filter((s) => s !== host);
  const next = paused ? [...others, host].sort() : others;
  await browser.storage.local.set({ [PAUSED_SITES_KEY]: next });
  return next;
});

/** Calls `listener` with the new list whenever the paused sites change; returns the unsubscribe function. */
export function onPausedSitesChange(listener: (sites: string[]) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(PAUSED_SITES_KEY in changes)) return;
    const parsed = PausedSitesSchema.safeParse(changes[PAUSED_SITES_KEY]?.newValue);
    listener(parsed.success ? parsed.data : []);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
