// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OptionsImport } from '../../components/OptionsImport';
import { importCorpus } from '../../lib/corpus-import';
import { nameFromFile, pageImportStore } from '../../lib/corpus-import-store';
import { PaperRadarDB } from '../../lib/db';

const CHUNK = 50;
const entry = (i: number) => ({
  title: `Synthetic paper number ${i} on quantised speculative decoding`,
  abstract: `A long enough abstract about sparse attention kernels for long-context inference, variant ${i}.`,
  year: 2024,
});
const jsonl = (entries: unknown[]) => entries.map((e) => JSON.stringify(e)).join('\n');
const good = (n: number) => Array.from({ length: n }, (_, i) => entry(i));
const fileOf = (text: string, name = 'My Field.jsonl') => new File([text], name, { type: 'application/json' });

let db: PaperRadarDB;
let dbCount = 0;
let corpusChanged: ReturnType<typeof vi.fn<() => Promise<number>>>;

beforeEach(async () => {
  db = new PaperRadarDB(`options-import-test-${++dbCount}`);
  await db.readingList.put({
    id: 'saved-1',
    title: 'A saved paper',
    abstract: 'Kept across imports.',
    note: 'read this',
    read: false,
    savedAt: 1,
    updatedAt: 1,
  });
  corpusChanged = vi.fn(async () => 0);
});

afterEach(async () => {
  cleanup();
  db.close();
  await db.delete();
});

/** The import section over a fake-indexeddb database, with small chunks so progress shows several steps. */
function renderImport() {
  const store = pageImportStore(async () => db, corpusChanged, { chunkSize: CHUNK });
  const seen: number[] = [];
  const spied = {
    ...store,
    start: vi.fn((...args: Parameters<typeof store.start>) =>
      store.start(args[0], args[1], {
        ...args[2],
        onProgress: (p) => (seen.push(p.done), args[2].onProgress?.(p)),
      }),
    ),
  };
  const onChanged = vi.fn();
  render(<OptionsImport store={spied} onChanged={onChanged} />);
  return { user: userEvent.setup(), seen, onChanged, store: spied };
}

const pick = async (user: ReturnType<typeof userEvent.setup>, file: File) =>
  user.upload(screen.getByLabelText('File', { exact: true }), file);
const status = () => screen.getByRole('status').textContent ?? '';
const imported = () => db.papers.where('source').equals('import:my-field').count();

