// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageScheme, Panel, pillLabel } from '../../components/Panel';
import type { PaperView, TabView } from '../../lib/messages';
import { panelContent, startPanel, SUMMARY_LENGTH, type PanelContent } from '../../lib/panel';
import type { LocationChange } from '../../lib/site-access';
import { DEFAULT_SETTINGS, type LoadedSettings, type Settings } from '../../lib/settings';

afterEach(cleanup);

const paper = (id: string, strong: boolean, score = 1): PaperView => ({
  id,
  title: `Paper ${id}`,
  abstract: `Abstract of ${id}. ${'Long words follow. '.repeat(40)}`,
  score,
  relevance: 1,
  strong,
  matchedTerms: ['kv cache'],
  highlightTerms: ['kv'],
});
const ready = (papers: PaperView[]): TabView => ({ kind: 'ready', site: 'arxiv.org', title: 'Page', papers });
const CONTENT: PanelContent = {
  strong: true,
  papers: [
    { id: 'a', title: 'SWE-PolyBench: multi-language', summary: 'A benchmark.' },
    { id: 'b', title: 'Other paper', summary: 'Another.' },
  ],
};

describe('panelContent', () => {
  it('lists the strong matches only, with a bounded summary and no reading-list or page data', () => {
    const view: TabView = {
      ...ready([paper('a', true), paper('b', false), paper('c', true)]),
      article: { title: 'The page itself' },
    } as TabView;
    const content = panelContent(view, 'strong')!;
    expect(content.strong).toBe(true);
    expect(content.papers.map((p) => p.id)).toEqual(['a', 'c']);
    expect(Object.keys(content.papers[0]!).sort()).toEqual(['id', 'summary', 'title']);
    expect(content.papers[0]!.summary.length).toBeLessThanOrEqual(SUMMARY_LENGTH);
  });

  it('shows nothing without strong matches unless the panel is always on, then the best three', () => {
    const weak = ready([1, 2, 3, 4].map((i) => paper(`w${i}`, false)));
    expect(panelContent(weak, 'strong')).toBeNull();
    expect(panelContent(weak, 'always')).toMatchObject({
      strong: false,
      papers: [{ id: 'w1' }, { id: 'w2' }, { id: 'w3' }],
    });
  });

  it('shows nothing when off, or when the tab is not ready', () => {
    expect(panelContent(ready([paper('a', true)]), 'off')).toBeNull();
    expect(panelContent({ kind: 'paused', site: 'a.com' }, 'always')).toBeNull();
    expect(panelContent({ kind: 'reading', site: 'a.com' }, 'always')).toBeNull();
    expect(panelContent(ready([]), 'always')).toBeNull();
  });
});

describe('pillLabel', () => {
  it('counts the papers, and says “possibly” when none is a strong match', () => {
    expect(pillLabel(CONTENT)).toBe('2 related papers');
    expect(pillLabel({ strong: true, papers: CONTENT.papers.slice(0, 1) })).toBe('1 related paper');
    expect(pillLabel({ ...CONTENT, strong: false })).toBe('2 possibly related papers');
  });
});

