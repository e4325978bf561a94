import { describe, expect, it } from 'vitest';
import { bestPassage, evidenceLabels, evidenceTerms, highlight, termsOf } from '../../lib/highlight';

const marked = (text: string, labels: string[]) =>
  highlight(text, termsOf(labels))
    .filter((s) => s.mark)
    .map((s) => s.text);

describe('highlight', () => {
  it('marks other forms of a matched word', () => {
    expect(marked('Software engineering tasks.', ['software engineers'])).toEqual(['Software engineering']);
    expect(marked('We evaluate evaluations.', ['evaluation'])).toEqual(['evaluate evaluations']);
  });

  it('marks a matched phrase as one run, across a hyphen', () => {
    expect(marked('A KV-cache eviction policy for the KV cache.', ['kv cache'])).toEqual(['KV-cache', 'KV cache']);
  });

  it('keeps all of the text, in order, marked or not', () => {
    const text = '<b>Heavy</b> hitters & the KV cache';
    expect(
      highlight(text, termsOf(['heavy', 'cache']))
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });

  it('marks nothing without terms', () => {
    expect(highlight('plain text', [])).toEqual([{ text: 'plain text', mark: false }]);
  });
});

describe('evidenceLabels', () => {
  it('keeps phrases and acronyms and drops generic words when a match lists them', () => {
    expect(evidenceLabels(['kv cache', 'long', 'stores', 'MoE (mixture of experts)', 'significantly', 'set'])).toEqual([
      'kv cache',
      'MoE (mixture of experts)',
    ]);
  });

  it('drops the acronyms and phrases every machine-learning abstract says', () => {
    expect(evidenceLabels(['LLM (large language models)', 'kv cache', 'large language models', 'LLMs'])).toEqual([
      'kv cache',
    ]);
  });

  it('keeps the few best specific words, and names as the page spells them wherever they rank', () => {
    expect(evidenceLabels(['eviction', 'quantization', 'pruning', 'sparsity', 'retrieval', 'x', 'H2O'])).toEqual([
      'eviction',
      'quantization',
      'pruning',
      'H2O',
    ]);
  });
});

describe('evidenceTerms', () => {
  it('marks an acronym and its long form, and no generic word', () => {
    const text = 'A Mixture of Experts (MoE) model stores long applications.';
    expect(marked(text, [])).toEqual([]);
    const marks = highlight(text, evidenceTerms(['MoE (mixture of experts)', 'long', 'stores']))
      .filter((s) => s.mark)
      .map((s) => s.text);
    expect(marks).toEqual(['Mixture of Experts', 'MoE']);
  });
});

describe('bestPassage', () => {
  const abstract =
    'Large models are costly to serve. Many systems exist. We evict the KV cache of idle heads, halving memory. ' +
    'Throughput rises threefold. The code is public.';

  it('starts at the sentence that matched, with an ellipsis for what was left out', () => {
    const shown = bestPassage(abstract, termsOf(['kv cache']), 80);
    expect(shown.startsWith('… We evict the KV cache')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(84);
  });

  it('shows the opening when nothing matched, and the whole text when it fits', () => {
    expect(bestPassage(abstract, [], 40).startsWith('Large models are costly')).toBe(true);
    expect(bestPassage('Short.', termsOf(['kv cache']), 40)).toBe('Short.');
  });
});
