import { describe, expect, it } from 'vitest';
import { rebuildAbstract } from '../../lib/formats/openalex';
import { parsedFixture, problemsOf } from '../fixtures/formats';

describe('OpenAlex works', () => {
  it('reads snapshot lines, rebuilding each abstract from its inverted index', async () => {
    const parsed = await parsedFixture('openalex-works.jsonl');
    expect(parsed.format).toBe('openalex');
    expect([parsed.entries, parsed.good, parsed.withAbstract]).toEqual([4, 3, 2]);
    const [oa, attention, noAbstract] = parsed.papers;
    expect(oa).toMatchObject({
      title: 'The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles',
      abstract:
        'Despite growing interest in Open Access (OA) to scholarly literature, there is an unmet need for large-scale, up-to-date, and reproducible studies assessing the prevalence and characteristics of OA.',
      authors: ['Heather Piwowar', 'Jason Priem', 'Stefanie Haustein'],
      year: '2018',
      venue: 'PeerJ',
      doi: '10.7717/peerj.4375',
      url: 'https://doi.org/10.7717/peerj.4375',
    });
    expect(attention).toMatchObject({ arxivId: '1706.03762', year: '2017', url: 'https://arxiv.org/abs/1706.03762' });
    expect(attention!.venue).toBeUndefined();
    expect(noAbstract).toMatchObject({ title: 'A work OpenAlex has no abstract for', abstract: '' });
    expect(problemsOf(parsed)).toEqual(['line 4: title: missing; abstract: abstract is shorter than 40 characters']);
  });

  it('reads an API response {meta, results}', async () => {
    const parsed = await parsedFixture('openalex-api.json');
    expect([parsed.format, parsed.entries, parsed.good]).toEqual(['openalex', 2, 2]);
    expect(parsed.papers.map((p) => p.title)).toEqual([
      'The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles',
      'Attention Is All You Need',
    ]);
  });
});

describe('rebuildAbstract', () => {
  it('puts each word back at its positions', () => {
    expect(rebuildAbstract({ Deep: [0], learning: [1, 3], is: [2] })).toBe('Deep learning is learning');
  });

  it('ignores positions a hostile index makes huge or negative', () => {
    expect(rebuildAbstract({ a: [0, -1, 1e9], b: [1] })).toBe('a b');
    expect(rebuildAbstract(null)).toBeUndefined();
  });
});
