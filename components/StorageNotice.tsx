import { useEffect, useState } from 'preact/hooks';
import { BACKUP_FILE, toBackupJson } from '~/lib/backup';
import {
  dismissRestoreNotice,
  noticeText,
  pendingRestoreNotice,
  type ReadingListNotice,
} from '~/lib/storage/open-reading-list';
import { downloadFile, type ExportFile } from './ExportMenu';

export interface StorageNoticeProps {
  /** What opening the reading list found in this window (or will find: the popup checks after it is drawn). */
  notice?: ReadingListNotice | Promise<ReadingListNotice | undefined>;
  /** Receives the copy's export instead of downloading it (tests). */
  onFile?: (file: ExportFile) => void;
}

/**
 * Says what happened to the reading list's storage: "Restored 20 saved papers
 * after a storage error" (from this window's open, or one another window or
 * the background left, until dismissed), or — when the database cannot be
 * opened — a warning with an export of what its copy holds.
 */
export function StorageNotice({ notice, onFile = downloadFile }: StorageNoticeProps) {
  const [shown, setShown] = useState<ReadingListNotice | undefined>(notice instanceof Promise ? undefined : notice);
  useEffect(() => {
    void Promise.resolve(notice)
      .then(async (found) => found ?? (await pendingRestoreNotice()))
      .then((found) => found && setShown(found))
      .catch(() => undefined);
  }, [notice]);
  if (!shown) return null;
  if (shown.kind === 'restored') {
    const dismiss = () => {
      setShown(undefined);
      void dismissRestoreNotice().catch(() => undefined);
    };
    return (
      <p role="status" class="rl-warning storage-notice">
        {noticeText(shown)}{' '}
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </p>
    );
  }
  const copy = shown.entries;
  // Nothing in the copy: the reading list's own message ("IndexedDB is unavailable") says all there is to say.
  if (!copy.length) return null;
  return (
    <div role="alert" class="rl-warning storage-notice">
      <p>{noticeText(shown)}</p>
      <button type="button" onClick={() => onFile({ ...BACKUP_FILE, text: toBackupJson(copy) })}>
        Export the {copy.length === 1 ? 'saved paper' : `${copy.length} saved papers`} (JSON backup)
      </button>
    </div>
  );
}
