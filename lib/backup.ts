import { errorMessage } from './errors';
import { z } from './zod';
import type { ReadingListEntry } from './db';
import type { ReadingListStore } from './storage/reading-list-db';
import { describeIssues, ReadingListEntrySchema, sortEntries, validateRows, type CorruptRow } from './reading-list';

/**
 * The reading list's JSON backup: every entry with its note, read state and
 * dates. Importing merges into what is there and is all-or-nothing.
 */

export const BACKUP_FORMAT = 'paper-radar/reading-list';
/** Bumped when the backup's shape changes; older versions stay importable. */
export const BACKUP_VERSION = 1;
export const BACKUP_FILE = { name: 'paper-radar-reading-list.json', type: 'application/json' } as const;

/** Limits on an imported file, so a wrong or hostile file fails fast with a clear message. */
export const IMPORT_LIMITS = {
  bytes: 5 * 1024 * 1024,
  depth: 16,
  entries: 20_000,
} as const;

export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.string().max(40),
  entries: z.array(z.unknown()).max(IMPORT_LIMITS.entries),
});
export type Backup = Omit<z.infer<typeof BackupSchema>, 'entries'> & { entries: ReadingListEntry[] };

export type ImportProblem =
  'size' | 'encoding' | 'json' | 'depth' | 'keys' | 'format' | 'version' | 'entry' | 'duplicate' | 'quota';

/**
 * How far past the import a backup entry's dates may lie (clock skew between
 * machines). A date further ahead (year 275760, say) would make its note
 * "newer" than any edit for ever; it is set to the import's time instead, and
 * the import says so. (Dates before 1970 are refused by the entry schema.)
 */
export const SANE_DATES = { aheadMs: 24 * 60 * 60 * 1000 } as const;

/**
 * A backup file's bytes as text, refusing bytes that are not UTF-8 (a decoder
 * would silently turn them into U+FFFD, changing notes without a word).
 *
 * @throws ImportError `'encoding'`.
 */
export function decodeBackup(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(
      'encoding',
      'The file is not valid UTF-8 text, so it is not a Paper Radar backup (or it is damaged).',
    );
  }
}

/**
 * The first key repeated within one JSON object, with its object's nesting
 * depth, found by scanning the text (`JSON.parse` keeps the last silently).
 * Assumes `text` is JSON; run it after parsing succeeded.
 */
export function repeatedKey(text: string): string | undefined {
  const keys: Array<Set<string> | null> = [];
  let i = 0;
  const n = text.length;
  const readString = (): string => {
    let out = '';
    for (i++; i < n; i++) {
      const c = text[i]!;
      if (c === '\\') {
        out += text.slice(i, i + 2);
        i++;
      } else if (c === '"') return out;
      else out += c;
    }
    return out;
  };
  for (; i < n; i++) {
    const c = text[i]!;
    if (c === '{') keys.push(new Set());
    else if (c === '[') keys.push(null);
    else if (c === '}' || c === ']') keys.pop();
    else if (c === '"') {
      const value = readString();
      const top = keys[keys.length - 1];
      // A key is a string followed (after blanks) by a colon.
      let j = i + 1;
      while (j < n && /\s/.test(text[j]!)) j++;
      if (top && text[j] === ':') {
        if (top.has(value)) return value;
        top.add(value);
      }
    }
  }
  return undefined;
}

/** Why a backup cannot be imported; nothing has been written when it is thrown. */
export class ImportError extends Error {
  constructor(
    readonly problem: ImportProblem,
    message: string,
    /** 1-based position of the offending entry, for `entry` and `duplicate`. */
    readonly entry?: number,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** A backup of the given entries (newest saved first). */
export function createBackup(entries: readonly ReadingListEntry[], now = Date.now()): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    entries: sortEntries(entries),
  };
}

/** A backup as the JSON text of the downloaded file. */
export function toBackupJson(entries: readonly ReadingListEntry[], now = Date.now()): string {
  return `${JSON.stringify(createBackup(entries, now), null, 2)}\n`;
}

/** Everything in the reading list as a backup file's text, plus any stored rows too damaged to include. */
export async function exportBackup(
  db: ReadingListStore,
  now = Date.now(),
): Promise<{ json: string; count: number; corrupt: CorruptRow[] }> {
  const { entries, corrupt } = validateRows(await db.readingList.toArray());
  return { json: toBackupJson(entries, now), count: entries.length, corrupt };
}

