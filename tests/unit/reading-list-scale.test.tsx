// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportMenu, type ExportFile } from '../../components/ExportMenu';
import { ReadingList } from '../../components/ReadingList';
import { ReadingListPanel } from '../../components/ReadingListPanel';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';
import { listedEntry } from '../fixtures/reading-list/entry';

let db: PaperRadarDB;
let n = 0;

const entry = (id: string, title: string, savedAt: number, extra: Partial<ReadingListEntry> = {}) =>
  listedEntry(id, title, savedAt, { abstract: '', ...extra });

const gat = entry('gat', 'Graph Attention Networks', 3, {
  authors: ['Petar Veličković', 'Guillem Cucurull', 'Arantxa Casanova', 'Adriana Romero'],
  year: '2018',
  tags: ['gnn', 'to-read'],
});
const corpus = entry('corpus', 'Attention Is All You Need', 2);
const rl = entry('rl', 'Playing Atari with Deep Reinforcement Learning', 1, {
  authors: ['Volodymyr Mnih'],
  year: '2013',
  tags: ['rl'],
});

beforeEach(async () => {
  db = new PaperRadarDB(`scale-test-${n++}`);
  await db.readingList.bulkPut([gat, corpus, rl]);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const titles = () =>
  within(screen.getByRole('list', { name: 'Reading list' }))
    .getAllByRole('listitem')
    .filter((li) => li.classList.contains('rl-item'))
    .map((li) => li.querySelector('h3')?.textContent);
const item = (title: string) => screen.getByRole('heading', { level: 3, name: title }).closest('li')!;

describe('the reading list count', () => {
  it('counts papers with the right plural, and what a filter leaves', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('3 papers');
    await user.type(screen.getByRole('searchbox', { name: /filter/i }), 'atari');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('1 of 3 papers');
    await db.readingList.bulkDelete(['gat', 'corpus']);
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('1 paper'));
  });

  it('says "Exported 1 paper", not "1 papers"', async () => {
    await db.readingList.bulkDelete(['gat', 'corpus']);
    const user = userEvent.setup();
    const files: ExportFile[] = [];
    render(<ExportMenu db={db} onFile={(f) => files.push(f)} />);
    await user.click(screen.getByRole('button', { name: 'biblatex' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Exported 1 paper as reading-list.biblatex.bib.'),
    );
    expect(files[0]!.text).toContain('keywords     = {rl}');
  });
});

describe('entries', () => {
  it('show authors (three, then et al.) and the year', async () => {
    render(<ReadingList db={db} />);
    await screen.findByRole('list', { name: 'Reading list' });
    expect(item('Graph Attention Networks').querySelector('.rl-byline')?.textContent).toBe(
      'Petar Veličković, Guillem Cucurull, Arantxa Casanova et al. · 2018',
    );
  });

  it('mark a paper without authors or year and let the user fill them in', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await screen.findByRole('list', { name: 'Reading list' });
    const paper = within(item('Attention Is All You Need'));
    expect(paper.getByText('Authors and year not recorded')).toBeTruthy();
    await user.click(paper.getByRole('button', { name: 'Fill in' }));
    const form = within(screen.getByRole('form', { name: 'Edit “Attention Is All You Need”' }));
    await waitFor(() => expect(document.activeElement).toBe(form.getByLabelText('Title')));
    await user.type(form.getByLabelText('Authors, one per line'), 'Ashish Vaswani{Enter}Noam Shazeer');
    await user.type(form.getByLabelText('Year'), '2017');
    await user.click(form.getByRole('button', { name: 'Save details' }));
    await waitFor(async () =>
      expect(await db.readingList.get('corpus')).toMatchObject({
        authors: ['Ashish Vaswani', 'Noam Shazeer'],
        year: '2017',
      }),
    );
    await waitFor(() => expect(within(item('Attention Is All You Need')).queryByText(/not recorded/)).toBeNull());
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Edit'));
  });

  it('refuses a year that is not four digits, saying why', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await screen.findByRole('list', { name: 'Reading list' });
    await user.click(
      screen.getByRole('button', { name: 'Edit title, authors and year of “Attention Is All You Need”' }),
    );
    await user.type(screen.getByLabelText('Year'), '17');
    await user.click(screen.getByRole('button', { name: 'Save details' }));
    expect(screen.getByRole('alert').textContent).toBe('The year is four digits, e.g. 2024.');
    expect((await db.readingList.get('corpus'))?.year).toBeUndefined();
  });

  it('keep the note collapsed to one line until it is clicked', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    const box = (await screen.findByRole('textbox', {
      name: 'Note for Graph Attention Networks',
    })) as HTMLTextAreaElement;
    expect(Number(box.getAttribute('rows'))).toBe(1);
    expect(box.classList.contains('rl-note--open')).toBe(false);
    await user.click(box);
    expect(Number(box.getAttribute('rows'))).toBeGreaterThanOrEqual(3);
    expect(box.classList.contains('rl-note--open')).toBe(true);
  });
});

describe('tags', () => {
  it('adds a tag with Enter and removes one with its × button', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await screen.findByRole('list', { name: 'Reading list' });
    await user.type(
      screen.getByRole('textbox', { name: 'Add a tag to “Attention Is All You Need”' }),
      'Transformers{Enter}',
    );
    await waitFor(async () => expect((await db.readingList.get('corpus'))?.tags).toEqual(['Transformers']));
    await user.click(await screen.findByRole('button', { name: 'Remove tag to-read from “Graph Attention Networks”' }));
    await waitFor(async () => expect((await db.readingList.get('gat'))?.tags).toEqual(['gnn']));
  });

  it('filters by a tag from the tag bar or from an entry, and back to all', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await screen.findByRole('list', { name: 'Reading list' });
    const bar = within(screen.getByRole('group', { name: 'Show papers by tag' }));
    await user.click(bar.getByRole('button', { name: '#rl 1' }));
    expect(titles()).toEqual(['Playing Atari with Deep Reinforcement Learning']);
    expect(bar.getByRole('button', { name: '#rl 1' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(bar.getByRole('button', { name: 'All' }));
    expect(titles()).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Show papers tagged gnn' }));
    expect(titles()).toEqual(['Graph Attention Networks']);
  });
});

describe('remove', () => {
  it('moves focus to Undo, so the keyboard is not dropped on the page', async () => {
    const user = userEvent.setup();
    render(<ReadingList db={db} />);
    await user.click(
      await screen.findByRole('button', { name: 'Remove “Graph Attention Networks” from reading list' }),
    );
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' })));
  });
});

describe('the full page', () => {
  it('is one main landmark with headings in order: h1, h2 per section, h3 per paper', async () => {
    const { container } = render(<ReadingListPanel db={db} fullPage onFile={() => {}} />);
    await screen.findByRole('list', { name: 'Reading list' });
    expect(screen.getByRole('main')).toBeTruthy();
    const levels = [...container.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level - levels[i - 1]!).toBeLessThanOrEqual(1);
    });
    expect(screen.getByRole('heading', { level: 2, name: 'Export and back up' })).toBeTruthy();
  });
});
