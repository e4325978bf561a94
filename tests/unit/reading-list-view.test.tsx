// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExportMenu, type ExportFile } from '../../components/ExportMenu';
import { ReadingList, useSavedIds } from '../../components/ReadingList';
import { NOTE_DEBOUNCE_MS } from '../../components/ReadingListItem';
import { ReadingListPanel } from '../../components/ReadingListPanel';
import { BACKUP_FORMAT } from '../../lib/backup';
import { PaperRadarDB } from '../../lib/db';
import { draftFromPaper, toggle } from '../../lib/reading-list';
import { listedEntry } from '../fixtures/reading-list/entry';

let db: PaperRadarDB;
let n = 0;

const entry = listedEntry;

const older = entry('older', 'Zebra decompilation', Date.UTC(2026, 0, 1));
const newer = entry('newer', 'Attention <b>for</b> binaries', Date.UTC(2026, 1, 1), { note: 'about Ghidra' });

beforeEach(async () => {
  db = new PaperRadarDB(`view-test-${n++}`);
  await db.readingList.bulkPut([older, newer]);
});
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await db.delete();
});

const titles = () =>
  within(screen.getByRole('list', { name: 'Reading list' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('h3')?.textContent);

describe('ReadingList', () => {
  it('lists saved papers newest first, titles as text linking to the paper', async () => {
    render(<ReadingList db={db} />);
    await waitFor(() => expect(titles()).toEqual(['Attention <b>for</b> binaries', 'Zebra decompilation']));
    const link = screen.getByRole('link', { name: 'Attention <b>for</b> binaries' });
    expect(link.getAttribute('href')).toBe('https://example.org/newer');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getAllByText(/Saved/)[0]!.querySelector('time')?.getAttribute('datetime')).toBe(
      new Date(newer.savedAt).toISOString(),
    );
  });

  it('sorts by title when asked', async () => {
    const user = userEvent.setup();
    await db.readingList.put(entry('newest', 'beta tests', Date.UTC(2026, 2, 1)));
    render(<ReadingList db={db} />);
    await waitFor(() =>
      expect(titles()).toEqual(['beta tests', 'Attention <b>for</b> binaries', 'Zebra decompilation']),
    );
    await user.selectOptions(screen.getByRole('combobox', { name: /sort by/i }), 'title');
    expect(titles()).toEqual(['Attention <b>for</b> binaries', 'beta tests', 'Zebra decompilation']);
    await user.selectOptions(screen.getByRole('combobox', { name: /sort by/i }), 'saved');
    expect(titles()).toEqual(['beta tests', 'Attention <b>for</b> binaries', 'Zebra decompilation']);
  });

  it('filters by title, note or abstract as you type', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await waitFor(() => expect(titles()).toHaveLength(2));
    const box = screen.getByRole('searchbox', { name: /filter/i });
    await user.type(box, 'zebra');
    expect(titles()).toEqual(['Zebra decompilation']);
    await user.clear(box);
    await user.type(box, 'ghidra');
    expect(titles()).toEqual(['Attention <b>for</b> binaries']);
    await user.type(box, ' nothing');
    expect(screen.getByText('No saved paper matches “ghidra nothing”.')).toBeTruthy();
  });

  it('saves a note once typing pauses, not on every keystroke', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(<ReadingList db={db} />);
    const box = await screen.findByRole('textbox', { name: 'Note for Zebra decompilation' });
    await user.type(box, 'read §3');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(NOTE_DEBOUNCE_MS / 2);
    });
    expect((await db.readingList.get('older'))?.note).toBe('');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(NOTE_DEBOUNCE_MS);
    });
    await waitFor(async () => expect((await db.readingList.get('older'))?.note).toBe('read §3'));
    expect((box as HTMLTextAreaElement).value).toBe('read §3');
  });

  it('saves a pending note at once when the box loses focus', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    const box = await screen.findByRole('textbox', { name: 'Note for Zebra decompilation' });
    await user.type(box, 'quick');
    fireEvent.blur(box);
    await waitFor(async () => expect((await db.readingList.get('older'))?.note).toBe('quick'));
  });

  it('keeps a note it could not write on screen and says why', async () => {
    render(<ReadingList db={db} />);
    const box = await screen.findByRole('textbox', { name: 'Note for Zebra decompilation' });
    // The database refuses writes from now on (as a read-only or full one does).
    db.readingList.hook('updating', () => {
      throw new Error('the disk is full');
    });
    fireEvent.input(box, { target: { value: 'my unsaved thought' } });
    fireEvent.blur(box);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not saved: .*the disk is full/);
    expect((box as HTMLTextAreaElement).value).toBe('my unsaved thought');
    expect((await db.readingList.get('older'))?.note).toBe('');
  });

  it('marks a paper read', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await user.click(await screen.findByRole('checkbox', { name: 'Read: Zebra decompilation' }));
    await waitFor(async () => expect((await db.readingList.get('older'))?.read).toBe(true));
    await waitFor(() =>
      expect((screen.getByRole('checkbox', { name: 'Read: Zebra decompilation' }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
  });

  it('removes a paper and puts it back, unchanged, on Undo', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await user.click(
      await screen.findByRole('button', { name: 'Remove “Attention <b>for</b> binaries” from reading list' }),
    );
    await waitFor(() => expect(titles()).toEqual(['Zebra decompilation']));
    expect(screen.getByRole('status').textContent).toContain('Removed “Attention <b>for</b> binaries”.');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(titles()).toEqual(['Attention <b>for</b> binaries', 'Zebra decompilation']));
    expect(await db.readingList.get('newer')).toEqual(newer);
  });

  it('says so when nothing is saved', async () => {
    await db.readingList.clear();
    render(<ReadingList db={db} />);
    expect(await screen.findByText(/Nothing saved yet/)).toBeTruthy();
  });

  it('shows a saved paper from another window without reloading', async () => {
    render(<ReadingList db={db} />);
    await waitFor(() => expect(titles()).toHaveLength(2));
    await db.readingList.put(entry('third', 'Brand new', Date.UTC(2026, 2, 1)));
    await waitFor(() => expect(titles()[0]).toBe('Brand new'));
  });
});

