import { pageClient } from '~/lib/client';
import { startPageReader } from '~/lib/page-reader';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    startPageReader(ctx, { client: pageClient(), document, location, window });
  },
});
