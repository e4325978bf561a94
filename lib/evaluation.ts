/** Relevance metrics for graded judgments (qrels), as described in shared/eval/README.md. */

export interface Judgment {
  page: string;
  grade: number;
  title: string;
  /** The judged paper's arXiv id (pooled judgments at scale); a bundled paper has none and is matched by title. */
  arxiv?: string;
}

/**
 * Parses a qrels file: `page<TAB>grade<TAB>title`, or with a header naming an
 * `arxiv` column, `page<TAB>grade<TAB>arxiv<TAB>title` (`-` for no id). A `-`
 * title marks a page with no related paper.
 */
export function parseQrels(tsv: string): Map<string, Judgment[]> {
  const out = new Map<string, Judgment[]>();
  const lines = tsv.split(/\r?\n/);
  const header = /^page\t/.test(lines[0] ?? '') ? lines[0]!.split('\t') : null;
  const withArxiv = header?.includes('arxiv') ?? false;
  const shape = withArxiv ? 'page<TAB>grade<TAB>arxiv<TAB>title' : 'page<TAB>grade<TAB>title';
  lines.forEach((line, i) => {
    if (!line.trim() || (i === 0 && header)) return;
    const cells = line.split('\t');
    const [page, grade] = cells;
    const arxiv = withArxiv ? cells[2] : undefined;
    const title = withArxiv ? cells.slice(3).join('\t') : cells[2];
    if (!page || grade === undefined || !title || !/^[0-2]$/.test(grade) || (withArxiv && !arxiv)) {
      throw new Error(`qrels line ${i + 1}: expected "${shape}"`);
    }
    const list = out.get(page) ?? [];
    if (title !== '-') list.push({ page, grade: Number(grade), title, ...(arxiv && arxiv !== '-' ? { arxiv } : {}) });
    out.set(page, list);
  });
  return out;
}

export interface Ranked {
  title: string;
  strong: boolean;
  arxivId?: string;
}

export interface PageReport {
  page: string;
  unrelated: boolean;
  ndcg5: number;
  top1: boolean;
  strong: number;
  strongRelevant: number;
  grade2: number;
  grade2Strong: number;
  /** Of the first five results, how many no judgment names (pooled judgments: counted as grade 0). */
  unjudged5: number;
  /**
   * nDCG@5 of the condensed list: unjudged results removed before cutting at
   * five (Sakai 2007). With pooled judgments it tells a ranking that finds
   * papers nobody judged yet from one that finds unrelated ones; `ndcg5` is
   * the figure of record.
   */
  condensedNdcg5: number;
  top: string[];
}

export interface Report {
  pages: PageReport[];
  ndcg5: number;
  top1: number;
  strongPrecision: number;
  strongRecall: number;
  unrelatedWithStrong: number;
  unrelatedPages: number;
  /** Unjudged papers among the first five results, over all pages. */
  unjudged5: number;
  /** Mean condensed nDCG@5 (see {@link PageReport.condensedNdcg5}). */
  condensedNdcg5: number;
}

