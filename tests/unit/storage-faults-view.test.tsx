// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/Popup';
import { ReadingList } from '../../components/ReadingList';
import type { RadarClient } from '../../lib/client';
import { PaperRadarDB } from '../../lib/db';
import { CANT_SAVE, openForPage, READING_LIST_NOTICE } from '../../lib/db-access';
import type { PaperView, TabView } from '../../lib/messages';
import { LATEST_SCHEMA } from '../fixtures/schema';
import { savedEntry, snapshot, unavailableIndexedDB } from '../fixtures/storage';

/** What the popup and the reading list say when the database can't be written (issue 8, items 5 and 6). */

let n = 0;
const names: string[] = [];
const newName = () => {
  const name = `storage-faults-view-${n++}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  cleanup();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

const PAPER: PaperView = {
  id: 'h2o',
  title: 'H2O: Heavy-Hitter Oracle',
  abstract: 'H2O keeps the heavy hitters of the KV cache and evicts the rest of it to save memory.',
  score: 9,
  relevance: 1,
  strong: true,
  matchedTerms: ['kv cache'],
  highlightTerms: ['kv', 'cach'],
};
const view: TabView = { kind: 'ready', site: 'arxiv.org', title: 'Page', papers: [PAPER] };
const client: RadarClient = {
  getTab: vi.fn(async () => view),
  search: vi.fn(async () => []),
  setSitePaused: vi.fn(async () => {}),
};

/** A database a newer build upgraded (version 2, an extra store) holding two saved papers. */
async function newerDatabase(name: string) {
  const future = new Dexie(name);
  future.version(LATEST_SCHEMA.version + 1).stores({
    ...LATEST_SCHEMA.stores,
    readingList: 'id, savedAt, updatedAt, title, read',
    tags: 'id',
  });
  await future.table('readingList').bulkPut([savedEntry(1, 'first note'), savedEntry(2)]);
  future.close();
  return snapshot(name);
}

async function clickSave() {
  const user = userEvent.setup();
  const list = await screen.findByRole('list', { name: 'Related papers' });
  await user.click(within(list).getByRole('button', { name: `Save “${PAPER.title}”` }));
}

describe('Popup when the database cannot be written', () => {
  it('still lists the related papers and says why Save cannot work when IndexedDB is unavailable', async () => {
    const name = newName();
    const filled = new PaperRadarDB(name);
    await filled.readingList.bulkPut([savedEntry(1, 'keep me')]);
    filled.close();

    render(<Popup client={client} tabId={1} db={new PaperRadarDB(name, unavailableIndexedDB())} />);
    await clickSave();
    expect((await screen.findByRole('alert')).textContent).toBe(CANT_SAVE.unavailable);
    expect((await snapshot(name)).stores.readingList).toEqual([savedEntry(1, 'keep me')]);
  });

  it('says a newer version upgraded the reading list when it is read-only', async () => {
    const name = newName();
    const before = await newerDatabase(name);
    const db = await openForPage(new PaperRadarDB(name));
    render(<Popup client={client} tabId={1} db={db} />);
    await clickSave();
    expect((await screen.findByRole('alert')).textContent).toBe(CANT_SAVE.newer);
    db.close();
    expect(await snapshot(name)).toEqual(before);
  });
});

describe('ReadingList when the database cannot be written', () => {
  it('shows a notice saying IndexedDB is unavailable instead of the list', async () => {
    render(<ReadingList db={new PaperRadarDB(newName(), unavailableIndexedDB())} />);
    expect((await screen.findByRole('alert')).textContent).toBe(READING_LIST_NOTICE.unavailable);
  });

  it('lists a newer database’s saved papers under a read-only notice', async () => {
    const name = newName();
    const before = await newerDatabase(name);
    const db = await openForPage(new PaperRadarDB(name));
    render(<ReadingList db={db} />);
    const list = await screen.findByRole('list', { name: 'Reading list' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('note').textContent).toBe(READING_LIST_NOTICE.newer);
    db.close();
    expect(await snapshot(name)).toEqual(before);
  });
});
