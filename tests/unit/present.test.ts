import { describe, expect, it } from 'vitest';
import { present, PRESENT_CONFIG, type PresentConfig } from '../../lib/ranking/present';

/** A raw ranking, best first, as `rank()` returns it: a and b are the ranking's own strong matches. */
const ranked = [
  { id: 'a', score: 10, strong: true, matchedTerms: ['x', 'y', 'z'] },
  { id: 'b', score: 7, strong: true, matchedTerms: ['x', 'y'] },
  { id: 'c', score: 6.5, strong: false, matchedTerms: ['x', 'y'] },
  { id: 'd', score: 6.2, strong: false, matchedTerms: ['x', 'y'] },
  { id: 'e', score: 6.1, strong: false, matchedTerms: ['x'] },
];
type Paper = (typeof ranked)[number];
const strongIds = (papers: Array<{ id: string; strong: boolean }>) => papers.filter((p) => p.strong).map((p) => p.id);
const marked = (papers: Array<{ id: string; strong: boolean; likeSaved?: true }>) =>
  papers.map((p) => `${p.id}${p.strong ? '*' : ''}${p.likeSaved ? '+' : ''}`);

describe('present', () => {
  describe('the sensitivity', () => {
    it('keeps the ranking’s calibrated judgement when balanced', () => {
      expect(strongIds(present(ranked, { sensitivity: 'balanced' }).papers)).toEqual(['a', 'b']);
    });

    it('keeps only strong papers close to the best one for “fewer, surer”', () => {
      // b scores 0.7 of the best: below 0.8.
      expect(strongIds(present(ranked, { sensitivity: 'fewer' }).papers)).toEqual(['a']);
    });

    it('adds the best three that match several terms and score near the best for “more”', () => {
      // d is 4th; e matched a single term.
      expect(strongIds(present(ranked, { sensitivity: 'more' }).papers)).toEqual(['a', 'b', 'c']);
    });

    it('counts the strong papers for the badge, differently for each sensitivity', () => {
      expect(present(ranked, { sensitivity: 'fewer' }).strongCount).toBe(1);
      expect(present(ranked, { sensitivity: 'balanced' }).strongCount).toBe(2);
      expect(present(ranked, { sensitivity: 'more' }).strongCount).toBe(3);
    });

    it('never rescores nor changes the raw ranking it was given', () => {
      const before = structuredClone(ranked);
      for (const sensitivity of ['fewer', 'balanced', 'more'] as const) {
        const { papers } = present(ranked, { sensitivity });
        expect(papers.map((p) => [p.id, p.score])).toEqual(ranked.map((p) => [p.id, p.score]));
      }
      expect(ranked).toEqual(before);
    });

    it('presents an empty ranking as no paper and a zero badge', () => {
      expect(present([], { sensitivity: 'more' })).toEqual({ papers: [], strongCount: 0 });
    });

    it('promotes nothing for “more” when every score is zero', () => {
      const zero = ranked.map((p) => ({ ...p, score: 0, strong: false }));
      expect(present(zero, { sensitivity: 'more' }).strongCount).toBe(0);
    });

    it('takes its thresholds from the config it is given', () => {
      const lenient: PresentConfig = { ...PRESENT_CONFIG, fewerMinShare: 0.5, moreMaxRank: 4 };
      expect(strongIds(present(ranked, { sensitivity: 'fewer' }, lenient).papers)).toEqual(['a', 'b']);
      expect(strongIds(present(ranked, { sensitivity: 'more' }, lenient).papers)).toEqual(['a', 'b', 'c', 'd']);
    });
  });

  describe('the order', () => {
    // The ranking's strong papers come first even when one scores below a weaker paper.
    const mixed = [
      { id: 'top', score: 10, strong: true, matchedTerms: ['x', 'y'] },
      { id: 'low-strong', score: 5, strong: true, matchedTerms: ['x', 'y'] },
      { id: 'high-weak', score: 9, strong: false, matchedTerms: ['x', 'y'] },
      { id: 'weak', score: 4, strong: false, matchedTerms: ['x', 'y'] },
    ];

    it('lists the papers strong first, best first within each group, for each sensitivity', () => {
      expect(marked(present(mixed, { sensitivity: 'fewer' }).papers)).toEqual([
        'top*',
        'high-weak',
        'low-strong',
        'weak',
      ]);
      expect(marked(present(mixed, { sensitivity: 'more' }).papers)).toEqual([
        'top*',
        'high-weak*',
        'low-strong*',
        'weak',
      ]);
      expect(marked(present(mixed, { sensitivity: 'balanced' }).papers)).toEqual([
        'top*',
        'low-strong*',
        'high-weak',
        'weak',
      ]);
    });

    it('keeps the ranking’s order among papers of equal score', () => {
      const tied = ['q', 'p', 's', 'r'].map((id) => ({ id, score: 3, strong: id < 'r', matchedTerms: ['x', 'y'] }));
      expect(present(tied, { sensitivity: 'balanced' }).papers.map((p) => p.id)).toEqual(['q', 'p', 's', 'r']);
      expect(present(tied, { sensitivity: 'fewer' }).papers.map((p) => p.id)).toEqual(['q', 'p', 's', 'r']);
    });
  });

  describe('the reading-list nudge', () => {
    // Near-equal weak papers: c, d and e differ by less than 0.15 × the best score.
    it('moves a paper like the reading list past a near-equal one and marks it', () => {
      const { papers } = present(ranked, { sensitivity: 'balanced', likeness: new Map([['e', 1]]) });
      expect(marked(papers)).toEqual(['a*', 'b*', 'e+', 'c', 'd']);
    });

    it('never moves a paper past a clearly better one, nor across the strong papers', () => {
      // e is like the reading list, but a and b are strong and b scores 0.9 more than e + its gain of 1.5 allows.
      const { papers } = present(ranked, { sensitivity: 'balanced', likeness: new Map([['e', 1]]) });
      expect(papers.slice(0, 2).map((p) => p.id)).toEqual(['a', 'b']);
      const far = [...ranked, { id: 'f', score: 2, strong: false, matchedTerms: ['x', 'y'] }];
      const moved = present(far, { sensitivity: 'balanced', likeness: new Map([['f', 1]]) }).papers;
      expect(moved.at(-1)).toEqual(far.at(-1));
    });

    it('gives nothing to a faint likeness, below the minimum', () => {
      const faint = PRESENT_CONFIG.readingListMinLikeness / 2;
      const { papers } = present(ranked, { sensitivity: 'balanced', likeness: new Map([['e', faint]]) });
      expect(marked(papers)).toEqual(['a*', 'b*', 'c', 'd', 'e']);
    });

    it('marks only papers that moved up, and leaves which are strong and the badge as the sensitivity says', () => {
      // a is like the reading list but already first: not marked.
      const likeness = new Map([
        ['a', 1],
        ['d', 1],
      ]);
      for (const sensitivity of ['fewer', 'balanced', 'more'] as const) {
        const plain = present(ranked, { sensitivity });
        const nudged = present(ranked, { sensitivity, likeness });
        expect(strongIds(nudged.papers).sort()).toEqual(strongIds(plain.papers).sort());
        expect(nudged.strongCount).toBe(plain.strongCount);
        expect(nudged.papers.find((p) => p.id === 'a')?.likeSaved).toBeUndefined();
      }
      // With "more", c is strong and d is not: d passes e only.
      expect(marked(present(ranked, { sensitivity: 'more', likeness }).papers)).toEqual(['a*', 'b*', 'c*', 'd', 'e']);
      expect(marked(present(ranked, { sensitivity: 'balanced', likeness }).papers)).toEqual([
        'a*',
        'b*',
        'd+',
        'c',
        'e',
      ]);
    });

    it('orders as the page alone says with an empty likeness', () => {
      expect(present(ranked, { sensitivity: 'balanced', likeness: new Map() })).toEqual(
        present(ranked, { sensitivity: 'balanced' }),
      );
    });

    it('keeps the extra fields of the ranked papers it was given', () => {
      const rich: Array<Paper & { title: string }> = ranked.map((p) => ({ ...p, title: `T ${p.id}` }));
      const { papers } = present(rich, { sensitivity: 'more', likeness: new Map([['e', 1]]) });
      expect(papers.map((p) => p.title)).toEqual(expect.arrayContaining(rich.map((p) => p.title)));
    });
  });
});
