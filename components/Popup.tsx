import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { RadarClient } from '~/lib/client';
import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { CANT_SAVE, storageProblem } from '~/lib/db-access';
import { errorMessage } from '~/lib/errors';
import type { PaperView, TabView } from '~/lib/messages';
import { draftFromPaper, readingListDb, toggle as toggleSaved } from '~/lib/reading-list';
import { PageStatus } from './PageStatus';
import { PaperList, useExpanded } from './PaperList';
import { useSavedIds } from './ReadingList';
import { ReadingListPanel } from './ReadingListPanel';
import { RelatedPapers } from './RelatedPapers';
import { SearchBox } from './SearchBox';
import { SiteControls } from './SiteControls';
import { ThisPage } from './ThisPage';
import { ViewTabs, type ViewTab } from './ViewTabs';

/** How often the popup asks again while the page is still being read. */
export const READING_POLL_MS = 500;
/** How long typing must pause before the corpus is searched. */
export const SEARCH_DEBOUNCE_MS = 60;

export interface PopupProps {
  client: RadarClient;
  /** The tab the popup is about; undefined when there is none (e.g. no window). */
  tabId: number | undefined;
  /**
   * The reading list's database (extension pages share the extension's origin,
   * so the popup writes it directly); defaults to the extension's.
   */
  db?: ReadingListStore;
  /** Number of papers in the corpus, for the search box's placeholder. */
  papers?: number;
}

