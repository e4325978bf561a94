import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, pinInProfile, unpackedExtensionId } from '../../lib/cli/demo';
import { servePages, type Served } from '../../lib/cli/serve';
import { ClosedShadow } from './closed-shadow';
import {
  badgeText,
  EXTENSION_DIR,
  launchExtension,
  openPopup,
  openTab,
  waitForIndex,
  waitForTabResult,
  type Launched,
} from './extension';

declare const chrome: { action: { getUserSettings(): Promise<{ isOnToolbar: boolean }> } };

/** What `npm start` sets up: the demo page on 127.0.0.1 and a profile with Paper Radar's icon pinned. */
describe('npm start’s demo', () => {
  let served: Served;
  let ext: Launched;
  beforeAll(async () => {
    served = await servePages([DEMO_DIR]);
    const profile = mkdtempSync(join(tmpdir(), 'paper-radar-start-'));
    pinInProfile(profile, unpackedExtensionId(EXTENSION_DIR));
    ext = await launchExtension({ profile });
    await waitForIndex(ext.worker);
  });
  afterAll(async () => {
    await ext?.close();
    await served?.close();
  });

  it('opens with the extension’s icon pinned to the toolbar', async () => {
    expect(ext.extensionId).toBe(unpackedExtensionId(EXTENSION_DIR));
    expect(await ext.worker.evaluate(() => chrome.action.getUserSettings())).toEqual({ isOnToolbar: true });
  });

  it('shows the badge, the panel’s pill and strong matches in the popup on the demo page at once', async () => {
    const { page, tabId } = await openTab(ext, `${served.origin}/`);
    await waitForTabResult(ext.worker, tabId);
    await expect.poll(async () => Number(await badgeText(ext.worker, tabId))).toBeGreaterThanOrEqual(2);
    const panel = await ClosedShadow.of(page, 'paper-radar-panel');
    await expect.poll(() => panel.text(), { timeout: 10_000 }).toMatch(/^\d+ related papers?$/);

    const popup = await openPopup(ext, tabId);
    const items = popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThanOrEqual(3);
    expect((await items.allTextContents()).join(' ')).toMatch(/Parameter-efficient Fine-tuning|Low-Rank Adaptation/i);
  });
});
