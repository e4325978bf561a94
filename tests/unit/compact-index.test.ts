import { readFileSync } from 'node:fs';
import MiniSearch, { type Query, type SearchOptions, type SearchResult } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildCompactEngine, compactTerms, CorpusStatsBuilder, DF_CAP } from '../../lib/index/compact-build';
import { MAX_TF, TITLE_BIT, type PackedIndex } from '../../lib/index/compact-packed';
import { CompactIndex, COMPACT_FIELDS, editDistance, QUERY_POSTINGS } from '../../lib/index/compact-search';
import { BASE_SEARCH_OPTIONS } from '../../lib/index/search-options';
import { parseCorpus } from '../../lib/corpus';
import { searchCorpus } from '../../lib/corpus-search';
import { readPage } from '../../lib/cli/node-engine';
import { rank } from '../../lib/ranking/rank';
import { buildEngine, COMPACT_FROM, designFor, loadEngine, serializeEngine } from '../../lib/index/engine';

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

/**
 * MiniSearch itself, through its public API, over exactly what the packed
 * index holds: each paper's title terms and compact terms, each repeated as
 * often as its frequency byte says.
 */
function miniSearchOf(packed: PackedIndex): MiniSearch<{ id: string; title: string; terms: string }> {
  const index = new MiniSearch<{ id: string; title: string; terms: string }>({
    ...BASE_SEARCH_OPTIONS,
    fields: [...COMPACT_FIELDS],
    storeFields: ['title'],
    tokenize: (s) => (s ? s.split('\n') : []),
    processTerm: (t) => t,
  });
  for (let d = 0; d < packed.n; d++) {
    const fields: Record<'title' | 'terms', string[]> = { title: [], terms: [] };
    for (let i = packed.docStart[d]!; i < packed.docStart[d + 1]!; i++) {
      const f = packed.freqs[i]!;
      const into = f & TITLE_BIT ? fields.title : fields.terms;
      for (let k = 0; k < (f & MAX_TF); k++) into.push(packed.terms[packed.entries[i]!]!);
    }
    index.add({ id: packed.ids[d]!, title: fields.title.join('\n'), terms: fields.terms.join('\n') });
  }
  return index;
}

/**
 * Results as comparable rows. MiniSearch averages field lengths one paper at
 * a time, the packed index in one sum, so scores agree to about 1e-12: they
 * are compared at 1e-9, and papers tied at that precision in id order.
 */
const rows = (results: SearchResult[]) =>
  results
    .map((r) => ({
      id: r.id as string,
      score: Math.round(r.score * 1e9) / 1e9,
      terms: [...r.terms].sort(),
      queryTerms: [...r.queryTerms].sort(),
    }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));

describe('CompactIndex.search', () => {
  const index = compact.index as CompactIndex;
  const mini = miniSearchOf(index.packed);
  const same = (query: Query, options: SearchOptions) => {
    const saved = QUERY_POSTINGS.limit;
    QUERY_POSTINGS.limit = Infinity;
    try {
      const ours = index.search(query, options);
      expect(ours.length).toBeGreaterThan(0);
      expect(rows(ours)).toEqual(rows(mini.search(query, options)));
    } finally {
      QUERY_POSTINGS.limit = saved;
    }
  };

  it('scores the weighted OR queries of rank() as MiniSearch does over the same terms', () => {
    for (const paper of corpus.papers.slice(0, 10)) {
      const weights = new Map(compact.keyTerms!.get(paper.id)!);
      same(
        { combineWith: 'OR', queries: [...weights.keys()] },
        {
          tokenize: (s) => [s],
          processTerm: (t) => t,
          prefix: false,
          fuzzy: false,
          boostTerm: (t) => weights.get(t) ?? 1,
        },
      );
    }
  });

  it('scores prefix, fuzzy, AND and AND_NOT queries as MiniSearch does', () => {
    const opts = { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t };
    same('kv cache evict', opts);
    same('mixtur expert', { ...opts, combineWith: 'AND' });
    same('program rep', { ...opts, prefix: true });
    same('decodng languag', { ...opts, fuzzy: 0.3, maxFuzzy: 2 });
    same('languag model', {
      ...opts,
      prefix: (t: string) => t === 'model',
      fuzzy: (t: string) => t === 'languag' && 1,
    });
    same({ combineWith: 'AND_NOT', queries: ['languag', 'cach'] }, opts);
    same({ combineWith: 'AND', queries: ['languag', { combineWith: 'OR', queries: ['cach', 'code'] }] }, opts);
    same('languag cach', { ...opts, fields: ['title'] });
    expect(index.search('languag', { ...opts, fields: ['abstract'] })).toEqual([]);
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

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, stopping past the bound', () => {
    expect(editDistance('decodng', 'decod', 2)).toBe(2);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
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
