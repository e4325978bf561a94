/** Relevance metrics for graded judgments (qrels), as described in shared/eval/README.md. */

export interface Judgment {
  page: string;
  grade: number;
  title: string;
}

/** Parses a `page<TAB>grade<TAB>title` file with a header line; a `-` title marks a page with no related paper. */
export function parseQrels(tsv: string): Map<string, Judgment[]> {
  const out = new Map<string, Judgment[]>();
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || (i === 0 && /^page\t/.test(line))) return;
    const [page, grade, title] = line.split('\t');
    if (!page || grade === undefined || title === undefined || !/^[0-2]$/.test(grade)) {
      throw new Error(`qrels line ${i + 1}: expected "page<TAB>grade<TAB>title"`);
    }
    const list = out.get(page) ?? [];
    if (title !== '-') list.push({ page, grade: Number(grade), title });
    out.set(page, list);
  });
  return out;
}

export interface Ranked {
  title: string;
  strong: boolean;
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
}

const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

function dcg(gains: number[]): number {
  return gains.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** Scores a ranking function on every judged page. */
export function evaluate(qrels: Map<string, Judgment[]>, rank: (page: string) => Ranked[]): Report {
  const pages: PageReport[] = [];
  for (const [page, judged] of qrels) {
    const grades = new Map(judged.map((j) => [norm(j.title), j.grade]));
    const results = rank(page);
    const gradeOf = (r: Ranked) => grades.get(norm(r.title)) ?? 0;
    const ideal = dcg(
      judged
        .map((j) => j.grade)
        .sort((a, b) => b - a)
        .slice(0, 5),
    );
    const strong = results.filter((r) => r.strong);
    pages.push({
      page,
      unrelated: judged.length === 0,
      ndcg5: ideal > 0 ? dcg(results.slice(0, 5).map(gradeOf)) / ideal : 0,
      top1: results.length > 0 && gradeOf(results[0]!) === 2,
      strong: strong.length,
      strongRelevant: strong.filter((r) => gradeOf(r) > 0).length,
      grade2: judged.filter((j) => j.grade === 2).length,
      grade2Strong: strong.filter((r) => gradeOf(r) === 2).length,
      top: results.slice(0, 5).map((r) => `${gradeOf(r)}${r.strong ? '*' : ''}`),
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
  };
}

const f3 = (x: number) => x.toFixed(3);

export function formatSummary(r: Report): string {
  return (
    `pages=${r.pages.length} nDCG@5=${f3(r.ndcg5)} top1=${f3(r.top1)} strongPrecision=${f3(r.strongPrecision)} ` +
    `strongRecall=${f3(r.strongRecall)} unrelatedWithStrong=${r.unrelatedWithStrong}/${r.unrelatedPages}`
  );
}

export function formatPageLine(p: PageReport): string {
  return p.unrelated
    ? `${p.page.padEnd(22)} unrelated  strong=${p.strong}`
    : `${p.page.padEnd(22)} nDCG@5=${f3(p.ndcg5)} top1=${p.top1 ? 'yes' : 'no '} strong=${p.strongRelevant}/${p.strong} top5=[${p.top.join(' ')}]`;
}
