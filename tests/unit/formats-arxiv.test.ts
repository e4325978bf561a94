import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arxivIdOf, arxivYear } from '../../lib/formats/common';
import { parsedFixture, problemsOf } from '../fixtures/formats';

describe('arXiv metadata snapshot', () => {
  it('reads records with LaTeX authors, multi-line titles and space-separated categories', async () => {
    const parsed = await parsedFixture('arxiv-snapshot.json');
    expect(parsed.format).toBe('arxiv-snapshot');
    expect([parsed.entries, parsed.good, parsed.withAbstract]).toEqual([6, 4, 4]);
    const [diphoton, attention, ricci, gpt4] = parsed.papers;
    expect(diphoton).toMatchObject({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      year: '2007',
      venue: 'Phys.Rev.D76:013009,2007',
      arxivId: '0704.0001',
      doi: '10.1103/PhysRevD.76.013009',
      url: 'https://arxiv.org/abs/0704.0001',
      categories: ['hep-ph'],
    });
    expect(diphoton!.abstract).toMatch(
      /^A fully differential calculation in perturbative quantum chromodynamics is presented/,
    );
    expect(diphoton!.abstract).not.toMatch(/\n/);
    expect(attention).toMatchObject({
      year: '2017',
      categories: ['cs.CL', 'cs.LG'],
      url: 'https://arxiv.org/abs/1706.03762',
    });
    expect(attention!.authors).toHaveLength(8);
    expect(ricci).toMatchObject({ arxivId: 'math/0211159', year: '2002', authors: ['Grisha Perelman'] });
    expect(gpt4!.authors).toEqual(['OpenAI', 'Josh Achiam', 'Steven Adler', 'Sandhini Agarwal']);
  });

  it('names the cut-off line and the line without a title', async () => {
    expect(problemsOf(await parsedFixture('arxiv-snapshot.json'))).toEqual([
      'line 4: not valid JSON',
      'line 5: title: missing',
    ]);
  });

  it('reads the snapshot gzip-compressed and says so', async () => {
    const parsed = await parsedFixture('arxiv-snapshot.json', { gzip: true });
    expect([parsed.format, parsed.gzip, parsed.label]).toEqual([
      'arxiv-snapshot',
      true,
      'arXiv metadata snapshot, gzip',
    ]);
    expect(parsed.good).toBe(4);
  });
});

describe('arXiv listing JSON Lines', () => {
  const lines = readFileSync('tests/fixtures/formats/arxiv-listing.jsonl', 'utf8').trim().split('\n');

  it('reads every paper of a real listing sample with authors, a year from the id, and its link', async () => {
    const parsed = await parsedFixture('arxiv-listing.jsonl');
    expect(parsed.format).toBe('arxiv-listing');
    expect([parsed.entries, parsed.good, parsed.badEntries]).toEqual([20, 20, 0]);
    expect(parsed.fields).toEqual({ authors: 20, year: 20, url: 20, doi: 0, arxivId: 20 });
    const first = JSON.parse(lines[0]!) as { title: string; abstract: string; authors: string[] };
    expect(parsed.papers[0]).toMatchObject({
      title: first.title,
      abstract: first.abstract,
      authors: first.authors,
      year: '2018',
      arxivId: '1812.06145',
      url: 'https://arxiv.org/abs/1812.06145',
    });
    expect(parsed.papers.map((p) => p.year)).toContain('2023');
  });

  it('reads the listing gzip-compressed, as it is shipped', async () => {
    const parsed = await parsedFixture('arxiv-listing.jsonl', { gzip: true });
    expect([parsed.label, parsed.good]).toEqual(['arXiv listing (JSON Lines), gzip', 20]);
  });
});

describe('arXiv ids', () => {
  it('derives the year from new- and old-style ids', () => {
    expect(arxivYear('2503.15879')).toBe(2025);
    expect(arxivYear('0704.0001')).toBe(2007);
    expect(arxivYear('cs/0101001')).toBe(2001);
    expect(arxivYear('hep-th/9901001')).toBe(1999);
    expect(arxivYear('math.GT/0309136')).toBe(2003);
  });

  it('drops the version and refuses what is not an id', () => {
    expect(arxivIdOf('arXiv:1706.03762v7')).toBe('1706.03762');
    expect(arxivIdOf('W2741809807')).toBeUndefined();
  });
});
