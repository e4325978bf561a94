import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReadingListEntry } from '~/lib/db';
import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { displayName, missingMetadata } from '~/lib/formats/names';
import {
  editEntry,
  entryHref,
  isHttpUrl,
  MAX_NOTE,
  MAX_TAG,
  normalizeTag,
  setNote,
  setRead,
  setTags,
} from '~/lib/reading-list';

/** How long typing must pause before a note is written (short: a crash right after typing keeps the note). */
export const NOTE_DEBOUNCE_MS = 150;
/** Longest a note waits while the user keeps typing: written at least once a second. */
export const NOTE_MAX_WAIT_MS = 1_000;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export interface ReadingListItemProps {
  db: ReadingListStore;
  entry: ReadingListEntry;
  /** Called once the note has been written, with the entry to remove. */
  onRemove: (entry: ReadingListEntry) => void;
  /** A write failed (e.g. a read-only or unavailable database): say so; the typed note is kept on screen. */
  onError?: (error: unknown) => void;
  /** Shows only the entries with this tag (a click on a tag). */
  onTagFilter?: (tag: string) => void;
}

/** At most this many authors are listed on an entry; the rest are "et al.". */
const SHOWN_AUTHORS = 3;

/** "Ada Lovelace, Alan Turing et al." */
export function authorLine(authors: readonly string[] | undefined): string {
  const names = (authors ?? []).map(displayName).filter(Boolean);
  return names.length > SHOWN_AUTHORS ? `${names.slice(0, SHOWN_AUTHORS).join(', ')} et al.` : names.join(', ');
}

/** One saved paper: title (opens the paper), authors, year, saved date, tags, read toggle, note, edit, remove. */
export function ReadingListItem({ db, entry, onRemove, onError = () => {}, onTagFilter }: ReadingListItemProps) {
  const [note, setNoteText] = useState(entry.note);
  const [noteOpen, setNoteOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingSince = useRef(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const href = entryHref(entry);
  const code = entry.codeUrl && isHttpUrl(entry.codeUrl) && entry.codeUrl !== href ? entry.codeUrl : undefined;

  const flush = async () => {
    clearTimeout(timer.current);
    const text = pending.current;
    if (text === null) return;
    pending.current = null;
    pendingSince.current = 0;
    try {
      await setNote(db, entry.id, text);
    } catch (e) {
      // Keep the text as pending (unless the user typed on), so the next blur or keystroke tries again.
      pending.current ??= text;
      onError(e);
    }
  };

  // Write a pending note when the page goes away or is hidden (closing the popup, switching tabs) or the item unmounts.
  useEffect(() => {
    const onHide = () => void flush();
    const onVisibility = () => {
      if (globalThis.document?.visibilityState === 'hidden') void flush();
    };
    globalThis.addEventListener?.('pagehide', onHide);
    globalThis.document?.addEventListener?.('visibilitychange', onVisibility);
    return () => {
      globalThis.removeEventListener?.('pagehide', onHide);
      globalThis.document?.removeEventListener?.('visibilitychange', onVisibility);
      void flush();
    };
  }, [db, entry.id]);

  // Take a note changed elsewhere (another window, an import) unless the user is typing here.
  useEffect(() => {
    if (pending.current === null && box.current?.ownerDocument.activeElement !== box.current) setNoteText(entry.note);
  }, [entry.note]);

  const onInput = (text: string) => {
    setNoteText(text);
    pending.current = text;
    const now = Date.now();
    pendingSince.current ||= now;
    clearTimeout(timer.current);
    // Steady typing never postpones the write past the max wait.
    const wait = Math.max(0, Math.min(NOTE_DEBOUNCE_MS, pendingSince.current + NOTE_MAX_WAIT_MS - now));
    timer.current = setTimeout(() => void flush(), wait);
  };

  const noteId = `rl-note-${entry.id}`;
  const authors = authorLine(entry.authors);
  const missing = missingMetadata(entry);
  const closeEditor = () => {
    setEditing(false);
    // Back to the button that opened the form, so keyboard users stay in place.
    setTimeout(() => editButton.current?.focus(), 0);
  };
  return (
    <li class={`rl-item${entry.read ? ' rl-item--read' : ''}`}>
      <h3 class="rl-title">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {entry.title}
          </a>
        ) : (
          entry.title
        )}
      </h3>
      {(authors || entry.year) && (
        <p class="rl-byline">
          {authors}
          {authors && entry.year && ' · '}
          {entry.year}
        </p>
      )}
      <p class="rl-meta">
        Saved <time dateTime={new Date(entry.savedAt).toISOString()}>{dateFormat.format(entry.savedAt)}</time>
        {code && (
          <>
            {' · '}
            <a href={code} target="_blank" rel="noopener noreferrer">
              Code
            </a>
          </>
        )}
      </p>
      {missing && !editing && (
        <p class="rl-missing">
          <span class="rl-missing-text">{missing[0]!.toUpperCase() + missing.slice(1)}</span>{' '}
          <button type="button" class="rl-link-button" onClick={() => setEditing(true)}>
            Fill in
          </button>
        </p>
      )}
      {editing ? <EntryEditor db={db} entry={entry} onDone={closeEditor} onError={onError} /> : null}
      <div class="rl-row">
        <EntryTags db={db} entry={entry} onError={onError} onTagFilter={onTagFilter} />
        <div class="rl-actions">
          <label class="rl-read">
            <input
              type="checkbox"
              class="rl-checkbox"
              checked={entry.read}
              aria-label={`Read: ${entry.title}`}
              onChange={(e) => void setRead(db, entry.id, e.currentTarget.checked).catch(onError)}
            />{' '}
            Read
          </label>
          <button
            type="button"
            ref={editButton}
            class="rl-edit"
            aria-expanded={editing}
            aria-label={`Edit title, authors and year of “${entry.title}”`}
            onClick={() => setEditing(!editing)}
          >
            Edit
          </button>
          <button
            type="button"
            class="rl-remove"
            aria-label={`Remove “${entry.title}” from reading list`}
            onClick={() => void flush().then(() => onRemove(entry))}
          >
            Remove
          </button>
        </div>
      </div>
      <label class="rl-note-label" for={noteId}>
        Note
      </label>
      {/* Collapsed to one line until clicked or focused, so an empty note does not double the entry. */}
      <textarea
        id={noteId}
        ref={box}
        class={`rl-note${noteOpen ? ' rl-note--open' : ''}`}
        rows={noteOpen ? Math.min(12, Math.max(3, note.split('\n').length + 1)) : 1}
        maxLength={MAX_NOTE}
        placeholder="Add a note…"
        aria-label={`Note for ${entry.title}`}
        value={note}
        onFocus={() => setNoteOpen(true)}
        onInput={(e) => onInput(e.currentTarget.value)}
        onBlur={() => {
          setNoteOpen(false);
          void flush();
        }}
      />
    </li>
  );
}

