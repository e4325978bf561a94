import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { readingListDb } from '~/lib/reading-list';
import { ExportMenu, type ExportFile } from './ExportMenu';
import { ReadingList } from './ReadingList';
import { ReadingListImport } from './ReadingListImport';
import './reading-list.css';

export interface ReadingListPanelProps {
  /** The database; defaults to the extension's, opened with strict durability. */
  db?: ReadingListStore;
  /** The full-page view (`reading-list.html`): a page heading, no link to itself. */
  fullPage?: boolean;
  /** Receives exports instead of downloading them (tests). */
  onFile?: (file: ExportFile) => void;
}

/** The extension page the full reading list lives on. */
function fullPageUrl(): string | undefined {
  try {
    return browser.runtime.getURL('/reading-list.html');
  } catch {
    return undefined;
  }
}

/**
 * The reading list with its export and import: the popup's "Reading list" tab
 * panel, and (with `fullPage`) the whole of `reading-list.html`.
 */
export function ReadingListPanel({ db = readingListDb(), fullPage = false, onFile }: ReadingListPanelProps) {
  const more = fullPage ? undefined : fullPageUrl();
  const body = (
    <>
      {fullPage && <h1>Reading list</h1>}
      <ReadingList db={db} />
      <ExportMenu db={db} onFile={onFile} />
      <ReadingListImport db={db} />
      {more && (
        <p class="rl-more">
          <a href={more} target="_blank" rel="noopener">
            Open the reading list in a tab
          </a>
        </p>
      )}
    </>
  );
  // The full page is one `main` landmark holding everything; in the popup the tab panel is the region.
  return fullPage ? <main class="rl-panel rl-panel--page">{body}</main> : <div class="rl-panel">{body}</div>;
}