/** Nesting depth of JSON text, counted without parsing it, stopping once it passes `limit`. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;

/**
 * A backup's JSON, with every `__proto__` key dropped: `JSON.parse` makes it an
 * own key, which any later `Object.assign` or `{...spread}` copy would turn
 * into the copy's prototype.
 */
export function parseBackupJson(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''), (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

/**
 * Reads and validates a backup file's text without touching the database.
 *
 * @throws ImportError naming the problem: too large, not JSON, nested too
 *   deeply, not a Paper Radar backup, a version this build cannot read, or
 *   which entry is invalid and why.
 */
export function readBackup(text: string): Backup {
  const mb = IMPORT_LIMITS.bytes / 1024 / 1024;
  if (text.length > IMPORT_LIMITS.bytes || new TextEncoder().encode(text).byteLength > IMPORT_LIMITS.bytes) {
    throw new ImportError('size', `The file is larger than ${mb} MB; a reading-list backup is far smaller.`);
  }
  if (jsonDepth(text, IMPORT_LIMITS.depth) > IMPORT_LIMITS.depth) {
    throw new ImportError('depth', `The file is nested more than ${IMPORT_LIMITS.depth} levels deep.`);
  }
  let data: unknown;
  try {
    data = parseBackupJson(text);
  } catch (e) {
    throw new ImportError('json', `The file is not JSON (${errorMessage(e)}).`);
  }
  const repeated = repeatedKey(text);
  if (repeated !== undefined) {
    throw new ImportError(
      'keys',
      `The file gives the key ${quote(repeated)} twice in one object, so which value is meant is unclear; nothing was imported.`,
    );
  }
  const head = data as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || Array.isArray(head) || head.format !== BACKUP_FORMAT) {
    throw new ImportError('format', 'The file is not a Paper Radar reading-list backup.');
  }
  if (head.version !== BACKUP_VERSION) {
    const newer = typeof head.version === 'number' && head.version > BACKUP_VERSION;
    throw new ImportError(
      'version',
      newer
        ? `The backup is format version ${head.version}, made by a newer Paper Radar; this one reads version ${BACKUP_VERSION}. Update the extension and try again.`
        : `The backup has an unknown format version (${JSON.stringify(head.version)}); expected ${BACKUP_VERSION}.`,
    );
  }
  const parsed = BackupSchema.safeParse(data);
  if (!parsed.success) {
    throw new ImportError('format', `The backup is malformed: ${describeIssues(parsed.error)}.`);
  }
  const entries: ReadingListEntry[] = [];
  const seen = new Map<string, number>();
  parsed.data.entries.forEach((raw, i) => {
    const result = ReadingListEntrySchema.safeParse(raw);
    if (!result.success) {
      const title = (raw as { title?: unknown } | null)?.title;
      const named = typeof title === 'string' && title ? ` (${quote(title)})` : '';
      throw new ImportError('entry', `Entry ${i + 1}${named} is invalid: ${describeIssues(result.error)}.`, i + 1);
    }
    const first = seen.get(result.data.id);
    if (first !== undefined) {
      throw new ImportError(
        'duplicate',
        `Entries ${first} and ${i + 1} are the same paper (${quote(result.data.title)}).`,
        i + 1,
      );
    }
    seen.set(result.data.id, i + 1);
    entries.push(result.data);
  });
  return { ...parsed.data, entries };
}

/** What an import did. */
export interface ImportSummary {
  /** Entries that were not in the reading list. */
  added: number;
  /** Entries already there whose note or read state the backup's newer copy replaced. */
  updated: number;
  /** Entries already there and at least as new as the backup's. */
  unchanged: number;
  /** Titles whose existing, different note was replaced by the backup's newer note. */
  replacedNotes: string[];
  /** Titles whose dates were outside {@link SANE_DATES} and were set to the import's time. */
  clampedDates: string[];
}

/** An entry with its dates brought into {@link SANE_DATES} (to `now`), and whether they had to be. */
export function clampDates(entry: ReadingListEntry, now: number): [ReadingListEntry, boolean] {
  const sane = (t: number) => t <= now + SANE_DATES.aheadMs;
  if (sane(entry.savedAt) && sane(entry.updatedAt)) return [entry, false];
  const savedAt = sane(entry.savedAt) ? entry.savedAt : now;
  const updatedAt = sane(entry.updatedAt) ? Math.max(entry.updatedAt, savedAt) : now;
  return [{ ...entry, savedAt, updatedAt }, true];
}

