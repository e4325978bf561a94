import { useState } from 'preact/hooks';
import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { errorMessage } from '~/lib/errors';

/**
 * "Import BibTeX or CSL-JSON": adds a reference manager's export (Zotero's, Paper
 * Radar's own) to the reading list and says what happened ("12 added, 3 already
 * saved, 1 skipped: no title"). The readers load only when a file is picked.
 */
export function ReadingListImport({ db }: { db: ReadingListStore }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();

  const onPick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    setStatus(undefined);
    setError(undefined);
    try {
      const { importReferences, describeReferenceImport } = await import('~/lib/reading-list-import');
      setStatus(`${file.name}: ${describeReferenceImport(await importReferences(db, file))}.`);
    } catch (e) {
      setError(`Nothing was imported from ${file.name}: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="rl-import-references">
      <label class="rl-import">
        Import BibTeX or CSL-JSON <input type="file" disabled={busy} onChange={(e) => void onPick(e.currentTarget)} />
      </label>
      <div role="status" class="rl-status" aria-label="Reference import">
        {status}
      </div>
      {error && (
        <div role="alert" class="rl-error">
          {error}
        </div>
      )}
    </div>
  );
}
