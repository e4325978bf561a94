import type { Page } from './page';
import { processTerm, tokenize } from './text';

/** A term (stemmed word or phrase) chosen to describe a page, with its weight and how the page spells it. */
export interface Keyword {
  term: string;
  weight: number;
  /** The page's most frequent spelling, for explanations ("kv cache" for the term "kv cach"). */
  label: string;
}

/** Corpus statistics keyword weighting needs: document frequencies and the number of documents. */
export interface CorpusStats {
  df: ReadonlyMap<string, number>;
  n: number;
}

/** How much a word counts in each part of a page: titles and headings say what a page is about. */
export const FIELD_WEIGHTS = {
  title: 3,
  articleTitle: 4,
  description: 2,
  keywords: 2,
  headings: 2,
  text: 1,
} as const;

export const KEYWORD_LIMIT = 25;

/** Field texts of a page, each with its weight. */
function fields(page: Page): Array<[string, number]> {
  return [
    [page.title, FIELD_WEIGHTS.title],
    [page.article?.title ?? '', FIELD_WEIGHTS.articleTitle],
    [[page.description, page.article?.abstract ?? ''].join('\n'), FIELD_WEIGHTS.description],
    [page.keywords, FIELD_WEIGHTS.keywords],
    [page.headings.join('\n'), FIELD_WEIGHTS.headings],
    [page.text, FIELD_WEIGHTS.text],
  ];
}

/**
 * Weighted keywords of a page: term frequency on the page (by field weight)
 * against the corpus's document frequency. Terms the corpus never uses can't
 * match anything and are left out.
 */
export function pageKeywords(page: Page, stats: CorpusStats, limit = KEYWORD_LIMIT): Keyword[] {
  const tf = new Map<string, number>();
  const spellings = new Map<string, Map<string, number>>();
  for (const [text, weight] of fields(page)) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      const term = processTerm(token);
      if (!term || !stats.df.has(term)) continue;
      tf.set(term, (tf.get(term) ?? 0) + weight);
      let s = spellings.get(term);
      if (!s) spellings.set(term, (s = new Map()));
      s.set(token, (s.get(token) ?? 0) + 1);
    }
  }
  const scored: Keyword[] = [];
  for (const [term, f] of tf) {
    const df = stats.df.get(term)!;
    const idf = Math.log(1 + stats.n / df);
    const phrase = term.includes(' ') ? 1.5 : 1;
    const label = [...spellings.get(term)!].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    scored.push({ term, weight: (1 + Math.log(f)) * idf * phrase, label });
  }
  scored.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
  return scored.slice(0, limit);
}
