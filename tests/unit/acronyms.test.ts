import { describe, expect, it } from 'vitest';
import { acronymKey, acronymMentions, findDefinitions, learnAcronyms, matchLongForm } from '../../lib/acronyms';

describe('acronymKey', () => {
  it('files an acronym under its lower-case singular form', () => {
    expect(acronymKey('MoE')).toBe('moe');
    expect(acronymKey('LLMs')).toBe('llm');
  });

  it('rejects ordinary capitalised words', () => {
    expect(acronymKey('Mixture')).toBeNull();
    expect(acronymKey('the')).toBeNull();
  });
});

describe('matchLongForm', () => {
  it('finds the words an acronym spells, across hyphens and function words', () => {
    expect(matchLongForm('LoRA', 'we use Low-Rank Adaptation')).toBe('low-rank adaptation');
    expect(matchLongForm('MoE', 'layers built as a Mixture of Experts')).toBe('mixture of experts');
  });

  it('starts the long form at a content word when a letter was first found in "and"', () => {
    expect(matchLongForm('ARC', 'the Abstraction and Reasoning Corpus')).toBe('abstraction and reasoning corpus');
  });

  it('returns null when the words do not spell the acronym', () => {
    expect(matchLongForm('XYZ', 'a method for ranking papers')).toBeNull();
  });

  it('returns null for a list of qualities', () => {
    expect(matchLongForm('GPS', 'a General, Powerful, Scalable')).toBeNull();
  });
});

describe('findDefinitions', () => {
  it('reads "long form (ACRONYM)" and drops a plural s', () => {
    expect(findDefinitions('Large Language Models (LLMs) are big.')).toEqual([
      { key: 'llm', short: 'LLM', long: 'large language models' },
    ]);
  });

  it('ignores brackets that hold no acronym', () => {
    expect(findDefinitions('Results (see below) and speed (fast).')).toEqual([]);
  });
});

describe('learnAcronyms', () => {
  it('keeps the long form most texts agree on', () => {
    const map = learnAcronyms([
      'Mixture of Experts (MoE) routing.',
      'A Mixture-of-Experts (MoE) layer.',
      'Model of Everything (MoE) is a joke.',
    ]);
    expect(map.get('moe')?.long.replace(/-/g, ' ')).toBe('mixture of experts');
  });
});

describe('acronymMentions', () => {
  it('counts acronym-like tokens and their plurals together', () => {
    const m = acronymMentions('MoE layers; two MoEs; a moe in lower case does not count');
    expect(m.get('moe')).toBe(2);
  });
});
