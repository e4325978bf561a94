import { describe, expect, it } from 'vitest';
import { highlight, termsOf } from '../../lib/highlight';

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
