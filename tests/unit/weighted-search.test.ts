import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kthLargest, QUERY_POSTINGS, TermLookup } from '../../lib/index/compact-search';
import { buildEngine } from '../../lib/index/engine';
import { KEY_TERMS, topTerms } from '../../lib/index/tfidf';
import { MAX_TF, TITLE_BIT } from '../../lib/index/compact-packed';
import type { CompactIndex } from '../../lib/index/compact-search';
import type { Engine, WeightedHit, WeightedSearchOptions } from '../../lib/index/types';
import { weightedHits, weightedQuery, weightedScores, weightedScoresAmong } from '../../lib/index/weighted';
import { parseCorpus } from '../../lib/corpus';
import { readPage } from '../../lib/cli/node-engine';
import { pageKeywords } from '../../lib/ranking/keywords';

const corpus = parseCorpus(readFileSync('assets/papers.txt', 'utf8'));
const designs: Array<[string, Engine]> = [
  ['full text', buildEngine(corpus.papers, corpus.version, 'full')],
  ['compact', buildEngine(corpus.papers, corpus.version, 'compact')],
];

/** Weighted queries as the ranking asks them: a page's keywords, papers' key terms, one common word. */
function queries(engine: Engine): Array<Map<string, number>> {
  const page = readPage('tests/fixtures/eval/pages/h2o.html');
  return [
    new Map(pageKeywords(page, engine).map((k) => [k.term, k.weight])),
    ...corpus.papers.slice(0, 6).map((p) => new Map(engine.keyTerms!.get(p.id)!)),
    new Map([['model', 1]]),
    new Map([
      ['languag', 2],
      ['', 1],
      ['no-such-term-anywhere', 3],
      ['cach', 0.5],
    ]),
  ];
}

/** The full search's hits cut down as the lean search promises: a stable sort by `rankBy`, then `ties`, then `limit`. */
function expected(engine: Engine, weights: Map<string, number>, options: WeightedSearchOptions = {}): WeightedHit[] {
  const hits = weightedQuery(engine.index, weights).map((r) => ({
    id: String(r.id),
    title: String(r.title),
    score: r.score,
    queryTerms: r.queryTerms,
  }));
  const key = (h: WeightedHit) => (options.rankBy ? options.rankBy(h.score, [...h.queryTerms]) : h.score);
  const ordered = [...hits].sort((a, b) => key(b) - key(a) || (options.ties?.(a, b) ?? 0));
  return ordered.slice(0, options.limit ?? ordered.length);
}

const byTitle = (a: WeightedHit, b: WeightedHit) => a.title.localeCompare(b.title);

describe.each(designs)('weightedHits over the %s design', (_, engine) => {
  it('gives the full search’s hits, scores, matched terms and order', () => {
    for (const weights of queries(engine)) {
      const hits = weightedHits(engine.index, weights);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits).toEqual(expected(engine, weights));
    }
  });

  it('keeps the best hits by its own score, ties by `ties`, then as the full search orders them', () => {
    const concepts = (score: number, terms: readonly string[]) => (score / terms.length) * terms.length ** 2;
    const cases: WeightedSearchOptions[] = [
      { limit: 5 },
      { limit: 12, rankBy: concepts, ties: byTitle },
      // Keys that tie for most papers: the order then rests on `ties` or on the full search's own order.
      { limit: 9, rankBy: (_score, terms) => terms.length, ties: byTitle },
      { limit: 9, rankBy: (_score, terms) => terms.length },
      { limit: 7, rankBy: () => 0 },
      { limit: 10_000, rankBy: concepts },
    ];
    for (const weights of queries(engine)) {
      for (const options of cases)
        expect(weightedHits(engine.index, weights, options)).toEqual(expected(engine, weights, options));
    }
  });

  it('gives every hit’s score by id for "more like these"', () => {
    for (const weights of queries(engine)) {
      const scores = weightedScores(engine.index, weights);
      const full = weightedQuery(engine.index, weights);
      expect(scores.size).toBe(full.length);
      expect(new Map([...scores].sort())).toEqual(new Map(full.map((r) => [String(r.id), r.score] as const).sort()));
    }
  });

  it('gives some papers’ scores and the best score of the rest, as the full map has them', () => {
    let read = 0;
    for (const weights of queries(engine)) {
      const all = weightedScores(engine.index, weights);
      const ids = [...all.keys()].sort();
      const among = new Set([...ids.filter((_, i) => i % 3 === 0), 'no-such-paper']);
      const exclude = new Set(
        [...all]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 2)
          .map(([id]) => id),
      );
      const { scores, best } = weightedScoresAmong(engine.index, weights, { among, exclude });
      expect(new Map([...scores].sort())).toEqual(new Map([...all].filter(([id]) => among.has(id)).sort()));
      expect(best).toBe(Math.max(0, ...[...all].filter(([id]) => !exclude.has(id)).map(([, v]) => v)));
      read += scores.size;
    }
    expect(read).toBeGreaterThan(10);
  });
});

