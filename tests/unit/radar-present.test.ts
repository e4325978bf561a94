import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { bundledEngine, readPage } from '../../lib/cli/node-engine';
import { parseCorpus } from '../../lib/corpus';
import { PaperRadarDB } from '../../lib/db';
import { BG_CS_VIEW_CHANGED, handle, MessageType, RELATED_LIMIT } from '../../lib/messages';
import { createRadar } from '../../lib/radar';
import { present } from '../../lib/ranking/present';
import { rankingConfig } from '../../lib/ranking/config';
import { rank } from '../../lib/ranking/rank';
import { saveSettings } from '../../lib/settings';
import { TabRecordSchema } from '../../lib/tab-state';

/**
 * The background with the bundled corpus: the tab keeps the raw ranking in
 * storage.session, and a sensitivity chosen in the options page re-badges it
 * from there, without the page being ranked or read again.
 */

const bundled = readFileSync('assets/papers.txt', 'utf8');
// A page whose badge differs between "balanced" and "more" on the bundled corpus (checked below).
const page = { ...readPage('tests/fixtures/eval/pages/peft.html'), url: 'https://example.org/peft' };
const TAB = 7;
const cs = { id: fakeBrowser.runtime.id, url: page.url, frameId: 0, tab: { id: TAB, url: page.url } };

let n = 0;
const dbs: PaperRadarDB[] = [];
beforeEach(() => {
  fakeBrowser.tabs.get = vi.fn(
    async () => ({ id: TAB, url: page.url }) as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>,
  );
  fakeBrowser.tabs.sendMessage = vi.fn(async () => undefined) as unknown as typeof fakeBrowser.tabs.sendMessage;
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const storedRecord = async () =>
  TabRecordSchema.parse((await fakeBrowser.storage.session.get(`tab:${TAB}`))[`tab:${TAB}`]);
const badge = () => fakeBrowser.action.getBadgeText({ tabId: TAB });

describe('the background’s ranking', () => {
  it('reads the candidates’ abstracts from the database, and ranks on without a damaged one', async () => {
    const db = new PaperRadarDB(`radar-present-${n++}`);
    dbs.push(db);
    const radar = createRadar(db, bundled);
    const first = await radar.deps.rank(page);
    const texts = new Map(parseCorpus(bundled).papers.map((p) => [p.id, p]));
    expect(first).toEqual(rank(page, bundledEngine(), rankingConfig({ limit: RELATED_LIMIT }), null, texts));
    // The best paper's stored record loses its abstract: that paper is scored on its key terms, the rest as before.
    const best = first[0]!.id;
    await db.papers.update(best, { abstract: undefined as unknown as string });
    texts.delete(best);
    const after = await radar.deps.rank(page);
    expect(after).toEqual(rank(page, bundledEngine(), rankingConfig({ limit: RELATED_LIMIT }), null, texts));
    expect(after).not.toEqual(first);
  });
});

describe('the background after a settings change', () => {
  it('stores the raw ranking and re-badges the tab from it when the sensitivity changes', async () => {
    const db = new PaperRadarDB(`radar-present-${n++}`);
    dbs.push(db);
    const radar = createRadar(db, bundled);
    const rankSpy = vi.spyOn(radar.deps, 'rank');
    await handle({ type: MessageType.CS_BG_REPORT_PAGE, page }, cs, radar.deps);
    const record = await storedRecord();
    // What rank() says on its own, calibrated flags and all, over the stored papers' texts: no setting is baked in.
    const texts = new Map(parseCorpus(bundled).papers.map((p) => [p.id, p]));
    const raw = rank(page, bundledEngine(), rankingConfig({ limit: RELATED_LIMIT }), null, texts);
    expect(record.related.map(({ id, strong, score }) => ({ id, strong, score }))).toEqual(
      raw.map(({ id, strong, score }) => ({ id, strong, score })),
    );
    const balanced = present(record.related, { sensitivity: 'balanced' }).strongCount;
    const more = present(record.related, { sensitivity: 'more' }).strongCount;
    expect(more).not.toBe(balanced);
    expect(await badge()).toBe(String(balanced));

    await saveSettings({ sensitivity: 'more' });
    await vi.waitFor(async () => expect(await badge()).toBe(String(more)));
    await saveSettings({ sensitivity: 'balanced' });
    await vi.waitFor(async () => expect(await badge()).toBe(String(balanced)));

    expect(rankSpy).toHaveBeenCalledTimes(1);
    expect(await storedRecord()).toEqual(record);
    expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledWith(TAB, { type: BG_CS_VIEW_CHANGED }, { frameId: 0 });
  });

  it('tells no content script when only the panel mode changed, or a setting was saved unchanged', async () => {
    const db = new PaperRadarDB(`radar-present-${n++}`);
    dbs.push(db);
    const radar = createRadar(db, bundled);
    await handle({ type: MessageType.CS_BG_REPORT_PAGE, page }, cs, radar.deps);
    const fewer = present((await storedRecord()).related, { sensitivity: 'fewer' }).strongCount;
    const told = vi.mocked(fakeBrowser.tabs.sendMessage);
    // The first change a fresh worker sees presents everything again (it cannot know what was shown before).
    await saveSettings({ sensitivity: 'more' });
    await vi.waitFor(() => expect(told).toHaveBeenCalledTimes(1));
    await saveSettings({ panel: 'always' });
    await saveSettings({ sensitivity: 'more' });
    await saveSettings({ sensitivity: 'fewer' });
    // Changes are presented one at a time, in order: once the last one is on the badge, all have been handled.
    await vi.waitFor(async () => expect([await badge(), told.mock.calls.length >= 2]).toEqual([String(fewer), true]));
    await new Promise((r) => setTimeout(r, 0));
    expect(told).toHaveBeenCalledTimes(2);
  });
});
