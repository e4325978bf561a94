// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Options, type OptionsStore } from '../../components/Options';
import { siteFromInput } from '../../components/OptionsPausedSites';
import type { CorpusInfo } from '../../lib/corpus-info';
import { parseSettings, type Settings } from '../../lib/settings';

afterEach(cleanup);

/** An in-memory store, like the one the options page wires to storage and the database. */
function fakeStore(stored: unknown = undefined, sites: string[] = []) {
  let settings = parseSettings(stored).settings;
  let paused = [...sites];
  const store = {
    loadSettings: vi.fn(async () => parseSettings(stored)),
    saveSettings: vi.fn(async (changes: Partial<Settings>) => (settings = { ...settings, ...changes })),
    onSettingsChange: vi.fn(() => () => {}),
    pausedSites: vi.fn(async () => paused),
    setSitePaused: vi.fn(async (site: string, p: boolean) => {
      paused = p ? [...paused.filter((s) => s !== site), site].sort() : paused.filter((s) => s !== site);
    }),
    onPausedSitesChange: vi.fn(() => () => {}),
    corpusInfo: vi.fn(async (): Promise<CorpusInfo | undefined> => ({
      name: 'Hugging Face Daily Papers',
      date: 'Apr 30',
      papers: 1234,
    })),
    // The import section has its own tests (tests/unit/options-import.test.tsx).
    imports: {
      validate: vi.fn(),
      start: vi.fn(),
      resume: vi.fn(),
      list: vi.fn(async () => []),
      remove: vi.fn(),
    },
  } satisfies OptionsStore;
  return store;
}

describe('Options', () => {
  it('shows the stored choices', async () => {
    render(<Options store={fakeStore({ panel: 'off', sensitivity: 'more' })} />);
    expect(((await screen.findByRole('radio', { name: 'Off' })) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: /^More/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('falls back to the defaults with a visible notice when the stored settings are bad', async () => {
    render(<Options store={fakeStore({ panel: 'sometimes', sensitivity: 7 })} />);
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('could not be read');
    expect(
      within(notice)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.split(':')[0]),
    ).toEqual(['panel', 'sensitivity']);
    expect((screen.getByRole('radio', { name: 'Only on strong matches' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: /^Balanced/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('saves a choice at once and clears the notice', async () => {
    const store = fakeStore('garbage');
    render(<Options store={store} />);
    await screen.findByRole('alert');
    await userEvent.setup().click(screen.getByRole('radio', { name: /^Fewer, surer/ }));
    expect(store.saveSettings).toHaveBeenCalledWith({ sensitivity: 'fewer' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByRole('radio', { name: /^Fewer, surer/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('turns the reading list signal off and on', async () => {
    const store = fakeStore({ readingList: false });
    render(<Options store={store} />);
    const box = (await screen.findByRole('checkbox', { name: /like the ones I saved/ })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await userEvent.setup().click(box);
    expect(store.saveSettings).toHaveBeenCalledWith({ readingList: true });
    expect(box.checked).toBe(true);
  });

  it('lists paused sites, removes one and adds one typed as a URL', async () => {
    const store = fakeStore(undefined, ['arxiv.org', 'example.com']);
    const user = userEvent.setup();
    render(<Options store={store} />);
    const list = await screen.findByRole('list', { name: 'Paused sites' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual(['arxiv.org', 'example.com']);
    await user.click(screen.getByRole('button', { name: 'Remove arxiv.org' }));
    expect(store.setSitePaused).toHaveBeenCalledWith('arxiv.org', false);
    await user.type(screen.getByRole('textbox', { name: 'Pause on a site' }), 'https://News.Example.org/a/b{Enter}');
    expect(store.setSitePaused).toHaveBeenCalledWith('news.example.org', true);
    const items = within(await screen.findByRole('list', { name: 'Paused sites' })).getAllByRole('listitem');
    expect(items.map((li) => li.firstChild?.textContent)).toEqual(['example.com', 'news.example.org']);
  });

  it('refuses to pause something that is not a web site', async () => {
    const store = fakeStore();
    const user = userEvent.setup();
    render(<Options store={store} />);
    await user.type(await screen.findByRole('textbox', { name: 'Pause on a site' }), 'chrome://settings{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain('is not a web site');
    expect(store.setSitePaused).not.toHaveBeenCalled();
  });

  it('names the corpus in use, its date and its size', async () => {
    render(<Options store={fakeStore()} />);
    const corpus = await screen.findByRole('region', { name: 'Corpus' });
    await within(corpus).findByText('Hugging Face Daily Papers');
    expect(corpus.textContent).toContain('Apr 30');
    expect(corpus.textContent).toContain('1,234');
  });

  it('counts bundled and imported papers together, and says how many were imported', async () => {
    const store = fakeStore();
    store.corpusInfo.mockResolvedValue({
      name: 'Hugging Face Daily Papers',
      date: 'Apr 30',
      papers: 10_075,
      imported: 10_000,
    });
    render(<Options store={store} />);
    const corpus = await screen.findByRole('region', { name: 'Corpus' });
    await within(corpus).findByText('10,075 (75 bundled, 10,000 imported)');
  });
});

describe('siteFromInput', () => {
  it.each([
    ['arxiv.org', 'arxiv.org'],
    [' Arxiv.org ', 'arxiv.org'],
    ['https://www.nature.com/articles/x', 'www.nature.com'],
    ['localhost:8080', 'localhost'],
    ['', null],
    ['chrome://extensions', null],
    ['file:///tmp/a.html', null],
  ])('reads %j as %j', (input, site) => {
    expect(siteFromInput(input)).toBe(site);
  });
});
