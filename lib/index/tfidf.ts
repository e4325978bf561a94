/**
 * The one tf-idf of the project: corpus idf, a text's term counts and a
 * paper's key terms. The compact design picks its terms with it, feedback
 * queries with it, keyword weighting reads its idf, and the evaluation's
 * baseline builds its cosine from the same pieces.
 */
import { indexTerms } from '../text';
import type { DocumentFrequencies, IndexedPaper } from './types';

/** Inverse document frequency of a term in `df` of `n` papers: `log(1 + n/df)`, never negative. */
export const idf = (df: number, n: number): number => Math.log(1 + n / df);

/** Sublinear term frequency, `1 + log tf`: the tenth mention of a word says less than the first. */
export const sublinearTf = (tf: number): number => 1 + Math.log(tf);

/** Smooth idf, `ln((1 + n) / (1 + df)) + 1` (scikit-learn's, as arxiv-sanity uses): the evaluation baseline's. */
export const smoothIdf = (df: number, n: number): number => Math.log((1 + n) / (1 + df)) + 1;

/** A term's tf-idf weight: `(1 + log tf) · log(1 + n/df)`. */
export const tfidf = (tf: number, df: number, n: number): number => sublinearTf(tf) * idf(df, n);

/**
 * The distinct index terms of a text (words and two-word phrases, stemmed)
 * with their counts, each occurrence counting `weight`, added to `into`.
 */
export function termCounts(text: string, into = new Map<string, number>(), weight = 1): Map<string, number> {
  for (const t of indexTerms(text)) into.set(t, (into.get(t) ?? 0) + weight);
  return into;
}

/** Feedback terms kept per paper. */
export const KEY_TERMS = 30;

/** A paper's term counts as key terms weigh them: the title counted twice, the abstract once. */
export function paperTermCounts(paper: Pick<IndexedPaper, 'title' | 'abstract'>): Map<string, number> {
  return termCounts(paper.abstract, termCounts(paper.title, new Map(), 2));
}

/**
 * The `limit` heaviest terms of `tf` by tf-idf, keeping only terms some other
 * paper has too (a term unique to the paper could only ever find the paper
 * itself). Ties keep `tf`'s order, or with `alphabetical` go to the
 * alphabetically first term.
 */
export function topTerms(
  tf: ReadonlyMap<string, number>,
  df: (term: string) => number | undefined,
  n: number,
  limit = KEY_TERMS,
  alphabetical = false,
): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [t, f] of tf) {
    const d = df(t) ?? 1;
    if (d < 2) continue;
    out.push([t, tfidf(f, d, n)]);
  }
  const ties = alphabetical ? (a: string, b: string) => (a < b ? -1 : 1) : () => 0;
  return out.sort((a, b) => b[1] - a[1] || ties(a[0], b[0])).slice(0, limit);
}

/** A paper's most characteristic terms with their tf-idf weights, for "more like this" feedback. */
export function paperKeyTerms(
  paper: Pick<IndexedPaper, 'title' | 'abstract'>,
  df: ReadonlyMap<string, number>,
  n: number,
  limit = KEY_TERMS,
): Array<[string, number]> {
  return topTerms(paperTermCounts(paper), (t) => df.get(t), n, limit);
}

/** The parts of a page its tf-idf vector reads (lib/page.ts's `Page` has them all). */
export interface PageText {
  title: string;
  description: string;
  keywords: string;
  headings: readonly string[];
  text: string;
}

/** A page's term counts as a cosine weighs them: the title counted twice, then its description, keywords, headings and text once. */
export function pageTermCounts(page: PageText): Map<string, number> {
  return termCounts(
    [page.description, page.keywords, ...page.headings, page.text].join('\n'),
    termCounts(page.title, new Map(), 2),
  );
}

/**
 * A term's weight in a whole-text tf-idf vector, as arxiv-sanity weighs it:
 * sublinear tf times smooth idf. The ranking's cosine of a page and a paper's
 * whole text (title and abstract) uses it on both sides.
 */
export const textWeight = (tf: number, df: number, n: number): number => sublinearTf(tf) * smoothIdf(df, n);

/**
 * The whole-text tf-idf vector of term counts; terms no paper of the corpus
 * has are left out (they cannot meet anything). Not normalised.
 */
export function tfidfVector(
  counts: ReadonlyMap<string, number>,
  df: DocumentFrequencies,
  n: number,
): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [t, f] of counts) {
    const d = df.get(t);
    if (d) out.push([t, textWeight(f, d, n)]);
  }
  return out;
}

/**
 * The length of a paper's whole-text vector over every term it has (a term
 * the statistics lack counts as in one paper): the denominator of its cosine,
 * computed once when the index is built (`Engine.textNorms`).
 */
export function paperTextNorm(
  paper: Pick<IndexedPaper, 'title' | 'abstract'>,
  df: DocumentFrequencies,
  n: number,
): number {
  let sq = 0;
  for (const [t, f] of paperTermCounts(paper)) sq += textWeight(f, df.get(t) || 1, n) ** 2;
  return Math.sqrt(sq);
}
