import { describe, expect, it } from 'vitest';
import {
  dcg,
  evaluate,
  evaluateKnownItems,
  gradeLookup,
  ndcgAt,
  parseKnownItems,
  parseQrels,
  reciprocalRank,
} from '../../lib/evaluation';

const log2 = Math.log2;

describe('ndcgAt', () => {
  it('is 1 when the ranking is the ideal order', () => {
    expect(ndcgAt([2, 1, 0], [1, 2], 5)).toBe(1);
  });

  it('weighs a grade-2 paper three times a grade-1 paper (gain 2^g − 1) and discounts by log2(rank + 1)', () => {
    // Ranked: grade 1 first, grade 2 second; ideal: 2 then 1.
    const got = ndcgAt([1, 2], [2, 1], 5);
    expect(got).toBeCloseTo((1 + 3 / log2(3)) / (3 + 1 / log2(3)), 10);
  });

  it('counts only the first k results', () => {
    expect(ndcgAt([0, 0, 2], [2], 2)).toBe(0);
    expect(ndcgAt([0, 0, 2], [2], 3)).toBeCloseTo(1 / log2(4) / 1, 10);
  });

  it('uses only the k best judged grades for the ideal', () => {
    // Six grade-2 judgments: the ideal at k = 5 is five grade-2 papers.
    expect(ndcgAt([2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 2], 5)).toBe(1);
  });

  it('is 0 when nothing is relevant', () => {
    expect(ndcgAt([0, 0], [], 5)).toBe(0);
    expect(dcg([])).toBe(0);
  });
});

describe('gradeLookup', () => {
  const judged = [
    { page: 'p', grade: 2, title: 'Bundled Paper Title', arxiv: undefined },
    { page: 'p', grade: 1, title: 'An arXiv Paper', arxiv: '2503.00001' },
  ];

  it('matches by arXiv id, then by normalised title', () => {
    const grade = gradeLookup(judged);
    expect(grade({ title: 'Different title', arxivId: '2503.00001' })).toBe(1);
    expect(grade({ title: '  bundled   paper title ' })).toBe(2);
    expect(grade({ title: 'Unknown', arxivId: '2503.99999' })).toBeUndefined();
  });
});

describe('evaluate', () => {
  const qrels = parseQrels(
    'page\tgrade\tarxiv\ttitle\n' +
      'a\t2\t2503.00001\tFirst\n' +
      'a\t1\t-\tBundled One\n' +
      'a\t0\t2503.00003\tJudged Unrelated\n' +
      'neg\t0\t-\t-\n',
  );

  it('counts results no judgment names as unjudged and scores them 0, when pooled', () => {
    const report = evaluate(
      qrels,
      (page) =>
        page === 'a'
          ? [
              { title: 'Not in the pool', strong: true, arxivId: '2599.00009' },
              { title: 'First', strong: true, arxivId: '2503.00001' },
              { title: 'Judged Unrelated', strong: false, arxivId: '2503.00003' },
              { title: 'Bundled One', strong: false },
            ]
          : [],
      { pooled: true },
    );
    const a = report.pages.find((p) => p.page === 'a')!;
    expect(a.unjudged5).toBe(1);
    expect(report.unjudged5).toBe(1);
    expect(a.top).toEqual(['?*', '2*', '0', '1']);
    expect(a.ndcg5).toBeCloseTo(ndcgAt([0, 2, 0, 1], [2, 1, 0], 5), 10);
    // Condensed: the unjudged paper is left out before cutting at five, the judged ones keep their order.
    expect(a.condensedNdcg5).toBeCloseTo(ndcgAt([2, 0, 1], [2, 1, 0], 5), 10);
    expect(a.condensedNdcg5).toBeGreaterThan(a.ndcg5);
    expect(report.condensedNdcg5).toBeCloseTo(a.condensedNdcg5, 10);
    expect(a.top1).toBe(false);
    expect(report.strongPrecision).toBe(0.5);
    expect(report.unrelatedPages).toBe(1);
    expect(report.unrelatedWithStrong).toBe(0);
  });

  it('reads the three-column format with the title as the third column', () => {
    const q = parseQrels('page\tgrade\ttitle\nx\t2\tSome Title\n');
    expect(q.get('x')).toEqual([{ page: 'x', grade: 2, title: 'Some Title' }]);
  });

  it('refuses a line with a grade outside 0–2', () => {
    expect(() => parseQrels('page\tgrade\ttitle\nx\t3\tSome Title\n')).toThrow(/line 2/);
  });
});

describe('reciprocalRank and evaluateKnownItems', () => {
  it('gives 1/rank within the first k, 0 beyond', () => {
    expect(reciprocalRank(['x', 'y', 't'], 't')).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRank(['t'], 't')).toBe(1);
    const eleven = [...'abcdefghij'.split(''), 't'];
    expect(reciprocalRank(eleven, 't', 10)).toBe(0);
  });

  it('averages MRR@10, top-1 and top-5 over pages, a paper missing from the corpus counting as a miss', () => {
    const targets = parseKnownItems('page\tarxiv\ttitle\np1\t1\tA\np2\t2\tB\np3\t3\tC\np4\t4\tD\n');
    const ranked: Record<string, string[]> = {
      p1: ['1', 'x'],
      p2: ['x', 'y', '2'],
      p3: ['a', 'b', 'c', 'd', 'e', 'f', '3'],
      p4: ['x'],
    };
    const r = evaluateKnownItems(
      targets,
      (page) => ({ ids: ranked[page]!, top: ranked[page]![0]! }),
      (t) => t !== '4',
    );
    expect(r.mrr10).toBeCloseTo((1 + 1 / 3 + 1 / 7 + 0) / 4, 10);
    expect(r.top1).toBe(0.25);
    expect(r.top5).toBe(0.5);
    expect(r.notInCorpus).toBe(1);
    expect(r.pages.map((p) => p.rank)).toEqual([1, 3, 7, null]);
  });
});
