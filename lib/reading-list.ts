import { z } from './zod';
import { paperId, type Paper } from './corpus';
import type { ReadingListEntry } from './db';
import { ReadingListDB, type ReadingListStore } from './storage/reading-list-db';
import type { Page } from './page';

/** The scholarly article detected on a page (`citation_*` meta tags, JSON-LD, arXiv URL). */
export type PageArticle = NonNullable<Page['article']>;

/** Longest note the reading list keeps; the note box enforces it as you type. */
export const MAX_NOTE = 20_000;

/** Longest tag, and most tags on one entry. */
export const MAX_TAG = 40;
export const MAX_TAGS = 30;

/** True for an absolute http(s) URL — the only links the reading list stores or renders. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = z.string().max(4_000).refine(isHttpUrl, 'expected an http(s) URL');

/**
 * One reading-list entry as stored and as backed up. Every row read back from
 * IndexedDB and every imported entry passes through it.
 */
export const ReadingListEntrySchema = z.object({
  id: z.string().min(1).max(300),
  title: z.string().min(1).max(2_000),
  abstract: z.string().max(50_000),
  url: httpUrl.optional(),
  codeUrl: httpUrl.optional(),
  authors: z.array(z.string().max(300)).max(500).optional(),
  year: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  doi: z.string().max(300).optional(),
  arxivId: z.string().max(50).optional(),
  tags: z.array(z.string().min(1).max(MAX_TAG)).max(MAX_TAGS).optional(),
  note: z.string().max(MAX_NOTE),
  read: z.boolean(),
  savedAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});

// The stored interface (lib/db.ts) and the schema must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameShape: Same<z.infer<typeof ReadingListEntrySchema>, ReadingListEntry> = true;

/** What is copied from a paper when it is saved: everything but the user's note, read state and dates. */
export type EntryDraft = Omit<ReadingListEntry, 'note' | 'read' | 'savedAt' | 'updatedAt' | 'tags'>;

/** A row that could not be read back as an entry: reported, never fatal. */
export interface CorruptRow {
  id: string;
  reason: string;
}

export type SortOrder = 'saved' | 'title';

export interface ListOptions {
  /** `'saved'`: newest first (the default); `'title'`: alphabetical. */
  sort?: SortOrder;
  /** Words that must all occur in the title, authors, tags, note or abstract (case- and accent-insensitive). */
  filter?: string;
  /** Only entries with this tag (compared case-insensitively). */
  tag?: string;
}

export interface ListResult {
  entries: ReadingListEntry[];
  corrupt: CorruptRow[];
}

interface WriteOptions {
  /** Clock for tests; defaults to `Date.now()`. */
  now?: number;
}

let shared: ReadingListDB | undefined;

/**
 * The database connection the reading list uses in the extension: its own
 * database (lib/storage/reading-list-db.ts), opened with Chromium's `strict`
 * transaction durability so a saved paper or note is on disk when the write
 * resolves, every change mirrored into its copy. Opened lazily; windows open
 * it with `openReadingList`, which also checks it against the copy.
 */
export function readingListDb(): ReadingListDB {
  return (shared ??= new ReadingListDB());
}

/** A DOI without its resolver prefix, lowercased (DOIs are case-insensitive). */
export function normalizeDoi(doi: string): string {
  return doi
    .trim()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '')
    .toLowerCase();
}

/** An arXiv id without its version suffix, so v1 and v2 are the same saved paper. */
export function normalizeArxivId(id: string): string {
  return id
    .trim()
    .replace(/^arxiv:\s*/i, '')
    .replace(/v\d+$/, '');
}

/**
 * The ids a detected article could be saved under, most specific first: its
 * DOI, its arXiv id, then its title's corpus-style id — so a page about a
 * corpus paper (same title) and the corpus paper share one entry.
 *
 * @example articleIds({ doi: '10.1145/X', title: 'T' }) // ['doi:10.1145/x', paperId('T')]
 */
export function articleIds(article: PageArticle): string[] {
  const ids: string[] = [];
  if (article.doi) ids.push(`doi:${normalizeDoi(article.doi)}`);
  if (article.arxivId) ids.push(`arxiv:${normalizeArxivId(article.arxivId)}`);
  if (article.title?.trim()) ids.push(paperId(article.title));
  return ids;
}

/** What a paper may know about itself beyond the corpus's core fields (an imported corpus with authors, an arXiv id). */
type PaperMetadata = Partial<Pick<ReadingListEntry, 'authors' | 'year' | 'doi' | 'arxivId' | 'url'>>;

