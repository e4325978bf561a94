import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '~/lib/errors';
import { SITE_PATTERN, siteOf } from '~/lib/site-access';
import type { OptionsStore } from './Options';

/**
 * The site a user typed: a host name or a whole URL, lowercased.
 *
 * @example siteFromInput('https://Arxiv.org/abs/1') // 'arxiv.org'
 */
export function siteFromInput(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const site = siteOf(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  return site && SITE_PATTERN.test(site) ? site : null;
}

/** The sites Paper Radar is paused on: a list with a Remove button each, and a box to add one. */
export function OptionsPausedSites({
  store,
}: {
  store: Pick<OptionsStore, 'pausedSites' | 'setSitePaused' | 'onPausedSitesChange'>;
}) {
  const [sites, setSites] = useState<string[]>();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    void store.pausedSites().then(setSites);
    return store.onPausedSitesChange(setSites);
  }, [store]);

  const set = async (site: string, paused: boolean) => {
    try {
      await store.setSitePaused(site, paused);
      setSites(await store.pausedSites());
      setError(undefined);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const site = siteFromInput(draft);
    if (!site) return setError(`“${draft.trim()}” is not a web site`);
    if (await set(site, true)) setDraft('');
  };

  return (
    <section class="paused" aria-labelledby="paused-heading">
      <h2 id="paused-heading">Paused sites</h2>
      <p class="hint">Paper Radar doesn’t read pages on these sites.</p>
      {sites && sites.length === 0 && <p>No paused sites.</p>}
      {sites && sites.length > 0 && (
        <ul aria-label="Paused sites" class="paused-list">
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button type="button" aria-label={`Remove ${site}`} onClick={() => void set(site, false)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="paused-add" onSubmit={add}>
        <label>
          Pause on a site{' '}
          <input
            type="text"
            name="site"
            placeholder="example.com"
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        <button type="submit">Add</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
