import { describe, expect, it } from 'vitest';
import { parsedFixture, problemsOf } from '../fixtures/formats';

describe('Semantic Scholar Graph API papers', () => {
  it('reads a batch answer (an array), naming the null of a paper not found', async () => {
    const parsed = await parsedFixture('semantic-scholar-batch.json');
    expect(parsed.format).toBe('semantic-scholar');
    expect([parsed.entries, parsed.good, parsed.withAbstract]).toEqual([3, 2, 1]);
    expect(parsed.papers[0]).toMatchObject({
      title: 'Construction of the Literature Graph in Semantic Scholar',
      authors: ['Waleed Ammar', 'Dirk Groeneveld', 'Chandra Bhagavatula'],
      year: '2018',
      venue: 'North American Chapter of the Association for Computational Linguistics',
      doi: '10.18653/v1/N18-3011',
      url: 'https://www.semanticscholar.org/paper/649def34f8be52c8b66281af98ae884c09aef38b',
    });
    expect(parsed.papers[0]!.abstract).toMatch(/^We describe a deployed scalable system/);
    expect(parsed.papers[1]).toMatchObject({ title: 'Attention is All you Need', arxivId: '1706.03762', abstract: '' });
    expect(problemsOf(parsed)).toEqual(['entry 1: entry is null']);
  });

  it('reads a search answer {total, data}', async () => {
    const parsed = await parsedFixture('semantic-scholar-search.json');
    expect([parsed.format, parsed.entries, parsed.good]).toEqual(['semantic-scholar', 2, 1]);
    expect(problemsOf(parsed)).toEqual(['entry 1: title: title is shorter than 3 characters']);
  });
});
