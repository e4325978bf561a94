import { describe, expect, it } from 'vitest';
import { loadTex, parsedAuthors, splitAuthors } from '../../lib/formats/authors';
import { cleanText } from '../../lib/formats/common';

describe('splitAuthors', () => {
  it('reads "Last, First and Last, First" as two authors', () => {
    expect(splitAuthors('Vaswani, Ashish and Shazeer, Noam')).toEqual(['Ashish Vaswani', 'Noam Shazeer']);
  });

  it('reads arXiv\'s "A, B and C"', () => {
    expect(splitAuthors('Ashish Vaswani, Noam Shazeer and Niki Parmar')).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
    ]);
  });

  it('reads semicolon lists and "A and B"', () => {
    expect(splitAuthors('Ada Lovelace; Alan Turing')).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(splitAuthors('Ada Lovelace and Alan Turing')).toEqual(['Ada Lovelace', 'Alan Turing']);
  });

  it('keeps surname particles and affiliations in parentheses together', () => {
    expect(splitAuthors('van der Berg, Jan and de la Cruz, Maria')).toEqual(['Jan van der Berg', 'Maria de la Cruz']);
    expect(splitAuthors('A. Author (MIT, USA), B. Writer (ETH)')).toEqual(['A. Author (MIT, USA)', 'B. Writer (ETH)']);
  });

  it('decodes TeX accents', async () => {
    const tex = await loadTex();
    expect(splitAuthors("C. Bal\\'azs, E. L. Berger and P. Erd\\H{o}s", tex)).toEqual([
      'C. Balázs',
      'E. L. Berger',
      'P. Erdős',
    ]);
  });

  it('drops "et al." and "others"', () => {
    expect(splitAuthors('Vaswani, Ashish and others')).toEqual(['Ashish Vaswani']);
  });
});

describe('parsedAuthors', () => {
  it("turns arXiv's [last, first, suffix] into display names", async () => {
    const tex = await loadTex();
    expect(
      parsedAuthors(
        [
          ["Bal\\'azs", 'C.', ''],
          ['Yuan', 'C. -P.', ''],
          ['Smith', 'John', 'Jr'],
        ],
        tex,
      ),
    ).toEqual(['C. Balázs', 'C.-P. Yuan', 'John Smith Jr']);
  });
});

describe('TeX and markup in titles', () => {
  it('decodes math and accents, and collapses line breaks', async () => {
    const tex = await loadTex();
    expect(cleanText(tex.decode('On the $\\alpha$-stability of\n  Erd\\H{o}s graphs'))).toBe(
      'On the α-stability of Erdős graphs',
    );
  });

  it('leaves text without TeX alone and removes inline tags', async () => {
    const tex = await loadTex();
    expect(tex.decode('GPT-4 {beats} 100%')).toBe('GPT-4 {beats} 100%');
    expect(cleanText('Lipid <i>mRNA</i> <span class="nocase">delivery</span> &amp; more')).toBe(
      'Lipid mRNA delivery & more',
    );
  });
});
