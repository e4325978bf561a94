import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReadingListEntry } from '../../lib/db';
import {
  bibtexName,
  bibtexTitle,
  citationKeys,
  cslName,
  escapeBibtex,
  escapeMarkdown,
  exportReadingList,
  papers,
  parseName,
  splitMath,
  toBibtex,
  toCslJson,
  toMarkdown,
} from '../../lib/export';
import { entryWith } from '../fixtures/reading-list/entry';

const fixture = (name: string) => readFileSync(`tests/fixtures/reading-list/${name}`, 'utf8');
const entries = JSON.parse(fixture('entries.json')) as ReadingListEntry[];

const entry = entryWith;

describe('toBibtex', () => {
  it('writes the fixtures exactly as expected (braces, quotes, accents, LaTeX)', () => {
    expect(toBibtex(entries)).toBe(fixture('expected.bib'));
  });

  it('keeps every field brace-balanced so BibTeX can read it', () => {
    for (const field of toBibtex(entries)
      .split(/,\n(?= {2}\w+ *= \{)|\{(?=\w+,\n)/)
      .slice(1)) {
      const value = field.slice(field.indexOf('= {') + 2).replace(/,\n\}\n[\s\S]*$/, '');
      let depth = 0;
      for (const c of value) {
        depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth, value).toBe(0);
    }
  });

  it('uses @article for a DOI and @misc with eprint for an arXiv preprint', () => {
    expect(toBibtex([entry({ doi: '10.1145/1', authors: ['A B'], year: '2020' })])).toMatch(/^@article\{/);
    const arxiv = toBibtex([entry({ arxivId: '2401.00001', doi: '10.48550/arXiv.2401.00001' })]);
    expect(arxiv).toMatch(/^@misc\{/);
    expect(arxiv).toContain('eprint        = {2401.00001}');
  });
});

describe('escapeBibtex', () => {
  it('escapes LaTeX specials', () => {
    expect(escapeBibtex('50% & #1 $5 a_b ~ ^ \\')).toBe(
      '50\\% \\& \\#1 \\$5 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}',
    );
  });

  it('writes braces as text commands, since BibTeX counts \\{ as a brace', () => {
    expect(escapeBibtex('{a}}')).toBe('\\textbraceleft{}a\\textbraceright{}\\textbraceright{}');
  });

  it('puts straight double quotes in braces and converts typographic quotes', () => {
    expect(escapeBibtex('"a" “b” ‘c’')).toBe('{"}a{"} ``b\'\' \\textquoteleft{}c\\textquoteright{}');
  });

  it('writes accented letters as LaTeX accents on a dotted i, which every reader decodes to ï', () => {
    expect(escapeBibtex('Café naïve Škoda Øre ß')).toBe('Caf{\\\'e} na{\\"i}ve {\\v{S}}koda {\\O}re {\\ss}');
  });

  it('nests accents inside one brace group', () => {
    expect(escapeBibtex('ặ ế')).toBe("{\\u{\\d{a}}} {\\'{\\^e}}");
  });

  it('writes an isolated Greek letter as math and leaves Greek words and Cyrillic as UTF-8', () => {
    expect(escapeBibtex('α-nets λόγος Шрёдингера')).toBe('{$\\alpha$}-nets λόγος Шрёдингера');
  });

  it('keeps typed hyphens as typed: --- stays three hyphens, not an em dash', () => {
    expect(escapeBibtex('a---b -- c – d — e')).toBe('a-{}-{}-b -{}- c -- d --- e');
    expect(escapeBibtex('a---b', 'biblatex')).toBe('a-{}-{}-b');
  });

  it('writes UTF-8 in the biblatex dialect and escapes only what LaTeX reserves', () => {
    expect(escapeBibtex('naïve Łódź “q” 50% {x}', 'biblatex')).toBe(
      'naïve Łódź “q” 50\\% \\textbraceleft{}x\\textbraceright{}',
    );
  });

  it('keeps inline math as LaTeX but not dollar amounts', () => {
    expect(escapeBibtex('$\\alpha$-nets cost $5 or $10')).toBe('$\\alpha$-nets cost \\$5 or \\$10');
    expect(splitMath('a $x^2$ b')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: '$x^2$' },
      { math: false, text: ' b' },
    ]);
  });
});

describe('bibtexTitle', () => {
  it('protects the case of acronyms and camel-case words, not their punctuation', () => {
    expect(bibtexTitle('LoRA adapts LLMs (quickly): BERT', 'bibtex')).toBe('{LoRA} adapts {LLMs} (quickly): {BERT}');
  });

  it('protects single capitals and proper nouns inside a sentence-case title', () => {
    expect(bibtexTitle('Higgs searches near Łódź: I and N in an Erdős study', 'bibtex')).toBe(
      "Higgs searches near {{\\L}{\\'o}d{\\'z}}: {I} and {N} in an {Erd{\\H{o}}s} study",
    );
  });

  it("leaves Title Case words alone but protects known names and the authors' names", () => {
    expect(bibtexTitle('Learning Bayesian Methods for the Smith Model', 'bibtex', ['Smith'])).toBe(
      'Learning {Bayesian} Methods for the {Smith} Model',
    );
  });

  it('keeps braces the title has as protection, never as \\textbraceleft', () => {
    const title = bibtexTitle('The {Matthew} Effect', 'bibtex');
    expect(title).toBe('The {Matthew} Effect');
    expect(title).not.toContain('textbrace');
  });
});

describe('names', () => {
  it.each([
    ['John von Neumann', 'von {Neumann}, {John}', { family: 'Neumann', given: 'John', particle: 'von' }],
    [
      'Martin Luther King, Jr.',
      '{King}, {Jr.}, {Martin Luther}',
      { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
    ],
    ['The ATLAS Collaboration', '{The ATLAS Collaboration}', { literal: 'The ATLAS Collaboration' }],
    ['Google DeepMind', '{Google DeepMind}', { literal: 'Google DeepMind' }],
    ['山田 太郎', '{山田}, {太郎}', { family: '山田', given: '太郎', familyFirst: true }],
    ['Łukasz Kaiser', '{Kaiser}, {{\\L}ukasz}', { family: 'Kaiser', given: 'Łukasz' }],
    ['Lovelace, Ada', '{Lovelace}, {Ada}', { family: 'Lovelace', given: 'Ada' }],
  ])('writes %s as %s', (name, bib, parts) => {
    expect(bibtexName(name, 'bibtex')).toBe(bib);
    expect(parseName(name)).toEqual(parts);
  });
});

describe('missing authors or year', () => {
  it('says what is missing and where the paper is, in howpublished', () => {
    const bib = toBibtex([entry({ title: '深層学習', arxivId: '2001.08361' })]);
    expect(bib).toMatch(/^@misc\{arxiv2001\.08361,/);
    expect(bib).toContain('howpublished  = {arXiv preprint arXiv:2001.08361 (authors and year not recorded)}');
    expect(bib).toContain('eprint        = {2001.08361}');
  });

  it('marks a corpus paper with no source as saved in the reading list', () => {
    expect(toBibtex([entry()])).toContain(
      'howpublished = {Saved in the Paper Radar reading list (authors and year not recorded)}',
    );
  });
});

describe('notes and tags', () => {
  it("keeps a note's lines apart as paragraphs", () => {
    expect(toBibtex([entry({ note: 'one\ntwo\n\nthree' })])).toContain('note         = {one\n\ntwo\n\nthree}');
  });

  it('writes tags as keywords, CSL keyword and Markdown #tags', () => {
    const tagged = entry({ tags: ['to-read', 'GNN'] });
    expect(toBibtex([tagged])).toContain('keywords     = {to-read, GNN}');
    expect(JSON.parse(toCslJson([tagged]))[0].keyword).toBe('to-read, GNN');
    expect(toMarkdown([tagged])).toContain('#to-read #GNN');
  });
});

describe('exportReadingList', () => {
  it('writes newest saved first whatever order the entries come in', () => {
    const a = entry({ id: 'a', title: 'Older', savedAt: 1 });
    const b = entry({ id: 'b', title: 'Newer', savedAt: 2 });
    expect(exportReadingList('markdown', [a, b])).toBe(toMarkdown([b, a]));
  });

  it('counts papers in words', () => {
    expect([papers(0), papers(1), papers(12)]).toEqual(['0 papers', '1 paper', '12 papers']);
  });
});

describe('citationKeys', () => {
  it('builds author-year-word keys and makes duplicates unique', () => {
    const a = entry({ authors: ['Ashish Vaswani'], year: '2017', title: 'Attention Is All You Need' });
    expect(citationKeys([a, a, entry({ title: 'The $x$ of Über' })])).toEqual([
      'vaswani2017attention',
      'vaswani2017attentionb',
      'uber',
    ]);
  });

  it('gives non-Latin entries readable ASCII keys, never a bare year', () => {
    const keys = citationKeys([
      entry({ authors: ['Эрвин Шрёдингер'], year: '1926', title: 'Квантование' }),
      entry({ authors: ['山田 太郎'], year: '2019', title: '深層学習', arxivId: '1901.00001' }),
      entry({ authors: ['山田 太郎'], year: '2019', title: '深層学習' }),
    ]);
    expect(keys).toEqual(['shredinger1926kvantovanie', 'arxiv1901.00001', 'paper2019']);
    expect(citationKeys([entry({ authors: ['Ivan Petrov'], year: '2001', title: '深層学習' })])).toEqual([
      'petrov2001',
    ]);
  });
});

describe('toCslJson', () => {
  it('writes the fixtures as the expected CSL-JSON items', () => {
    expect(JSON.parse(toCslJson(entries))).toEqual(JSON.parse(fixture('expected.csl.json')));
  });

  it('splits names written either way', () => {
    expect(cslName('Ada King Lovelace')).toEqual({ family: 'Lovelace', given: 'Ada King' });
    expect(cslName('Müller, Jörg')).toEqual({ family: 'Müller', given: 'Jörg' });
    expect(cslName('Plato')).toEqual({ literal: 'Plato' });
  });

  it('writes names in parts: particle, suffix, organisation, CJK family first', () => {
    expect(cslName('John von Neumann')).toEqual({ family: 'Neumann', given: 'John', 'non-dropping-particle': 'von' });
    expect(cslName('Martin Luther King, Jr.')).toEqual({ family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    expect(cslName('The ATLAS Collaboration')).toEqual({ literal: 'The ATLAS Collaboration' });
    expect(cslName('山田 太郎')).toEqual({ family: '山田', given: '太郎', 'static-ordering': true });
  });
});

describe('toMarkdown', () => {
  it('writes the fixtures as the expected checklist', () => {
    expect(toMarkdown(entries)).toBe(fixture('expected.md'));
  });

  it('checks read papers and links only http(s) targets', () => {
    const md = toMarkdown([entry({ read: true, url: 'https://a.org/x (1)' }), entry({ codeUrl: 'javascript:x' })]);
    expect(md).toContain('- [x] [A title](https://a.org/x%20%281%29)');
    expect(md).toContain('- [ ] A title · (authors and year not recorded)\n');
    expect(md).not.toContain('javascript');
  });

  it('escapes markup so titles render as text', () => {
    expect(escapeMarkdown('*a* [b](c) <i>')).toBe('\\*a\\* \\[b\\](c) \\<i\\>');
    expect(escapeMarkdown('# h')).toBe('\\# h');
    expect(escapeMarkdown('1. x')).toBe('1\\. x');
  });
});
