// @vitest-environment happy-dom
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportMenu, type ExportFile } from '../../components/ExportMenu';
import { importBackup, readBackup } from '../../lib/backup';
import { PaperRadarDB } from '../../lib/db';
import { EXPORT_FORMATS, exportReadingList } from '../../lib/export';

const BACKUP = 'tests/fixtures/export/hard-backup.json';
const run = (...args: string[]) => spawnSync('npx', ['tsx', 'lib/cli/export.ts', ...args], { encoding: 'utf8' });
const LABELS = { bibtex: 'BibTeX', biblatex: 'biblatex', 'csl-json': 'CSL-JSON', markdown: 'Markdown' } as const;

afterEach(cleanup);

describe('export CLI', () => {
  // One run per format, shared by the tests below (each run starts tsx).
  const outputs = Object.fromEntries(EXPORT_FORMATS.map((f) => [f, run(BACKUP, '--format', f)]));

  it.each(EXPORT_FORMATS)('prints the %s export of a backup file', (format) => {
    const r = outputs[format]!;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(exportReadingList(format, readBackup(readFileSync(BACKUP, 'utf8')).entries));
  });

  it('prints exactly what the reading list export buttons write for the same entries', async () => {
    const db = new PaperRadarDB('export-cli-test');
    await importBackup(db, readFileSync(BACKUP, 'utf8'));
    const files: ExportFile[] = [];
    const user = userEvent.setup();
    render(<ExportMenu db={db} onFile={(f) => files.push(f)} />);
    for (const format of EXPORT_FORMATS) await user.click(screen.getByRole('button', { name: LABELS[format] }));
    await waitFor(() => expect(files).toHaveLength(EXPORT_FORMATS.length));
    expect(files.map((f) => f.text)).toEqual(EXPORT_FORMATS.map((f) => outputs[f]!.stdout));
    expect(screen.getByRole('status').textContent).toBe('Exported 26 papers as reading-list.md.');
    await db.delete();
  });

  it.each([
    [['tests/fixtures/export/missing.json', '--format', 'bibtex'], /^error: cannot read .*missing\.json: ENOENT$/],
    [
      ['package.json', '--format', 'bibtex'],
      /^error: package\.json: The file is not a Paper Radar reading-list backup\.$/,
    ],
    [[BACKUP, '--format', 'ris'], /^error: unknown format "ris"/],
    [[BACKUP], /^error: usage: export BACKUP\.json --format/],
  ])(
    'exits non-zero with a one-line error for %j',
    (args, message) => {
      const r = run(...args);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    },
    30_000,
  ); // each case starts tsx, which takes seconds on a loaded machine
});
