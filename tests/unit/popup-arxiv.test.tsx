// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/Popup';
import type { RadarClient } from '../../lib/client';
import { PaperRadarDB } from '../../lib/db';
import { handle, MessageType, type RouterDeps, type TabView } from '../../lib/messages';
import type { RankedPaper } from '../../lib/ranking/rank';
import { memoryTabStore } from '../../lib/tab-state';
import { DEFAULT_SETTINGS } from '../../lib/settings';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const popup = { id: ID, url: `${ORIGIN}popup.html` };

const PAGED = {
  id: 'import-t-vllm',
  title: 'Efficient Memory Management for Large Language Model Serving with PagedAttention',
  abstract:
    'We propose PagedAttention, an attention algorithm inspired by virtual memory paging, and build vLLM on it.',
  authors: ['Woosuk Kwon', 'Zhuohan Li'],
  year: '2023',
  arxivId: '2309.06180',
};
const RANKED: RankedPaper[] = [
  { id: PAGED.id, title: PAGED.title, score: 20, strong: true, matchedTerms: ['pagedattention'], explanation: [] },
  { id: 'kv', title: 'KV cache compression', score: 8, strong: true, matchedTerms: ['kv cache'], explanation: [] },
];

function deps(url: string, overrides: Partial<RouterDeps> = {}) {
  return {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    rank: vi.fn(async () => RANKED),
    settings: async () => DEFAULT_SETTINGS,
    search: vi.fn(async () => []),
    papers: vi.fn(async (ids: readonly string[]) =>
      ids.map((id) => (id === PAGED.id ? PAGED : { id, abstract: `Abstract of ${id}.` })),
    ),
    paperByArxivId: vi.fn(async (id: string) => (id === PAGED.arxivId ? PAGED : undefined)),
    tabs: memoryTabStore(),
    tabUrl: vi.fn(async () => url),
    setBadge: vi.fn(async () => {}),
    isSitePaused: vi.fn(async () => false),
    setSitePaused: vi.fn(async () => {}),
    savePaper: vi.fn(async () => true),
    corpusChanged: vi.fn(async () => 0),
    now: () => 1,
    ...overrides,
  } satisfies RouterDeps;
}

const getTab = async (d: RouterDeps) => {
  const reply = await handle({ type: MessageType.UI_BG_GET_TAB, tabId: 3 }, popup, d);
  if (!reply.ok) throw new Error(reply.error);
  return reply.data as TabView;
};

describe('the popup’s view of an arXiv address', () => {
  it.each([
    'https://arxiv.org/pdf/2309.06180',
    'https://arxiv.org/pdf/2309.06180v2',
    'https://arxiv.org/pdf/2309.06180v1.pdf',
    'https://arxiv.org/abs/2309.06180v3',
  ])('identifies the corpus paper from %s and ranks related papers by its abstract', async (url) => {
    const d = deps(url);
    const view = await getTab(d);
    expect(view).toMatchObject({
      kind: 'ready',
      site: 'arxiv.org',
      fromAddress: { arxivId: '2309.06180', paper: { id: PAGED.id, authors: PAGED.authors, year: '2023' } },
      article: { arxivId: '2309.06180' },
    });
    // Ranked against the paper's own abstract, without the paper itself among its related papers.
    expect(d.rank).toHaveBeenCalledWith(expect.objectContaining({ text: PAGED.abstract }));
    expect(view.kind === 'ready' && view.papers.map((p) => p.id)).toEqual(['kv']);
  });

  it('offers the PDF of a paper the corpus lacks for saving, with no related papers', async () => {
    const view = await getTab(deps('https://arxiv.org/pdf/2501.00001'));
    expect(view).toMatchObject({
      kind: 'ready',
      papers: [],
      fromAddress: { arxivId: '2501.00001' },
      article: { arxivId: '2501.00001', url: 'https://arxiv.org/abs/2501.00001' },
    });
    expect(view.kind === 'ready' && view.fromAddress?.paper).toBeUndefined();
  });

  it('leaves an abstract page of a paper the corpus lacks to the page reader', async () => {
    expect(await getTab(deps('https://arxiv.org/abs/2501.00001'))).toEqual({ kind: 'reading', site: 'arxiv.org' });
  });

  it('respects a paused arxiv.org', async () => {
    const view = await getTab(deps('https://arxiv.org/pdf/2309.06180', { isSitePaused: vi.fn(async () => true) }));
    expect(view).toEqual({ kind: 'paused', site: 'arxiv.org' });
  });

  it('is never used for a content script’s view (the panel never runs in a PDF)', async () => {
    const d = deps('https://arxiv.org/abs/2309.06180');
    const cs = { id: ID, url: 'https://arxiv.org/abs/2309.06180', frameId: 0, tab: { id: 3 } };
    const reply = await handle({ type: MessageType.CS_BG_GET_RELATED }, cs, d);
    expect(reply).toEqual({ ok: true, data: { kind: 'reading', site: 'arxiv.org' } });
    expect(d.paperByArxivId).not.toHaveBeenCalled();
  });
});

describe('Popup on an arXiv PDF', () => {
  let db: PaperRadarDB;
  let n = 0;
  beforeEach(() => {
    db = new PaperRadarDB(`popup-arxiv-${n++}`);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });
  const client = (view: TabView): RadarClient => ({
    getTab: vi.fn(async () => view),
    search: vi.fn(async () => []),
    setSitePaused: vi.fn(async () => {}),
  });

  it('shows the paper with Save, then its related papers', async () => {
    const view = await getTab(deps('https://arxiv.org/pdf/2309.06180'));
    render(<Popup client={client(view)} tabId={3} db={db} />);
    const self = within(await screen.findByRole('list', { name: 'This paper' })).getByRole('listitem');
    expect(self.textContent).toContain('Woosuk Kwon, Zhuohan Li · 2023 · arXiv:2309.06180');
    expect(within(self).getByRole('button', { name: `Save “${PAGED.title}”` })).toBeTruthy();
    const related = within(screen.getByRole('list', { name: 'Related papers' })).getAllByRole('listitem');
    expect(related.map((li) => within(li).getByRole('heading').textContent)).toEqual(['KV cache compression']);
  });

  it('says why there are no related papers when the corpus lacks the paper, and still offers Save', async () => {
    const view = await getTab(deps('https://arxiv.org/pdf/2501.00001'));
    render(<Popup client={client(view)} tabId={3} db={db} />);
    expect(await screen.findByText(/arXiv:2501\.00001 is not in your corpus/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save “arXiv:2501.00001”' })).toBeTruthy();
  });
});
