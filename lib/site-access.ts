/** Why the extension cannot read a page: browsers keep some pages out of every extension's reach. */
export type RestrictedReason = 'browser-page' | 'web-store' | 'pdf' | 'not-web';

export type PageAccess = { readable: true; site: string } | { readable: false; reason: RestrictedReason };

/** Hosts where browsers never run extension content scripts. */
const STORE_HOSTS = new Set(['chromewebstore.google.com', 'microsoftedge.microsoft.com', 'addons.mozilla.org']);
const BROWSER_SCHEMES =
  /^(chrome|chrome-extension|chrome-search|chrome-untrusted|devtools|edge|brave|opera|vivaldi|about|moz-extension|view-source):/i;

/**
 * Whether the content script can read a tab's URL, and the site (host name)
 * it belongs to: only http(s) pages outside the extension stores and the PDF viewer.
 *
 * @example pageAccess('https://arxiv.org/abs/2401.1') // { readable: true, site: 'arxiv.org' }
 */
export function pageAccess(url: string | undefined): PageAccess {
  if (!url || BROWSER_SCHEMES.test(url)) return { readable: false, reason: 'browser-page' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { readable: false, reason: 'not-web' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { readable: false, reason: 'not-web' };
  const host = parsed.hostname.toLowerCase();
  if (STORE_HOSTS.has(host) || (host === 'chrome.google.com' && parsed.pathname.startsWith('/webstore'))) {
    return { readable: false, reason: 'web-store' };
  }
  if (/\.pdf$/i.test(parsed.pathname)) return { readable: false, reason: 'pdf' };
  return { readable: true, site: host };
}

/** The site (host name) of an http(s) URL, or null for anything else. */
export function siteOf(url: string | undefined): string | null {
  const access = pageAccess(url);
  return access.readable ? access.site : null;
}

/** A URL without its fragment: jumping to a heading is not a new page. */
export function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

/** What WXT's `wxt:locationchange` event carries (both URLs may be missing in tests). */
export interface LocationChange {
  newUrl?: URL;
  oldUrl?: URL;
}

/** True when a location change only moved to another anchor of the same page. */
export function samePage(change: LocationChange | undefined): boolean {
  const { newUrl, oldUrl } = change ?? {};
  return !!newUrl && !!oldUrl && withoutHash(newUrl.href) === withoutHash(oldUrl.href);
}

/** A site as Paper Radar names it: a host name, or a bracketed IPv6 address (no scheme, port or path). */
export const SITE_PATTERN = /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i;
