/**
 * CSL-JSON items, as Zotero and Paper Radar export them: `author [{family, given} |
 * {literal}]`, `issued {"date-parts": [[2017, 6, 12]]}`, `DOI`, `URL`,
 * `container-title`; Zotero's rich-text tags (`<i>`, `<sup>`, `<span class="nocase">`) removed.
 */
import { arxivIdIn, cleanText, doiOf, optionalText, textList, yearOf } from './common';
import type { RecordReader } from './reader';
import { asObject } from './types';

const CSL_TYPES =
  /^(?:article|article-journal|article-newspaper|article-magazine|paper-conference|book|chapter|report|thesis|manuscript|webpage|post|post-weblog|dataset|speech|preprint|standard|software|document|entry|entry-encyclopedia|review)$/;

/** "Given Family" (with its particle), or the literal name. */
export function cslAuthor(name: unknown): unknown {
  const n = asObject(name);
  if (!n) return name;
  if (typeof n.literal === 'string') return n.literal;
  const parts = [n.given, n['dropping-particle'], n['non-dropping-particle'], n.family].filter(
    (p) => typeof p === 'string' && p,
  );
  return parts.length ? parts.join(' ') + (typeof n.suffix === 'string' && n.suffix ? `, ${n.suffix}` : '') : undefined;
}

function issuedYear(issued: unknown): number | undefined {
  const d = asObject(issued);
  if (!d) return yearOf(issued);
  const parts = d['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) return yearOf(Number(parts[0][0]));
  return yearOf(d.raw ?? d.literal);
}

export const cslJson: RecordReader = {
  format: 'csl-json',
  matches: (r) =>
    (typeof r.type === 'string' &&
      CSL_TYPES.test(r.type) &&
      ('issued' in r || 'author' in r || 'container-title' in r)) ||
    'DOI' in r ||
    'URL' in r,
  toEntry(r, tex) {
    const doi = doiOf(r.DOI);
    const url = optionalText(r.URL);
    return {
      id: r.id,
      title: cleanText(typeof r.title === 'string' ? tex.decode(r.title) : r.title),
      abstract: cleanText(r.abstract),
      authors: Array.isArray(r.author) ? textList(r.author.map(cslAuthor)) : undefined,
      year: issuedYear(r.issued),
      venue: optionalText(r['container-title']),
      arxivId: arxivIdIn(r.number, url, doi, r.archive_location),
      doi,
      url,
    };
  },
};
