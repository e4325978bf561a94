import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCompactEngine,
  compactDocument,
  CorpusStatsBuilder,
  loadCompactEngine,
  serializeCompactEngine,
} from '../../lib/compact-index';
import { parseCorpus } from '../../lib/corpus';
import { readPage } from '../../lib/cli/node-engine';
import { related } from '../../lib/related';

const corpus = parseCorpus(readFileSync('assets/papers.txt', 'utf8'));

describe('compactDocument', () => {
  it('keeps at most the given number of words and phrases', () => {
    const stats = new CorpusStatsBuilder();
    for (const p of corpus.papers) stats.add(p);
    const terms = compactDocument(corpus.papers[0]!, stats, { words: 5, phrases: 2 }).terms.split('\n');
    expect(terms.filter((t) => !t.includes(' '))).toHaveLength(5);
    expect(terms.filter((t) => t.includes(' '))).toHaveLength(2);
  });
});

describe('buildCompactEngine', () => {
  it('ranks the KV-cache paper first for the H2O page, as the full-text index does', () => {
    const engine = buildCompactEngine(corpus.papers, corpus.version);
    const [first] = related(readPage('../shared/eval/pages/h2o.html'), engine);
    expect(first?.title).toMatch(/KV/i);
  });
});

describe('loadCompactEngine', () => {
  it('reloads a stored engine with the same results and rejects a stale one', async () => {
    const engine = buildCompactEngine(corpus.papers, corpus.version);
    const stored = serializeCompactEngine(engine);
    const page = readPage('../shared/eval/pages/lora.html');
    const loaded = await loadCompactEngine(structuredClone(stored), corpus.version);
    expect(loaded && related(page, loaded)).toEqual(related(page, engine));
    expect(await loadCompactEngine(stored, 'another-version')).toBeNull();
  });
});
