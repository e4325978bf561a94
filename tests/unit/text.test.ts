import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexTerms, processTerm, STOP_WORDS, terms, tokenize } from '../../lib/text';

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

describe('indexTerms', () => {
  it('gives exactly the terms tokenize and processTerm give, words then phrases', () => {
    const texts = [
      'Mixture of Experts, fast: the KV cache of large language models (LLMs) — 2,048 tokens.',
      'A a a b. Cache cache caching; run-time: Text-to-SQL with MAG-SQL\nnew line words',
      readFileSync('tests/fixtures/eval/pages/h2o.html', 'utf8'),
    ];
    for (const text of texts) {
      expect(indexTerms(text)).toEqual(tokenize(text).flatMap((t) => processTerm(t) ?? []));
    }
  });
});
