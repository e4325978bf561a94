import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorpusError, findCodeUrl, paperId, parseCorpus } from '../../lib/corpus';

const bundled = readFileSync('assets/papers.txt', 'utf8');
const HEADER =
  'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nApr 30\n\n';
const ABSTRACT = 'We study a thing in considerable detail and report what we found about it, with numbers. '.repeat(2);

describe('parseCorpus', () => {
  it('reads exactly the 75 papers of the bundled corpus and no header line', () => {
    const { papers } = parseCorpus(bundled);
    expect(papers).toHaveLength(75);
    const titles = papers.map((p) => p.title);
    for (const header of ['new', 'Subscribe', 'Apr 30', 'byAK and the research community']) {
      expect(titles).not.toContain(header);
    }
    expect(titles[0]).toBe('Idioms: Neural Decompilation With Joint Code and Type Prediction');
    expect(new Set(papers.map((p) => p.id)).size).toBe(75);
  });

  it('derives ids from titles, so reordering the papers keeps every id', () => {
    const two = `${HEADER}First Paper Title\n\n${ABSTRACT}\n\nSecond Paper Title\n\n${ABSTRACT}\n`;
    const swapped = `${HEADER}Second Paper Title\n\n${ABSTRACT}\n\nFirst Paper Title\n\n${ABSTRACT}\n`;
    const byTitle = (text: string) => Object.fromEntries(parseCorpus(text).papers.map((p) => [p.title, p.id]));
    expect(byTitle(two)).toEqual(byTitle(swapped));
    expect(paperId('First Paper Title')).toMatch(/^first-paper-title-[0-9a-f]{8}$/);
  });

  it('pulls the code link out of an abstract, without trailing punctuation', () => {
    const { papers } = parseCorpus(bundled);
    const poly = papers.find((p) => p.title.startsWith('SWE-PolyBench'));
    expect(poly?.codeUrl).toBe('https://github.com/amazon-science/SWE-PolyBench');
    const bitstack = papers.find((p) => p.title.startsWith('BitStack'));
    expect(bitstack?.codeUrl).toBe('https://github.com/xinghaow99/BitStack');
    expect(findCodeUrl('No link here at all.')).toBeUndefined();
    expect(findCodeUrl('Code: https://github.com/a/b{https://github.com/a/b}')).toBe('https://github.com/a/b');
  });

  it('changes the corpus version when the text changes, and only then', () => {
    expect(parseCorpus(bundled).version).toBe(parseCorpus(bundled).version);
    expect(parseCorpus(bundled.replace('Decompilers', 'Decompiler')).version).not.toBe(parseCorpus(bundled).version);
  });

  it('names the line of a title without an abstract', () => {
    const text = `${HEADER}Only A Title Here\n`;
    expect(() => parseCorpus(text)).toThrow(CorpusError);
    expect(() => parseCorpus(text)).toThrow(/line 11: title "Only A Title Here" has no abstract/);
  });

  it('names the line where an abstract stands in place of a title', () => {
    const text = `${HEADER}A Title\n\n${ABSTRACT}\n\n${'x'.repeat(500)}\n\n${ABSTRACT}\n`;
    expect(() => parseCorpus(text)).toThrow(/corpus line 15: expected a title/);
  });

  it('rejects a file without the header date line', () => {
    expect(() => parseCorpus(`A Title\n\n${ABSTRACT}\n`)).toThrow(/corpus line 1: expected a header/);
  });

  it('rejects a duplicate title, naming both lines', () => {
    const text = `${HEADER}Same Title\n\n${ABSTRACT}\n\nSame Title\n\n${ABSTRACT}\n`;
    expect(() => parseCorpus(text)).toThrow(/corpus line 15: duplicate title \(first seen on line 11\)/);
  });

  it('rejects a short line where an abstract should be', () => {
    const text = `${HEADER}A Title\n\nToo short.\n`;
    expect(() => parseCorpus(text)).toThrow(/corpus line 13: expected the abstract/);
  });
});
