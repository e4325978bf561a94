/**
 * `npm start`: builds the extension, serves the demo page on 127.0.0.1 and
 * opens Chromium with the extension loaded and its icon pinned, on that page
 * — no network needed. Where no browser can open (no display, no Chromium),
 * says how to load the build by hand and keeps serving the demo page.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_DIR, pinInProfile, unpackedExtensionId, welcome } from './demo';
import { servePages } from './serve';

const OUT = resolve('.output/chrome-mv3');

function howToLoad(reason: string): string {
  return (
    `\n${reason}\nThe extension is built in ${OUT}. To load it by hand:\n` +
    '  Chrome/Chromium: open chrome://extensions, turn on "Developer mode", click "Load unpacked" and pick that folder.\n' +
    '  Firefox: run "npm run build:firefox", open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…"\n' +
    '           and pick manifest.json in .output/firefox-mv3.\n'
  );
}

async function main(): Promise<void> {
  const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const served = await servePages([DEMO_DIR], Number(process.env.DEMO_PORT ?? 0));
  const demoUrl = `${served.origin}/`;
  const stop = () => void served.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const browser = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].find((p) => p && existsSync(p));
  const display = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
  if (!browser || !display) {
    process.stdout.write(
      howToLoad(
        browser
          ? 'No display to open a browser window on.'
          : 'No Chromium found (set CHROME_PATH to use another browser).',
      ),
    );
    process.stdout.write(`\n${welcome(demoUrl, false)}\n`);
    return;
  }
  const profile = mkdtempSync(join(tmpdir(), 'paper-radar-'));
  pinInProfile(profile, unpackedExtensionId(OUT));
  const args = [
    `--user-data-dir=${profile}`,
    `--load-extension=${OUT}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Chromium refuses to run as root with its sandbox on (containers, CI machines).
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    demoUrl,
  ];
  process.stdout.write(
    `Opening ${browser} with Paper Radar loaded (profile ${profile}).\n\n${welcome(demoUrl, true)}\n`,
  );
  // The demo server lives as long as the browser window: closing it ends `npm start`.
  spawn(browser, args, { stdio: 'ignore' }).on('exit', stop);
}

void main();
