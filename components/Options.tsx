import { useEffect, useState } from 'preact/hooks';
import type { CorpusInfo } from '~/lib/corpus-info';
import type { ImportStore } from '~/lib/corpus-import-store';
import { errorMessage } from '~/lib/errors';
import {
  PANEL_MODE_LABELS,
  PanelModeSchema,
  SENSITIVITY_LABELS,
  SensitivitySchema,
  type LoadedSettings,
  type Settings,
} from '~/lib/settings';
import { OptionsChoice } from './OptionsChoice';
import { OptionsCorpus } from './OptionsCorpus';
import { OptionsImport } from './OptionsImport';
import { OptionsPausedSites } from './OptionsPausedSites';

/** Everything the options page reads and changes, injected so the component tests need no browser. */
export interface OptionsStore {
  loadSettings(): Promise<LoadedSettings>;
  saveSettings(changes: Partial<Settings>): Promise<Settings>;
  onSettingsChange(listener: (loaded: LoadedSettings) => void): () => void;
  pausedSites(): Promise<string[]>;
  setSitePaused(site: string, paused: boolean): Promise<void>;
  onPausedSitesChange(listener: (sites: string[]) => void): () => void;
  corpusInfo(): Promise<CorpusInfo | undefined>;
  /** Importing and removing sets of papers (see `lib/corpus-import-store.ts`). */
  imports: ImportStore;
}

const SENSITIVITY_HINTS: Record<Settings['sensitivity'], string> = {
  fewer: 'Only the clearest matches count as strong.',
  balanced: 'Paper Radar’s own judgement.',
  more: 'The best few papers also count when they match several things on the page.',
};

/** The options page: the in-page panel, what counts as a strong match, paused sites, the corpus in use, imports. */
export function Options({ store }: { store: OptionsStore }) {
  const [loaded, setLoaded] = useState<LoadedSettings>();
  const [saveError, setSaveError] = useState<string>();
  // Bumped after an import or a removal, so the corpus line counts the papers again.
  const [corpusRevision, setCorpusRevision] = useState(0);

  useEffect(() => {
    void store.loadSettings().then(setLoaded);
    return store.onSettingsChange((next) =>
      setLoaded((prev) => ({ settings: next.settings, problems: prev?.problems ?? [] })),
    );
  }, [store]);

  const change = async (changes: Partial<Settings>) => {
    try {
      const settings = await store.saveSettings(changes);
      setLoaded({ settings, problems: [] });
      setSaveError(undefined);
    } catch (e) {
      setSaveError(errorMessage(e));
    }
  };

  return (
    <main class="options">
      <h1>Paper Radar settings</h1>
      {loaded && loaded.problems.length > 0 && (
        <div class="notice" role="alert">
          <p>Some stored settings could not be read, so their defaults are used:</p>
          <ul>
            {loaded.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p>Choosing a setting below saves a valid set again.</p>
        </div>
      )}
      {saveError && (
        <p class="notice" role="alert">
          Couldn’t save: {saveError}
        </p>
      )}
      {loaded && (
        <>
          <OptionsChoice
            legend="In-page panel"
            name="panel"
            options={PanelModeSchema.options.map((value) => ({ value, label: PANEL_MODE_LABELS[value] }))}
            value={loaded.settings.panel}
            onChange={(panel) => void change({ panel })}
          />
          <OptionsChoice
            legend="Strong matches"
            name="sensitivity"
            options={SensitivitySchema.options.map((value) => ({
              value,
              label: SENSITIVITY_LABELS[value],
              hint: SENSITIVITY_HINTS[value],
            }))}
            value={loaded.settings.sensitivity}
            onChange={(sensitivity) => void change({ sensitivity })}
          />
          <fieldset class="choice">
            <legend>Reading list</legend>
            <label class="choice-option">
              <input
                type="checkbox"
                name="readingList"
                checked={loaded.settings.readingList}
                onChange={(e) => void change({ readingList: e.currentTarget.checked })}
              />
              <span>
                Rank papers like the ones I saved a little higher
                <span class="hint">
                  {' '}
                  — in the popup; from the titles and abstracts of your reading list, on this device only.
                </span>
              </span>
            </label>
          </fieldset>
        </>
      )}
      <OptionsPausedSites store={store} />
      <OptionsCorpus store={store} revision={corpusRevision} />
      <OptionsImport store={store.imports} onChanged={() => setCorpusRevision((r) => r + 1)} />
    </main>
  );
}