/**
 * Merges an imported entry into an existing one: the copy edited last
 * (`updatedAt`) supplies the note and read state; the earliest saved date is
 * kept; the existing copy of the paper's metadata is kept, gaps filled from
 * the import.
 */
export function mergeEntry(existing: ReadingListEntry, incoming: ReadingListEntry): ReadingListEntry {
  const newer = incoming.updatedAt > existing.updatedAt ? incoming : existing;
  const merged: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(incoming)) {
    if (merged[key] === undefined && value !== undefined) merged[key] = value;
  }
  return {
    ...(merged as unknown as ReadingListEntry),
    note: newer.note,
    read: newer.read,
    updatedAt: newer.updatedAt,
    savedAt: Math.min(existing.savedAt, incoming.savedAt),
  };
}

function sameEntry(a: ReadingListEntry, b: ReadingListEntry): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ReadingListEntry>;
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * Imports a backup file's text into the reading list in one transaction:
 * validated first, so one bad entry means nothing is written; merged with
 * what is there (no duplicates, the newer note wins).
 *
 * @throws ImportError (see {@link readBackup}); the reading list is unchanged.
 */
export async function importBackup(db: ReadingListStore, text: string, now = Date.now()): Promise<ImportSummary> {
  const read = readBackup(text);
  const clampedDates: string[] = [];
  const backup = {
    ...read,
    entries: read.entries.map((e) => {
      const [entry, clamped] = clampDates(e, now);
      if (clamped) clampedDates.push(e.title);
      return entry;
    }),
  };
  try {
    return { ...(await mergeIntoReadingList(db, backup)), clampedDates };
  } catch (e) {
    // The transaction was rolled back: the reading list is as it was before the import.
    if (isQuotaError(e)) {
      throw new ImportError(
        'quota',
        'The browser has no room left for this extension, so nothing was imported. Free some disk space and try again.',
      );
    }
    throw e;
  }
}

/** A storage-full error, as the browser (DOMException) or Dexie (its wrapper) reports it. */
export function isQuotaError(e: unknown): boolean {
  const names = [(e as { name?: unknown })?.name, (e as { inner?: { name?: unknown } })?.inner?.name];
  return names.includes('QuotaExceededError');
}

function mergeIntoReadingList(db: ReadingListStore, backup: Backup): Promise<Omit<ImportSummary, 'clampedDates'>> {
  return db.transaction('rw', db.readingList, async () => {
    const summary = { added: 0, updated: 0, unchanged: 0, replacedNotes: [] as string[] };
    const existing = await db.readingList.bulkGet(backup.entries.map((e) => e.id));
    const writes: ReadingListEntry[] = [];
    backup.entries.forEach((incoming, i) => {
      const current = existing[i];
      if (!current) {
        summary.added++;
        writes.push(incoming);
        return;
      }
      const merged = mergeEntry(current, incoming);
      if (sameEntry(merged, current)) {
        summary.unchanged++;
        return;
      }
      summary.updated++;
      if (current.note.trim() && merged.note !== current.note) summary.replacedNotes.push(current.title);
      writes.push(merged);
    });
    if (writes.length) await db.readingList.bulkPut(writes);
    return summary;
  });
}

/** A one-sentence account of an import, for the UI. */
export function describeImport(summary: ImportSummary): string {
  const parts = [`${summary.added} new`, `${summary.updated} updated`, `${summary.unchanged} already up to date`];
  let text = `Imported: ${parts.join(', ')}.`;
  if (summary.replacedNotes.length) {
    text += ` Newer notes from the backup replaced yours on ${summary.replacedNotes.map(quote).join(', ')}.`;
  }
  const clamped = summary.clampedDates ?? [];
  if (clamped.length) {
    text += ` ${clamped.length === 1 ? 'One entry had dates' : `${clamped.length} entries had dates`} in the future (${clamped.slice(0, 3).map(quote).join(', ')}${clamped.length > 3 ? ', …' : ''}); they were set to the time of this import.`;
  }
  return text;
}
