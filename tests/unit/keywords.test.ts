import { describe, expect, it } from 'vitest';
import { pageKeywords } from '../../lib/ranking/keywords';
import { rankingConfig, type KeywordConfig } from '../../lib/ranking/config';
import { fixtureEngine, fixturePage } from '../fixtures/ranking/corpus';

const engine = fixtureEngine();
const byLabel = (page: Parameters<typeof pageKeywords>[0], options: Partial<KeywordConfig> = {}) =>
  new Map(pageKeywords(page, engine, rankingConfig({ keywords: options }).keywords).map((k) => [k.term, k]));

describe('pageKeywords', () => {
  it('weights a word in the title above the same word in the body', () => {
    const inTitle = byLabel(fixturePage({ title: 'tomato', text: 'graph' }));
    const inText = byLabel(fixturePage({ title: 'graph', text: 'tomato' }));
    expect(inTitle.get('tomato')!.weight).toBeGreaterThan(inText.get('tomato')!.weight);
  });

  it('leaves out words the corpus never uses and boilerplate', () => {
    const kw = byLabel(fixturePage({ text: 'zyxwv tomato — star this repository and sign up' }));
    expect([...kw.keys()]).toEqual(['tomato']);
  });

  it('keeps phrases with their page spelling, and drops them when phrases are off', () => {
    const page = fixturePage({ text: 'Expert routing matters. Expert routing is hard.' });
    expect(byLabel(page).get('expert rout')?.label).toBe('expert routing');
    expect(byLabel(page, { phrases: false }).has('expert rout')).toBe(false);
  });

  it('counts a phrase twice as much as a word of the same specificity', () => {
    const page = fixturePage({ text: 'Expert routing matters.' });
    const weight = (options = {}) => byLabel(page, options).get('expert rout')!.weight;
    expect(weight()).toBeCloseTo(2 * weight({ phraseFactor: 1 }));
  });

  it('weights a model size or GPU name below a topic word of the same specificity', () => {
    const kw = byLabel(fixturePage({ text: 'tomato on an A100' }));
    expect(kw.get('a100')!.weight).toBeCloseTo(kw.get('tomato')!.weight / 2);
    const plain = byLabel(fixturePage({ text: 'tomato on an A100' }), { identifierDiscount: false });
    expect(plain.get('a100')!.weight).toBeCloseTo(plain.get('tomato')!.weight);
  });

  it('expands an acronym the corpus defines into its long form', () => {
    const kw = byLabel(fixturePage({ title: 'FastMoE: training MoE models with many experts' }));
    const phrase = kw.get('mixtur expert');
    expect(phrase?.kind).toBe('acronym');
    expect(phrase?.label).toBe('MoE (mixture of experts)');
    expect(phrase?.concept).toBe(kw.get('moe')?.concept);
  });

  it('adds the acronym when the page spells out the long form', () => {
    const kw = byLabel(fixturePage({ text: 'We build a mixture of experts.' }));
    expect(kw.get('moe')?.label).toBe('MoE (mixture of experts)');
  });

  it('does not expand a corpus acronym the page uses for something else', () => {
    // "MoE" here is a ministry, and the page says nothing of mixtures or experts.
    const kw = byLabel(fixturePage({ text: 'The MoE published its tomato report.' }));
    expect(kw.has('mixtur expert')).toBe(false);
  });

  it('uses an acronym the page itself defines', () => {
    const kw = byLabel(fixturePage({ text: 'Soil Moisture Sensors (SMS) water plants. SMS is cheap.' }));
    expect(kw.get('soil moistur')?.label).toBe('SMS (soil moisture sensors)');
  });

  it('does nothing with acronyms when they are off', () => {
    const kw = byLabel(fixturePage({ text: 'MoE models and experts' }), { acronyms: false });
    expect(kw.has('mixtur expert')).toBe(false);
  });

  it('damps a term the page keeps repeating (sublinear tf), unless told to count every use', () => {
    const once = fixturePage({ text: 'tomato sensors' });
    const often = fixturePage({ text: 'tomato sensors. ' + 'tomato '.repeat(15) });
    const ratio = (options: Partial<KeywordConfig>) =>
      byLabel(often, options).get('tomato')!.weight / byLabel(once, options).get('tomato')!.weight;
    expect(ratio({ tf: 'linear' })).toBeCloseTo(16, 5);
    expect(ratio({ tf: 'sqrt' })).toBeCloseTo(4, 5);
  });
});
