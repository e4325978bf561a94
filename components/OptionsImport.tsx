import { useEffect, useState } from 'preact/hooks';
import { formatProblem, IMPORT_LIMITS, type ImportProgress, type ParsedImport } from '~/lib/corpus-import';
import { nameFromFile, type ImportStore } from '~/lib/corpus-import-store';
import type { ImportJob } from '~/lib/db';
import { errorMessage } from '~/lib/errors';

/** Bad entries listed under the validation summary; the rest are counted. */
const SHOWN_PROBLEMS = 5;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const setName = (job: ImportJob) => job.source.replace(/^import:/, '');
const interrupted = (job: ImportJob) => job.state !== 'done' && job.done < job.total;

/** Reads a picked file, refusing one over the import limit before reading it into memory. */
async function readFile(file: File): Promise<string> {
  if (file.size > IMPORT_LIMITS.chars) {
    throw new Error(
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${IMPORT_LIMITS.chars / 1024 / 1024} MB — split it into several imports`,
    );
  }
  return file.text();
}

function Summary({ parsed }: { parsed: ParsedImport }) {
  const shown = parsed.problems.slice(0, SHOWN_PROBLEMS);
  return (
    <div class="import-summary">
      <p>
        {count(parsed.papers.length, 'paper')}, {count(parsed.badEntries, 'bad entry', 'bad entries')}
        {shown.length > 0 ? ':' : '.'}
      </p>
      {shown.length > 0 && (
        <ul aria-label="Bad entries">
          {shown.map((p) => (
            <li key={formatProblem(p)}>{formatProblem(p)}</li>
          ))}
          {parsed.badEntries > shown.length && <li>and {count(parsed.badEntries - shown.length, 'more')}</li>}
        </ul>
      )}
    </div>
  );
}

/**
 * "Import papers": pick a JSON or JSON Lines file, see how many entries are
 * good and which are bad, import it with a progress bar; the imported sets
 * with Remove, and an interrupted import offered for resuming with the same file.
 */
export function OptionsImport({ store, onChanged }: { store: ImportStore; onChanged?: () => void }) {
  const [jobs, setJobs] = useState<ImportJob[]>();
  const [text, setText] = useState<string>();
  const [name, setNameDraft] = useState('');
  const [mode, setMode] = useState<'skip' | 'refuse'>('skip');
  const [parsed, setParsed] = useState<ParsedImport>();
  const [progress, setProgress] = useState<ImportProgress>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();

  const refresh = () =>
    store.list().then(setJobs, (e: unknown) => {
      setJobs([]);
      setError(errorMessage(e));
    });
  useEffect(() => void refresh(), [store]);

  /** Runs one write (import, resume, remove): one at a time, its outcome shown, the list and corpus refreshed. */
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    setProgress(undefined);
    try {
      setStatus(await work());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      await refresh();
      onChanged?.();
    }
  };
  const onProgress = (p: ImportProgress) => {
    setProgress(p);
    if (p.done === p.total) setStatus(`Wrote ${count(p.total, 'paper')}; building the search index…`);
  };

  const pick = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    setParsed(undefined);
    setText(undefined);
    setStatus(undefined);
    setProgress(undefined);
    setError(undefined);
    if (!file) return;
    const draft = nameFromFile(file.name);
    setNameDraft(draft);
    try {
      const read = await readFile(file);
      setStatus(`Checking ${file.name}…`);
      // Let "Checking…" paint: validating a large file takes a moment.
      await new Promise((resolve) => setTimeout(resolve, 0));
      setParsed(store.validate(read, draft));
      setText(read);
      setStatus(undefined);
    } catch (err) {
      setStatus(undefined);
      setError(errorMessage(err));
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (text === undefined || busy) return;
    const setTo = name.trim();
    void run(async () => {
      const result = await store.start(setTo, text, { mode, onProgress });
      if (result.refused) {
        return `Nothing imported: the file has ${count(result.badEntries, 'bad entry', 'bad entries')} and you chose to refuse it. Fix them, or choose “Skip bad entries”.`;
      }
      const skipped = result.badEntries ? `, ${count(result.badEntries, 'bad entry', 'bad entries')} skipped` : '';
      return `Imported ${count(result.imported, 'paper')} as “${setTo}”${skipped}. Related papers and search include them now.`;
    });
  };

  const resume = (job: ImportJob) => async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    await run(async () => {
      const result = await store.resume(job.id, await readFile(file), { onProgress });
      return `Imported ${count(result.imported, 'paper')} as “${setName(job)}” (resumed).`;
    });
  };

  const remove = (job: ImportJob) =>
    void run(async () => {
      const removed = await store.remove(setName(job));
      return `Removed “${setName(job)}” (${count(removed, 'paper')}).`;
    });

  const replaces = jobs?.some((j) => setName(j) === name.trim());

  return (
    <section class="import" aria-labelledby="import-heading">
      <h2 id="import-heading">Import papers</h2>
      <p class="hint">
        A JSON array or JSON Lines file of papers, each with a <code>title</code> and an <code>abstract</code>, and
        optionally <code>id</code>, <code>url</code>, <code>authors</code>, <code>year</code> and{' '}
        <code>categories</code> — up to {IMPORT_LIMITS.entries.toLocaleString('en')} entries and{' '}
        {IMPORT_LIMITS.chars / 1024 / 1024} MB. Imported papers join the bundled ones; your reading list is not touched.
      </p>
      <form class="import-form" onSubmit={submit}>
        <label>
          File{' '}
          <input
            type="file"
            name="file"
            accept=".json,.jsonl,.ndjson,application/json"
            disabled={busy}
            onChange={(e) => void pick(e)}
          />
        </label>
        <label>
          Name of the set{' '}
          <input
            type="text"
            name="name"
            value={name}
            maxLength={20}
            disabled={busy}
            onInput={(e) => setNameDraft((e.target as HTMLInputElement).value)}
          />
        </label>
        {replaces && <p class="hint">A set with this name exists; importing replaces it.</p>}
        <fieldset class="choice">
          <legend>Bad entries</legend>
          <label class="choice-option">
            <input type="radio" name="mode" value="skip" checked={mode === 'skip'} onChange={() => setMode('skip')} />
            Skip bad entries
          </label>
          <label class="choice-option">
            <input
              type="radio"
              name="mode"
              value="refuse"
              checked={mode === 'refuse'}
              onChange={() => setMode('refuse')}
            />
            Refuse the file if any entry is bad
          </label>
        </fieldset>
        {parsed && <Summary parsed={parsed} />}
        <button type="submit" disabled={busy || text === undefined}>
          Import
        </button>
      </form>
      {progress && (
        <p class="import-progress">
          <progress aria-label="Import progress" value={progress.done} max={progress.total} />{' '}
          <span>
            {progress.done.toLocaleString('en')} of {count(progress.total, 'paper')}
          </span>
        </p>
      )}
      <p role="status" class="import-status">
        {status}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h3>Imported sets</h3>
      {jobs && jobs.length === 0 && <p>No imported papers.</p>}
      {jobs && jobs.length > 0 && (
        <ul aria-label="Imported sets" class="import-list">
          {jobs.map((job) => (
            <li key={job.id}>
              <span>
                <strong>{setName(job)}</strong>:{' '}
                {interrupted(job)
                  ? `stopped at ${job.done.toLocaleString('en')} of ${count(job.total, 'paper')}`
                  : count(job.done, 'paper')}
              </span>
              {interrupted(job) && (
                <label>
                  Pick the same file to resume{' '}
                  <input
                    type="file"
                    accept=".json,.jsonl,.ndjson,application/json"
                    aria-label={`Resume ${setName(job)} with its file`}
                    disabled={busy}
                    onChange={(e) => void resume(job)(e)}
                  />
                </label>
              )}
              <button type="button" aria-label={`Remove ${setName(job)}`} disabled={busy} onClick={() => remove(job)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
