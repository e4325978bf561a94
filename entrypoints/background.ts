import corpusText from '~/assets/papers.txt?raw';
import { PaperRadarDB } from '~/lib/db';
import { forgetTab, handle, tabNavigated } from '~/lib/messages';
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
});
