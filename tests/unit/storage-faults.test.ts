import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readPage } from '../../lib/cli/node-engine';
import { PaperRadarDB } from '../../lib/db';
import {
  CANT_SAVE,
  isReadOnly,
  onSchemaChange,
  openForPage,
  openWritable,
  StorageError,
  storageProblem,
} from '../../lib/db-access';
import { handle, MessageType, type TabView } from '../../lib/messages';
import { createRadar } from '../../lib/radar';
import { draftFromPaper, listEntries, save, setNote, toggle } from '../../lib/reading-list';
import { LATEST_SCHEMA } from '../fixtures/schema';
import { savedEntry, snapshot, unavailableIndexedDB } from '../fixtures/storage';

/**
 * Database faults of issue 8 (items 5 and 6): IndexedDB unavailable, another
 * build upgrading the database while a page is open, and a database newer
 * than the code. Each fills a reading list first and proves it intact after.
 */

const bundled = readFileSync('assets/papers.txt', 'utf8');
const page = { ...readPage('tests/fixtures/pages/kv-article.html'), url: 'https://example.org/kv-cache' };
const TAB = 7;

/**
 * What the background (falling back to memory) and Dexie (closing for another
 * connection) say on the console is expected here: each test asserts on it
 * instead of printing it, and any other warning fails the test.
 */
const EXPECTED_WARNINGS = [
  /^Paper Radar: Can't save: .* Searching the bundled corpus in memory\.$/,
  /^Another connection wants to (delete|upgrade) database '[^']+'\. Closing db now/,
];
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
// Registered before the hook that deletes the databases, so it runs after it (and sees Dexie's warnings).
afterEach(() => {
  const unexpected = warn.mock.calls.filter(([first]) => !EXPECTED_WARNINGS.some((re) => re.test(String(first))));
  warn.mockRestore();
  expect(unexpected).toEqual([]);
});
/** The background said, once, that it ranks from memory and why it cannot save. */
function expectFellBack(reason: string) {
  expect(warn).toHaveBeenCalledWith(
    `Paper Radar: ${reason} Searching the bundled corpus in memory.`,
    expect.anything(),
  );
}

