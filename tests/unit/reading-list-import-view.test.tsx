// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadingListImport } from '../../components/ReadingListImport';
import { PaperRadarDB } from '../../lib/db';

let db: PaperRadarDB;
let n = 0;
beforeEach(() => {
  db = new PaperRadarDB(`reading-list-import-view-test-${n++}`);
});
afterEach(async () => {
  cleanup();
  db.close();
  await db.delete();
});

const fixture = (name: string) => new File([readFileSync(`tests/fixtures/formats/${name}`)], name);

describe('ReadingListImport', () => {
  it('says what a BibTeX import added, and that a second one added nothing', async () => {
    const user = userEvent.setup();
    render(<ReadingListImport db={db} />);
    const input = screen.getByLabelText('Import BibTeX or CSL-JSON');
    const summary = () => screen.getByRole('status', { name: 'Reference import' }).textContent;
    await user.upload(input, fixture('references.bib'));
    await waitFor(() =>
      expect(summary()).toBe('references.bib: 5 added, 0 already saved, 1 skipped: not a readable BibTeX entry.'),
    );
    await user.upload(input, fixture('references.bib'));
    await waitFor(() => expect(summary()).toContain('0 added, 5 already saved'));
    expect(await db.readingList.count()).toBe(5);
  });

  it('explains why a corpus file is not imported into the reading list', async () => {
    const user = userEvent.setup();
    render(<ReadingListImport db={db} />);
    await user.upload(screen.getByLabelText('Import BibTeX or CSL-JSON'), fixture('arxiv-listing.jsonl'));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^Nothing was imported from arxiv-listing\.jsonl: the reading list imports BibTeX and CSL-JSON/,
    );
    expect(await db.readingList.count()).toBe(0);
  });
});
