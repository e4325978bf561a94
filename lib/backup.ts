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

export type ImportProblem = 'size' | 'json' | 'depth' | 'format' | 'version' | 'entry' | 'duplicate' | 'quota';

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
    // `__proto__` keys are dropped, so no later copy can reach a prototype.
    data = JSON.parse(text.replace(/^\uFEFF/, ''), (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch (e) {
    throw new ImportError('json', `The file is not JSON (${errorMessage(e)}).`);
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
export async function importBackup(db: ReadingListStore, text: string): Promise<ImportSummary> {
  const backup = readBackup(text);
  try {
    return await mergeIntoReadingList(db, backup);
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

function mergeIntoReadingList(db: ReadingListStore, backup: Backup): Promise<ImportSummary> {
  return db.transaction('rw', db.readingList, async () => {
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, replacedNotes: [] };
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
  return text;
}
