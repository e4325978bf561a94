import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchExtension, openExtensionPage, storedReadingList, waitForIndex, type Launched } from './extension';
import { saveTwenty } from './reading-list-seed';

/**
 * The reading list survives a corrupted store (issue 16, item 2): 20 saved
 * papers with notes, the browser closed, its IndexedDB files damaged in one
 * of five ways, the browser started again — the reading list is whole
 * (restored from its copy in storage.local, and the page says so), or the
 * page warns and offers the copy's 20 papers for export.
 */

function leveldbDir(ext: Launched): string {
  const base = join(ext.profile, 'Default', 'IndexedDB');
  const dir = readdirSync(base).find(
    (d) => d.startsWith(`chrome-extension_${ext.extensionId}`) && d.endsWith('.leveldb'),
  );
  if (!dir) throw new Error(`no IndexedDB leveldb folder in ${base}`);
  return join(base, dir);
}

const filesOf = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);

/** The five kinds of damage; each returns false when the store has no file of the kind (nothing to damage). */
const DAMAGE: Record<string, (dir: string) => boolean> = {
  'the largest .ldb truncated to half': (dir) => {
    const [ldb] = filesOf(dir, '.ldb');
    if (!ldb) return false;
    truncateSync(ldb, Math.floor(statSync(ldb).size / 2));
    return true;
  },
  '4 KB zeroed in an .ldb': (dir) => {
    const [ldb] = filesOf(dir, '.ldb');
    if (!ldb) return false;
    const bytes = readFileSync(ldb);
    bytes.fill(0, Math.floor(bytes.length / 3), Math.min(bytes.length, Math.floor(bytes.length / 3) + 4096));
    writeFileSync(ldb, bytes);
    return true;
  },
  "the .log's tail truncated": (dir) => {
    const [log] = filesOf(dir, '.log').filter((f) => !f.endsWith('LOG'));
    if (!log || statSync(log).size === 0) return false;
    truncateSync(log, Math.floor(statSync(log).size * 0.6));
    return true;
  },
  'MANIFEST deleted': (dir) => {
    const manifests = readdirSync(dir).filter((f) => f.startsWith('MANIFEST-'));
    for (const m of manifests) rmSync(join(dir, m));
    return manifests.length > 0;
  },
  'CURRENT overwritten': (dir) => {
    if (!existsSync(join(dir, 'CURRENT'))) return false;
    writeFileSync(join(dir, 'CURRENT'), 'MANIFEST-999999\n');
    return true;
  },
};

describe('the reading list after its store was damaged on disk', () => {
  it.each(Object.keys(DAMAGE))('is whole, or offered for export, after %s', async (kind) => {
    let ext = await launchExtension();
    try {
      await waitForIndex(ext.worker);
      const first = await openExtensionPage(ext, 'reading-list.html');
      await first.getByRole('region', { name: /^(\d+ of )?\d+ papers?$/ }).waitFor();
      await saveTwenty(first);
      await ext.close({ keepProfile: true });

      const damaged = DAMAGE[kind]!(leveldbDir(ext));
      if (!damaged)
        console.log(`storage-restore: no file to damage for "${kind}" in this profile; checking the reopen anyway`);

      ext = await launchExtension({ profile: ext.profile });
      const page = await openExtensionPage(ext, 'reading-list.html');
      const restored = page.getByText(/^Restored \d+ saved papers? after a storage error\./);
      const exportCopy = page.getByRole('button', { name: 'Export the 20 saved papers (JSON backup)' });
      const list = page.getByRole('list', { name: 'Reading list' }).getByRole('listitem');
      await expect
        .poll(async () => (await list.count()) === 20 || (await exportCopy.count()) === 1, { timeout: 20_000 })
        .toBe(true);
      if ((await exportCopy.count()) === 1) {
        console.log(
          `storage-restore: after "${kind}" the database could not be opened; the copy is offered for export`,
        );
        return;
      }
      const rows = (await storedReadingList(page)) as Array<{ id: string; note: string }>;
      expect(rows).toHaveLength(20);
      expect(rows.find((r) => r.id === 'saved-7')?.note).toBe('note 7');
      console.log(
        `storage-restore: after "${kind}": ${(await restored.count()) ? 'restored from the copy' : 'intact'}`,
      );
    } finally {
      await ext.close();
    }
  });
});
