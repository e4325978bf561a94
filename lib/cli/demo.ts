/**
 * What `npm start` needs besides the build: the demo page it serves, a fresh
 * Chromium profile with Paper Radar's icon already pinned, and what it tells
 * a new user.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The demo page's folder: a page about parameter-efficient fine-tuning, which the bundled corpus covers. */
export const DEMO_DIR = 'assets/demo';

/**
 * The id Chromium gives an unpacked extension: the first 128 bits of the
 * SHA-256 of its absolute folder path, each hex digit written as a letter a–p.
 *
 * @example unpackedExtensionId('.output/chrome-mv3') // 32 letters a–p
 */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/**
 * Writes a new profile's preferences so that the extension's icon sits on the
 * toolbar from the start (Chromium otherwise hides it in the puzzle-piece menu).
 */
export function pinInProfile(profile: string, extensionId: string): void {
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ extensions: { pinned_extensions: [extensionId] } }),
  );
}

/** How to find the icon, the popup, the panel and the shortcuts, printed by `npm start`. */
export function welcome(demoUrl: string, opened: boolean): string {
  return [
    opened
      ? `Paper Radar is loaded in a new Chromium window, on a demo page served from this machine: ${demoUrl}`
      : `Demo page (open it in the browser you loaded Paper Radar into): ${demoUrl}`,
    '  - The toolbar icon (a radar) counts the papers that strongly match the page on its badge.' +
      (opened ? ' It is pinned in this window.' : ''),
    '    Not on the toolbar? Open the puzzle-piece Extensions menu at the right of the address bar and pin',
    '    Paper Radar (Firefox: the Extensions button, then the gear next to Paper Radar, "Pin to Toolbar").',
    '  - Click the icon for the popup: related papers, search and your reading list.',
    '  - The pill at the bottom right of the page ("N related papers") opens the in-page panel.',
    '  - Keyboard shortcuts, if set (chrome://extensions/shortcuts): Alt+Shift+O opens the popup,',
    '    Alt+Shift+L toggles the panel.',
    'Press Ctrl+C to stop the demo server.',
  ].join('\n');
}
