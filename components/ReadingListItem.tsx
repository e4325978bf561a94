import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReadingListEntry } from '~/lib/db';
import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { entryHref, isHttpUrl, MAX_NOTE, setNote, setRead } from '~/lib/reading-list';

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
}

/** One saved paper: title (opens the paper), saved date, read toggle, note, remove. */
export function ReadingListItem({ db, entry, onRemove, onError = () => {} }: ReadingListItemProps) {
  const [note, setNoteText] = useState(entry.note);
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
      <div class="rl-actions">
        <label class="rl-read">
          <input
            type="checkbox"
            checked={entry.read}
            aria-label={`Read: ${entry.title}`}
            onChange={(e) => void setRead(db, entry.id, e.currentTarget.checked).catch(onError)}
          />{' '}
          Read
        </label>
        <button
          type="button"
          class="rl-remove"
          aria-label={`Remove “${entry.title}” from reading list`}
          onClick={() => void flush().then(() => onRemove(entry))}
        >
          Remove
        </button>
      </div>
      <label class="rl-note-label" for={noteId}>
        Note
      </label>
      <textarea
        id={noteId}
        ref={box}
        class="rl-note"
        rows={2}
        maxLength={MAX_NOTE}
        aria-label={`Note for ${entry.title}`}
        value={note}
        onInput={(e) => onInput(e.currentTarget.value)}
        onBlur={() => void flush()}
      />
    </li>
  );
}
