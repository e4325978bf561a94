import { pageClient } from '~/lib/client';
import { startPageReader, type PageReader } from '~/lib/page-reader';
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
    // The panel shows what each report found; the reader reads again when the panel's settings ask for it.
    const reread: PageReader = { read: () => reader.read() };
    const panel = startPanel(ctx, { client, host: shadowPanelHost(ctx, client), reader: reread, location, window });
    const reader = startPageReader(ctx, { client, document, location, window, onReport: panel.reported });
  },
});
