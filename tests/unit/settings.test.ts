import { fakeBrowser } from 'wxt/testing';
import { describe, expect, it, vi } from 'vitest';
import {
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
