import { pageClient } from '~/lib/client';
import { startPageReader } from '~/lib/page-reader';
import { startPanel } from '~/lib/panel';
import { ignoreForgedRestarts, stillConnected } from './guard';
import { shadowPanelHost } from './panel-ui';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Announce a new instance through a custom event only: WXT's postMessage twin would hand every page a message
  // naming our extension id.
  noScriptStartedPostMessage: true,
  main(ctx) {
    // Before anything else: a page forging WXT's restart event must not stop the reader or remove the panel.
    ctx.onInvalidated(ignoreForgedRestarts(window, stillConnected));
    const client = pageClient();
    // The panel shows what each report found, and what the background presents again after a settings change.
    const panel = startPanel(ctx, { client, host: shadowPanelHost(ctx, client), location, window });
    startPageReader(ctx, { client, document, location, window, onReport: panel.reported });
  },
});
