import corpusText from '~/assets/papers.txt?raw';
import { PaperRadarDB } from '~/lib/db';
import { BG_CS_TOGGLE_PANEL, forgetTab, handle, tabNavigated } from '~/lib/messages';
import { createRadar } from '~/lib/radar';

export default defineBackground(() => {
  const radar = createRadar(new PaperRadarDB(), corpusText);
  const { deps } = radar;
  browser.runtime.onInstalled.addListener(() => {
    void radar.reindex().catch((e: unknown) => console.error('Paper Radar: indexing failed', e));
  });
  browser.runtime.onMessage.addListener((message, sender) => handle(message, sender, deps));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) void tabNavigated(tabId, change.url, deps);
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId, deps));
  // The panel's shortcut: its content script opens the panel and moves focus into it (a page without one ignores it).
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== 'toggle-panel') return;
    const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (tabId !== undefined) await browser.tabs.sendMessage(tabId, { type: BG_CS_TOGGLE_PANEL }).catch(() => {});
  });
});
