import { render } from 'preact';
import { Popup } from '~/components/Popup';
import { StorageNotice } from '~/components/StorageNotice';
import { backgroundClient, targetTabId } from '~/lib/client';
import { onSchemaChange, openForPage } from '~/lib/db-access';
import { readingListDb } from '~/lib/reading-list';
import { openReadingList } from '~/lib/storage/open-reading-list';
import '~/components/popup.css';

const app = document.getElementById('app')!;
void Promise.all([targetTabId(location.search), openForPage(readingListDb())]).then(([tabId, db]) => {
  // Another build upgrading the database: step aside and come back on the new schema (or read-only).
  onSchemaChange(db, () => location.reload());
  // Drawn first, checked against the reading list's copy after: the popup's results never wait for storage.
  const checked = openReadingList({ db }).then(({ notice }) => notice);
  render(
    <>
      <StorageNotice notice={checked} />
      <Popup client={backgroundClient()} tabId={tabId} db={db} />
    </>,
    app,
  );
});
