import { liveQuery } from 'dexie';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ReadingListEntry } from '~/lib/db';
import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { isReadOnly, READING_LIST_NOTICE, storageProblem, surfacingStorageProblems } from '~/lib/db-access';
import { errorMessage } from '~/lib/errors';
import { papers } from '~/lib/export';
import {
  arrange,
  readingListDb,
  remove,
  restore,
  savedIds,
  tagCounts,
  validateRows,
  type ListResult,
  type SortOrder,
} from '~/lib/reading-list';
import { ReadingListItem } from './ReadingListItem';

/** The reading list's rows, validated, kept current as any window changes them (Dexie live query). */
export function useReadingList(db: ReadingListStore): { result: ListResult | null; error: string | null } {
  const [result, setResult] = useState<ListResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const subscription = liveQuery(() => surfacingStorageProblems(() => db.readingList.toArray())).subscribe({
      next: (rows) => {
        setResult(validateRows(rows));
        setError(null);
      },
      error: (e: unknown) => {
        const problem = storageProblem(e);
        setError(problem ? READING_LIST_NOTICE[problem] : `The reading list could not be read: ${errorMessage(e)}`);
      },
    });
    return () => subscription.unsubscribe();
  }, [db]);
  return { result, error };
}

/**
 * The ids of saved papers, kept current — for marking papers as saved in the
 * related list and search results. Empty until the first read.
 */
export function useSavedIds(db: ReadingListStore = readingListDb()): ReadonlySet<string> {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const subscription = liveQuery(() => savedIds(db)).subscribe({
      next: setIds,
      error: (e: unknown) => console.error('Paper Radar: reading saved ids failed', e),
    });
    return () => subscription.unsubscribe();
  }, [db]);
  return ids;
}

export interface ReadingListProps {
  db: ReadingListStore;
}

/** Saved papers, newest first, with a count, sort, filter, tags, read state, notes, edits and remove-with-undo. */
export function ReadingList({ db }: ReadingListProps) {
  const { result, error } = useReadingList(db);
  const [sort, setSort] = useState<SortOrder>('saved');
  const [filter, setFilter] = useState('');
  const [tag, setTag] = useState<string | undefined>(undefined);
  const [removed, setRemoved] = useState<ReadingListEntry | null>(null);
  const [writeError, setWriteError] = useState<string | null>(null);
  const undo = useRef<HTMLButtonElement>(null);
  const onWriteError = (e: unknown) => setWriteError(`Not saved: ${errorMessage(e)}`);
  const tags = useMemo(() => (result ? tagCounts(result.entries) : []), [result]);
  // A tag filter whose last entry lost the tag shows everything again.
  const activeTag = tag && tags.some((t) => t.tag.toLowerCase() === tag.toLowerCase()) ? tag : undefined;
  const shown = useMemo(
    () => (result ? arrange(result.entries, { sort, filter, tag: activeTag }) : []),
    [result, sort, filter, activeTag],
  );

  // After Remove the removed entry's buttons are gone: focus goes to Undo, not to the page.
  useEffect(() => {
    if (removed) undo.current?.focus();
  }, [removed]);

  const onRemove = async (entry: ReadingListEntry) => {
    try {
      const gone = await remove(db, entry.id);
      if (gone) setRemoved(gone);
    } catch (e) {
      onWriteError(e);
    }
  };
  const onUndo = async () => {
    if (!removed) return;
    try {
      await restore(db, removed);
      setRemoved(null);
    } catch (e) {
      onWriteError(e);
    }
  };

  if (error) return <p role="alert">{error}</p>;
  if (!result) return <p class="rl-empty">Loading the reading list…</p>;
  const total = result.entries.length;
  const narrowed = shown.length !== total;
  return (
    <section class="rl" aria-labelledby="rl-count">
      <h2 id="rl-count" class="rl-count">
        {narrowed ? `${shown.length} of ${papers(total)}` : papers(total)}
      </h2>
      <div class="rl-controls">
        <label class="rl-field">
          Filter{' '}
          <input
            type="search"
            value={filter}
            placeholder="Title, author, tag, note"
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </label>
        <label class="rl-field">
          Sort by{' '}
          <select class="rl-select" value={sort} onChange={(e) => setSort(e.currentTarget.value as SortOrder)}>
            <option value="saved">Date saved (newest first)</option>
            <option value="title">Title</option>
          </select>
        </label>
      </div>
      {tags.length > 0 && (
        <div role="group" aria-label="Show papers by tag" class="rl-tag-filter">
          <button type="button" class="rl-chip" aria-pressed={!activeTag} onClick={() => setTag(undefined)}>
            All
          </button>
          {tags.map((t) => (
            <button
              key={t.tag}
              type="button"
              class="rl-chip"
              aria-pressed={activeTag?.toLowerCase() === t.tag.toLowerCase()}
              onClick={() => setTag(activeTag?.toLowerCase() === t.tag.toLowerCase() ? undefined : t.tag)}
            >
              #{t.tag} <span class="rl-chip-count">{t.count}</span>
            </button>
          ))}
        </div>
      )}
      {writeError && (
        <p role="alert" class="rl-error">
          {writeError}
        </p>
      )}
      <div role="status" class="rl-status">
        {removed && (
          <>
            Removed “{removed.title}”.{' '}
            <button type="button" ref={undo} onClick={() => void onUndo()}>
              Undo
            </button>
          </>
        )}
      </div>
      {isReadOnly(db) && (
        <p role="note" class="rl-warning">
          {READING_LIST_NOTICE.newer}
        </p>
      )}
      {result.corrupt.length > 0 && (
        <p role="alert" class="rl-warning">
          {result.corrupt.length === 1 ? 'One saved entry is' : `${result.corrupt.length} saved entries are`} damaged
          and not shown ({result.corrupt.map((c) => c.id).join(', ')}).
        </p>
      )}
      {total === 0 ? (
        <p class="rl-empty">Nothing saved yet. Use “Save” on a paper to keep it here.</p>
      ) : shown.length === 0 ? (
        <p class="rl-empty">
          No saved paper matches {filter ? `“${filter}”` : ''}
          {filter && activeTag ? ' with ' : ''}
          {activeTag ? `#${activeTag}` : ''}.
        </p>
      ) : (
        <ul class="rl-list" aria-label="Reading list">
          {shown.map((entry) => (
            <ReadingListItem
              key={entry.id}
              db={db}
              entry={entry}
              onRemove={(e) => void onRemove(e)}
              onError={onWriteError}
              onTagFilter={setTag}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
