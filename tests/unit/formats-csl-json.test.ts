import { describe, expect, it } from 'vitest';
import { parseImport } from '../../lib/corpus-import';
import { toCslJson } from '../../lib/export';
import { exportedEntry, parsedFixture, problemsOf } from '../fixtures/formats';

describe('CSL-JSON', () => {
  it('reads a Zotero export with authors, year, DOI, URL and tags removed', async () => {
    const parsed = await parsedFixture('zotero.csl.json');
    expect(parsed.format).toBe('csl-json');
    expect([parsed.entries, parsed.good, parsed.withAbstract]).toEqual([5, 4, 3]);
    const [attention, lipids, bert, dolma] = parsed.papers;
    expect(attention).toMatchObject({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      year: '2017',
      arxivId: '1706.03762',
      doi: '10.48550/arXiv.1706.03762',
      url: 'http://arxiv.org/abs/1706.03762',
    });
    expect(lipids).toMatchObject({
      title: 'Lipid nanoparticles for mRNA delivery',
      authors: ['Xucheng Hou', 'The Nanomedicine Consortium', 'José de Beltrán'],
      year: '2021',
      venue: 'Nature Reviews Materials',
    });
    expect(lipids!.abstract).toContain('Messenger RNA in vivo delivery');
    expect(lipids!.abstract).not.toContain('<');
    expect(bert).toMatchObject({ year: '2019', abstract: '' });
    expect(dolma).toMatchObject({ year: '2024' });
    expect(dolma!.abstract).toMatch(/^We describe the Dolma corpus/);
    expect(problemsOf(parsed)).toEqual(['entry 3: title: missing']);
  });

  it("reads Paper Radar's own CSL-JSON export", async () => {
    const text = toCslJson([exportedEntry()]);
    const parsed = await parseImport(text, 'own', { keep: 1 });
    expect(parsed.format).toBe('csl-json');
    expect(parsed.papers[0]).toMatchObject({
      title: 'Speculative decoding on tiny devices',
      authors: ['Ada Lovelace', 'Balázs Szegedy'],
      year: '2024',
      arxivId: '2401.00001',
    });
  });
});
