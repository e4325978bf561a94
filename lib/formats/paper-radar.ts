/**
 * Paper Radar's own import format (a JSON array or JSON Lines of `{title, abstract,
 * id?, url?, authors?, year?, venue?, arxivId?, doi?, categories?}`): read as it is,
 * with author strings split and arXiv links recognised.
 */
import { splitAuthors } from './authors';
import { arxivIdIn, cleanText, doiOf } from './common';
import type { RecordReader } from './reader';

export const paperRadar: RecordReader = {
  format: 'paper-radar-jsonl',
  matches: () => true,
  toEntry(r, tex) {
    return {
      id: r.id,
      title: cleanText(r.title),
      abstract: cleanText(r.abstract),
      authors: typeof r.authors === 'string' ? splitAuthors(r.authors, tex) : r.authors,
      year: r.year,
      venue: r.venue,
      arxivId: r.arxivId ?? arxivIdIn(r.url),
      doi: r.doi === undefined ? undefined : (doiOf(r.doi) ?? r.doi),
      url: r.url,
      categories: r.categories,
    };
  },
};