/** Results of the corpus search for a query, newest query wins; null while there is no query. */
function useSearch(client: RadarClient, query: string): PaperView[] | null {
  const [results, setResults] = useState<PaperView[] | null>(null);
  useEffect(() => {
    if (!query.trim()) {
      setResults(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      client.search(query).then(
        (r) => current && setResults(r),
        () => current && setResults([]),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, query]);
  return results;
}

/** The page's view, asked again while the page is still being read. */
function useTabView(client: RadarClient, tabId: number | undefined) {
  const [view, setView] = useState<TabView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (tabId === undefined) return;
    let current = true;
    client.getTab(tabId).then(
      (v) => {
        if (!current) return;
        setView(v);
        setError(null);
      },
      (e: unknown) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [client, tabId, generation]);
  useEffect(() => {
    if (view?.kind !== 'reading') return;
    const timer = setTimeout(reload, READING_POLL_MS);
    return () => clearTimeout(timer);
  }, [view, reload]);
  return { view, error, reload };
}

const firstToggle = (list: HTMLElement | null) => list?.querySelector<HTMLButtonElement>('button[data-paper-toggle]');

/** The toolbar popup: related papers for the tab, a corpus search, and the reading list's tab. */
export function Popup({ client, tabId, db = readingListDb(), papers = 0 }: PopupProps) {
  const { view, error, reload } = useTabView(client, tabId);
  const savedIds = useSavedIds(db);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [tab, setTab] = useState<ViewTab>('related');
  const [query, setQuery] = useState('');
  const results = useSearch(client, query);
  const [expanded, toggle, collapseAll] = useExpanded();
  const inputRef = useRef<HTMLInputElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  const site = view && view.kind !== 'restricted' ? view.site : null;
  const togglePause = async () => {
    if (!site) return;
    try {
      await client.setSitePaused(site, view?.kind !== 'paused');
      reload();
    } catch (e) {
      setSaveError(`Could not change the pause for ${site}: ${errorMessage(e)}`);
    }
  };
  const clearSearch = () => {
    setQuery('');
    collapseAll();
    inputRef.current?.focus();
  };
  const focusInput = () => inputRef.current?.focus();
  const onSaveError = (e: unknown) => {
    // IndexedDB unavailable, or upgraded by a newer build: say why saving can't work, not Dexie's words.
    const problem = storageProblem(e);
    setSaveError(problem ? CANT_SAVE[problem] : `The reading list could not be updated: ${errorMessage(e)}`);
  };
  const onSave = (paper: PaperView) =>
    void toggleSaved(db, draftFromPaper(paper)).then(() => setSaveError(null), onSaveError);
  const enterFirst = () => {
    const first = results?.[0];
    if (!first) return;
    toggle(first.id);
    firstToggle(panelRef.current)?.focus();
  };

  return (
    <main class="popup">
      <header class="top">
        <h1>Paper Radar</h1>
        {site && <SiteControls site={site} paused={view?.kind === 'paused'} onToggle={() => void togglePause()} />}
      </header>
      <ViewTabs current={tab} onSelect={setTab} />
      <section id="panel-related" role="tabpanel" aria-labelledby="tab-related" hidden={tab !== 'related'}>
        <SearchBox
          value={query}
          onInput={setQuery}
          onArrowDown={() => firstToggle(panelRef.current)?.focus()}
          onEnter={enterFirst}
          onEscape={clearSearch}
          papers={papers}
          inputRef={inputRef}
        />
        {saveError && (
          <p class="status error" role="alert">
            {saveError}
          </p>
        )}
        {!query.trim() && view?.kind === 'ready' && view.fromAddress?.paper ? (
          <ThisPaper paper={view.fromAddress.paper} onSave={onSave} savedIds={savedIds} />
        ) : (
          !query.trim() &&
          view?.kind === 'ready' &&
          view.article && (
            <ThisPage
              db={db}
              url={view.url ?? ''}
              title={view.title}
              article={view.article}
              savedIds={savedIds}
              onError={onSaveError}
            />
          )
        )}
        <div
          ref={panelRef}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              clearSearch();
            }
          }}
        >
          {query.trim() ? (
            results === null ? (
              <p class="status" role="status">
                Searching…
              </p>
            ) : results.length ? (
              <PaperList
                label="Search results"
                papers={results}
                expanded={expanded}
                onToggle={toggle}
                onSave={onSave}
                savedIds={savedIds}
                onExitTop={focusInput}
              />
            ) : (
              <p class="status" role="status">
                No paper matches “{query.trim()}”.
              </p>
            )
          ) : tabId === undefined ? (
            <p class="status" role="status">
              There is no tab to show papers for.
            </p>
          ) : error ? (
            <p class="status error" role="alert">
              Something went wrong: {error}
            </p>
          ) : !view ? (
            <p class="status" role="status">
              Loading…
            </p>
          ) : view.kind === 'ready' ? (
            <RelatedPapers
              papers={view.papers}
              onSave={onSave}
              savedIds={savedIds}
              onExitTop={focusInput}
              emptyMessage={
                view.fromAddress && !view.fromAddress.paper
                  ? `arXiv:${view.fromAddress.arxivId} is not in your corpus, so there is nothing to rank related papers by (browsers keep extensions out of PDFs). Import it from the options page, or search above.`
                  : undefined
              }
            />
          ) : (
            <PageStatus view={view} onResume={() => void togglePause()} />
          )}
        </div>
      </section>
      <section
        id="panel-reading-list"
        role="tabpanel"
        aria-labelledby="tab-reading-list"
        hidden={tab !== 'reading-list'}
      >
        {tab === 'reading-list' && <ReadingListPanel db={db} />}
      </section>
    </main>
  );
}

/** The paper an arxiv.org address names, when the corpus has it: its card, to read and save. */
function ThisPaper({
  paper,
  onSave,
  savedIds,
}: {
  paper: PaperView;
  onSave: (paper: PaperView) => void;
  savedIds: ReadonlySet<string>;
}) {
  const [expanded, toggle] = useExpanded();
  return (
    <div class="this-paper">
      <p class="this-paper-label">This paper</p>
      <PaperList
        label="This paper"
        papers={[paper]}
        expanded={expanded}
        onToggle={toggle}
        onSave={onSave}
        savedIds={savedIds}
        showRelevance={false}
      />
    </div>
  );
}
