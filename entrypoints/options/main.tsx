import { render } from 'preact';
import { Options, type OptionsStore } from '~/components/Options';
import { backgroundClient } from '~/lib/client';
import { corpusInfo } from '~/lib/corpus-info';
import { PaperRadarDB } from '~/lib/db';
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
  corpusInfo: () => corpusInfo(new PaperRadarDB()),
};
render(<Options store={store} />, document.getElementById('app')!);
