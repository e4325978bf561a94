import type { TabView } from '~/lib/messages';

type Restricted = Extract<TabView, { kind: 'restricted' }>['reason'];

/** Why a page can't be read, in plain words. */
export const RESTRICTED_MESSAGES: Record<Restricted, string> = {
  'browser-page':
    'Paper Radar can’t read this page: browsers keep their own pages (settings, new tabs, extensions) out of reach of extensions.',
  'web-store': 'Paper Radar can’t read the extension store: browsers don’t let extensions run there.',
  pdf: 'Paper Radar can’t read PDFs open in the browser’s viewer (for arXiv PDFs it finds the paper from the address).',
  'not-web': 'Paper Radar only reads web pages (http and https).',
};

/** A short status line for a page: restricted, paused, still being read. */
export function PageStatus({ view, onResume }: { view: Exclude<TabView, { kind: 'ready' }>; onResume?: () => void }) {
  switch (view.kind) {
    case 'restricted':
      return (
        <div class="status" role="status">
          <p>{RESTRICTED_MESSAGES[view.reason]}</p>
          <p class="hint">You can still search all papers above.</p>
        </div>
      );
    case 'paused':
      return (
        <div class="status" role="status">
          <p>
            Paper Radar is paused on <strong>{view.site}</strong>: it doesn’t read pages there.
          </p>
          {onResume && (
            <button type="button" class="primary" onClick={onResume}>
              Resume on this site
            </button>
          )}
        </div>
      );
    case 'reading':
      return (
        <div class="status" role="status">
          <p>Reading this page…</p>
          <p class="hint">If nothing shows up, reload the page: it may have been open before Paper Radar was.</p>
        </div>
      );
  }
}
