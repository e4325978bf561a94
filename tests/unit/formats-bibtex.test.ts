import { describe, expect, it } from 'vitest';
import { parseImport } from '../../lib/corpus-import';
import { toBibtex } from '../../lib/export';
import { exportedEntry, parsedFixture, problemsOf } from '../fixtures/formats';

describe('BibTeX', () => {
  it('reads Zotero, Google Scholar and arXiv entries with TeX decoded', async () => {
    const parsed = await parsedFixture('references.bib');
    expect(parsed.format).toBe('bibtex');
    expect([parsed.entries, parsed.good, parsed.withAbstract]).toEqual([6, 5, 1]);
    const [diphoton, attention, llama, erdos, knuth] = parsed.papers;
    expect(diphoton).toMatchObject({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      year: '2007',
      venue: 'Physical Review D',
      doi: '10.1103/PhysRevD.76.013009',
    });
    expect(attention!.authors).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
      'Jakob Uszkoreit',
      'Llion Jones',
      'Aidan N Gomez',
      'Łukasz Kaiser',
      'Illia Polosukhin',
    ]);
    expect(attention).toMatchObject({ year: '2017', venue: 'Advances in neural information processing systems' });
    expect(llama).toMatchObject({ arxivId: '2302.13971', url: 'https://arxiv.org/abs/2302.13971', year: '2023' });
    expect(llama!.authors).toContain('Timothée Lacroix');
    expect(erdos).toMatchObject({ title: 'On random graphs I', authors: ['Paul Erdős', 'Alfréd Rényi'] });
    expect(knuth).toMatchObject({ title: 'The TeXbook', year: '1984' });
  });

  it('names the broken entry by the line it starts on', async () => {
    expect(problemsOf(await parsedFixture('references.bib'))).toEqual([
      expect.stringMatching(/^line 43: not a readable BibTeX entry: /),
    ]);
  });

  it.each([
    '@article{',
    '@article{x, title = {unclosed',
    '@string{a = "b"} @misc{y, title = a # {\\undefinedcommand{z}}, author = {and and}}',
    '@@@@{{{{}}}}',
    '@misc{z, title = {$\\frac{1}{$}}',
  ])('answers the broken BibTeX %j with problems or an ImportError, never a crash', async (text) => {
    try {
      const parsed = await parseImport(text, 'fuzz');
      expect(parsed.good + parsed.badEntries).toBe(parsed.entries);
    } catch (e) {
      expect((e as Error).name).toBe('ImportError');
    }
  });

  it("reads Paper Radar's own BibTeX export", async () => {
    const text = toBibtex([exportedEntry({ title: 'Erdős graphs and $\\alpha$-decay' })]);
    const parsed = await parseImport(text, 'own', { keep: 1 });
    expect(parsed.format).toBe('bibtex');
    expect(parsed.papers[0]).toMatchObject({
      authors: ['Ada Lovelace', 'Balázs Szegedy'],
      year: '2024',
      arxivId: '2401.00001',
    });
    expect(parsed.papers[0]!.title).toMatch(/^Erdős graphs and/);
  });
});
