import { browser } from 'wxt/browser';
import type { ImportJob, PaperRadarDB } from '../db';
import { errorMessage } from '../errors';

/**
 * What a failed write says about the disk: `full` (the browser's quota or the
 * disk itself: `QuotaExceededError`), `broken` (the store failed under us:
 * `UnknownError`, a closed or lost connection — Chromium reports a store it
 * is about to discard that way), or `other` (not a storage failure).
 */
export type WriteFailure = 'full' | 'broken' | 'other';

const FULL = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const BROKEN = new Set(['UnknownError', 'DatabaseClosedError', 'InvalidStateError', 'DataCloneError']);

/**
 * Classifies an error from an IndexedDB write, looking through Dexie's
 * wrappers (`AbortError`, `BulkError`, `inner`, `cause`) to the browser's own.
 */
export function classifyWriteError(error: unknown): WriteFailure {
  const seen = new Set<unknown>();
  const names: string[] = [];
  const walk = (e: unknown) => {
    if (!e || typeof e !== 'object' || seen.has(e) || seen.size > 20) return;
    seen.add(e);
    const { name, code, inner, cause, failures } = e as Record<string, unknown>;
    if (typeof name === 'string') names.push(name);
    if (code === 22) names.push('QuotaExceededError'); // legacy DOMException code, Safari
    walk(inner);
    walk(cause);
    if (Array.isArray(failures)) failures.slice(0, 5).forEach(walk);
    else if (failures && typeof failures === 'object') Object.values(failures).slice(0, 5).forEach(walk);
  };
  walk(error);
  if (names.some((n) => FULL.has(n)) || /quota|disk is full|no space/i.test(errorMessage(error))) return 'full';
  return names.some((n) => BROKEN.has(n)) ? 'broken' : 'other';
}

const count = (n: number) => n.toLocaleString('en');

/**
 * What the user reads when a corpus import stopped on a failed write.
 *
 * @example importStopMessage('full', 16000, 100000)
 * // 'The disk is full: imported 16,000 of 100,000 papers; your reading list is safe.'
 */
export function importStopMessage(failure: Exclude<WriteFailure, 'other'>, done: number, total: number): string {
  const progress = `imported ${count(done)} of ${count(total)} papers; your reading list is safe.`;
  return failure === 'full'
    ? `The disk is full: ${progress} Free some disk space, then resume or remove this set.`
    : `The browser's storage failed while writing: ${progress} Resume or remove this set.`;
}

/** A corpus import stopped because the disk is full or the store failed; its message is the one to show. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
  constructor(
    readonly failure: Exclude<WriteFailure, 'other'>,
    readonly done: number,
    readonly total: number,
    options?: ErrorOptions,
  ) {
    super(importStopMessage(failure, done, total), options);
  }
}

/** Where stop states live when the database cannot take them: `storage.local`, a store of its own. */
export interface StopArea {
  get(key: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const STOP_PREFIX = 'importStopped:';
const localArea = (): StopArea | undefined => {
  try {
    return browser?.storage?.local as unknown as StopArea | undefined;
  } catch {
    return undefined;
  }
};

/**
 * The hook `writeChunks` (lib/corpus-import.ts) calls when writing a chunk
 * failed: marks the job stopped — in the database when it still takes a
 * write, and always in `storage.local`, which a full IndexedDB cannot fail —
 * closes the corpus connection when the store failed (the next use reopens
 * it, rather than keep writing through a half-alive one), and returns the
 * error to throw: an {@link ImportStoppedError} in words for a storage
 * failure, the original error otherwise.
 *
 * @example catch (e) { throw await importWriteFailed(db, { jobId, done, total }, e); }
 */
export async function importWriteFailed(
  db: PaperRadarDB,
  job: { jobId: string; done: number; total: number },
  error: unknown,
  area: StopArea | undefined = localArea(),
): Promise<unknown> {
  const failure = classifyWriteError(error);
  const finished = job.done === job.total;
  const stopped = failure === 'other' ? error : new ImportStoppedError(failure, job.done, job.total, { cause: error });
  const state: ImportJob['state'] = finished ? 'done' : 'failed';
  const message = errorMessage(stopped);
  if (failure !== 'other' && area) {
    await area
      .set({ [STOP_PREFIX + job.jobId]: { state, done: job.done, message, at: Date.now() } })
      .catch((e: unknown) => console.warn('Paper Radar: could not record the stopped import.', e));
  }
  try {
    await db.importJobs.update(job.jobId, { state, error: message, updatedAt: Date.now() });
    // The database took the stop: the fallback is no longer needed.
    if (failure !== 'other') await area?.remove(STOP_PREFIX + job.jobId).catch(() => undefined);
  } catch {
    // Writing "failed" failed too (the disk is still full): storage.local keeps the stop.
  }
  if (failure !== 'other') db.close({ disableAutoOpen: false });
  return stopped;
}

/**
 * Import jobs as the options page should list them: a job the database
 * still calls `running` but that stopped on a failed write (recorded by
 * {@link importWriteFailed} where the database could not take it) shows as
 * stopped, with its message.
 */
export async function withStopStates(
  jobs: readonly ImportJob[],
  area: StopArea | undefined = localArea(),
): Promise<ImportJob[]> {
  if (!area || !jobs.some((j) => j.state === 'running')) return [...jobs];
  const all = await area.get(null).catch((): Record<string, unknown> => ({}));
  return jobs.map((job) => {
    const stop = all[STOP_PREFIX + job.id] as { state?: unknown; message?: unknown; done?: unknown } | undefined;
    if (job.state !== 'running' || !stop || (stop.state !== 'failed' && stop.state !== 'done')) return job;
    return { ...job, state: stop.state, ...(typeof stop.message === 'string' ? { error: stop.message } : {}) };
  });
}
