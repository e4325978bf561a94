/**
 * Importing what reference managers export — BibTeX and CSL-JSON (Zotero's,
 * Paper Radar's own) — into the reading list, without duplicates: a paper is
 * already saved when its DOI, arXiv id or normalised title matches a saved one.
 * Read by the same format readers as the corpus import; written with `save`.
 */
import { paperId } from './corpus';
import type { ReadingListEntry } from './db';
import type { ReadingListStore } from './storage/reading-list-db';
import type { ImportInput } from './formats/lines';
import { openImport } from './formats/read';
import { FORMAT_LABELS, ImportError, type Candidate } from './formats/types';
import { isHttpUrl, normalizeArxivId, normalizeDoi, save, type EntryDraft, fold } from './reading-list';

/** What the reading list accepts. */
export const REFERENCE_FORMATS = ['bibtex', 'csl-json'] as const;

/** Limits: a reference library is small next to a corpus. */
export const REFERENCE_LIMITS = { documentChars: 20 * 1024 * 1024, lineChars: 512 * 1024, entries: 20_000 } as const;

/** What an import did. */
export interface ReferenceImportSummary {
  added: number;
  alreadySaved: number;
  /** Entries left out, with where they are and why (`no title`, `same paper as line 3`). */
  skipped: Array<{ at: string; reason: string }>;
}

/** A title as compared: accents, case, punctuation and spacing ignored. */
export function normalTitle(title: string): string {
  return fold(title)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The keys a paper is recognised by: DOI, arXiv id, normalised title. */
export function paperKeys(p: Pick<ReadingListEntry, 'title' | 'doi' | 'arxivId'>): string[] {
  const keys: string[] = [];
  if (p.doi) keys.push(`doi:${normalizeDoi(p.doi)}`);
  if (p.arxivId) keys.push(`arxiv:${normalizeArxivId(p.arxivId)}`);
  const title = normalTitle(p.title);
  if (title) keys.push(`title:${title}`);
  return keys;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The reading-list draft for a reference, or why it cannot be one. */
export function draftFromReference(c: Candidate): EntryDraft | string {
  const title = str(c.title);
  if (!title) return 'no title';
  if (title.length > 2_000) return 'title is longer than 2,000 characters';
  const doi = str(c.doi) && normalizeDoi(str(c.doi)!);
  const arxivId = str(c.arxivId) && normalizeArxivId(str(c.arxivId)!);
  const url = str(c.url);
  const year = typeof c.year === 'number' || typeof c.year === 'string' ? String(c.year) : undefined;
  const authors = Array.isArray(c.authors)
    ? c.authors.filter((a): a is string => typeof a === 'string' && a.length > 0 && a.length <= 300).slice(0, 500)
    : [];
  const abstract = str(c.abstract)?.slice(0, 50_000) ?? '';
  return {
    id: doi ? `doi:${doi}` : arxivId ? `arxiv:${arxivId}` : paperId(title),
    title,
    abstract,
    ...(url && isHttpUrl(url) ? { url } : {}),
    ...(authors.length ? { authors } : {}),
    ...(year && /^\d{4}$/.test(year) ? { year } : {}),
    ...(doi ? { doi } : {}),
    ...(arxivId ? { arxivId } : {}),
  };
}

/**
 * Adds the papers of a BibTeX or CSL-JSON file to the reading list. Papers
 * already saved (by DOI, arXiv id or title) are left as they are, notes and all.
 *
 * @throws ImportError for a file that is not BibTeX or CSL-JSON; nothing is written then.
 */
export async function importReferences(
  db: ReadingListStore,
  input: ImportInput,
  options: { now?: number } = {},
): Promise<ReferenceImportSummary> {
  const opened = await openImport(input, REFERENCE_LIMITS);
  if (!(REFERENCE_FORMATS as readonly string[]).includes(opened.format)) {
    throw new ImportError(
      `the reading list imports BibTeX and CSL-JSON (as Zotero and Paper Radar export them); this file is ${FORMAT_LABELS[opened.format]} — import it as a corpus on the options page`,
    );
  }
  const drafts: Array<{ at: string; draft: EntryDraft | string }> = [];
  for await (const item of opened.items()) {
    if (drafts.length >= REFERENCE_LIMITS.entries) {
      throw new ImportError(`the file has more than ${REFERENCE_LIMITS.entries.toLocaleString('en')} entries`);
    }
    const at = item.at.line !== undefined ? `line ${item.at.line}` : `entry ${item.at.index}`;
    drafts.push({ at, draft: item.problem ?? draftFromReference(item.entry) });
  }

  const known = new Map<string, string>();
  for (const entry of await db.readingList.toArray()) for (const k of paperKeys(entry)) known.set(k, 'saved');
  const summary: ReferenceImportSummary = { added: 0, alreadySaved: 0, skipped: [] };
  for (const { at, draft } of drafts) {
    if (typeof draft === 'string') {
      summary.skipped.push({ at, reason: draft });
      continue;
    }
    const keys = paperKeys(draft);
    const seen = keys.map((k) => known.get(k)).find((v) => v !== undefined);
    if (seen === 'saved') {
      summary.alreadySaved++;
      continue;
    }
    if (seen !== undefined) {
      summary.skipped.push({ at, reason: `same paper as ${seen}` });
      continue;
    }
    await save(db, draft, options);
    summary.added++;
    for (const k of keys) known.set(k, at);
  }
  return summary;
}

/**
 * The summary the reading list shows.
 *
 * @example describeReferenceImport({ added: 12, alreadySaved: 3, skipped: [{ at: 'line 40', reason: 'no title' }] })
 * // '12 added, 3 already saved, 1 skipped: no title'
 */
export function describeReferenceImport(s: ReferenceImportSummary): string {
  const text = `${s.added} added, ${s.alreadySaved} already saved`;
  if (!s.skipped.length) return text;
  const reasons = new Map<string, number>();
  for (const { reason } of s.skipped) {
    const general = reason
      .replace(/ (?:line|entry) \d+$/, ' an earlier entry')
      .replace(/^(not a readable BibTeX entry):.*/, '$1');
    reasons.set(general, (reasons.get(general) ?? 0) + 1);
  }
  const why = [...reasons].map(([r, n]) => (reasons.size > 1 || n !== s.skipped.length ? `${n} ${r}` : r));
  return `${text}, ${s.skipped.length} skipped: ${why.join('; ')}`;
}
