import { render } from 'preact';
import { Options, type OptionsStore } from '~/components/Options';
import { backgroundClient } from '~/lib/client';
import { corpusInfo } from '~/lib/corpus-info';
import { PaperRadarDB } from '~/lib/db';
import { openForPage } from '~/lib/db-access';
import { loadSettings, onSettingsChange, saveSettings } from '~/lib/settings';
import { onPausedSitesChange, pausedSites } from '~/lib/site-pause';
import '~/components/options.css';

const client = backgroundClient();
const store: OptionsStore = {
  loadSettings,
  saveSettings,
  onSettingsChange,
  pausedSites,
  // Through the background, which also clears the badges and results of the site's open tabs.
  setSitePaused: client.setSitePaused,
  onPausedSitesChange,
  // Never through a plain open: Dexie would patch a database a newer build upgraded.
  corpusInfo: async () => corpusInfo(await openForPage(new PaperRadarDB())),
};
render(<Options store={store} />, document.getElementById('app')!);