describe('CompactIndex.searchWeighted', () => {
  const engine = designs[1]![1];

  it('reads the same posting budget as the full search, leaving out the longest lists', () => {
    const weights = queries(engine)[0]!;
    const unbudgeted = weightedHits(engine.index, weights).length;
    const saved = QUERY_POSTINGS.limit;
    QUERY_POSTINGS.limit = 40;
    try {
      const hits = weightedHits(engine.index, weights, { limit: 20 });
      expect(weightedHits(engine.index, weights).length).toBeLessThan(unbudgeted);
      expect(hits).toEqual(expected(engine, weights, { limit: 20 }));
      expect(weightedHits(engine.index, weights)).toEqual(expected(engine, weights));
    } finally {
      QUERY_POSTINGS.limit = saved;
    }
  });

  it('answers a query again the same after another (its per-paper state is cleared)', () => {
    const [a, b] = queries(engine);
    const first = weightedHits(engine.index, a!);
    weightedScores(engine.index, b!);
    weightedHits(engine.index, b!, { limit: 3 });
    expect(weightedHits(engine.index, a!)).toEqual(first);
  });
});

describe('CompactKeyTerms', () => {
  it('gives each paper the key terms topTerms picks from its entries', () => {
    const engine = designs[1]![1];
    const { packed } = engine.index as CompactIndex;
    for (let d = 0; d < packed.n; d++) {
      const tf = new Map<string, number>();
      for (let i = packed.docStart[d]!; i < packed.docStart[d + 1]!; i++) {
        const f = packed.freqs[i]!;
        const term = packed.terms[packed.entries[i]!]!;
        tf.set(term, (tf.get(term) ?? 0) + (f & TITLE_BIT ? 2 * (f & MAX_TF) : f));
      }
      const df = (t: string) => engine.df.get(t);
      expect(engine.keyTerms!.get(packed.ids[d]!)).toEqual(topTerms(tf, df, packed.n, KEY_TERMS, true));
    }
  });
});

describe('TermLookup', () => {
  it('finds every term of the list by its number, and no term it does not hold', () => {
    const { packed } = designs[1]![1].index as CompactIndex;
    const lookup = new TermLookup(packed.terms);
    packed.terms.forEach((term, i) => expect(lookup.find(term)).toBe(i));
    for (const absent of ['', 'zzz-no-such-term', `${packed.terms[0]!}x`, packed.terms[1]!.slice(0, -1) + '\u0000'])
      expect(lookup.find(absent)).toBe(-1);
  });

  it('gives the compact engine its document frequencies', () => {
    const engine = designs[1]![1];
    const { packed } = engine.index as CompactIndex;
    packed.terms.forEach((term, i) => expect(engine.df.get(term)).toBe(packed.df[i]));
    expect(engine.df.get('zzz-no-such-term')).toBeUndefined();
  });
});

describe('kthLargest', () => {
  it('finds the k-th largest value, duplicates counted', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) % 13;
    for (let round = 0; round < 20; round++) {
      const values = Float64Array.from({ length: 1 + ((round * 7) % 40) }, random);
      const sorted = [...values].sort((a, b) => b - a);
      for (let k = 1; k <= values.length; k++) expect(kthLargest(values, k)).toBe(sorted[k - 1]);
    }
  });
});
