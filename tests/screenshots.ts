/**
 * `npm run screenshots`: builds the extension, opens it in headless Chromium on
 * pages served from 127.0.0.1 and writes the README's screenshots,
 * light and dark: `assets/screenshot-popup-*.png` (the popup's related
 * papers on a README page), `assets/screenshot-panel-*.png` (the in-page panel
 * expanded on the demo page of `npm start`) and
 * `assets/screenshot-reading-list-*.png` (the full reading list, with a note,
 * and tags when the reading list has a tag box). `npm test` never writes them.
 * Pass `--no-build` to reuse `.output/chrome-mv3`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { servePages } from '../lib/cli/serve';
import { ClosedShadow } from './e2e/closed-shadow';
import {
  launchExtension,
  openExtensionPage,
  openPopup,
  openTab,
  waitForIndex,
  waitForTabResult,
} from './e2e/extension';

/** A GitHub-like README page whose topic the bundled corpus covers well (three strong matches), for the popup. */
const README_PAGE = '/peft.html';
/** The demo page of `npm start` (it follows the colour scheme), for the panel. */
const DEMO_PAGE = '/';
const SCHEMES = ['light', 'dark'] as const;
const OUT = 'assets';

/** Polls `check` until it is true (or throws after `timeout` ms, naming `what`). */
async function until(what: string, check: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeout; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screenshots: timed out waiting for ${what}`);
}

/** Saves the first `count` related papers from the popup; returns how many it saved. */
async function saveRelated(popup: Page, count: number): Promise<number> {
  const items = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
  let saved = 0;
  for (let i = 0; i < Math.min(count, await items.count()); i++) {
    const save = items.nth(i).getByRole('button', { name: /^Save\b/ });
    if ((await save.count()) === 0) continue;
    await save.first().click();
    saved++;
  }
  return saved;
}

/** Tags and a note on the reading list's entries, where the page offers a box for them. */
async function annotate(list: Page): Promise<void> {
  const entries = list.getByRole('list', { name: /reading list/i }).getByRole('listitem');
  const tags = [['peft', 'to-read'], ['peft', 'lora'], ['compression']];
  for (let i = 0; i < Math.min(tags.length, await entries.count()); i++) {
    const box = entries.nth(i).getByRole('textbox', { name: /tag/i });
    if ((await box.count()) === 0) break;
    for (const tag of tags[i]!) {
      await box.first().fill(tag);
      await box.first().press('Enter');
    }
  }
  const note = entries.first().getByRole('textbox', { name: /^Note/ });
  if ((await note.count()) > 0) {
    // A collapsed note opens on a click of its button first.
    if (!(await note.first().isVisible())) await entries.first().getByRole('button', { name: /note/i }).first().click();
    await note.first().fill('Compare with LoRA at rank 8 on our 7B model.');
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  mkdirSync(OUT, { recursive: true });
  const served = await servePages(['tests/fixtures/eval/pages', 'assets/demo']);
  const ext = await launchExtension();
  const written: string[] = [];
  try {
    if ((await waitForIndex(ext.worker)) === 0) throw new Error('screenshots: the bundled corpus was never indexed');
    const { tabId } = await openTab(ext, `${served.origin}${README_PAGE}`);
    await waitForTabResult(ext.worker, tabId);
    const demo = await openTab(ext, `${served.origin}${DEMO_PAGE}`);
    await waitForTabResult(ext.worker, demo.tabId);
    const page = demo.page;
    const panel = await ClosedShadow.of(page, 'paper-radar-panel');
    await page.setViewportSize({ width: 1100, height: 720 });
    const popup = await openPopup(ext, tabId);
    await popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first().waitFor();

    for (const colorScheme of SCHEMES) {
      await popup.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await popup.reload();
      await popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first().waitFor();
      await until('the highlighted terms', async () => (await popup.locator('mark').count()) > 0);
      written.push(`${OUT}/screenshot-popup-${colorScheme}.png`);
      await popup.screenshot({ path: written.at(-1) });

      // Reduced motion: the card appears without its slide-in, so the screenshot shows it settled.
      await page.bringToFront();
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await until('the in-page pill', async () => /related paper/.test(await panel.text()));
      if (!/Save/.test(await panel.text())) await panel.click((await panel.text()).trim().split('\n')[0]!);
      await until('the expanded panel', async () => /Save/.test(await panel.text()));
      written.push(`${OUT}/screenshot-panel-${colorScheme}.png`);
      await page.screenshot({ path: written.at(-1) });
      await page.keyboard.press('Escape');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    }

    if ((await saveRelated(popup, 3)) === 0) throw new Error('screenshots: the popup offered no paper to save');
    const list = await openExtensionPage(ext, 'reading-list.html');
    await list.setViewportSize({ width: 900, height: 760 });
    await list
      .getByRole('list', { name: /reading list/i })
      .getByRole('listitem')
      .first()
      .waitFor();
    await annotate(list);
    for (const colorScheme of SCHEMES) {
      await list.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      // No focus ring or caret in the picture.
      await list.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      written.push(`${OUT}/screenshot-reading-list-${colorScheme}.png`);
      await list.screenshot({ path: written.at(-1) });
    }
  } finally {
    await ext.close();
    await served.close();
  }
  process.stdout.write(`Wrote ${written.join(', ')}.\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
