import { render } from 'preact';
import { ReadingListPanel } from '~/components/ReadingListPanel';
import { onSchemaChange, openForPage } from '~/lib/db-access';
import { readingListDb } from '~/lib/reading-list';

void openForPage(readingListDb()).then((db) => {
  // Another build upgrading the database: step aside and come back on the new schema (or read-only).
  onSchemaChange(db, () => location.reload());
  render(<ReadingListPanel fullPage db={db} />, document.getElementById('app')!);
});