describe('OptionsImport', () => {
  it('shows how many papers are good and the first bad entries with their lines when a file is picked', async () => {
    const { user } = renderImport();
    const bad = [
      ...good(3),
      { abstract: entry(4).abstract },
      'not json',
      { ...entry(9), year: 'soon' },
      { ...entry(10), url: 'javascript:x' },
      { title: 'x', abstract: 'short' },
      { title: 'Still no abstract', abstract: 'short' },
    ];
    const text = bad.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');
    await pick(user, fileOf(text));
    await screen.findByText('3 papers, 6 bad entries:');
    const items = within(screen.getByRole('list', { name: 'Bad entries' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'line 4: title: missing',
      'line 5: not valid JSON',
      'line 6: year: year must be four digits',
      expect.stringMatching(/^line 7: url: /),
      expect.stringMatching(/^line 8: title: /),
      'and 1 more',
    ]);
    expect((screen.getByLabelText('Name of the set') as HTMLInputElement).value).toBe('my-field');
    expect(await imported()).toBe(0);
  });

  it('imports the good entries with progress when bad entries are skipped', async () => {
    const { user, seen, onChanged } = renderImport();
    await pick(user, fileOf(jsonl([...good(120), { abstract: entry(0).abstract }])));
    await screen.findByText('120 papers, 1 bad entry:');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(status()).toContain('Imported 120 papers as “my-field”, 1 bad entry skipped.'));
    expect(seen).toEqual([50, 100, 120]);
    const bar = screen.getByRole('progressbar', { name: 'Import progress' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([120, 120]);
    expect(screen.getByText('120 of 120 papers')).toBeTruthy();
    expect(await imported()).toBe(120);
    expect(corpusChanged).toHaveBeenCalledTimes(1);
    expect(onChanged).toHaveBeenCalled();
    expect(await db.readingList.toArray()).toEqual([expect.objectContaining({ id: 'saved-1', note: 'read this' })]);
    expect(within(await screen.findByRole('list', { name: 'Imported sets' })).getByText('my-field')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Imported sets' }).textContent).toContain('my-field: 120 papers');
  });

  it('imports nothing and says why when the file is refused for a bad entry', async () => {
    const { user } = renderImport();
    await pick(user, fileOf(jsonl([...good(5), { abstract: entry(0).abstract }])));
    await screen.findByText('5 papers, 1 bad entry:');
    await user.click(screen.getByRole('radio', { name: 'Refuse the file if any entry is bad' }));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(status()).toContain('Nothing imported: the file has 1 bad entry'));
    expect(await imported()).toBe(0);
    expect(corpusChanged).not.toHaveBeenCalled();
    expect(await screen.findByText('No imported papers.')).toBeTruthy();
  });

  it('shows plainly why a file cannot be read at all', async () => {
    const { user } = renderImport();
    await pick(user, fileOf('[{"title": "broken"', 'broken.json'));
    expect((await screen.findByRole('alert')).textContent).toContain('is not valid JSON');
    expect((screen.getByRole('button', { name: 'Import' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why a set name is refused and imports nothing', async () => {
    const { user } = renderImport();
    await pick(user, fileOf(jsonl(good(3))));
    await screen.findByText('3 papers, 0 bad entries.');
    const name = screen.getByLabelText('Name of the set');
    await user.clear(name);
    await user.type(name, 'Bad Name!');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('is not a valid corpus name');
    expect(await db.papers.count()).toBe(0);
  });

  it('removes an imported set and keeps the reading list', async () => {
    await importCorpus(db, 'my-field', jsonl(good(7)), { reindex: false });
    const { user, onChanged } = renderImport();
    await user.click(await screen.findByRole('button', { name: 'Remove my-field' }));
    await waitFor(() => expect(status()).toBe('Removed “my-field” (7 papers).'));
    expect(await imported()).toBe(0);
    expect(await screen.findByText('No imported papers.')).toBeTruthy();
    expect(corpusChanged).toHaveBeenCalledTimes(1);
    expect(onChanged).toHaveBeenCalled();
    expect(await db.readingList.count()).toBe(1);
  });

  it('offers an interrupted import for resuming with the same file, and refuses another file', async () => {
    const text = jsonl(good(120));
    await expect(
      importCorpus(db, 'my-field', text, {
        chunkSize: CHUNK,
        reindex: false,
        onProgress: () => {
          throw new Error('the page closed');
        },
      }),
    ).rejects.toThrow('the page closed');
    const { user } = renderImport();
    const sets = await screen.findByRole('list', { name: 'Imported sets' });
    expect(sets.textContent).toContain('my-field: stopped at 50 of 120 papers');

    await user.upload(screen.getByLabelText('Resume my-field with its file'), fileOf(jsonl(good(121))));
    expect((await screen.findByRole('alert')).textContent).toContain('not the one');
    expect(await imported()).toBe(50);

    await user.upload(screen.getByLabelText('Resume my-field with its file'), fileOf(text));
    await waitFor(() => expect(status()).toBe('Imported 120 papers as “my-field” (resumed).'));
    expect(await imported()).toBe(120);
    expect(screen.getByRole('list', { name: 'Imported sets' }).textContent).toContain('my-field: 120 papers');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('OptionsImport with real formats', () => {
  it('names the format it found, even for a gzip file with a misleading name', async () => {
    const { user } = renderImport();
    const gz = await new Response(
      new Blob([jsonl(good(3))]).stream().pipeThrough(new CompressionStream('gzip')),
    ).arrayBuffer();
    await pick(user, new File([gz], 'My Field.csv'));
    expect((await screen.findByText(/^Format:/)).textContent).toBe('Format: Paper Radar JSON Lines, gzip.');
    await screen.findByText('3 papers, 0 bad entries.');
  });

  it('says how many papers have no abstract and skips them when asked', async () => {
    const { user } = renderImport();
    await pick(user, fileOf(jsonl([...good(4), { title: 'A paper known by its title only' }])));
    expect((await screen.findByText(/no abstract\.$/)).textContent).toBe('1 paper has no abstract.');
    await user.click(screen.getByRole('radio', { name: 'Skip them' }));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(status()).toContain('Imported 4 papers as “my-field”, 1 paper without abstract skipped.'),
    );
    expect(await imported()).toBe(4);
  });

  it('says how far it has read while it checks a large file', async () => {
    const { user } = renderImport();
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(status()));
    observer.observe(screen.getByRole('status'), { childList: true, subtree: true, characterData: true });
    await pick(user, fileOf(jsonl(good(10_001))));
    await screen.findByText('10,001 papers, 0 bad entries.', undefined, { timeout: 20_000 });
    observer.disconnect();
    expect(seen).toContain('Checking My Field.jsonl… 10,000 entries read');
  }, 30_000);

  it('keeps title-only papers by default', async () => {
    const { user } = renderImport();
    await pick(user, fileOf(jsonl([...good(4), { title: 'A paper known by its title only' }])));
    await screen.findByRole('radio', { name: 'Keep them title-only (1 paper)' });
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(status()).toContain('Imported 5 papers as “my-field”.'));
    expect(await imported()).toBe(5);
  });

  it('adds nothing when the same file is imported twice', async () => {
    const { user } = renderImport();
    const file = fileOf(jsonl(good(60)));
    await pick(user, file);
    await screen.findByText('60 papers, 0 bad entries.');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(status()).toContain('Imported 60 papers'));
    await pick(user, fileOf(jsonl(good(60))));
    await screen.findByText('60 papers, 0 bad entries.');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(status()).toBe('Nothing added: “my-field” already holds the 60 papers of this file.'));
    expect(await imported()).toBe(60);
  });

  it('creates no set for a file without any good paper', async () => {
    const { user } = renderImport();
    await pick(user, fileOf(jsonl([{ abstract: entry(1).abstract }])));
    await screen.findByText('0 papers, 1 bad entry:');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(status()).toContain('no set was created'));
    expect(await db.importJobs.count()).toBe(0);
  });

  it('stops an import on Cancel at a checkpoint and leaves it resumable', async () => {
    const { user } = renderImport();
    await pick(user, fileOf(jsonl(good(400))));
    await screen.findByText('400 papers, 0 bad entries.');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await screen.findByText('50 of 400 papers');
    await user.click(screen.getByRole('button', { name: 'Cancel import' }));
    await waitFor(() => expect(status()).toContain('Import cancelled'));
    const written = await imported();
    expect(written % CHUNK).toBe(0);
    expect(written).toBeLessThan(400);
    expect((await screen.findByRole('list', { name: 'Imported sets' })).textContent).toContain(
      `my-field: stopped at ${written} of 400 papers`,
    );
  });
});

describe('nameFromFile', () => {
  it('makes a valid set name from a file name', () => {
    expect(nameFromFile('My Field (2024).jsonl')).toBe('my-field-2024');
    expect(nameFromFile('papers-10k.json')).toBe('papers-10k');
    expect(nameFromFile('A very long file name indeed.jsonl')).toBe('a-very-long-file-nam');
    expect(nameFromFile('___.json')).toBe('papers');
    expect(nameFromFile('arxiv-cs-2025.jsonl.gz')).toBe('arxiv-cs-2025');
  });
});