describe('ExportMenu', () => {
  const upload = async (content: string, name = 'backup.json') => {
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText(/import backup/i), new File([content], name, { type: 'application/json' }));
  };

  it('says so when an export cannot read the reading list', async () => {
    const user = userEvent.setup();
    render(<ExportMenu db={db} onFile={() => {}} />);
    db.close();
    await user.click(screen.getByRole('button', { name: 'Markdown' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Export failed: /);
  });

  it('exports each format through onFile', async () => {
    const files: ExportFile[] = [];
    const user = userEvent.setup();
    render(<ExportMenu db={db} onFile={(f) => files.push(f)} />);
    for (const name of ['BibTeX', 'CSL-JSON', 'Markdown', 'Backup (JSON)']) {
      await user.click(screen.getByRole('button', { name }));
    }
    await waitFor(() => expect(files).toHaveLength(4));
    expect(files.map((f) => f.name)).toEqual([
      'reading-list.bib',
      'reading-list.csl.json',
      'reading-list.md',
      'paper-radar-reading-list.json',
    ]);
    expect(files[2]!.text).toContain('- [ ] [Attention \\<b\\>for\\</b\\> binaries](https://example.org/newer)');
    expect(screen.getByRole('status').textContent).toBe('Backed up 2 papers.');
  });

  it('shows why an import failed and imports nothing', async () => {
    render(<ExportMenu db={db} onFile={() => {}} />);
    const bad = JSON.stringify({
      format: BACKUP_FORMAT,
      version: 1,
      exportedAt: 'x',
      entries: [entry('a', 'Fine', 1), { ...entry('b', 'Broken', 2), read: 'yes' }],
    });
    await upload(bad);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Nothing was imported from backup.json. Entry 2 ("Broken") is invalid: read: Invalid input: expected boolean, received string.',
      ),
    );
    expect(await db.readingList.count()).toBe(2);
  });

  it('shows a clear error for a file that is not JSON', async () => {
    render(<ExportMenu db={db} onFile={() => {}} />);
    await upload('not json at all', 'notes.txt');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /^Nothing was imported from notes.txt. The file is not JSON/,
      ),
    );
  });

  it('reports what a good import did', async () => {
    render(<ExportMenu db={db} onFile={() => {}} />);
    await upload(
      JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: 'x', entries: [entry('c', 'New one', 3)] }),
    );
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Imported: 1 new, 0 updated, 0 already up to date.'),
    );
    expect(await db.readingList.count()).toBe(3);
  });
});

describe('ReadingListPanel', () => {
  it('renders the list and the export menu with no props besides the database', async () => {
    render(<ReadingListPanel db={db} />);
    expect(await screen.findByRole('list', { name: 'Reading list' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Export reading list' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the reading list in a tab' }).getAttribute('href')).toMatch(
      /reading-list\.html$/,
    );
  });

  it('shows a page heading and no self-link as the full page', async () => {
    render(<ReadingListPanel db={db} fullPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Reading list' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Open the reading list in a tab' })).toBeNull();
  });
});

describe('useSavedIds', () => {
  function Marks({ ids }: { ids: string[] }) {
    const saved = useSavedIds(db);
    return (
      <ul>
        {ids.map((id) => (
          <li key={id}>{`${id}: ${saved.has(id) ? 'saved' : 'not saved'}`}</li>
        ))}
      </ul>
    );
  }

  it('marks papers as saved and follows saving and unsaving', async () => {
    render(<Marks ids={['older', 'paper-x']} />);
    expect(await screen.findByText('older: saved')).toBeTruthy();
    expect(screen.getByText('paper-x: not saved')).toBeTruthy();
    const paper = { id: 'paper-x', title: 'Paper X', abstract: 'About X.' };
    await toggle(db, draftFromPaper(paper));
    expect(await screen.findByText('paper-x: saved')).toBeTruthy();
    await toggle(db, draftFromPaper(paper));
    expect(await screen.findByText('paper-x: not saved')).toBeTruthy();
  });
});
