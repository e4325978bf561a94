import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorpus, type Paper } from '../../lib/corpus';
import { arxivIdOf, Catalogue, doiOf, searchCorpus, type CatalogueEntry } from '../../lib/corpus-search';
import { buildEngine } from '../../lib/index/engine';

const bundled = parseCorpus(readFileSync('assets/papers.txt', 'utf8'));
const bundledEngine = buildEngine(bundled.papers, bundled.version);
const fixture = JSON.parse(readFileSync('tests/fixtures/search/papers-with-authors.json', 'utf8')) as Array<
  Pick<Paper, 'id' | 'title' | 'abstract'> & CatalogueEntry
>;
const withAuthors: Paper[] = [
  ...bundled.papers,
  ...fixture.map((p) => ({ ...p, authors: p.authors && [...p.authors], source: 'import:t' })),
];
const engine = buildEngine(withAuthors, 'with-authors');
const catalogue = new Catalogue(fixture);

const titles = (query: string, e = bundledEngine, c?: Catalogue) => searchCorpus(e, query, 20, c).map((h) => h.title);

describe('arxivIdOf', () => {
  it('reads bare ids, versions, the arXiv: prefix and abs/pdf/html addresses', () => {
    expect(arxivIdOf('2503.15879')).toBe('2503.15879');
    expect(arxivIdOf('arXiv:2503.15879v2')).toBe('2503.15879');
    expect(arxivIdOf('https://arxiv.org/abs/2503.15879v3')).toBe('2503.15879');
    expect(arxivIdOf('https://arxiv.org/pdf/2503.15879v1')).toBe('2503.15879');
    expect(arxivIdOf('https://arxiv.org/pdf/2503.15879.pdf')).toBe('2503.15879');
    expect(arxivIdOf('https://arxiv.org/abs/cs/0112017')).toBe('cs/0112017');
  });

  it('finds no id in ordinary text or other addresses', () => {
    expect(arxivIdOf('speculative decoding 2503.15879 results')).toBeUndefined();
    expect(arxivIdOf('https://example.org/abs/2503.15879')).toBeUndefined();
    expect(arxivIdOf('decoding')).toBeUndefined();
  });
});

describe('doiOf', () => {
  it('reads a DOI, with a doi: prefix or as a doi.org address, lower-cased', () => {
    expect(doiOf('10.1145/3600006.3613165')).toBe('10.1145/3600006.3613165');
    expect(doiOf('https://doi.org/10.1145/3600006.3613165')).toBe('10.1145/3600006.3613165');
    expect(doiOf('doi:10.48550/ARXIV.1706.03762')).toBe('10.48550/arxiv.1706.03762');
    expect(doiOf('paged attention')).toBeUndefined();
  });
});

describe('searchCorpus on the bundled corpus', () => {
  it('finds MAG-SQL mid-word, typing "text-to-sq"', () => {
    expect(titles('text-to-sq')[0]).toMatch(/^MAG-SQL/);
  });

  it('finds decoding papers despite a typo ("decodng")', () => {
    const found = titles('decodng');
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.slice(0, 2).every((t) => /decoding/i.test(t))).toBe(true);
  });

  it('finds only the decompilation papers for "decompil", no graph or tensor papers', () => {
    const found = titles('decompil');
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.every((t) => /decompil/i.test(t))).toBe(true);
  });

  it('keeps "decomposition" to decomposition papers, never reaching decompilation ones', () => {
    const hits = searchCorpus(bundledEngine, 'decomposition');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => !h.terms.some((t) => t.startsWith('decompil')))).toBe(true);
  });

  it('does not take "paged" for the start of "PageRank": only the last word is a prefix', () => {
    expect(titles('paged random').some((t) => /PageRank/.test(t))).toBe(false);
    expect(titles('random paged').some((t) => /PageRank/.test(t))).toBe(true);
  });

  it('shows no paper that has only some of the words: "paged attention" finds no PageRank paper', () => {
    expect(titles('paged attention').some((t) => /PageRank/.test(t))).toBe(false);
    expect(titles('pagerank').some((t) => /PageRank/.test(t))).toBe(true);
  });

  it('says nothing matches rather than show papers with only some of the words', () => {
    expect(titles('quantum chromodynamics')).toEqual([]);
    expect(titles('zxqv')).toEqual([]);
  });

  it('matches papers with most of the words of a long query', () => {
    const found = titles('kv cache eviction policy for long context llms');
    expect(found[0]).toMatch(/KV Cache/);
  });
});

describe('searchCorpus with authors and identifiers', () => {
  it('finds a paper by its arXiv id, in any spelling, and nothing for an id the corpus lacks', () => {
    for (const q of [
      '1706.03762',
      'arXiv:1706.03762v5',
      'https://arxiv.org/abs/1706.03762',
      'arxiv.org/pdf/1706.03762',
    ])
      expect(titles(q, engine, catalogue)).toEqual(['Attention Is All You Need']);
    // Its address names the id: the paper with only a URL is found too.
    expect(titles('2401.00001', engine, catalogue)).toEqual([
      'Sparse Attention Kernels for Long Sequences on Accelerators',
    ]);
    expect(titles('2503.99999', engine, catalogue)).toEqual([]);
  });

  it('finds a paper by its DOI', () => {
    expect(titles('10.1145/3600006.3613165', engine, catalogue)).toEqual([
      'Efficient Memory Management for Large Language Model Serving with PagedAttention',
    ]);
  });

  it('ranks a paged-attention paper, not PageRank, first for "paged attention"', () => {
    const found = titles('paged attention', engine, catalogue);
    expect(found[0]).toMatch(/PagedAttention/);
    expect(found[0]).not.toMatch(/PageRank/);
  });

  it('finds an author’s papers by name, surname or a name being typed, accents or not', () => {
    expect(titles('Ashish Vaswani', engine, catalogue)).toEqual(['Attention Is All You Need']);
    expect(titles('vaswani', engine, catalogue)).toEqual(['Attention Is All You Need']);
    expect(titles('Leviat', engine, catalogue)).toEqual(['Fast Inference from Transformers via Speculative Decoding']);
    expect(titles('balazs kegl', engine, catalogue)).toEqual([
      'Sparse Attention Kernels for Long Sequences on Accelerators',
    ]);
    // Both Ashishes, the one whose full name matches first.
    expect(titles('ashish', engine, catalogue)).toHaveLength(2);
  });

  it('lists papers about a word before those by an author of that name ("long", Qian Long)', () => {
    const found = titles('long', engine, catalogue);
    expect(found).toContain('Fast Inference from Transformers via Speculative Decoding');
    expect(found[0]).not.toBe('Fast Inference from Transformers via Speculative Decoding');
    expect(found.length).toBeGreaterThan(2);
  });

  it('finds no paper for an author the corpus does not have', () => {
    expect(titles('Geoffrey Hinton', engine, catalogue)).toEqual([]);
  });
});
