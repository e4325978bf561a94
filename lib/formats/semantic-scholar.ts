/**
 * Semantic Scholar Graph API papers (`/paper/batch` answers an array, `/paper/search`
 * and `/paper/search/bulk` answer `{total, data: [...]}`; the datasets are JSON Lines):
 * `paperId`, `externalIds {ArXiv, DOI}`, `authors [{authorId, name}]`, `year`, `venue`.
 */
import { arxivIdOf, arxivUrl, cleanText, doiOf, optionalText, textList, yearOf } from './common';
import type { RecordReader } from './reader';
import { asObject } from './types';

export const semanticScholar: RecordReader = {
  format: 'semantic-scholar',
  matches: (r) => 'paperId' in r || ('corpusid' in r && 'externalids' in r),
  toEntry(r, tex) {
    const ext = asObject(r.externalIds ?? r.externalids) ?? {};
    const arxivId = arxivIdOf(ext.ArXiv);
    const doi = doiOf(ext.DOI);
    const authors = Array.isArray(r.authors)
      ? textList(r.authors.map((a) => asObject(a)?.name ?? a).map((n) => (typeof n === 'string' ? tex.decode(n) : n)))
      : undefined;
    const fields = Array.isArray(r.fieldsOfStudy)
      ? r.fieldsOfStudy
      : Array.isArray(r.s2FieldsOfStudy)
        ? r.s2FieldsOfStudy.map((f) => asObject(f)?.category)
        : [];
    return {
      id: r.paperId ?? r.corpusid,
      title: cleanText(r.title),
      abstract: cleanText(r.abstract),
      authors,
      year: yearOf(r.year ?? r.publicationDate ?? r.publicationdate),
      venue: optionalText(r.venue) ?? optionalText(asObject(r.journal)?.name),
      arxivId,
      doi,
      url: optionalText(r.url) ?? (arxivId ? arxivUrl(arxivId) : doi ? `https://doi.org/${doi}` : undefined),
      categories: textList([...new Set(fields)], 10, 100),
    };
  },
};
