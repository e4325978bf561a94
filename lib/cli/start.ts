/**
 * `npm start`: builds the extension, then opens Chromium with it loaded. Where
 * no browser can open (no display, no Chromium), says how to load the build by hand.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const OUT = resolve('.output/chrome-mv3');

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const browser = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((p) => p && existsSync(p));
const display = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;

function howToLoad(reason: string): void {
  process.stdout.write(
    `\n${reason}\nThe extension is built in ${OUT}. To load it by hand:\n` +
      '  Chrome/Chromium: open chrome://extensions, turn on "Developer mode", click "Load unpacked" and pick that folder.\n' +
      '  Firefox: run "npm run build:firefox", open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…"\n' +
      '           and pick manifest.json in .output/firefox-mv3.\n',
  );
}

if (!browser) {
  howToLoad('No Chromium found (set CHROME_PATH to use another browser).');
} else if (!display) {
  howToLoad('No display to open a browser window on.');
} else {
  const profile = mkdtempSync(join(tmpdir(), 'paper-radar-'));
  const args = [
    `--user-data-dir=${profile}`,
    `--load-extension=${OUT}`,
    '--no-first-run',
    // Chromium refuses to run as root with its sandbox on (containers, CI machines).
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    'https://arxiv.org/abs/2504.02605',
  ];
  process.stdout.write(`Opening ${browser} with Paper Radar loaded (profile ${profile}).\n`);
  spawn(browser, args, { stdio: 'ignore', detached: true }).unref();
}
