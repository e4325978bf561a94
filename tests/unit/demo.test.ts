import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinInProfile, unpackedExtensionId, welcome } from '../../lib/cli/demo';

describe('unpackedExtensionId', () => {
  it('gives 32 letters a–p that depend on the absolute folder only', () => {
    const id = unpackedExtensionId('.output/chrome-mv3');
    expect(id).toMatch(/^[a-p]{32}$/);
    expect(unpackedExtensionId(join(process.cwd(), '.output/chrome-mv3'))).toBe(id);
    expect(unpackedExtensionId('.output/firefox-mv3')).not.toBe(id);
  });
});

describe('pinInProfile', () => {
  it('writes preferences that pin the extension in a new profile', () => {
    const profile = mkdtempSync(join(tmpdir(), 'paper-radar-pin-'));
    try {
      pinInProfile(profile, 'abcdefghijklmnopabcdefghijklmnop');
      const prefs = JSON.parse(readFileSync(join(profile, 'Default', 'Preferences'), 'utf8'));
      expect(prefs.extensions.pinned_extensions).toEqual(['abcdefghijklmnopabcdefghijklmnop']);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('welcome', () => {
  it('names the demo page, where the icon is and the two shortcuts, if set', () => {
    const text = welcome('http://127.0.0.1:5000/', true);
    expect(text).toContain('http://127.0.0.1:5000/');
    expect(text).toMatch(/puzzle-piece Extensions menu/);
    expect(text).toMatch(/pinned in this window/);
    expect(text).toMatch(/if set[^]*Alt\+Shift\+O opens the popup[^]*Alt\+Shift\+L toggles the panel/);
  });

  it('does not claim the icon is pinned when no browser was opened', () => {
    expect(welcome('http://127.0.0.1:5000/', false)).not.toMatch(/pinned in this window/);
  });
});
