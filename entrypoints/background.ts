import corpusText from '~/assets/papers.txt?raw';
import { PaperRadarDB } from '~/lib/db';
import { indexCorpusText } from '~/lib/indexer';

export default defineBackground(() => {
  const db = new PaperRadarDB();
  browser.runtime.onInstalled.addListener(() => {
    void indexCorpusText(db, corpusText).catch((e: unknown) => console.error('Paper Radar: indexing failed', e));
  });
});
