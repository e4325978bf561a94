import { describe, expect, it } from 'vitest';
import { related } from '../../lib/related';
import { fixtureEngine, fixturePage } from '../fixtures/ranking/corpus';

const engine = fixtureEngine();

describe('related', () => {
  it('ranks papers that only use the acronym for a page that only spells it out', () => {
    const page = fixturePage({ title: 'Training a mixture of experts', text: 'Our mixture of experts scales.' });
    const titles = related(page, engine, { limit: 2 }).map((r) => r.title);
    expect(titles).toContain('Balancing Experts in MoE Inference');
  });

  it('explains an acronym match with its long form', () => {
    const page = fixturePage({ title: 'FastMoE', text: 'MoE training with expert routing for MoE models.' });
    const top = related(page, engine)[0]!;
    expect(top.matchedTerms).toContain('MoE (mixture of experts)');
    expect(top.explanation.find((e) => e.label === 'MoE (mixture of experts)')?.kind).toBe('acronym');
  });

  it('lists a phrase once instead of the phrase and its words', () => {
    const page = fixturePage({ title: 'Expert routing', text: 'expert routing, expert routing.' });
    const top = related(page, engine)[0]!;
    expect(top.matchedTerms).toContain('expert routing');
    expect(top.matchedTerms).not.toContain('expert');
  });

  it('keeps the result shape: id, title, score, strong, matchedTerms', () => {
    const [r] = related(fixturePage({ title: 'tomato sensors' }), engine);
    expect(Object.keys(r!)).toEqual(expect.arrayContaining(['id', 'title', 'score', 'strong', 'matchedTerms']));
  });

  it('returns nothing for a page with no word the corpus knows', () => {
    expect(related(fixturePage({ title: 'zyxwv', text: 'qwerty' }), engine)).toEqual([]);
  });
});

describe('related strong threshold', () => {
  it('marks a paper strong when it shares several prominent concepts with the page', () => {
    const page = fixturePage({
      title: 'Tomato gardening with soil moisture sensors',
      text: 'Water tomato plants when soil moisture sensors say so. Gardeners love soil moisture sensors.',
    });
    const [top] = related(page, engine);
    expect(top?.title).toBe('Tomato Gardening with Sensors');
    expect(top?.strong).toBe(true);
  });

  it('marks nothing strong when a page shares only a loose word or two with the corpus', () => {
    const page = fixturePage({ title: 'My holiday', text: 'We saw rain and took a photograph of a tomato.' });
    expect(related(page, engine, { limit: 12 }).some((r) => r.strong)).toBe(false);
  });

  it('marks nothing strong when the shared words are each used only once on the page', () => {
    const page = fixturePage({ text: 'Notes: greedy heuristics, sparse graphs, and colors.' });
    expect(related(page, engine, { limit: 12 }).some((r) => r.strong)).toBe(false);
  });

  it('marks only papers near the best one strong', () => {
    const page = fixturePage({
      title: 'LoRA: low-rank adaptation',
      text: 'Low-rank adaptation (LoRA) trains low-rank matrices. LoRA fine-tunes large models.',
    });
    const results = related(page, engine, { limit: 12 });
    const strong = results.filter((r) => r.strong).map((r) => r.title);
    expect(strong).toContain('Low-Rank Adaptation for Tiny Budgets');
    expect(strong).not.toContain('Tomato Gardening with Sensors');
  });
});
