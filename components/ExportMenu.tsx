import { useState } from 'preact/hooks';
import {
  BACKUP_FILE,
  decodeBackup,
  describeImport,
  exportBackup,
  IMPORT_LIMITS,
  ImportError,
  importBackup,
} from '~/lib/backup';
import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { errorMessage } from '~/lib/errors';
import { EXPORT_FILES, exportReadingList, papers, type ExportFormat } from '~/lib/export';
import { validateRows } from '~/lib/reading-list';

/** A file to hand to the user. */
export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/** Downloads text as a file: a Blob, an object URL and a click on an `<a download>`. */
export function downloadFile(file: ExportFile, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: `${file.type};charset=utf-8` }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.name;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoke later: the download may start after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const FORMATS: Array<{ format: ExportFormat | 'backup'; label: string }> = [
  { format: 'bibtex', label: 'BibTeX' },
  { format: 'biblatex', label: 'biblatex' },
  { format: 'csl-json', label: 'CSL-JSON' },
  { format: 'markdown', label: 'Markdown' },
  { format: 'backup', label: 'Backup (JSON)' },
];

export interface ExportMenuProps {
  db: ReadingListStore;
  /** Receives each export; defaults to a browser download (tests pass a spy). */
  onFile?: (file: ExportFile) => void;
}

type Message = { kind: 'status' | 'error'; text: string } | null;

/** Export buttons (BibTeX, CSL-JSON, Markdown, JSON backup) and the backup import. */
export function ExportMenu({ db, onFile = downloadFile }: ExportMenuProps) {
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  const onExport = (format: ExportFormat | 'backup') =>
    exportAs(format).catch((e: unknown) => setMessage({ kind: 'error', text: `Export failed: ${errorMessage(e)}` }));
  const exportAs = async (format: ExportFormat | 'backup') => {
    if (format === 'backup') {
      const { json, count, corrupt } = await exportBackup(db);
      onFile({ ...BACKUP_FILE, text: json });
      setMessage({
        kind: corrupt.length ? 'error' : 'status',
        text: corrupt.length
          ? `Backed up ${papers(count)}; ${corrupt.length === 1 ? '1 damaged entry' : `${corrupt.length} damaged entries`} could not be included.`
          : `Backed up ${papers(count)}.`,
      });
      return;
    }
    // The same rows and the same writer as `npm run export` on a backup of them.
    const { entries } = validateRows(await db.readingList.toArray());
    onFile({ ...EXPORT_FILES[format], text: exportReadingList(format, entries) });
    setMessage({ kind: 'status', text: `Exported ${papers(entries.length)} as ${EXPORT_FILES[format].name}.` });
  };

  const onImport = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    try {
      if (file.size > IMPORT_LIMITS.bytes) {
        throw new ImportError(
          'size',
          `The file is larger than ${IMPORT_LIMITS.bytes / 1024 / 1024} MB; a reading-list backup is far smaller.`,
        );
      }
      const summary = await importBackup(db, decodeBackup(await file.arrayBuffer()));
      setMessage({ kind: 'status', text: describeImport(summary) });
    } catch (e) {
      const reason = e instanceof ImportError ? e.message : `Unexpected error: ${errorMessage(e)}`;
      setMessage({ kind: 'error', text: `Nothing was imported from ${file.name}. ${reason}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="rl-export" aria-labelledby="rl-export-heading">
      <h2 id="rl-export-heading" class="rl-export-heading">
        Export and back up
      </h2>
      <div role="group" aria-label="Export reading list" class="rl-export-buttons">
        <span aria-hidden="true">Export:</span>
        {FORMATS.map(({ format, label }) => (
          <button key={format} type="button" onClick={() => void onExport(format)}>
            {label}
          </button>
        ))}
      </div>
      {/* The file input is hidden visually; its label is styled as a button and stays keyboard-reachable. */}
      <label class={`rl-import${busy ? ' rl-import--busy' : ''}`}>
        <input
          type="file"
          class="rl-file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(e) => void onImport(e.currentTarget)}
        />
        Import backup…
      </label>
      <div role="status" class="rl-status">
        {message?.kind === 'status' && message.text}
      </div>
      <div role="alert" class="rl-error">
        {message?.kind === 'error' && message.text}
      </div>
    </section>
  );
}
