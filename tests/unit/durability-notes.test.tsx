// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTE_MAX_WAIT_MS, ReadingListItem } from '../../components/ReadingListItem';
import { ReadingListDB } from '../../lib/storage/reading-list-db';
import { savedEntry } from '../fixtures/storage';

/**
 * Notes typed just before a crash (issue 16, item 7): written within a second
 * however steadily the user types, and at once when the page is hidden.
 */

let n = 0;
const names: string[] = [];
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

async function item() {
  const db = new ReadingListDB(`durability-notes-${n++}`, { snapshot: false });
  names.push(db.name);
  const entry = savedEntry(1);
  await db.readingList.put(entry);
  render(
    <ul>
      <ReadingListItem db={db} entry={entry} onRemove={() => {}} />
    </ul>,
  );
  const box = (await screen.findByRole('textbox', { name: `Note for ${entry.title}` })) as HTMLTextAreaElement;
  const stored = async () => (await db.readingList.get(entry.id))?.note;
  return { box, stored };
}

describe('note saving', () => {
  it('writes the note within a second while the user types a key every 150 ms', async () => {
    const { box, stored } = await item();
    vi.useFakeTimers();
    let text = '';
    for (let elapsed = 0; elapsed <= NOTE_MAX_WAIT_MS + 150; elapsed += 150) {
      text += 'a';
      fireEvent.input(box, { target: { value: text } });
      await act(async () => void (await vi.advanceTimersByTimeAsync(149)));
    }
    vi.useRealTimers();
    await act(async () => void (await new Promise((r) => setTimeout(r, 50))));
    // Typing has not paused once, yet the first second of it is on disk.
    expect((await stored())!.length).toBeGreaterThanOrEqual(NOTE_MAX_WAIT_MS / 150);
  });

  it('writes a pending note at once when the page is hidden', async () => {
    const { box, stored } = await item();
    vi.useFakeTimers();
    fireEvent.input(box, { target: { value: 'before the crash' } });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    vi.useRealTimers();
    await act(async () => void (await new Promise((r) => setTimeout(r, 50))));
    expect(await stored()).toBe('before the crash');
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });
});
