import { render } from 'preact';
import { Options, type OptionsStore } from '~/components/Options';
import { backgroundClient, corpusChanged } from '~/lib/client';
import { corpusInfo } from '~/lib/corpus-info';
import { pageImportStore } from '~/lib/corpus-import-store';
import { PaperRadarDB } from '~/lib/db';
import { openForPage } from '~/lib/db-access';
import { loadSettings, onSettingsChange, saveSettings } from '~/lib/settings';
import { onPausedSitesChange, pausedSites } from '~/lib/site-pause';
import '~/components/options.css';

const client = backgroundClient();
// Never through a plain open: Dexie would patch a database a newer build upgraded.
let db: Promise<PaperRadarDB> | undefined;
const database = () => (db ??= openForPage(new PaperRadarDB()));
const store: OptionsStore = {
  loadSettings,
  saveSettings,
  onSettingsChange,
  pausedSites,
  // Through the background, which also clears the badges and results of the site's open tabs.
  setSitePaused: client.setSitePaused,
  onPausedSitesChange,
  corpusInfo: async () => corpusInfo(await database()),
  // Imports run here, in the page, in checkpointed chunks; the background only reloads the index afterwards.
  imports: pageImportStore(database, corpusChanged),
};
render(<Options store={store} />, document.getElementById('app')!);
