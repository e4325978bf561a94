import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../lib/corpus';
import { parseImport } from '../../lib/corpus-import';
import { parsedFixture, problemsOf } from '../fixtures/formats';

describe('Hugging Face daily papers API', () => {
  it('reads summary as the abstract, authors by name and the arXiv id', async () => {
    const parsed = await parsedFixture('hf-daily-api.json');
    expect(parsed.format).toBe('hf-daily-api');
    expect([parsed.entries, parsed.good, parsed.withAbstract]).toEqual([3, 2, 1]);
    expect(parsed.papers[0]).toMatchObject({
      title: 'Reinforcement Learning for Reasoning in Large Language Models with One Training Example',
      authors: ['Yuxin Zhang', 'Balázs Kégl'],
      year: '2025',
      arxivId: '2504.20571',
      url: 'https://arxiv.org/abs/2504.20571',
    });
    expect(parsed.papers[0]!.abstract).toMatch(/^We show that reinforcement learning/);
    expect(parsed.papers[1]).toMatchObject({
      title: 'ReasonIR: Training Retrievers for Reasoning Tasks',
      abstract: '',
    });
    expect(problemsOf(parsed)).toEqual(['entry 2: title: missing']);
  });
});

describe('saved daily-papers page', () => {
  it('reads another day saved like the bundled page', async () => {
    const parsed = await parsedFixture('hf-daily-page.txt');
    expect(parsed.format).toBe('hf-daily-page');
    expect(parsed.good).toBe(3);
    const bundled = parseCorpus(readFileSync('assets/papers.txt', 'utf8')).papers.slice(0, 3);
    expect(parsed.papers.map((p) => [p.title, p.abstract])).toEqual(bundled.map((p) => [p.title, p.abstract]));
  });

  it('reads the bundled page itself', async () => {
    const parsed = await parseImport(readFileSync('assets/papers.txt', 'utf8'), 'again');
    expect([parsed.format, parsed.good]).toEqual(['hf-daily-page', 75]);
  });

  it('refuses a page whose abstract is missing, naming the line', async () => {
    const text = readFileSync('tests/fixtures/formats/hf-daily-page.txt', 'utf8').replace(
      /\nDecompilers[^\n]*\n/,
      '\n',
    );
    await expect(parseImport(text, 'broken')).rejects.toThrow(/saved daily-papers page, but corpus line \d+/);
  });
});
