/**
 * OpenAlex works (the snapshot's JSON Lines, or an API response `{meta, results}`):
 * the abstract is rebuilt from `abstract_inverted_index` (`{word: [positions]}`),
 * authors come from `authorships[].author.display_name`.
 */
import { arxivIdIn, arxivUrl, cleanText, doiOf, optionalText, textList, yearOf } from './common';
import type { RecordReader } from './reader';
import { asObject } from './types';

/** Positions past this are ignored: a hostile index cannot make a huge sparse array. */
const MAX_POSITION = 20_000;

/**
 * The abstract an inverted index encodes: each word put back at its positions.
 *
 * @example rebuildAbstract({ Deep: [0], learning: [1, 3], is: [2] }) // 'Deep learning is learning'
 */
export function rebuildAbstract(index: unknown): string | undefined {
  const words = asObject(index);
  if (!words) return undefined;
  const at: string[] = [];
  for (const [word, positions] of Object.entries(words)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) {
      if (Number.isInteger(p) && p >= 0 && p < MAX_POSITION) at[p] = word;
    }
  }
  const text = at.filter((w) => w !== undefined).join(' ');
  return text || undefined;
}

export const openalex: RecordReader = {
  format: 'openalex',
  matches: (r) => 'abstract_inverted_index' in r || 'authorships' in r || /openalex\.org\/W/.test(String(r.id ?? '')),
  toEntry(r) {
    const locations = [r.primary_location, r.best_oa_location, ...(Array.isArray(r.locations) ? r.locations : [])]
      .map(asObject)
      .filter((l) => l !== undefined);
    const ids = asObject(r.ids) ?? {};
    const doi = doiOf(r.doi ?? ids.doi);
    const arxivId = arxivIdIn(
      ids.arxiv,
      ...locations.map((l) => l.landing_page_url),
      ...locations.map((l) => l.pdf_url),
      doi,
    );
    const authors = Array.isArray(r.authorships)
      ? textList(r.authorships.map((a) => asObject(asObject(a)?.author)?.display_name ?? asObject(a)?.raw_author_name))
      : undefined;
    const primary = asObject(r.primary_location);
    const venue = optionalText(asObject(primary?.source)?.display_name);
    const topics = Array.isArray(r.topics) ? r.topics : Array.isArray(r.concepts) ? r.concepts : [];
    return {
      id: doi ?? (typeof r.id === 'string' ? r.id.replace(/^https:\/\/openalex\.org\//, '') : r.id),
      title: cleanText(r.title ?? r.display_name),
      abstract: cleanText(r.abstract ?? rebuildAbstract(r.abstract_inverted_index)),
      authors,
      year: yearOf(r.publication_year ?? r.publication_date),
      venue: venue === 'arXiv (Cornell University)' ? undefined : venue,
      arxivId,
      doi,
      url:
        optionalText(primary?.landing_page_url) ??
        (doi ? `https://doi.org/${doi}` : arxivId ? arxivUrl(arxivId) : undefined),
      categories: textList(
        topics.map((t: unknown) => asObject(t)?.display_name),
        10,
        100,
      ),
    };
  },
};
