import { render } from 'preact';
import { Popup } from '~/components/Popup';
import { StorageNotice } from '~/components/StorageNotice';
import { backgroundClient, targetTabId } from '~/lib/client';
import { onSchemaChange } from '~/lib/db-access';
import { readingListDb } from '~/lib/reading-list';
import { openReadingList } from '~/lib/storage/open-reading-list';
import '~/components/popup.css';

const app = document.getElementById('app')!;
void Promise.all([targetTabId(location.search), openReadingList({ db: readingListDb() })]).then(
  ([tabId, { db, notice }]) => {
    // Another build upgrading the database: step aside and come back on the new schema (or read-only).
    onSchemaChange(db, () => location.reload());
    render(
      <>
        <StorageNotice notice={notice} />
        <Popup client={backgroundClient()} tabId={tabId} db={db} />
      </>,
      app,
    );
  },
);
