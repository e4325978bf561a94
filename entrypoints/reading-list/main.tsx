import { render } from 'preact';
import { ReadingListPanel } from '~/components/ReadingListPanel';
import { StorageNotice } from '~/components/StorageNotice';
import { onSchemaChange } from '~/lib/db-access';
import { readingListDb } from '~/lib/reading-list';
import { openReadingList } from '~/lib/storage/open-reading-list';

void openReadingList({ db: readingListDb() }).then(({ db, notice }) => {
  // Another build upgrading the database: step aside and come back on the new schema (or read-only).
  onSchemaChange(db, () => location.reload());
  render(
    <>
      <StorageNotice notice={notice} />
      <ReadingListPanel fullPage db={db} />
    </>,
    document.getElementById('app')!,
  );
});
