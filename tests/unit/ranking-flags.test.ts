import { describe, expect, it } from 'vitest';
import { rankingOptions } from '../../lib/cli/ranking-flags';
import { DEFAULT_RANKING_CONFIG, rankingConfig, type RankingOverrides } from '../../lib/ranking/config';

const overrides = (values: Parameters<typeof rankingOptions>[0]): RankingOverrides => {
  const o = rankingOptions(values);
  if (typeof o === 'string') throw new Error(o);
  return o;
};

describe('rankingOptions', () => {
  it('changes nothing without a switch', () => {
    expect(rankingConfig(overrides({}))).toEqual(DEFAULT_RANKING_CONFIG);
  });

  it('turns each --no-* switch into its part of the configuration, off', () => {
    const config = rankingConfig(
      overrides({ 'no-phrases': true, 'no-cosine': true, 'no-feedback': true, 'key-term-cosine': true }),
    );
    expect(config.keywords.phrases).toBe(false);
    expect(config.scoring.cosine).toBe(false);
    expect(config.scoring.wholeText).toBe(false);
    expect(config.feedback.enabled).toBe(false);
    expect(config.keywords.acronyms).toBe(DEFAULT_RANKING_CONFIG.keywords.acronyms);
  });

  it('sets the numbers the switches name, leaving the rest of their section', () => {
    const config = rankingConfig(overrides({ 'cosine-candidates': '50', 'cosine-weight': '0.5', coordination: '2' }));
    expect(config.scoring).toEqual({
      ...DEFAULT_RANKING_CONFIG.scoring,
      cosineCandidates: 50,
      cosineWeight: 0.5,
      coordination: 2,
    });
  });

  it('names the switch and its bounds for a number out of them', () => {
    expect(rankingOptions({ 'cosine-candidates': '0' })).toBe(
      '--cosine-candidates must be a number from 1 to 1000, got "0"',
    );
    expect(rankingOptions({ 'cosine-weight': 'much' })).toMatch(/^--cosine-weight must be a number from 0 to 1/);
  });
});
