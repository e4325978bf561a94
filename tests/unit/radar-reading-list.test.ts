import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readPage } from '../../lib/cli/node-engine';
import { parseCorpus } from '../../lib/corpus';
import { PaperRadarDB } from '../../lib/db';
import { handle, MessageType, type TabView } from '../../lib/messages';
import { createRadar } from '../../lib/radar';
import { draftFromPaper, save, unsave } from '../../lib/reading-list';
import { saveSettings } from '../../lib/settings';

/**
 * The popup orders a tab's papers with the reading list in mind (when the
 * setting is on); the badge, the strong matches and everything a content
 * script sees stay the page's own.
 */

const bundled = readFileSync('assets/papers.txt', 'utf8');
const papers = parseCorpus(bundled).papers;
const byTitle = (start: string) => papers.find((p) => p.title.startsWith(start))!;
const page = { ...readPage('tests/fixtures/pages/kv-article.html'), url: 'https://example.org/kv-cache' };
const TAB = 7;

let n = 0;
const dbs: PaperRadarDB[] = [];
beforeEach(() => {
  fakeBrowser.tabs.get = vi.fn(
    async () => ({ id: TAB, url: page.url }) as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>,
  );
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** A background with the kv page reported from tab 7, and what the popup and the content script are told. */
async function background() {
  const db = new PaperRadarDB(`radar-reading-list-${n++}`);
  dbs.push(db);
  const radar = createRadar(db, bundled);
  const cs = { id: fakeBrowser.runtime.id, url: page.url, frameId: 0, tab: { id: TAB, url: page.url } };
  const ui = { id: fakeBrowser.runtime.id, url: `${radar.deps.extensionOrigin}popup.html` };
  const report = await handle({ type: MessageType.CS_BG_REPORT_PAGE, page }, cs, radar.deps);
  const papersOf = async (reply: Awaited<ReturnType<typeof handle>>) => {
    expect(reply.ok).toBe(true);
    const view = (reply as { data: TabView }).data;
    return view.kind === 'ready' ? view.papers : [];
  };
  return {
    db,
    radar,
    report,
    popup: async () => papersOf(await handle({ type: MessageType.UI_BG_GET_TAB, tabId: TAB }, ui, radar.deps)),
    contentScript: async () => papersOf(await handle({ type: MessageType.CS_BG_GET_RELATED }, cs, radar.deps)),
  };
}
const liked = (ps: Array<{ title: string; likeSaved?: boolean }>) => ps.filter((p) => p.likeSaved).map((p) => p.title);
const order = (ps: Array<{ id: string }>) => ps.map((p) => p.id);

describe('the popup with the reading list', () => {
  it('moves papers like a saved one up once it is saved, and stops when it is removed', async () => {
    const bg = await background();
    const plain = await bg.popup();
    expect(liked(plain)).toEqual([]);
    await bg.radar.deps.savePaper(byTitle('BitStack').id);
    const personal = await bg.popup();
    // BitStack compresses language models: what it brings up is about compression.
    expect(liked(personal).length).toBeGreaterThan(0);
    expect(liked(personal).every((t) => /Compress|Compression|Quantiz|Pruning/i.test(t))).toBe(true);
    expect(order(personal)).not.toEqual(order(plain));
    await unsave(bg.db, byTitle('BitStack').id);
    expect(order(await bg.popup())).toEqual(order(plain));
  });

  it('never changes the badge, the strong matches, or what the content script sees', async () => {
    const bg = await background();
    const strongBefore = (await bg.popup()).filter((p) => p.strong).map((p) => p.id);
    const seenBefore = await bg.contentScript();
    await bg.radar.deps.savePaper(byTitle('BitStack').id);
    const personal = await bg.popup();
    expect(personal.filter((p) => p.strong).map((p) => p.id)).toEqual(strongBefore);
    expect(await bg.contentScript()).toEqual(seenBefore);
    expect(liked(await bg.contentScript())).toEqual([]);
  });

  it('follows the list when a paper is swapped for an older one (same count, same newest paper)', async () => {
    const bg = await background();
    await save(bg.db, draftFromPaper(byTitle('BitStack')), { now: 2 });
    await save(bg.db, draftFromPaper(byTitle('High-performance symbolic-numerics')), { now: 3 });
    const withBitStack = liked(await bg.popup());
    expect(withBitStack.length).toBeGreaterThan(0);
    // As a backup import does: one entry removed, another put back with an old save date.
    await unsave(bg.db, byTitle('BitStack').id);
    await save(bg.db, draftFromPaper(byTitle('Robust Table Integration')), { now: 1 });
    expect(liked(await bg.popup())).not.toEqual(withBitStack);
  });

  it('orders as the page alone says when the setting is off', async () => {
    const bg = await background();
    const plain = order(await bg.popup());
    await bg.radar.deps.savePaper(byTitle('BitStack').id);
    await saveSettings({ readingList: false });
    expect(order(await bg.popup())).toEqual(plain);
    await saveSettings({ readingList: true });
    expect(order(await bg.popup())).not.toEqual(plain);
  });
});
