import { useEffect, useRef, useState } from 'preact/hooks';
import { formatProblem, IMPORT_LIMITS, type ImportProgress, type ParsedImport } from '~/lib/corpus-import';
import { nameFromFile, type ImportStore } from '~/lib/corpus-import-store';
import type { ImportJob } from '~/lib/db';
import { errorMessage } from '~/lib/errors';
import { OptionsChoice, type Choice } from './OptionsChoice';

const MODES = [
  { value: 'skip', label: 'Skip bad entries' },
  { value: 'refuse', label: 'Refuse the file if any entry is bad' },
] as const satisfies readonly Choice<'skip' | 'refuse'>[];

/** Bad entries listed under the validation summary; the rest are counted. */
const SHOWN_PROBLEMS = 5;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const setName = (job: ImportJob) => job.source.replace(/^import:/, '');
const interrupted = (job: ImportJob) => job.state !== 'done' && job.done < job.total;

function Summary({ parsed }: { parsed: ParsedImport }) {
  const shown = parsed.problems.slice(0, SHOWN_PROBLEMS);
  const titleOnly = parsed.good - parsed.withAbstract;
  return (
    <div class="import-summary">
      <p class="import-format">Format: {parsed.label}.</p>
      {titleOnly > 0 && <p class="import-title-only">{count(titleOnly, 'paper has', 'papers have')} no abstract.</p>}
      <p>
        {count(parsed.good, 'paper')}, {count(parsed.badEntries, 'bad entry', 'bad entries')}
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
 * "Import papers": pick a file in any format Paper Radar reads (gzip or not),
 * see which format it is, how many entries are good, how many have no abstract
 * and which are bad; import it with a progress bar and a Cancel button; the
 * imported sets with Remove, and an interrupted import offered for resuming with the same file.
 */
export function OptionsImport({ store, onChanged }: { store: ImportStore; onChanged?: () => void }) {
  const [jobs, setJobs] = useState<ImportJob[]>();
  const [file, setFile] = useState<File>();
  const [name, setNameDraft] = useState('');
  const [mode, setMode] = useState<'skip' | 'refuse'>('skip');
  const [withoutAbstract, setWithoutAbstract] = useState<'keep' | 'skip'>('keep');
  const cancel = useRef<AbortController | undefined>(undefined);
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
  const run = async (work: (signal: AbortSignal) => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    setProgress(undefined);
    const controller = new AbortController();
    cancel.current = controller;
    try {
      setStatus(await work(controller.signal));
    } catch (e) {
      if (controller.signal.aborted)
        setStatus('Import cancelled. Pick the same file under “Imported sets” to resume it.');
      else setError(errorMessage(e));
    } finally {
      cancel.current = undefined;
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
    const picked = (e.target as HTMLInputElement).files?.[0];
    setParsed(undefined);
    setFile(undefined);
    setStatus(undefined);
    setProgress(undefined);
    setError(undefined);
    if (!picked) return;
    const draft = nameFromFile(picked.name);
    setNameDraft(draft);
    try {
      setStatus(`Checking ${picked.name}…`);
      const read = (n: number) => setStatus(`Checking ${picked.name}… ${count(n, 'entry', 'entries')} read`);
      setParsed(await store.validate(picked, draft, read));
      setFile(picked);
      setStatus(undefined);
    } catch (err) {
      setStatus(undefined);
      setError(errorMessage(err));
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (file === undefined || busy) return;
    const setTo = name.trim();
    void run(async (signal) => {
      const result = await store.start(setTo, file, { mode, withoutAbstract, parsed, onProgress, signal });
      if (result.refused) {
        return `Nothing imported: the file has ${count(result.badEntries, 'bad entry', 'bad entries')} and you chose to refuse it. Fix them, or choose “Skip bad entries”.`;
      }
      if (result.empty) return 'Nothing imported: no entry of the file makes a paper, so no set was created.';
      if (result.written === 0) {
        return `Nothing added: “${setTo}” already holds the ${count(result.imported, 'paper')} of this file.`;
      }
      const skipped = [
        result.badEntries ? `${count(result.badEntries, 'bad entry', 'bad entries')} skipped` : '',
        result.skippedWithoutAbstract
          ? `${count(result.skippedWithoutAbstract, 'paper')} without abstract skipped`
          : '',
      ]
        .filter(Boolean)
        .map((s) => `, ${s}`)
        .join('');
      return `Imported ${count(result.imported, 'paper')} as “${setTo}”${skipped}. Related papers and search include them now.`;
    });
  };

  const resume = (job: ImportJob) => async (e: Event) => {
    const picked = (e.target as HTMLInputElement).files?.[0];
    if (!picked) return;
    await run(async (signal) => {
      const result = await store.resume(job.id, picked, { onProgress, signal });
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
        arXiv's metadata snapshot or listings, OpenAlex works, Semantic Scholar papers, Hugging Face daily papers (API
        JSON or a saved page), a Zotero CSL-JSON or BibTeX export, or Paper Radar's own JSON and JSON Lines (
        <code>title</code>, <code>abstract</code>, optionally <code>authors</code>, <code>year</code>,{' '}
        <code>venue</code>, <code>doi</code>, <code>arxivId</code>, <code>url</code>) — gzip-compressed or not, up to{' '}
        {IMPORT_LIMITS.entries.toLocaleString('en')} entries. The format is recognised from the content. Imported papers
        join the bundled ones; your reading list is not touched.
      </p>
      <form class="import-form" onSubmit={submit}>
        <label>
          File <input type="file" name="file" disabled={busy} onChange={(e) => void pick(e)} />
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
        <OptionsChoice legend="Bad entries" name="mode" options={MODES} value={mode} onChange={setMode} />
        {parsed && <Summary parsed={parsed} />}
        {parsed && parsed.good > parsed.withAbstract && (
          <OptionsChoice
            legend="Papers without an abstract"
            name="without-abstract"
            options={[
              { value: 'keep', label: `Keep them title-only (${count(parsed.good - parsed.withAbstract, 'paper')})` },
              { value: 'skip', label: 'Skip them' },
            ]}
            value={withoutAbstract}
            onChange={setWithoutAbstract}
          />
        )}
        <button type="submit" disabled={busy || file === undefined}>
          Import
        </button>
        {busy && (
          <button type="button" onClick={() => cancel.current?.abort()}>
            Cancel import
          </button>
        )}
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