describe('Panel', () => {
  const setup = (overrides: Partial<Parameters<typeof Panel>[0]> = {}) => {
    const props = {
      content: CONTENT,
      onSave: vi.fn(async () => {}),
      onPause: vi.fn(async () => {}),
      ...overrides,
    };
    render(<Panel {...props} />);
    return { ...props, user: userEvent.setup() };
  };

  it('starts as a collapsed pill that takes no focus', () => {
    setup();
    const pill = screen.getByRole('button', { name: '2 related papers' });
    expect(pill.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('list')).toBeNull();
    expect(document.activeElement).not.toBe(pill);
  });

  it('expands into a list of titles, one-line abstracts and Save buttons when the pill is clicked', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: '2 related papers' }));
    const items = within(screen.getByRole('list', { name: 'Related papers' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    // Drawn from attributes by CSS, so the page's window.find cannot see them (issue 16).
    expect(items[0]!.querySelector('h3')?.dataset.text).toBe('SWE-PolyBench: multi-language');
    expect(items[0]!.querySelector('p')?.dataset.text).toBe('A benchmark.');
    expect(items[0]!.textContent).toBe('');
    expect(within(items[0]!).getByRole('button', { name: 'Save: SWE-PolyBench: multi-language' })).toBeTruthy();
  });

  it('collapses on Escape and on the close button, keeping focus on the pill', async () => {
    const { user } = setup();
    const pill = screen.getByRole('button', { name: '2 related papers' });
    await user.click(pill);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('list')).toBeNull();
    await user.click(pill);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('list')).toBeNull();
    expect(document.activeElement).toBe(pill);
  });

  it('saves a paper by its id and marks it saved', async () => {
    const { user, onSave } = setup();
    await user.click(screen.getByRole('button', { name: '2 related papers' }));
    await user.click(screen.getByRole('button', { name: 'Save: Other paper' }));
    expect(onSave).toHaveBeenCalledWith('b');
    const saved = await screen.findByRole('button', { name: 'Saved: Other paper' });
    expect((saved as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so, and offers to retry, when saving failed', async () => {
    const why = 'Can’t save: this browser isn’t letting Paper Radar store data (IndexedDB is unavailable).';
    const { user } = setup({ onSave: vi.fn(async () => Promise.reject(new Error(why))) });
    await user.click(screen.getByRole('button', { name: '2 related papers' }));
    await user.click(screen.getByRole('button', { name: 'Save: Other paper' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`Couldn’t save this paper. ${why}`);
    expect(screen.getByRole('button', { name: 'Save: Other paper' }).dataset.text).toBe('Retry');
  });

  it('pauses the site from “Pause on this site”', async () => {
    const { user, onPause } = setup();
    await user.click(screen.getByRole('button', { name: '2 related papers' }));
    await user.click(screen.getByRole('button', { name: 'Pause on this site' }));
    expect(onPause).toHaveBeenCalledTimes(1);
  });

  it('names the count once, on the pill, not again in the open panel’s header', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: '2 related papers' }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Paper Radar');
    expect(screen.getAllByText('2 related papers')).toHaveLength(1);
  });

  it('shows authors, year and arXiv id, and links the title to the paper’s page', async () => {
    const meta = { authors: ['A One', 'B Two', 'C Three', 'D Four'], year: '2025', arxivId: '2503.15879' };
    const { user } = setup({
      content: { strong: true, papers: [{ id: 'm', title: 'Meta paper', summary: 'S.', meta }] },
    });
    await user.click(screen.getByRole('button', { name: '1 related paper' }));
    const item = within(screen.getByRole('list', { name: 'Related papers' })).getByRole('listitem');
    // Drawn from an attribute by CSS, like the title, so the page's window.find cannot see it.
    expect(item.querySelector<HTMLElement>('.pr-paper-meta')?.dataset.text).toBe(
      'A One, B Two, C Three et al. · 2025 · arXiv:2503.15879',
    );
    expect(item.textContent).toBe('');
    expect(within(item).getByRole('link', { name: 'Meta paper' }).getAttribute('href')).toBe(
      'https://arxiv.org/abs/2503.15879',
    );
  });

  it('opens and moves focus into the list on the shortcut, and closes on the next one', async () => {
    const props = { content: CONTENT, onSave: vi.fn(async () => {}), onPause: vi.fn(async () => {}) };
    const { rerender } = render(<Panel {...props} toggleRequest={0} />);
    expect(screen.queryByRole('list')).toBeNull();
    rerender(<Panel {...props} toggleRequest={1} />);
    await screen.findByRole('list', { name: 'Related papers' });
    await vi.waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save: SWE-PolyBench: multi-language' })),
    );
    rerender(<Panel {...props} toggleRequest={2} />);
    expect(screen.queryByRole('list')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '2 related papers' }));
  });

  it('follows the page’s colour scheme: dark on a dark page, light on a light one', () => {
    setup({ scheme: 'dark' });
    expect(document.querySelector('.pr')!.className).toContain('pr-dark');
    cleanup();
    setup({ scheme: 'light' });
    expect(document.querySelector('.pr')!.className).toContain('pr-light');
  });

  it('renders titles as text, never as HTML', async () => {
    const { user } = setup({
      content: { strong: true, papers: [{ id: 'x', title: '<img src=x onerror=alert(1)>', summary: '<b>b</b>' }] },
    });
    await user.click(screen.getByRole('button', { name: '1 related paper' }));
    expect(document.querySelector('img, b')).toBeNull();
    expect(document.querySelector('h3')?.getAttribute('data-text')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('pageScheme', () => {
  afterEach(() => {
    document.body.style.background = '';
    document.documentElement.style.background = '';
  });

  it('calls a page dark by its computed background, whatever the OS prefers', () => {
    document.body.style.background = 'rgb(13, 17, 23)';
    expect(pageScheme(document)).toBe('dark');
    document.body.style.background = 'rgb(255, 255, 255)';
    expect(pageScheme(document)).toBe('light');
  });

  it('falls back to the root’s background, and says nothing for a page that paints none', () => {
    document.documentElement.style.background = 'rgb(20, 20, 20)';
    expect(pageScheme(document)).toBe('dark');
    document.documentElement.style.background = '';
    expect(pageScheme(document)).toBeUndefined();
  });
});

describe('startPanel', () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));

  function setup(view: TabView, initial: Partial<Settings> = {}) {
    const controller = new AbortController();
    const navigation: Array<(change: LocationChange) => void> = [];
    let settingsListener: (loaded: LoadedSettings) => void = () => {};
    let pausedListener: (sites: string[]) => void = () => {};
    const host = { show: vi.fn(), hide: vi.fn(), toggle: vi.fn() };
    let toggleListener: () => void = () => {};
    let viewChangedListener: () => void = () => {};
    const client = { getRelated: vi.fn(async () => view) };
    const location = { href: 'https://arxiv.org/abs/1' };
    const panel = startPanel(
      { signal: controller.signal, addEventListener: (_t, _type, handler) => void navigation.push(handler) },
      {
        client,
        host,
        location,
        window,
        loadSettings: async () => ({ settings: { ...DEFAULT_SETTINGS, ...initial }, problems: [] }),
        onSettingsChange: (l) => ((settingsListener = l), () => {}),
        onPausedSitesChange: (l) => ((pausedListener = l), () => {}),
        onToggleCommand: (l) => ((toggleListener = l), () => {}),
        onViewChanged: (l) => ((viewChangedListener = l), () => {}),
      },
    );
    const changeSettings = (s: Partial<Settings>) =>
      settingsListener({ settings: { ...DEFAULT_SETTINGS, ...initial, ...s }, problems: [] });
    return {
      panel,
      host,
      client,
      navigate: (change: LocationChange = {}, to?: string) => {
        if (to) location.href = to;
        navigation.forEach((n) => n(change));
      },
      changeSettings,
      pause: (s: string[]) => pausedListener(s),
      shortcut: () => toggleListener(),
      viewChanged: () => viewChangedListener(),
    };
  }

  it('shows the panel with the best papers and opens it on the shortcut, even with no strong match', async () => {
    const { host, shortcut } = setup(ready([paper('w', false)]));
    shortcut();
    await settle();
    await settle();
    expect(host.show).toHaveBeenCalledWith(expect.objectContaining({ papers: [expect.objectContaining({ id: 'w' })] }));
    expect(host.toggle).toHaveBeenCalledTimes(1);
  });

  it('does nothing on the shortcut when the page has no related paper', async () => {
    const { host, shortcut } = setup(ready([]));
    shortcut();
    await settle();
    await settle();
    expect(host.show).not.toHaveBeenCalled();
    expect(host.toggle).not.toHaveBeenCalled();
  });

  it('shows the strong matches after the background answered a report', async () => {
    const { panel, host } = setup(ready([paper('a', true)]));
    panel.reported({ strong: 1, paused: false });
    await settle();
    expect(host.show).toHaveBeenCalledWith(expect.objectContaining({ papers: [expect.objectContaining({ id: 'a' })] }));
  });

  it('asks for nothing when the report found no strong match and the panel shows only strong ones', async () => {
    const { panel, host, client } = setup(ready([paper('a', false)]));
    panel.reported({ strong: 0, paused: false });
    await settle();
    expect(client.getRelated).not.toHaveBeenCalled();
    expect(host.hide).toHaveBeenCalled();
  });

  it('asks for nothing and shows nothing when the panel is off', async () => {
    const { panel, host, client } = setup(ready([paper('a', true)]), { panel: 'off' });
    panel.reported({ strong: 1, paused: false });
    await settle();
    expect(client.getRelated).not.toHaveBeenCalled();
    expect(host.show).not.toHaveBeenCalled();
  });

  it('hides when switched off and shows again when switched on, without reloading the page', async () => {
    const { panel, host, client, changeSettings } = setup(ready([paper('a', true)]));
    panel.reported({ strong: 1, paused: false });
    await settle();
    changeSettings({ panel: 'off' });
    await settle();
    expect(host.hide).toHaveBeenCalled();
    changeSettings({ panel: 'strong' });
    await settle();
    expect(host.show).toHaveBeenCalledTimes(2);
    expect(client.getRelated).toHaveBeenCalledTimes(2);
  });

  it('leaves another sensitivity to the background, and asks for its view again when the background says it changed', async () => {
    const { panel, host, client, changeSettings, viewChanged } = setup(ready([paper('a', true)]));
    panel.reported({ strong: 1, paused: false });
    await settle();
    changeSettings({ sensitivity: 'fewer' });
    await settle();
    expect(client.getRelated).toHaveBeenCalledTimes(1);
    client.getRelated.mockResolvedValue(ready([paper('a', false)]));
    viewChanged();
    await settle();
    await settle();
    expect(client.getRelated).toHaveBeenCalledTimes(2);
    expect(host.hide).toHaveBeenCalled();
  });

  it('hides when its site is paused, when a report says paused, and when a single-page app navigates', async () => {
    const { panel, host, navigate, pause } = setup(ready([paper('a', true)]));
    pause(['arxiv.org']);
    expect(host.hide).toHaveBeenCalledTimes(1);
    pause(['example.com']);
    expect(host.hide).toHaveBeenCalledTimes(1);
    panel.reported({ strong: 0, paused: true });
    navigate({}, 'https://arxiv.org/abs/2');
    expect(host.hide).toHaveBeenCalledTimes(3);
  });

  it('stays open on a forged location-change event that leaves the URL as it is', async () => {
    const { host, navigate } = setup(ready([paper('a', true)]));
    navigate();
    expect(host.hide).not.toHaveBeenCalled();
  });

  it('stays open on a jump to an anchor of the same page', async () => {
    const { host, navigate } = setup(ready([paper('a', true)]));
    navigate({ oldUrl: new URL('https://arxiv.org/abs/1'), newUrl: new URL('https://arxiv.org/abs/1#results') });
    expect(host.hide).not.toHaveBeenCalled();
  });
});
