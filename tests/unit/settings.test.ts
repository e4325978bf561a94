import { fakeBrowser } from 'wxt/testing';
import { describe, expect, it, vi } from 'vitest';
import {
  applySensitivity,
  DEFAULT_SETTINGS,
  loadSettings,
  onSettingsChange,
  parseSettings,
  saveSettings,
  SETTINGS_KEY,
} from '../../lib/settings';

describe('parseSettings', () => {
  it('gives the defaults, without a notice, when nothing was ever saved', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('reads valid settings as they are', () => {
    expect(parseSettings({ panel: 'off', sensitivity: 'more', readingList: false })).toEqual({
      settings: { panel: 'off', sensitivity: 'more', readingList: false },
      problems: [],
    });
  });

  it('replaces only the unreadable setting by its default, and says which', () => {
    const { settings, problems } = parseSettings({ panel: 'sometimes', sensitivity: 'fewer', readingList: 'yes' });
    expect(settings).toEqual({ panel: DEFAULT_SETTINGS.panel, sensitivity: 'fewer', readingList: true });
    // In words (zod/mini ships none of its own: lib/zod-mini.ts loads zod's English ones).
    expect(problems).toEqual([
      'panel: Invalid option: expected one of "always"|"strong"|"off"',
      'readingList: Invalid input: expected boolean, received string',
    ]);
  });

  it('takes a missing setting’s default silently (settings saved by an older version)', () => {
    expect(parseSettings({ panel: 'always' })).toEqual({
      settings: { panel: 'always', sensitivity: DEFAULT_SETTINGS.sensitivity, readingList: true },
      problems: [],
    });
  });

  it.each([
    ['a string', 'on'],
    ['an array', ['off']],
    ['null', null],
    ['a number', 3],
  ])('falls back to every default, with a notice, for %s', (_name, stored) => {
    expect(parseSettings(stored)).toEqual({ settings: DEFAULT_SETTINGS, problems: ['settings: expected an object'] });
  });

  it('ignores settings it does not know (written by a newer version)', () => {
    expect(parseSettings({ panel: 'off', sensitivity: 'balanced', theme: 'dark' }).problems).toEqual([]);
  });
});

describe('loadSettings', () => {
  it('reads what saveSettings stored', async () => {
    await saveSettings({ sensitivity: 'fewer' });
    expect(await loadSettings()).toEqual({ settings: { ...DEFAULT_SETTINGS, sensitivity: 'fewer' }, problems: [] });
  });

  it('never throws on bad stored settings', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { panel: 42, sensitivity: { x: 1 } } });
    const { settings, problems } = await loadSettings();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(2);
  });
});

describe('saveSettings', () => {
  it('keeps the other settings and replaces an unreadable stored object by a valid one', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: 'garbage' });
    await saveSettings({ panel: 'off' });
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual({
      panel: 'off',
      sensitivity: 'balanced',
      readingList: true,
    });
  });

  it('refuses a value outside the named choices', async () => {
    await expect(saveSettings({ panel: 'loud' as never })).rejects.toThrow();
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toBeUndefined();
  });
});

describe('onSettingsChange', () => {
  it('tells listeners about new settings, validated, until unsubscribed', async () => {
    const listener = vi.fn();
    const stop = onSettingsChange(listener);
    await saveSettings({ panel: 'always' });
    expect(listener).toHaveBeenLastCalledWith({ settings: { ...DEFAULT_SETTINGS, panel: 'always' }, problems: [] });
    stop();
    await saveSettings({ panel: 'off' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('applySensitivity', () => {
  // Best first, as related() returns them.
  const ranked = [
    { id: 'a', score: 10, strong: true, matchedTerms: ['x', 'y', 'z'] },
    { id: 'b', score: 7, strong: true, matchedTerms: ['x', 'y'] },
    { id: 'c', score: 6.5, strong: false, matchedTerms: ['x', 'y'] },
    { id: 'd', score: 6.2, strong: false, matchedTerms: ['x', 'y'] },
    { id: 'e', score: 6.1, strong: false, matchedTerms: ['x'] },
  ];
  const strongIds = (list: typeof ranked) => list.filter((p) => p.strong).map((p) => p.id);

  it('keeps the engine’s own judgement when balanced', () => {
    expect(strongIds(applySensitivity(ranked, 'balanced'))).toEqual(['a', 'b']);
  });

  it('keeps only strong papers close to the best one for “fewer, surer”', () => {
    expect(strongIds(applySensitivity(ranked, 'fewer'))).toEqual(['a']);
  });

  it('adds the best three that match several terms and score near the best for “more”', () => {
    // d is 4th; e matched a single term.
    expect(strongIds(applySensitivity(ranked, 'more'))).toEqual(['a', 'b', 'c']);
  });

  it('never rescores, keeps the order where no flag changed, and leaves an empty list empty', () => {
    expect(applySensitivity(ranked, 'more').map((p) => [p.id, p.score])).toEqual(ranked.map((p) => [p.id, p.score]));
    expect(applySensitivity([], 'fewer')).toEqual([]);
  });

  it('lists the papers again strong first, best first, when a flag changed', () => {
    // The engine's strong papers come first even when one scores below a weaker paper.
    const mixed = [
      { id: 'top', score: 10, strong: true, matchedTerms: ['x', 'y'] },
      { id: 'low-strong', score: 5, strong: true, matchedTerms: ['x', 'y'] },
      { id: 'high-weak', score: 9, strong: false, matchedTerms: ['x', 'y'] },
      { id: 'weak', score: 4, strong: false, matchedTerms: ['x', 'y'] },
    ];
    const ids = (list: typeof mixed) => list.map((p) => `${p.id}${p.strong ? '*' : ''}`);
    expect(ids(applySensitivity(mixed, 'fewer'))).toEqual(['top*', 'high-weak', 'low-strong', 'weak']);
    expect(ids(applySensitivity(mixed, 'more'))).toEqual(['top*', 'high-weak*', 'low-strong*', 'weak']);
    expect(ids(applySensitivity(mixed, 'balanced'))).toEqual(['top*', 'low-strong*', 'high-weak', 'weak']);
  });
});