/** Authors typed one per line (or separated by semicolons). */
const splitAuthors = (text: string) =>
  text
    .split(/\n|;/)
    .map((a) => a.trim())
    .filter(Boolean);

interface EntryEditorProps {
  db: ReadingListStore;
  entry: ReadingListEntry;
  onDone: () => void;
  onError: (error: unknown) => void;
}

/** The form that corrects an entry's title, authors and year (what a citation needs). */
export function EntryEditor({ db, entry, onDone, onError }: EntryEditorProps) {
  const [title, setTitle] = useState(entry.title);
  const [authors, setAuthors] = useState((entry.authors ?? []).join('\n'));
  const [year, setYear] = useState(entry.year ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const id = `rl-edit-${entry.id}`;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!title.trim()) return setProblem('A title is needed.');
    if (year.trim() && !/^\d{4}$/.test(year.trim())) return setProblem('The year is four digits, e.g. 2024.');
    try {
      await editEntry(db, entry.id, { title, authors: splitAuthors(authors), year });
      onDone();
    } catch (error) {
      onError(error);
    }
  };

  return (
    <form class="rl-editor" aria-label={`Edit “${entry.title}”`} onSubmit={(e) => void onSubmit(e)}>
      <label for={`${id}-title`}>Title</label>
      <input
        id={`${id}-title`}
        ref={first}
        type="text"
        value={title}
        maxLength={2_000}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <label for={`${id}-authors`}>Authors, one per line</label>
      <textarea
        id={`${id}-authors`}
        rows={3}
        placeholder={'Ada Lovelace\nThe ATLAS Collaboration'}
        value={authors}
        onInput={(e) => setAuthors(e.currentTarget.value)}
      />
      <label for={`${id}-year`}>Year</label>
      <input
        id={`${id}-year`}
        type="text"
        inputMode="numeric"
        class="rl-year"
        maxLength={4}
        value={year}
        onInput={(e) => setYear(e.currentTarget.value)}
      />
      {problem && (
        <p role="alert" class="rl-error">
          {problem}
        </p>
      )}
      <div class="rl-editor-buttons">
        <button type="submit" class="rl-primary">
          Save details
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface EntryTagsProps {
  db: ReadingListStore;
  entry: ReadingListEntry;
  onError: (error: unknown) => void;
  onTagFilter?: (tag: string) => void;
}

/** An entry's tags: each shows the entries with it and can be removed; a box adds one (Enter or comma). */
export function EntryTags({ db, entry, onError, onTagFilter }: EntryTagsProps) {
  const [draft, setDraft] = useState('');
  const tags = entry.tags ?? [];
  const input = useRef<HTMLInputElement>(null);

  const add = () => {
    const tag = normalizeTag(draft);
    setDraft('');
    if (!tag) return;
    void setTags(db, entry.id, [...tags, tag]).catch(onError);
  };
  const removeTag = (tag: string) => {
    void setTags(
      db,
      entry.id,
      tags.filter((t) => t !== tag),
    ).catch(onError);
    input.current?.focus();
  };

  return (
    <div class="rl-tags">
      {tags.length > 0 && (
        <ul class="rl-tag-list" aria-label={`Tags of ${entry.title}`}>
          {tags.map((tag) => (
            <li key={tag} class="rl-tag">
              <button
                type="button"
                class="rl-tag-name"
                aria-label={`Show papers tagged ${tag}`}
                onClick={() => onTagFilter?.(tag)}
              >
                #{tag}
              </button>
              <button
                type="button"
                class="rl-tag-remove"
                aria-label={`Remove tag ${tag} from “${entry.title}”`}
                onClick={() => removeTag(tag)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={input}
        type="text"
        class="rl-tag-input"
        placeholder="Add tag"
        maxLength={MAX_TAG}
        aria-label={`Add a tag to “${entry.title}”`}
        value={draft}
        onInput={(e) => {
          const value = e.currentTarget.value;
          if (/[,\n]/.test(value)) {
            setDraft(value.replace(/[,\n]/g, ''));
            const tag = normalizeTag(value.replace(/[,\n]/g, ''));
            if (tag) void setTags(db, entry.id, [...tags, tag]).catch(onError);
            setDraft('');
          } else setDraft(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          }
        }}
      />
    </div>
  );
}