/**
 * The entry draft for a corpus paper (or the popup's view of one); its id is
 * the corpus id. Authors, year, DOI, arXiv id and link are copied when the
 * paper has them, so the entry can be cited as saved.
 */
export function draftFromPaper(
  paper: Pick<Paper, 'id' | 'title' | 'abstract' | 'codeUrl'> & PaperMetadata,
): EntryDraft {
  const authors = paper.authors
    ?.map((a) => a.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .slice(0, 500);
  const year = paper.year?.match(/^\d{4}$/)?.[0];
  return {
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    ...(paper.codeUrl && isHttpUrl(paper.codeUrl) ? { codeUrl: paper.codeUrl } : {}),
    ...(paper.url && isHttpUrl(paper.url) ? { url: paper.url } : {}),
    ...(authors?.length ? { authors } : {}),
    ...(year ? { year } : {}),
    ...(paper.doi ? { doi: normalizeDoi(paper.doi) } : {}),
    ...(paper.arxivId ? { arxivId: normalizeArxivId(paper.arxivId) } : {}),
  };
}

/**
 * The entry draft for the article detected on a page, or `undefined` when the
 * page names no article (no title). The link is the page itself, else the
 * arXiv abstract or the DOI resolver.
 */
export function draftFromPage(page: Pick<Page, 'url' | 'title' | 'article'>): EntryDraft | undefined {
  const article = page.article;
  if (!article) return undefined;
  const title = (article.title ?? page.title).replace(/\s+/g, ' ').trim();
  if (!title) return undefined;
  const doi = article.doi ? normalizeDoi(article.doi) : undefined;
  const arxivId = article.arxivId ? normalizeArxivId(article.arxivId) : undefined;
  const url = [article.url, page.url].find((u): u is string => !!u && isHttpUrl(u));
  const year = article.year?.match(/^\d{4}$/)?.[0];
  const authors = article.authors?.filter((a) => a.trim()).slice(0, 500);
  return {
    id: articleIds({ ...article, title })[0]!,
    title,
    abstract: article.abstract?.trim() ?? '',
    ...(url ? { url } : {}),
    ...(authors?.length ? { authors } : {}),
    ...(year ? { year } : {}),
    ...(doi ? { doi } : {}),
    ...(arxivId ? { arxivId } : {}),
  };
}

/** Where an entry's "open" link goes: its page, else arXiv, else the DOI resolver, else its code. */
export function entryHref(entry: Pick<ReadingListEntry, 'url' | 'doi' | 'arxivId' | 'codeUrl'>): string | undefined {
  if (entry.url && isHttpUrl(entry.url)) return entry.url;
  if (entry.arxivId) return `https://arxiv.org/abs/${encodeURI(entry.arxivId)}`;
  if (entry.doi) return `https://doi.org/${encodeURI(entry.doi)}`;
  if (entry.codeUrl && isHttpUrl(entry.codeUrl)) return entry.codeUrl;
  return undefined;
}

/**
 * Saves a paper. Saving one that is already saved keeps its note, read state
 * and saved date. Returns the stored entry.
 */
export async function save(
  db: ReadingListStore,
  draft: EntryDraft,
  options: WriteOptions = {},
): Promise<ReadingListEntry> {
  const now = options.now ?? Date.now();
  const entry = ReadingListEntrySchema.parse({ ...draft, note: '', read: false, savedAt: now, updatedAt: now });
  return db.transaction('rw', db.readingList, async () => {
    const existing = await db.readingList.get(entry.id);
    if (existing) return existing;
    await db.readingList.add(entry);
    return entry;
  });
}

/** Removes a saved paper by id; true when there was one. */
export async function unsave(db: ReadingListStore, id: string): Promise<boolean> {
  return (await remove(db, id)) !== undefined;
}

/** Saves the paper when it is not saved, removes it when it is; resolves to whether it is now saved. */
export async function toggle(db: ReadingListStore, draft: EntryDraft, options: WriteOptions = {}): Promise<boolean> {
  return db.transaction('rw', db.readingList, async () => {
    if (await db.readingList.get(draft.id)) {
      await db.readingList.delete(draft.id);
      return false;
    }
    await save(db, draft, options);
    return true;
  });
}

/** Whether a paper with this id is saved. */
export async function isSaved(db: ReadingListStore, id: string): Promise<boolean> {
  return (await db.readingList.where('id').equals(id).count()) > 0;
}

/** The ids of all saved papers, for marking papers as saved wherever they are listed. */
export async function savedIds(db: ReadingListStore): Promise<Set<string>> {
  return new Set((await db.readingList.toCollection().primaryKeys()) as string[]);
}

/** How many saved papers describe the reading list when ranking (the most recently saved). */
export const RANKING_SAMPLE = 100;

/**
 * The ids of the most recently saved papers, newest first: the sample of the
 * reading list that ranking uses, and the key of anything computed from it.
 */
export async function recentlySavedIds(db: ReadingListStore, limit = RANKING_SAMPLE): Promise<string[]> {
  return (await db.readingList.orderBy('savedAt').reverse().limit(limit).primaryKeys()) as string[];
}

/** The saved entries with these ids, validated (damaged and missing rows are left out). */
export async function savedEntries(db: ReadingListStore, ids: readonly string[]): Promise<ReadingListEntry[]> {
  return validateRows((await db.readingList.bulkGet([...ids])).filter((row) => row !== undefined)).entries;
}

/** The id under which a detected article is already saved (by DOI, arXiv id or title), if it is. */
export async function savedIdForArticle(db: ReadingListStore, article: PageArticle): Promise<string | undefined> {
  const ids = articleIds(article);
  const found = await db.readingList.bulkGet(ids);
  return found.find((e) => e !== undefined)?.id;
}

async function patch(
  db: ReadingListStore,
  id: string,
  changes: Partial<Pick<ReadingListEntry, 'note' | 'read' | 'tags' | 'title' | 'authors' | 'year'>>,
  now: number,
): Promise<boolean> {
  return (await db.readingList.update(id, { ...changes, updatedAt: now })) > 0;
}

/**
 * A tag as stored: trimmed, without a leading `#`, spaces and commas turned
 * into hyphens (so it is one word in BibTeX `keywords` and a Markdown `#tag`);
 * `undefined` when nothing is left.
 *
 * @example normalizeTag('  #Graph neural nets ') // 'Graph-neural-nets'
 */
export function normalizeTag(tag: string): string | undefined {
  const t = tag
    .trim()
    .replace(/^#+/, '')
    .replace(/[\s,;]+/g, '-')
    .replace(/[{}\\$%&~^#"]+/g, '')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_TAG);
  return t || undefined;
}

/** Tags without duplicates (case-insensitive), in order, at most {@link MAX_TAGS}. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = normalizeTag(raw);
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out.slice(0, MAX_TAGS);
}

/** Replaces an entry's tags (normalized, duplicates dropped); resolves to false when it no longer exists. */
export async function setTags(
  db: ReadingListStore,
  id: string,
  tags: readonly string[],
  options: WriteOptions = {},
): Promise<boolean> {
  return patch(db, id, { tags: uniqueTags(tags) }, options.now ?? Date.now());
}

/** Every tag in use, with how many entries carry it, most used first, then alphabetical. */
export function tagCounts(entries: readonly ReadingListEntry[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, { tag: string; count: number }>();
  for (const e of entries) {
    for (const tag of e.tags ?? []) {
      const row = counts.get(tag.toLowerCase()) ?? { tag, count: 0 };
      row.count++;
      counts.set(tag.toLowerCase(), row);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || collator.compare(a.tag, b.tag));
}

/** What the user may correct on an entry: the citation fields a saved page or corpus paper got wrong or lacked. */
export interface EntryEdit {
  title?: string;
  /** Authors, one name each ("Ada Lovelace", "Lovelace, Ada", "The ATLAS Collaboration"). */
  authors?: string[];
  /** A four-digit year, or `''` to clear it. */
  year?: string;
}

/**
 * Corrects an entry's title, authors or year, validated like a saved entry;
 * resolves to false when the entry no longer exists.
 *
 * @throws ZodError for an empty title or a year that is not four digits.
 */
export async function editEntry(
  db: ReadingListStore,
  id: string,
  edit: EntryEdit,
  options: WriteOptions = {},
): Promise<boolean> {
  const now = options.now ?? Date.now();
  return db.transaction('rw', db.readingList, async () => {
    const existing = await db.readingList.get(id);
    if (!existing) return false;
    const next: ReadingListEntry = { ...existing, updatedAt: now };
    if (edit.title !== undefined) next.title = edit.title.replace(/\s+/g, ' ').trim();
    if (edit.authors !== undefined) {
      const authors = edit.authors.map((a) => a.replace(/\s+/g, ' ').trim()).filter(Boolean);
      if (authors.length) next.authors = authors;
      else delete next.authors;
    }
    if (edit.year !== undefined) {
      if (edit.year.trim()) next.year = edit.year.trim();
      else delete next.year;
    }
    await db.readingList.put(ReadingListEntrySchema.parse(next));
    return true;
  });
}

/**
 * Replaces an entry's note (the UI calls it debounced as the user types).
 * Resolves to false when the entry no longer exists.
 *
 * @throws RangeError for a note longer than {@link MAX_NOTE}.
 */
export async function setNote(
  db: ReadingListStore,
  id: string,
  note: string,
  options: WriteOptions = {},
): Promise<boolean> {
  if (note.length > MAX_NOTE) throw new RangeError(`a note holds at most ${MAX_NOTE} characters`);
  return patch(db, id, { note }, options.now ?? Date.now());
}

/** Marks an entry read or unread; resolves to false when it no longer exists. */
export async function setRead(
  db: ReadingListStore,
  id: string,
  read: boolean,
  options: WriteOptions = {},
): Promise<boolean> {
  return patch(db, id, { read }, options.now ?? Date.now());
}

/**
 * Removes an entry and resolves to exactly what was removed, for
 * {@link restore} (undo); `undefined` when there was nothing to remove.
 */
export async function remove(db: ReadingListStore, id: string): Promise<ReadingListEntry | undefined> {
  return db.transaction('rw', db.readingList, async () => {
    const existing = await db.readingList.get(id);
    if (existing) await db.readingList.delete(id);
    return existing;
  });
}

/** Puts back an entry returned by {@link remove}, unchanged (note, read state, dates). */
export async function restore(db: ReadingListStore, entry: ReadingListEntry): Promise<void> {
  await db.readingList.put(ReadingListEntrySchema.parse(entry));
}

/** One stored entry, validated; `undefined` when absent or unreadable. */
export async function getEntry(db: ReadingListStore, id: string): Promise<ReadingListEntry | undefined> {
  const parsed = ReadingListEntrySchema.safeParse(await db.readingList.get(id));
  return parsed.success ? parsed.data : undefined;
}

/** Describes why a value failed a zod schema, e.g. `note: Invalid input: expected string, received number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Validates rows read back from IndexedDB: good rows become entries, bad ones are reported. */
export function validateRows(rows: readonly unknown[]): ListResult {
  const entries: ReadingListEntry[] = [];
  const corrupt: CorruptRow[] = [];
  for (const row of rows) {
    const parsed = ReadingListEntrySchema.safeParse(row);
    if (parsed.success) entries.push(parsed.data);
    else {
      const id = (row as { id?: unknown } | null)?.id;
      corrupt.push({ id: typeof id === 'string' ? id : String(id), reason: describeIssues(parsed.error) });
    }
  }
  return { entries, corrupt };
}

/** Lowercase, accent-free text, so "naive" finds "Naïve". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Whether an entry's title, authors, tags, note or abstract contains every word of the filter. */
export function matchesFilter(entry: ReadingListEntry, filter: string): boolean {
  const words = fold(filter).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = fold(
    `${entry.title}\n${(entry.authors ?? []).join('\n')}\n${(entry.tags ?? []).join('\n')}\n${entry.note}\n${entry.abstract}`,
  );
  return words.every((w) => haystack.includes(w));
}

/** Whether an entry carries a tag (case-insensitive); every entry does for no tag. */
export function hasTag(entry: ReadingListEntry, tag: string | undefined): boolean {
  if (!tag) return true;
  const t = tag.toLowerCase();
  return (entry.tags ?? []).some((x) => x.toLowerCase() === t);
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Sorts entries: newest saved first, or by title; ties broken by id so the order is stable. */
export function sortEntries(entries: readonly ReadingListEntry[], sort: SortOrder = 'saved'): ReadingListEntry[] {
  const byId = (a: ReadingListEntry, b: ReadingListEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...entries].sort(
    sort === 'title'
      ? (a, b) => collator.compare(a.title, b.title) || byId(a, b)
      : (a, b) => b.savedAt - a.savedAt || byId(a, b),
  );
}

/** Applies a filter and a sort to entries already read (the UI does this on every keystroke). */
export function arrange(entries: readonly ReadingListEntry[], options: ListOptions = {}): ReadingListEntry[] {
  const filter = options.filter ?? '';
  return sortEntries(
    entries.filter((e) => hasTag(e, options.tag) && matchesFilter(e, filter)),
    options.sort,
  );
}

/**
 * The saved papers, sorted and filtered, plus any stored rows that failed
 * validation (reported so the UI can say so, never thrown).
 */
export async function listEntries(db: ReadingListStore, options: ListOptions = {}): Promise<ListResult> {
  const { entries, corrupt } = validateRows(await db.readingList.toArray());
  return { entries: arrange(entries, options), corrupt };
}
