import { describe, expect, inject, it } from 'vitest';
import { present } from '../../lib/ranking/present';
import { TabRecordSchema, type TabRecord } from '../../lib/tab-state';
import { ClosedShadow } from './closed-shadow';
import {
  badgeText,
  launchedForSuite,
  openExtensionPage,
  openPopup,
  openTab,
  waitForTabResult,
  type Launched,
} from './extension';

const origin = inject('pagesOrigin');

/** The extension APIs these tests call inside the service worker. */
declare const chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };

/** The tab's record in storage.session, as the background wrote it after the content script's last report. */
async function storedRecord(ext: Launched, tabId: number): Promise<TabRecord> {
  const value = await ext.worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`);
  return TabRecordSchema.parse(value);
}
/** The badge as the toolbar shows a number of strong matches (none: no text). */
const badgeFor = (strong: number) => (strong > 0 ? String(strong) : '');
/** The panel's pill for a number of strong matches. */
const pillFor = (strong: number) => `${strong} related paper${strong === 1 ? '' : 's'}`;

describe('changing the sensitivity in the options page', () => {
  const ext = launchedForSuite();

  it('changes an open tab’s badge, panel and popup without its page being read again', async () => {
    // peft.html: "More" counts close papers the calibrated ranking does not call strong.
    const { page, tabId } = await openTab(ext, `${origin}/peft.html`);
    await waitForTabResult(ext.worker, tabId);
    const before = await storedRecord(ext, tabId);
    const balanced = present(before.related, { sensitivity: 'balanced' }).strongCount;
    const more = present(before.related, { sensitivity: 'more' }).strongCount;
    // The page is only a test of this if the two settings disagree on it.
    expect(more).toBeGreaterThan(balanced);
    await expect.poll(() => badgeText(ext.worker, tabId), { timeout: 10_000 }).toBe(badgeFor(balanced));
    const panel = await ClosedShadow.of(page, 'paper-radar-panel');
    await expect.poll(() => panel.text(), { timeout: 10_000 }).toBe(pillFor(balanced));

    const options = await openExtensionPage(ext, 'options.html');
    await options.getByRole('radio', { name: /^More/ }).check();
    await expect.poll(() => badgeText(ext.worker, tabId), { timeout: 10_000 }).toBe(badgeFor(more));
    // The open panel follows (it shows the strong matches only, the default).
    await expect.poll(() => panel.text(), { timeout: 10_000 }).toBe(pillFor(more));
    const popup = await openPopup(ext, tabId);
    await expect
      .poll(() => popup.getByRole('main').textContent(), { timeout: 10_000 })
      .toContain(`${more} strong match${more === 1 ? '' : 'es'} for this page.`);
    await popup.close();

    await options.getByRole('radio', { name: /^Balanced/ }).check();
    await expect.poll(() => badgeText(ext.worker, tabId), { timeout: 10_000 }).toBe(badgeFor(balanced));
    await expect.poll(() => panel.text(), { timeout: 10_000 }).toBe(pillFor(balanced));

    // No report came in meanwhile: the background writes the record again, with a new readAt, on every report.
    const after = await storedRecord(ext, tabId);
    expect(after.readAt).toBe(before.readAt);
    expect(after).toEqual(before);
  });
});