let n = 0;
const names: string[] = [];
const newName = () => {
  const name = `storage-faults-${n++}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A reading list of three saved papers, one with a note, in a database at the current schema. */
async function filledReadingList(name: string) {
  const db = new PaperRadarDB(name);
  const entries = [savedEntry(1, 'my note'), savedEntry(2), savedEntry(3)];
  await db.readingList.bulkPut(entries);
  db.close();
  return entries;
}

/** The previous schema's next version: what a newer build of Paper Radar declares. */
class NewerBuildDB extends PaperRadarDB {
  constructor(name: string) {
    super(name);
    this.version(3).stores({ readingList: 'id, savedAt, updatedAt, title, read', tags: 'id, name' });
  }
}

/** What the router answers, from the background's side, for the content script of tab 7 and the popup. */
function router(radar: ReturnType<typeof createRadar>) {
  const url = page.url;
  const cs = { id: fakeBrowser.runtime.id, url, frameId: 0, tab: { id: TAB, url } };
  const ui = { id: fakeBrowser.runtime.id, url: `${radar.deps.extensionOrigin}popup.html` };
  fakeBrowser.tabs.get = vi.fn(async () => ({ id: TAB, url }) as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>);
  return {
    report: () => handle({ type: MessageType.CS_BG_REPORT_PAGE, page }, cs, radar.deps),
    view: async () => {
      const reply = await handle({ type: MessageType.UI_BG_GET_TAB, tabId: TAB }, ui, radar.deps);
      return reply.ok ? (reply.data as TabView) : reply;
    },
    search: (query: string) => handle({ type: MessageType.UI_BG_SEARCH, query }, ui, radar.deps),
    savePaper: (paperId: string) => handle({ type: MessageType.CS_BG_SAVE_PAPER, paperId }, cs, radar.deps),
  };
}

describe('the background when IndexedDB is unavailable', () => {
  it('ranks, badges, lists and searches the bundled corpus in memory, and says why it cannot save', async () => {
    const name = newName();
    const entries = await filledReadingList(name);
    // The healthy background, for comparison.
    const healthy = router(createRadar(new PaperRadarDB(newName()), bundled));
    const expected = await healthy.report();
    const expectedView = await healthy.view();
    const expectedSearch = await healthy.search('kv cache');

    const radar = createRadar(new PaperRadarDB(name, unavailableIndexedDB()), bundled);
    const bg = router(radar);
    const badge = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    const report = await bg.report();
    expect(report).toEqual(expected);
    expect(report).toMatchObject({ ok: true, data: { strong: expect.any(Number) } });
    expect((report as { data: { strong: number } }).data.strong).toBeGreaterThan(0);
    expect(badge).toHaveBeenCalledWith({
      tabId: TAB,
      text: String((report as { data: { strong: number } }).data.strong),
    });

    const view = await bg.view();
    expect(view).toEqual(expectedView);
    expect(view).toMatchObject({ kind: 'ready' });
    const papers = (view as Extract<TabView, { kind: 'ready' }>).papers;
    expect(papers.length).toBeGreaterThan(0);
    expect(papers[0]!.abstract.length).toBeGreaterThan(100);

    // The same papers in the same order (the in-memory index adds them in corpus order, so matched terms may be listed differently).
    const ids = (reply: Awaited<ReturnType<typeof bg.search>>) =>
      reply.ok ? (reply.data as Array<{ id: string }>).map((p) => p.id) : reply;
    const search = await bg.search('kv cache');
    expect(ids(search)).toEqual(ids(expectedSearch));
    expect(ids(search)).not.toHaveLength(0);

    expect(await bg.savePaper(papers[0]!.id)).toEqual({ ok: false, error: CANT_SAVE.unavailable });
    await expect(radar.deps.savePaper(papers[0]!.id)).rejects.toBeInstanceOf(StorageError);
    await expect(radar.reindex()).resolves.toBeUndefined();

    expect((await snapshot(name)).stores.readingList).toEqual(entries);
    expectFellBack(CANT_SAVE.unavailable);
  });

  it('falls back the same way when the browser has no IndexedDB at all', async () => {
    const radar = createRadar(new PaperRadarDB(newName(), { indexedDB: undefined }), bundled);
    const hits = await handle(
      { type: MessageType.UI_BG_SEARCH, query: 'decompiler' },
      { id: fakeBrowser.runtime.id, url: `${radar.deps.extensionOrigin}popup.html` },
      radar.deps,
    );
    expect(hits).toMatchObject({
      ok: true,
      data: expect.arrayContaining([expect.objectContaining({ abstract: expect.any(String) })]),
    });
    await expect(radar.deps.savePaper('anything')).rejects.toThrow(CANT_SAVE.unavailable);
    expectFellBack(CANT_SAVE.unavailable);
  });
});

describe('openWritable', () => {
  it('rejects with the reason when IndexedDB cannot be opened', async () => {
    const error = await openWritable(new PaperRadarDB(newName(), unavailableIndexedDB())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ problem: 'unavailable', message: CANT_SAVE.unavailable });
  });

  it('opens a database at this schema or older, and a new one', async () => {
    const name = newName();
    const entries = await filledReadingList(name);
    const db = await openWritable(new PaperRadarDB(name));
    expect((await listEntries(db)).entries).toHaveLength(entries.length);
    db.close();
    const fresh = await openWritable(new PaperRadarDB(newName()));
    expect(fresh.isOpen()).toBe(true);
    fresh.close();
  });
});

describe('storageProblem', () => {
  it('names what Dexie reports for a failed open, and nothing else', async () => {
    const db = new PaperRadarDB(newName(), unavailableIndexedDB());
    const fromRead = await db.readingList.toArray().catch((e: unknown) => e);
    expect(storageProblem(fromRead)).toBe('unavailable');
    expect(storageProblem(new StorageError('newer'))).toBe('newer');
    expect(storageProblem(new Dexie.ConstraintError('Key already exists'))).toBeUndefined();
    expect(storageProblem(new Error('boom'))).toBeUndefined();
    expect(storageProblem(null)).toBeUndefined();
  });
});

describe('version skew: another build upgrades the database while a page has it open', () => {
  it('closes the connection so the upgrade is not blocked, and reopens (here: read-only) with every row kept', async () => {
    const name = newName();
    const entries = await filledReadingList(name);
    const popup = await openForPage(new PaperRadarDB(name));
    expect((await listEntries(popup)).entries).toHaveLength(3);
    const reopened = new Promise<PaperRadarDB>((ok) =>
      onSchemaChange(popup, () => ok(openForPage(new PaperRadarDB(name)))),
    );
    const blocked = vi.fn();

    const newer = new NewerBuildDB(name);
    newer.on('blocked', blocked);
    await newer.open();
    expect(newer.verno).toBe(3);
    expect(blocked).not.toHaveBeenCalled();
    expect(popup.isOpen()).toBe(false);

    const again = await reopened;
    expect(isReadOnly(again)).toBe(true);
    expect((await listEntries(again)).entries).toEqual(await listEntries(newer).then((r) => r.entries));
    await expect(save(again, draftFromPaper({ id: 'x-1', title: 'New', abstract: '' }))).rejects.toThrow(
      CANT_SAVE.newer,
    );
    again.close();
    expect(await newer.readingList.toArray()).toEqual(entries);
    newer.close();
  });

  it('makes the background check the stored version again: it reads the corpus in memory and refuses to save', async () => {
    const name = newName();
    const entries = await filledReadingList(name);
    const db = new PaperRadarDB(name);
    const radar = createRadar(db, bundled);
    const bg = router(radar);
    await bg.report();
    expect(db.isOpen()).toBe(true);

    const newer = new NewerBuildDB(name);
    await newer.open();
    newer.close();

    const view = await bg.view();
    expect(view).toMatchObject({ kind: 'ready', papers: expect.arrayContaining([expect.anything()]) });
    const first = (view as Extract<TabView, { kind: 'ready' }>).papers[0]!;
    expect(await bg.savePaper(first.id)).toEqual({ ok: false, error: CANT_SAVE.newer });
    const after = await snapshot(name);
    expect(after.version).toBe(3);
    expect(after.stores.readingList).toEqual(entries);
    expect(after.stores).toHaveProperty('tags');
    expectFellBack(CANT_SAVE.newer);
  });
});

describe('a database newer than the code (a rollback)', () => {
  /** What a future build left: version 3, an extra store, the reading list re-indexed, extra fields on rows. */
  async function futureDatabase(name: string) {
    const future = new Dexie(name);
    future.version(LATEST_SCHEMA.version + 2).stores({
      ...LATEST_SCHEMA.stores,
      readingList: 'id, savedAt, updatedAt, *tags',
      tags: 'id, name',
    });
    const entries = [savedEntry(1, 'kept'), { ...savedEntry(2), tags: ['llm'] }];
    await future.table('readingList').bulkPut(entries);
    await future.table('tags').put({ id: 'llm', name: 'LLMs' });
    await future.table('meta').put({ key: 'schemaNote', value: 'from the future' });
    future.close();
    return snapshot(name);
  }

  it('opens it read-only: the reading list is readable, writes say why not, nothing is changed', async () => {
    const name = newName();
    const before = await futureDatabase(name);
    await expect(openWritable(new PaperRadarDB(name))).rejects.toMatchObject({ problem: 'newer' });

    const db = await openForPage(new PaperRadarDB(name));
    expect(isReadOnly(db)).toBe(true);
    const { entries, corrupt } = await listEntries(db);
    expect(entries.map((e) => e.id).sort()).toEqual(['saved-paper-1', 'saved-paper-2']);
    expect(corrupt).toEqual([]);
    expect(entries.find((e) => e.id === 'saved-paper-1')?.note).toBe('kept');

    const draft = draftFromPaper({ id: 'new-paper-1', title: 'New paper', abstract: 'x' });
    await expect(save(db, draft)).rejects.toThrow(CANT_SAVE.newer);
    await expect(toggle(db, { ...draft, id: 'saved-paper-1' })).rejects.toThrow(CANT_SAVE.newer);
    await expect(setNote(db, 'saved-paper-1', 'overwritten?')).rejects.toThrow(CANT_SAVE.newer);
    await expect(db.readingList.clear()).rejects.toThrow(CANT_SAVE.newer);
    db.close();

    expect(await snapshot(name)).toEqual(before);
  });

  it('serves the background from memory and never touches it', async () => {
    const name = newName();
    const before = await futureDatabase(name);
    const radar = createRadar(new PaperRadarDB(name), bundled);
    const bg = router(radar);
    expect(await bg.report()).toMatchObject({ ok: true });
    expect(await bg.view()).toMatchObject({ kind: 'ready' });
    expect(await bg.savePaper('anything')).toEqual({ ok: false, error: CANT_SAVE.newer });
    expect(await snapshot(name)).toEqual(before);
    expectFellBack(CANT_SAVE.newer);
  });

  it('would be changed by a plain Dexie open — why the stored version is checked first', async () => {
    const name = newName();
    const before = await futureDatabase(name);
    const plain = new PaperRadarDB(name);
    await plain.open();
    plain.close();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Dexie SchemaDiff: Schema was extended/));
    warn.mockClear();
    // Dexie "patches" the missing title index in, bumping the version past the newer build's.
    expect((await snapshot(name)).version).toBeGreaterThan(before.version);
  });
});
