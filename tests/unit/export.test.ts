import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReadingListEntry } from '../../lib/db';
import {
  citationKeys,
  cslName,
  escapeBibtex,
  escapeMarkdown,
  splitMath,
  toBibtex,
  toCslJson,
  toMarkdown,
} from '../../lib/export';

const fixture = (name: string) => readFileSync(`tests/fixtures/reading-list/${name}`, 'utf8');
const entries = JSON.parse(fixture('entries.json')) as ReadingListEntry[];

const entry = (extra: Partial<ReadingListEntry> = {}): ReadingListEntry => ({
  id: 'x',
  title: 'A title',
  abstract: '',
  note: '',
  read: false,
  savedAt: 1,
  updatedAt: 1,
  ...extra,
});

describe('toBibtex', () => {
  it('writes the fixtures exactly as expected (braces, quotes, accents, LaTeX)', () => {
    expect(toBibtex(entries)).toBe(fixture('expected.bib'));
  });

  it('keeps every field brace-balanced so BibTeX can read it', () => {
    for (const line of toBibtex(entries)
      .split('\n')
      .filter((l) => l.includes(' = {'))) {
      let depth = 0;
      for (const c of line) {
        depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth, line).toBe(0);
    }
  });

  it('uses @article for a DOI and @misc with eprint for an arXiv preprint', () => {
    expect(toBibtex([entry({ doi: '10.1145/1' })])).toMatch(/^@article\{/);
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
    expect(escapeBibtex('"a" “b” ‘c’')).toBe("{\"}a{\"} ``b'' `c'");
  });

  it('writes accented letters as LaTeX accents, including dotless i', () => {
    expect(escapeBibtex('Café naïve Škoda Øre ß')).toBe('Caf{\\\'e} na{\\"\\i}ve {\\v{S}}koda {\\O}re {\\ss}');
  });

  it('keeps inline math as LaTeX but not dollar amounts', () => {
    expect(escapeBibtex('$\\alpha$-nets cost $5 or $10')).toBe('$\\alpha$-nets cost \\$5 or \\$10');
    expect(splitMath('a $x^2$ b')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: '$x^2$' },
      { math: false, text: ' b' },
    ]);
  });

  it('protects the case of acronyms and camel-case words in titles', () => {
    expect(escapeBibtex('LoRA adapts LLMs quickly', { protect: true })).toBe('{LoRA} adapts {LLMs} quickly');
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
});

describe('toMarkdown', () => {
  it('writes the fixtures as the expected checklist', () => {
    expect(toMarkdown(entries)).toBe(fixture('expected.md'));
  });

  it('checks read papers and links only http(s) targets', () => {
    const md = toMarkdown([entry({ read: true, url: 'https://a.org/x (1)' }), entry({ codeUrl: 'javascript:x' })]);
    expect(md).toContain('- [x] [A title](https://a.org/x%20%281%29)');
    expect(md).toContain('- [ ] A title\n');
    expect(md).not.toContain('javascript');
  });

  it('escapes markup so titles render as text', () => {
    expect(escapeMarkdown('*a* [b](c) <i>')).toBe('\\*a\\* \\[b\\](c) \\<i\\>');
    expect(escapeMarkdown('# h')).toBe('\\# h');
    expect(escapeMarkdown('1. x')).toBe('1\\. x');
  });
});
