import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCompactEngine,
  CompactIndex,
  compactTerms,
  CorpusStatsBuilder,
  DF_CAP,
  QUERY_POSTINGS,
} from '../../lib/compact-index';
import { parseCorpus } from '../../lib/corpus';
import { searchCorpus } from '../../lib/corpus-search';
import { readPage } from '../../lib/cli/node-engine';
import { rankingConfig } from '../../lib/ranking/config';
import { rank } from '../../lib/ranking/rank';
import { buildEngine, COMPACT_FROM, designFor, loadEngine, serializeEngine } from '../../lib/search-index';

const corpus = parseCorpus(readFileSync('assets/papers.txt', 'utf8'));
const compact = buildCompactEngine(corpus.papers, corpus.version);

describe('compactTerms', () => {
  it('keeps at most the given number of words and phrases', () => {
    const stats = new CorpusStatsBuilder();
    for (const p of corpus.papers) stats.add(p);
    const terms = compactTerms(corpus.papers[0]!, stats, { words: 5, phrases: 2 }).map(([t]) => t);
    expect(terms.filter((t) => !t.includes(' '))).toHaveLength(5);
    expect(terms.filter((t) => t.includes(' '))).toHaveLength(2);
  });
});

describe('CorpusStatsBuilder', () => {
  it('caps terms in more than 5% of the papers only from 1,000 papers on', () => {
    const stats = new CorpusStatsBuilder();
    const paper = (i: number) => ({ title: `Paper ${i}`, abstract: `common words for token${i % 10} and w${i}` });
    for (let i = 0; i < DF_CAP.from - 1; i++) stats.add(paper(i));
    expect(stats.capped('common')).toBe(false);
    stats.add(paper(DF_CAP.from));
    expect(stats.capped('common')).toBe(true);
    expect(stats.capped('token1')).toBe(true);
    expect(stats.capped('w1')).toBe(false);
  });
});

describe('buildCompactEngine', () => {
  it('ranks the KV-cache paper first for the H2O page, as the full-text index does', () => {
    const [first] = rank(readPage('tests/fixtures/eval/pages/h2o.html'), compact);
    expect(first?.title).toMatch(/KV/i);
  });

  it('gives feedback the papers’ compact terms as key terms', () => {
    const id = corpus.papers[0]!.id;
    const terms = compact.keyTerms!.get(id)!;
    expect(terms.length).toBeGreaterThan(10);
    expect(terms[0]![1]).toBeGreaterThanOrEqual(terms.at(-1)![1]);
  });
});

describe('CompactIndex.search', () => {
  it('scores a query exactly as MiniSearch over the whole compact index does', () => {
    const index = compact.index as CompactIndex;
    const whole = index.slice(index.packed.terms.map((_, i) => i));
    const queries = ['kv cache eviction', 'mixtur expert', 'program repair'];
    for (const q of queries) {
      const opts = { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t };
      expect(index.search(q, opts)).toEqual(whole.search(q, opts));
    }
  });

  it('serves the search box: prefix and fuzzy matches as the user types', () => {
    expect(searchCorpus(compact, 'text-to-sq').map((h) => h.title)).toContainEqual(expect.stringContaining('MAG-SQL'));
    expect(searchCorpus(compact, 'decompilatoin').length).toBeGreaterThan(0);
  });

  it('reads at most the posting budget, leaving out the terms with the longest lists', () => {
    const exact = { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t };
    const reach = (t: string) => compact.index.search(t, exact).length;
    expect(reach('languag')).toBeGreaterThan(reach('evict'));
    const saved = QUERY_POSTINGS.limit;
    QUERY_POSTINGS.limit = reach('evict');
    try {
      const hits = compact.index.search('languag evict', exact);
      expect(new Set(hits.flatMap((h) => h.terms))).toEqual(new Set(['evict']));
    } finally {
      QUERY_POSTINGS.limit = saved;
    }
  });
});

describe('serializeEngine and loadEngine with the compact design', () => {
  it('reloads a stored engine with the same results and rejects a stale one', async () => {
    const stored = serializeEngine(compact);
    const page = readPage('tests/fixtures/eval/pages/lora.html');
    const loaded = await loadEngine(structuredClone(stored), corpus.version);
    expect(loaded && rank(page, loaded)).toEqual(rank(page, compact));
    expect(await loadEngine(stored, 'another-version')).toBeNull();
  });
});

describe('buildEngine', () => {
  it('uses full text below COMPACT_FROM papers and the compact index from there on', () => {
    expect(designFor(COMPACT_FROM - 1)).toBe('full');
    expect(designFor(COMPACT_FROM)).toBe('compact');
    expect(buildEngine(corpus.papers, corpus.version).index).not.toBeInstanceOf(CompactIndex);
    expect(buildEngine(corpus.papers, corpus.version, 'compact').index).toBeInstanceOf(CompactIndex);
  });
});
