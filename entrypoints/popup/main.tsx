import { render } from 'preact';
import { Popup } from '~/components/Popup';
import { backgroundClient, targetTabId } from '~/lib/client';
import { onSchemaChange, openForPage } from '~/lib/db-access';
import { readingListDb } from '~/lib/reading-list';
import '~/components/popup.css';

const app = document.getElementById('app')!;
void Promise.all([targetTabId(location.search), openForPage(readingListDb())]).then(([tabId, db]) => {
  // Another build upgrading the database: step aside and come back on the new schema (or read-only).
  onSchemaChange(db, () => location.reload());
  render(<Popup client={backgroundClient()} tabId={tabId} db={db} />, app);
});
