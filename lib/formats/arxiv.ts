/**
 * arXiv's metadata: the bulk snapshot (Kaggle's `arxiv-metadata-oai-snapshot.json`:
 * `authors` one string, `categories` space-separated, `versions`, `authors_parsed`)
 * and listing records (`{id, title, authors: [...], categories: [...], abstract, url}`,
 * as a harvest of arXiv's daily listings writes them).
 */
import { parsedAuthors, splitAuthors } from './authors';
import { arxivIdOf, arxivUrl, arxivYear, cleanText, doiOf, optionalText, textList, yearOf } from './common';
import type { RecordReader } from './reader';

const words = (v: unknown) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : undefined);

export const arxivSnapshot: RecordReader = {
  format: 'arxiv-snapshot',
  matches: (r) => 'authors_parsed' in r || ('versions' in r && 'submitter' in r),
  toEntry(r, tex) {
    const id = arxivIdOf(r.id);
    const versions = Array.isArray(r.versions) ? (r.versions as Array<{ created?: unknown }>) : [];
    const year = yearOf(versions[0]?.created) ?? (id ? arxivYear(id) : undefined) ?? yearOf(r.update_date);
    return {
      id: id ?? r.id,
      title: cleanText(typeof r.title === 'string' ? tex.decode(r.title) : r.title),
      abstract: cleanText(r.abstract),
      authors:
        parsedAuthors(r.authors_parsed, tex) ??
        (typeof r.authors === 'string' ? splitAuthors(r.authors, tex) : undefined),
      year,
      venue: optionalText(r['journal-ref']),
      arxivId: id,
      doi: doiOf(r.doi),
      url: id ? arxivUrl(id) : undefined,
      categories: words(r.categories),
    };
  },
};

export const arxivListing: RecordReader = {
  format: 'arxiv-listing',
  matches: (r) =>
    arxivIdOf(r.id) !== undefined && (Array.isArray(r.categories) || /arxiv\.org\//.test(String(r.url ?? ''))),
  toEntry(r, tex) {
    const id = arxivIdOf(r.id)!;
    const authors = Array.isArray(r.authors)
      ? textList(r.authors.map((a) => (typeof a === 'string' ? tex.decode(a) : a)))
      : typeof r.authors === 'string'
        ? splitAuthors(r.authors, tex)
        : undefined;
    return {
      id,
      title: cleanText(typeof r.title === 'string' ? tex.decode(r.title) : r.title),
      abstract: cleanText(r.abstract),
      authors,
      year: yearOf(r.year) ?? arxivYear(id),
      arxivId: id,
      doi: doiOf(r.doi),
      url: optionalText(r.url) ?? arxivUrl(id),
      categories: Array.isArray(r.categories) ? textList(r.categories, 50, 100) : words(r.categories),
    };
  },
};
