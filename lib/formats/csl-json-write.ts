import type { ReadingListEntry } from '../db';
import { entryHref } from '../reading-list';
import { bibtexType, plainTitle } from './bibtex-write';
import { citationKeys, parseName } from './names';

/** A CSL-JSON name: in parts, or whole (`literal`) for an organisation. */
export type CslName =
  | {
      family: string;
      given?: string;
      'non-dropping-particle'?: string;
      suffix?: string;
      /** Family name first when displayed, as CJK names are written. */
      'static-ordering'?: boolean;
    }
  | { literal: string };

/** A CSL-JSON item (the subset we write), valid against the official CSL data schema. */
export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': [[number]] };
  abstract?: string;
  URL?: string;
  DOI?: string;
  number?: string;
  publisher?: string;
  keyword?: string;
  note?: string;
}

/**
 * A name in CSL's parts: "John von Neumann" → family Neumann, given John,
 * non-dropping-particle von; "Martin Luther King, Jr." → suffix Jr.;
 * "山田 太郎" → family 山田, given 太郎, family first; organisations as `literal`.
 */
export function cslName(name: string): CslName {
  const parts = parseName(name);
  if ('literal' in parts) return { literal: parts.literal };
  return {
    family: parts.family,
    ...(parts.given ? { given: parts.given } : {}),
    ...(parts.particle ? { 'non-dropping-particle': parts.particle } : {}),
    ...(parts.suffix ? { suffix: parts.suffix } : {}),
    ...(parts.familyFirst ? { 'static-ordering': true } : {}),
  };
}

/** One reading-list entry as a CSL-JSON item (arXiv preprints as `article`, DOIs as `article-journal`). */
export function toCslItem(entry: ReadingListEntry, key: string): CslItem {
  const item: CslItem = {
    id: key,
    type: bibtexType(entry) === 'article' ? 'article-journal' : 'article',
    title: plainTitle(entry.title),
  };
  const authors = (entry.authors ?? []).filter((a) => a.trim());
  if (authors.length) item.author = authors.map(cslName);
  if (entry.year) item.issued = { 'date-parts': [[Number(entry.year)]] };
  if (entry.abstract.trim()) item.abstract = entry.abstract;
  const url = entryHref(entry);
  if (url) item.URL = url;
  if (entry.doi) item.DOI = entry.doi;
  if (entry.arxivId) {
    item.number = `arXiv:${entry.arxivId}`;
    item.publisher = 'arXiv';
  }
  if (entry.tags?.length) item.keyword = entry.tags.join(', ');
  if (entry.note.trim()) item.note = entry.note;
  return item;
}

/** The reading list as a CSL-JSON array (for Zotero, Pandoc, citeproc), ids matching the BibTeX keys. */
export function toCslJson(entries: readonly ReadingListEntry[]): string {
  const keys = citationKeys(entries);
  return `${JSON.stringify(
    entries.map((e, i) => toCslItem(e, keys[i]!)),
    null,
    2,
  )}\n`;
}
