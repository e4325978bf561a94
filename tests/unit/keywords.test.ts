import { describe, expect, it } from 'vitest';
import { pageKeywords } from '../../lib/keywords';
import { related } from '../../lib/related';
import { buildEngine } from '../../lib/index/engine';
import { fixtureEngine, fixturePage, PAPERS } from '../fixtures/ranking/corpus';

const engine = fixtureEngine();
const byLabel = (page: Parameters<typeof pageKeywords>[0], options = {}) =>
  new Map(pageKeywords(page, engine, options).map((k) => [k.term, k]));

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

  describe('coined names', () => {
    // "Mixtoria" is no word of the corpus; it reworks "mixture", and the page once writes "Mixtoria of Experts".
    const coined = 'Mixtoria of Experts is out. Mixtoria runs on one GPU. Install Mixtoria and run Mixtoria.';

    it('reads a name coined from a named concept as that concept wherever the page uses it', () => {
      const kw = byLabel(fixturePage({ text: coined }));
      const phrase = kw.get('mixtur expert');
      expect(phrase?.kind).toBe('acronym');
      expect(phrase?.label).toBe('Mixtoria (mixture of experts)');
      expect(phrase?.tf).toBe(4);
      expect(kw.get('moe')?.concept).toBe(phrase?.concept);
    });

    it("lets a page that keeps using the name rank the concept's papers first", () => {
      const page = fixturePage({ text: 'Mixtoria of Experts waters tomato plants. Mixtoria, Mixtoria, Mixtoria.' });
      expect(related(page, engine)[0]!.title).toMatch(/Experts/);
      expect(related(page, engine, { coinedNames: false })[0]!.title).toBe('Tomato Gardening with Sensors');
    });

    it('needs the name written next to the rest of the concept once', () => {
      const kw = byLabel(fixturePage({ text: 'Mixtoria is out. Mixtoria runs on one GPU. Our experts like it.' }));
      expect(kw.has('mixtur expert')).toBe(false);
    });

    it('needs the name to start like the word it stands in for', () => {
      const kw = byLabel(fixturePage({ text: 'Mixoria of Experts is out. Mixoria runs on one GPU.' }));
      expect(kw.has('mixtur expert')).toBe(false);
    });

    it('never takes a word the corpus uses for a coined name', () => {
      // With a paper on mixtapes in the corpus, "Mixtape of Experts" is a mixtape, not a mixture.
      const text = 'Mixtape of Experts is out. Mixtape runs on one GPU. Install Mixtape and run Mixtape.';
      const withMixtapes = buildEngine(
        [
          ...PAPERS,
          { id: 'mixtapes', title: 'Mixtape Collections', abstract: 'A mixtape of songs.', source: 'fixture' },
        ],
        'fixture-2',
      );
      const label = (e: typeof engine) =>
        pageKeywords(fixturePage({ text }), e).find((k) => k.term === 'mixtur expert')?.label;
      expect(label(engine)).toBe('Mixtape (mixture of experts)');
      expect(label(withMixtapes)).toBeUndefined();
    });

    it('needs the page to write the name with a capital inside a sentence, as names are', () => {
      expect(byLabel(fixturePage({ text: coined.toLowerCase() })).has('mixtur expert')).toBe(false);
      // Capitalised only where sentences start: any word is, there.
      const starts = 'Mixtoria of experts is out.\nMixtoria runs on one GPU. Mixtoria: install mixtoria, run mixtoria.';
      expect(byLabel(fixturePage({ text: starts })).has('mixtur expert')).toBe(false);
      expect(byLabel(fixturePage({ text: `${starts} We like Mixtoria.` })).get('mixtur expert')?.label).toBe(
        'Mixtoria (mixture of experts)',
      );
    });

    it.each([
      ['a line', 'Intro\nMixtoria'],
      ['a list item', 'Models:\n- Mixtoria'],
      ['a table cell', 'model |   Mixtoria |'],
      ['a quotation', 'It said: "Mixtoria'],
    ])('does not count a capital at the start of %s', (_, context) => {
      const text = `mixtoria of experts. ${context} and more. we run mixtoria.`;
      expect(byLabel(fixturePage({ text })).has('mixtur expert')).toBe(false);
    });

    it.each([
      ['after a word', 'we run Mixtoria'],
      ['after a comma', 'models, Mixtoria'],
      ['in an address', 'news/Mixtoria'],
    ])('counts a capital %s', (_, context) => {
      const text = `mixtoria of experts. ${context} and more.`;
      expect(byLabel(fixturePage({ text })).has('mixtur expert')).toBe(true);
    });

    it('is off for an index that does not hold every word of the corpus (the compact design)', () => {
      const kw = new Map(
        pageKeywords(fixturePage({ text: coined }), { ...engine, wholeVocabulary: false }).map((k) => [k.term, k]),
      );
      expect(kw.has('mixtur expert')).toBe(false);
    });

    it('is off with acronyms, or on its own', () => {
      expect(byLabel(fixturePage({ text: coined }), { acronyms: false }).has('mixtur expert')).toBe(false);
      expect(byLabel(fixturePage({ text: coined }), { coinedNames: false }).has('mixtur expert')).toBe(false);
    });
  });
});
