// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/Popup';
import type { RadarClient } from '../../lib/client';
import { paperId } from '../../lib/corpus';
import { PaperRadarDB } from '../../lib/db';
import { termsOf } from '../../lib/highlight';
import type { PaperView, TabView } from '../../lib/messages';
import { draftFromPaper, getEntry, listEntries, save, type PageArticle } from '../../lib/reading-list';

let db: PaperRadarDB;
let n = 0;
beforeEach(() => {
  db = new PaperRadarDB(`popup-test-${n++}`);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const paper = (id: string, title: string, extra: Partial<PaperView> = {}): PaperView => ({
  id,
  title,
  abstract: `${title} studies the KV cache of large language models. ${'More words follow here. '.repeat(20)}`,
  score: 1,
  relevance: 0.5,
  strong: false,
  matchedTerms: ['kv cache'],
  highlightTerms: termsOf(['kv cache']),
  ...extra,
});

const H2O = paper('h2o', 'H2O: Heavy-Hitter Oracle', {
  score: 9,
  relevance: 1,
  strong: true,
  codeUrl: 'https://github.com/FMInference/H2O',
});
const WEAK = [1, 2, 3, 4, 5].map((i) => paper(`weak-${i}`, `Weak paper ${i}`, { score: 5 - i }));

function fakeClient(view: TabView, search: PaperView[] = []) {
  return {
    getTab: vi.fn(async () => view),
    search: vi.fn(async () => search),
    setSitePaused: vi.fn(async () => {}),
  } satisfies RadarClient;
}

const ready = (papers: PaperView[]): TabView => ({ kind: 'ready', site: 'arxiv.org', title: 'Page', papers });
const relatedItems = async () =>
  within(await screen.findByRole('list', { name: 'Related papers' })).getAllByRole('listitem');

describe('Popup', () => {
  describe('related papers', () => {
    it('lists strong matches first, marked as strong, then the best few others', async () => {
      render(<Popup client={fakeClient(ready([...WEAK, H2O]))} tabId={1} />);
      const items = await relatedItems();
      expect(items).toHaveLength(4);
      expect(items[0]?.textContent).toContain('H2O: Heavy-Hitter Oracle');
      expect(within(items[0]!).getByText('Strong match')).toBeTruthy();
      expect(items[0]!.className).toContain('paper-strong');
      expect(items[1]!.className).not.toContain('paper-strong');
      expect(screen.getByText('1 strong match for this page.')).toBeTruthy();
    });

    it('keeps the background’s order, which the reading list may have nudged, instead of sorting by score', async () => {
      const nudged = paper('nudged', 'Nudged paper', { score: 0.5, likeSaved: true });
      render(<Popup client={fakeClient(ready([H2O, WEAK[0]!, nudged, WEAK[1]!]))} tabId={1} />);
      const titles = (await relatedItems()).map((li) => within(li).getByRole('heading').textContent);
      expect(titles).toEqual([H2O.title, WEAK[0]!.title, 'Nudged paper', WEAK[1]!.title]);
    });

    it('shows each paper’s relevance, code link and a Save button', async () => {
      render(<Popup client={fakeClient(ready([H2O]))} tabId={1} db={db} />);
      const [item] = await relatedItems();
      expect(within(item!).getByRole('meter', { name: 'Relevance' }).getAttribute('aria-valuenow')).toBe('100');
      expect(within(item!).getByRole('link', { name: /^Code/ }).getAttribute('href')).toBe(H2O.codeUrl);
      const save = within(item!).getByRole('button', { name: `Save “${H2O.title}”` });
      expect(save.hasAttribute('disabled')).toBe(false);
    });

    it('highlights the matched terms in the abstract’s opening, as text', async () => {
      const tricky = paper('x', 'Tricky', { abstract: 'The <b>KV cache</b> & <script>alert(1)</script> grows.' });
      render(<Popup client={fakeClient(ready([tricky]))} tabId={1} />);
      const [item] = await relatedItems();
      const marks = item!.querySelectorAll('mark');
      expect([...marks].map((m) => m.textContent)).toEqual(['KV cache']);
      expect(item!.querySelector('b, script')).toBeNull();
      expect(item!.textContent).toContain('<script>alert(1)</script>');
    });

    it('says why a paper ranks where it does: the matched terms, and likeness to the reading list', async () => {
      const liked = paper('liked', 'Liked paper', { likeSaved: true });
      render(<Popup client={fakeClient(ready([H2O, liked]))} tabId={1} />);
      const [first, second] = await relatedItems();
      expect(first!.textContent).toContain('Matched: kv cache');
      expect(first!.textContent).not.toContain('reading list');
      expect(within(second!).getByText('Similar to papers you saved')).toBeTruthy();
    });

    it('shows authors (three, then “et al.”), year and arXiv id, and links the title to the paper’s page', async () => {
      const withMeta = paper('m', 'Paged Attention for Serving', {
        authors: ['Ann Lee', 'Bo Chen', 'Cy Diaz', 'Di Eve'],
        year: '2025',
        arxivId: '2503.15879',
      });
      render(<Popup client={fakeClient(ready([withMeta, H2O]))} tabId={1} />);
      // H2O is strong, so it comes first.
      const [second, first] = await relatedItems();
      expect(first!.textContent).toContain('Ann Lee, Bo Chen, Cy Diaz et al. · 2025 · arXiv:2503.15879');
      expect(within(first!).getByRole('link', { name: withMeta.title }).getAttribute('href')).toBe(
        'https://arxiv.org/abs/2503.15879',
      );
      // No page known: the title is plain text, and the code link stays a separate link.
      expect(within(second!).queryByRole('link', { name: H2O.title })).toBeNull();
      expect(within(second!).getByRole('link', { name: /^Code/ })).toBeTruthy();
    });

    it('prefers the venue to the arXiv id, and a paper’s own address to arXiv', async () => {
      const p = paper('v', 'Venue paper', {
        authors: ['Ann Lee'],
        venue: 'NeurIPS',
        arxivId: '2503.15879',
        url: 'https://example.org/v',
      });
      render(<Popup client={fakeClient(ready([p]))} tabId={1} />);
      const [item] = await relatedItems();
      expect(item!.textContent).toContain('Ann Lee · NeurIPS');
      expect(item!.textContent).not.toContain('arXiv:');
      expect(within(item!).getByRole('link', { name: 'Venue paper' }).getAttribute('href')).toBe(
        'https://example.org/v',
      );
    });

    it('shows the passage of the abstract that matched, not its opening', async () => {
      const abstract = `${'Language models keep growing in size and cost. '.repeat(6)}We evict the KV cache of idle heads. ${'Results follow. '.repeat(8)}`;
      render(<Popup client={fakeClient(ready([paper('p', 'Passage', { abstract })]))} tabId={1} />);
      const [item] = await relatedItems();
      const shown = document.getElementById('abstract-p')!.textContent!;
      expect(shown).toContain('We evict the KV cache of idle heads.');
      expect(shown.startsWith('…')).toBe(true);
      expect(within(item!).getByText('KV cache').tagName).toBe('MARK');
    });

    it('marks saved and strong papers each one way: a “✓ Saved” button and a “Strong match” tag', async () => {
      await save(db, draftFromPaper(H2O));
      render(<Popup client={fakeClient(ready([H2O, WEAK[0]!]))} tabId={1} db={db} />);
      const [first, second] = await relatedItems();
      await within(first!).findByRole('button', { name: /^Saved — remove/ });
      expect(within(first!).getAllByText('Strong match')).toHaveLength(1);
      expect(within(second!).queryByText('Strong match')).toBeNull();
      expect(first!.textContent).toMatch(/100%/);
    });

    it('expands and collapses the whole abstract', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(ready([H2O]))} tabId={1} />);
      const toggle = await screen.findByRole('button', { name: `Full abstract: ${H2O.title}` });
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      expect(document.getElementById(`abstract-${H2O.id}`)?.textContent).not.toBe(H2O.abstract);
      await user.click(toggle);
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      expect(document.getElementById(`abstract-${H2O.id}`)?.textContent).toBe(H2O.abstract);
    });

    it('says plainly when nothing is strong and still shows the best few', async () => {
      render(<Popup client={fakeClient(ready(WEAK))} tabId={1} />);
      expect(await screen.findByText(/No strong matches for this page/)).toBeTruthy();
      expect(await relatedItems()).toHaveLength(3);
    });

    it('says when no paper relates at all', async () => {
      render(<Popup client={fakeClient(ready([]))} tabId={1} />);
      expect(await screen.findByText('No paper in the corpus relates to this page.')).toBeTruthy();
    });
  });

  describe('page states', () => {
    it.each([
      ['browser-page', /can’t read this page/],
      ['web-store', /can’t read the extension store/],
      ['pdf', /PDFs/],
    ] as const)('explains a restricted page (%s)', async (reason, text) => {
      render(<Popup client={fakeClient({ kind: 'restricted', reason })} tabId={1} />);
      expect(await screen.findByText(text)).toBeTruthy();
      expect(screen.queryByRole('button', { name: /Pause/ })).toBeNull();
    });

    it('says the page is still being read, and asks again until it is', async () => {
      const client = fakeClient({ kind: 'reading', site: 'arxiv.org' });
      render(<Popup client={client} tabId={1} />);
      expect(await screen.findByText('Reading this page…')).toBeTruthy();
      client.getTab.mockResolvedValue(ready([H2O]));
      expect(await relatedItems()).toHaveLength(1);
    });

    it('offers to resume a paused site', async () => {
      const user = userEvent.setup();
      const client = fakeClient({ kind: 'paused', site: 'arxiv.org' });
      render(<Popup client={client} tabId={1} />);
      expect(await screen.findByText(/Paper Radar is paused on/)).toBeTruthy();
      await user.click(screen.getAllByRole('button', { name: 'Resume on this site' })[0]!);
      expect(client.setSitePaused).toHaveBeenCalledWith('arxiv.org', false);
    });

    it('pauses the current site', async () => {
      const user = userEvent.setup();
      const client = fakeClient(ready([H2O]));
      render(<Popup client={client} tabId={1} />);
      await user.click(await screen.findByRole('button', { name: 'Pause on this site' }));
      expect(client.setSitePaused).toHaveBeenCalledWith('arxiv.org', true);
    });

    it('shows an error the background replied with', async () => {
      const client = fakeClient(ready([]));
      client.getTab.mockRejectedValue(new Error('no tab with id 1'));
      render(<Popup client={client} tabId={1} />);
      expect((await screen.findByRole('alert')).textContent).toContain('no tab with id 1');
    });
  });

  describe('search', () => {
    const SQL = paper('mag', 'MAG-SQL: Multi-Agent Generative Approach', {
      highlightTerms: ['sql'],
      abstract: 'Text-to-SQL with agents.',
    });
    const OTHER = paper('din', 'DIN-SQL: Decomposed In-Context Learning', { highlightTerms: ['sql'] });

    it('searches the corpus as you type and highlights what matched', async () => {
      const user = userEvent.setup();
      const client = fakeClient(ready([H2O]), [SQL, OTHER]);
      render(<Popup client={client} tabId={1} />);
      await user.type(screen.getByRole('searchbox', { name: 'Search all papers' }), 'text-to-sql');
      const results = await screen.findByRole('list', { name: 'Search results' });
      expect(within(results).getAllByRole('listitem')[0]?.textContent).toContain('MAG-SQL');
      expect(client.search).toHaveBeenLastCalledWith('text-to-sql');
      expect([...results.querySelectorAll('mark')].map((m) => m.textContent)).toContain('SQL');
      expect(screen.queryByRole('list', { name: 'Related papers' })).toBeNull();
    });

    it('moves with the arrow keys, expands with Enter and clears with Escape', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(ready([H2O]), [SQL, OTHER])} tabId={1} />);
      const box = screen.getByRole('searchbox', { name: 'Search all papers' });
      await user.type(box, 'sql');
      await screen.findByRole('list', { name: 'Search results' });

      await user.keyboard('{Enter}');
      const first = screen.getByRole('button', { name: /^Full abstract: MAG-/ });
      expect(first.getAttribute('aria-expanded')).toBe('true');
      expect(document.activeElement).toBe(first);

      await user.keyboard('{ArrowDown}');
      expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Full abstract: DIN-/ }));
      await user.keyboard('{Enter}');
      expect(screen.getByRole('button', { name: /^Full abstract: DIN-/ }).getAttribute('aria-expanded')).toBe('true');
      await user.keyboard('{ArrowUp}{ArrowUp}');
      expect(document.activeElement).toBe(box);

      await user.keyboard('{Escape}');
      expect((box as HTMLInputElement).value).toBe('');
      expect(await relatedItems()).toHaveLength(1);
    });

    it('says when nothing matches', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(ready([H2O]), [])} tabId={1} />);
      await user.type(screen.getByRole('searchbox', { name: 'Search all papers' }), 'zzzz');
      expect(await screen.findByText('No paper matches “zzzz”.')).toBeTruthy();
    });
  });

  describe('saving', () => {
    const savedName = (title: string) => `Saved — remove “${title}” from reading list`;
    const ARTICLE = { title: 'A Page-Only Paper on Decompilers', doi: 'https://doi.org/10.1145/ABC.1', year: '2024' };
    const withArticle = (article: PageArticle = ARTICLE): TabView => ({
      ...(ready([H2O]) as Extract<TabView, { kind: 'ready' }>),
      url: 'https://dl.acm.org/doi/10.1145/abc.1',
      article,
    });

    it('saves a related paper, says so in its name, and removes it when pressed again', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(ready([H2O]))} tabId={1} db={db} />);
      const [item] = await relatedItems();
      await user.click(within(item!).getByRole('button', { name: `Save “${H2O.title}”` }));
      const saved = await within(item!).findByRole('button', { name: savedName(H2O.title) });
      expect(saved.textContent).toContain('Saved');
      expect(item!.className).toContain('paper-saved');
      expect(await getEntry(db, H2O.id)).toMatchObject({ title: H2O.title, codeUrl: H2O.codeUrl, note: '' });

      await user.click(saved);
      await within(item!).findByRole('button', { name: `Save “${H2O.title}”` });
      expect(await getEntry(db, H2O.id)).toBeUndefined();
    });

    it('marks a paper saved earlier as saved in the search results', async () => {
      const user = userEvent.setup();
      const SQL = paper('mag', 'MAG-SQL', { highlightTerms: ['sql'] });
      await save(db, draftFromPaper(SQL));
      render(<Popup client={fakeClient(ready([H2O]), [SQL, H2O])} tabId={1} db={db} />);
      await user.type(screen.getByRole('searchbox', { name: 'Search all papers' }), 'sql');
      const results = await screen.findByRole('list', { name: 'Search results' });
      expect(await within(results).findByRole('button', { name: savedName('MAG-SQL') })).toBeTruthy();
      expect(within(results).getByRole('button', { name: `Save “${H2O.title}”` })).toBeTruthy();
    });

    it('shows a paper saved from the related list under the Reading list tab', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(ready([H2O]))} tabId={1} db={db} />);
      const [item] = await relatedItems();
      await user.click(within(item!).getByRole('button', { name: /^Save/ }));
      await within(item!).findByRole('button', { name: savedName(H2O.title) });
      await user.click(screen.getByRole('tab', { name: 'Reading list' }));
      const list = await screen.findByRole('list', { name: 'Reading list' });
      expect(within(list).getByRole('heading').textContent).toBe(H2O.title);
    });

    it('offers to save the article the page describes, even when it is not in the corpus', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(withArticle())} tabId={1} db={db} />);
      const row = await screen.findByRole('group', { name: 'This page' });
      expect(row.textContent).toContain(`This page: ${ARTICLE.title}`);
      await user.click(within(row).getByRole('button', { name: `Save “${ARTICLE.title}”` }));
      await within(row).findByRole('button', { name: savedName(ARTICLE.title) });
      const { entries } = await listEntries(db);
      expect(entries).toEqual([
        expect.objectContaining({
          id: 'doi:10.1145/abc.1',
          title: ARTICLE.title,
          doi: '10.1145/abc.1',
          year: '2024',
          url: 'https://dl.acm.org/doi/10.1145/abc.1',
        }),
      ]);

      await user.click(within(row).getByRole('button', { name: savedName(ARTICLE.title) }));
      await within(row).findByRole('button', { name: `Save “${ARTICLE.title}”` });
      expect((await listEntries(db)).entries).toEqual([]);
    });

    it('shows the page’s article as saved when the corpus paper of the same title is', async () => {
      // Corpus ids are derived from titles, so the page's title finds the corpus paper's entry.
      await save(db, draftFromPaper({ ...H2O, id: paperId(H2O.title) }));
      render(<Popup client={fakeClient(withArticle({ title: H2O.title }))} tabId={1} db={db} />);
      const row = await screen.findByRole('group', { name: 'This page' });
      expect(await within(row).findByRole('button', { name: savedName(H2O.title) })).toBeTruthy();
    });

    it('shows no page row when the page describes no article', async () => {
      render(<Popup client={fakeClient(ready([H2O]))} tabId={1} db={db} />);
      await relatedItems();
      expect(screen.queryByRole('group', { name: 'This page' })).toBeNull();
    });
  });

  describe('tabs', () => {
    it('switches to the reading list tab and back with the arrow keys', async () => {
      const user = userEvent.setup();
      render(<Popup client={fakeClient(ready([H2O]))} tabId={1} />);
      const related = screen.getByRole('tab', { name: 'Related' });
      expect(related.getAttribute('aria-selected')).toBe('true');
      related.focus();
      await user.keyboard('{ArrowRight}');
      const list = screen.getByRole('tab', { name: 'Reading list' });
      expect(list.getAttribute('aria-selected')).toBe('true');
      expect(document.activeElement).toBe(list);
      expect(screen.getByRole('tabpanel', { name: 'Reading list' })).toBeTruthy();
      await user.keyboard('{ArrowLeft}');
      expect(related.getAttribute('aria-selected')).toBe('true');
    });
  });
});
