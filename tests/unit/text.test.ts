import { describe, expect, it } from 'vitest';
import { processTerm, STOP_WORDS, terms, tokenize } from '../../lib/text';

const indexTerms = (text: string) => tokenize(text).map(processTerm).filter(Boolean);

describe('tokenize', () => {
  it('adds neighbouring words as a phrase', () => {
    expect(tokenize('kv cache')).toEqual(['kv', 'cache', 'kv cache']);
  });

  it('skips function words between the two words of a phrase', () => {
    expect(indexTerms('mixture of experts')).toContain('mixtur expert');
  });

  it('gives the same phrase for hyphenated and spaced spellings', () => {
    expect(indexTerms('Mixture-of-Experts')).toEqual(indexTerms('mixture of experts'));
  });

  it('does not form a phrase across a comma, full stop or line break', () => {
    const all = [...indexTerms('fast cache, tomato'), ...indexTerms('cache.\ntomato')];
    expect(all).not.toContain('cach tomato');
  });
});

describe('processTerm', () => {
  it('stems words so that plural and singular meet', () => {
    expect(processTerm('experts')).toBe(processTerm('expert'));
  });

  it('drops a phrase with a stop word in it', () => {
    expect(processTerm('pip install')).toBeNull();
  });
});

describe('STOP_WORDS', () => {
  it('holds web boilerplate but not research topics', () => {
    expect(terms('Contribute by creating an account; star and fork it on GitHub')).toEqual([]);
    expect(STOP_WORDS.has('privacy')).toBe(false);
    expect(STOP_WORDS.has('security')).toBe(false);
  });
});