const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/** Discounted cumulative gain with gain 2^grade − 1 and discount log2(rank + 1). */
export function dcg(gains: readonly number[]): number {
  return gains.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/**
 * nDCG@k of a ranking's grades (unjudged results as 0) against the ideal
 * ordering of the page's judged grades; 0 when nothing is relevant.
 *
 * @example ndcgAt([0, 2], [2, 1], 5) // dcg([0, 2]) / dcg([2, 1])
 */
export function ndcgAt(grades: readonly number[], judged: readonly number[], k: number): number {
  const ideal = dcg([...judged].sort((a, b) => b - a).slice(0, k));
  return ideal > 0 ? dcg(grades.slice(0, k)) / ideal : 0;
}

/**
 * The grade of a result: by arXiv id when the result and a judgment both have
 * one, else by normalised title; undefined when no judgment names it.
 */
export function gradeLookup(judged: readonly Judgment[]): (r: Pick<Ranked, 'title' | 'arxivId'>) => number | undefined {
  const byTitle = new Map(judged.map((j) => [norm(j.title), j.grade]));
  const byArxiv = new Map(judged.flatMap((j) => (j.arxiv ? [[j.arxiv, j.grade] as const] : [])));
  return (r) => (r.arxivId !== undefined ? byArxiv.get(r.arxivId) : undefined) ?? byTitle.get(norm(r.title));
}

/**
 * Scores a ranking function on every judged page. With `pooled`, the
 * judgments grade a pool of candidates: a paper outside it is unjudged
 * (scored 0, shown `?` in `top`); without, every unlisted paper is unrelated.
 */
export function evaluate(
  qrels: Map<string, Judgment[]>,
  rank: (page: string) => Ranked[],
  { pooled = false }: { pooled?: boolean } = {},
): Report {
  const pages: PageReport[] = [];
  for (const [page, judged] of qrels) {
    const lookup = gradeLookup(judged);
    const results = rank(page);
    const gradeOf = (r: Ranked) => lookup(r) ?? 0;
    const strong = results.filter((r) => r.strong);
    pages.push({
      page,
      unrelated: judged.length === 0,
      ndcg5: ndcgAt(
        results.slice(0, 5).map(gradeOf),
        judged.map((j) => j.grade),
        5,
      ),
      top1: results.length > 0 && gradeOf(results[0]!) === 2,
      strong: strong.length,
      strongRelevant: strong.filter((r) => gradeOf(r) > 0).length,
      grade2: judged.filter((j) => j.grade === 2).length,
      grade2Strong: strong.filter((r) => gradeOf(r) === 2).length,
      unjudged5: results.slice(0, 5).filter((r) => lookup(r) === undefined).length,
      condensedNdcg5: ndcgAt(
        results.flatMap((r) => lookup(r) ?? []).slice(0, 5),
        judged.map((j) => j.grade),
        5,
      ),
      top: results.slice(0, 5).map((r) => `${lookup(r) ?? (pooled ? '?' : 0)}${r.strong ? '*' : ''}`),
    });
  }
  const graded = pages.filter((p) => !p.unrelated);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const sum = (f: (p: PageReport) => number) => graded.reduce((s, p) => s + f(p), 0);
  const strongAll = sum((p) => p.strong);
  return {
    pages,
    ndcg5: mean(graded.map((p) => p.ndcg5)),
    top1: mean(graded.map((p) => (p.top1 ? 1 : 0))),
    strongPrecision: strongAll ? sum((p) => p.strongRelevant) / strongAll : 0,
    strongRecall: sum((p) => p.grade2) ? sum((p) => p.grade2Strong) / sum((p) => p.grade2) : 0,
    unrelatedWithStrong: pages.filter((p) => p.unrelated && p.strong > 0).length,
    unrelatedPages: pages.filter((p) => p.unrelated).length,
    unjudged5: pages.reduce((s, p) => s + p.unjudged5, 0),
    condensedNdcg5: mean(graded.map((p) => p.condensedNdcg5)),
  };
}

/**
 * The reciprocal rank of `target` among the first `k` of `ranked` (1 for
 * first, 1/2 for second, …), 0 when it is not among them.
 */
export function reciprocalRank(ranked: readonly string[], target: string, k = 10): number {
  const at = ranked.slice(0, k).indexOf(target);
  return at < 0 ? 0 : 1 / (at + 1);
}

/** One known-item page: its paper's rank (1-based, null beyond the first ten or absent from the corpus). */
export interface KnownItemPage {
  page: string;
  target: string;
  /** False when the corpus lacks the paper: the page is counted as a miss. */
  inCorpus: boolean;
  rank: number | null;
  top: string;
}

export interface KnownItemReport {
  pages: KnownItemPage[];
  mrr10: number;
  top1: number;
  top5: number;
  notInCorpus: number;
}

/**
 * Scores known items: for each page, the arXiv id of the paper it is the code
 * of, which should come first. `rank` returns the page's results' arXiv ids
 * (or another id for papers without one), best first.
 */
export function evaluateKnownItems(
  targets: ReadonlyMap<string, string>,
  rank: (page: string) => { ids: string[]; top: string },
  inCorpus: (target: string) => boolean,
): KnownItemReport {
  const pages: KnownItemPage[] = [];
  for (const [page, target] of targets) {
    const { ids, top } = rank(page);
    const rr = reciprocalRank(ids, target, 10);
    pages.push({ page, target, inCorpus: inCorpus(target), rank: rr ? Math.round(1 / rr) : null, top });
  }
  const share = (f: (p: KnownItemPage) => boolean) => (pages.length ? pages.filter(f).length / pages.length : 0);
  return {
    pages,
    mrr10: pages.length ? pages.reduce((s, p) => s + (p.rank ? 1 / p.rank : 0), 0) / pages.length : 0,
    top1: share((p) => p.rank === 1),
    top5: share((p) => p.rank !== null && p.rank <= 5),
    notInCorpus: pages.filter((p) => !p.inCorpus).length,
  };
}

/** Parses `page<TAB>arxiv<TAB>title` (known-item `papers.tsv`, with a header) into page → arXiv id. */
export function parseKnownItems(tsv: string): Map<string, string> {
  const out = new Map<string, string>();
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || (i === 0 && /^page\t/.test(line))) return;
    const [page, arxiv] = line.split('\t');
    if (!page || !arxiv) throw new Error(`known-item line ${i + 1}: expected "page<TAB>arxiv<TAB>title"`);
    out.set(page, arxiv);
  });
  return out;
}

const f3 = (x: number) => x.toFixed(3);

export function formatSummary(r: Report): string {
  return (
    `pages=${r.pages.length} nDCG@5=${f3(r.ndcg5)} top1=${f3(r.top1)} strongPrecision=${f3(r.strongPrecision)} ` +
    `strongRecall=${f3(r.strongRecall)} unrelatedWithStrong=${r.unrelatedWithStrong}/${r.unrelatedPages}`
  );
}

/** nDCG@5, top-1, the unjudged count and (unless a ranker has no strong rule) the strong results, for pooled judgments. */
export function formatPooledSummary(r: Report, { withStrong = true } = {}): string {
  const strong = r.pages.reduce((s, p) => s + p.strong, 0);
  return (
    `pages=${r.pages.length} nDCG@5=${f3(r.ndcg5)} top1=${f3(r.top1)} unjudgedTop5=${r.unjudged5}/${5 * r.pages.length} ` +
    `condensed nDCG@5=${f3(r.condensedNdcg5)}` +
    (withStrong ? ` strong=${strong}${strong ? ` strongPrecision=${f3(r.strongPrecision)}` : ''}` : '')
  );
}

export function formatKnownItemSummary(r: KnownItemReport): string {
  return (
    `pages=${r.pages.length} MRR@10=${f3(r.mrr10)} top1=${f3(r.top1)} top5=${f3(r.top5)}` +
    (r.notInCorpus ? ` notInCorpus=${r.notInCorpus}` : '')
  );
}

export function formatPageLine(p: PageReport): string {
  return p.unrelated
    ? `${p.page.padEnd(22)} unrelated  strong=${p.strong}`
    : `${p.page.padEnd(22)} nDCG@5=${f3(p.ndcg5)} top1=${p.top1 ? 'yes' : 'no '} strong=${p.strongRelevant}/${p.strong} top5=[${p.top.join(' ')}]`;
}
