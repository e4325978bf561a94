import { describe, expect, it } from 'vitest';
import { paperId } from '../../lib/corpus';
import { generatePapers } from '../bench/generate';

describe('generatePapers', () => {
  it('gives exactly n papers with unique titles', () => {
    const papers = [...generatePapers(300, { seed: 3 })];
    expect(papers).toHaveLength(300);
    expect(new Set(papers.map((p) => paperId(p.title))).size).toBe(300);
  });

  it('gives the same papers for the same seed and others for another seed', () => {
    const a = [...generatePapers(20, { seed: 5 })];
    expect([...generatePapers(20, { seed: 5 })]).toEqual(a);
    expect([...generatePapers(20, { seed: 6 })]).not.toEqual(a);
  });
});
