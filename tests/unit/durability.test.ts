import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { importBackup, toBackupJson } from '../../lib/backup';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';

/**
 * Faults during writes: each test fills a reading list first and proves it
 * intact afterwards (see also indexer.test.ts for re-indexing and a corrupted
 * persisted index, reading-list.test.ts for corpus and schema upgrades).
 */

const entry = (i: number, note = ''): ReadingListEntry => ({
  id: `paper-${i}`,
  title: `Paper ${i}`,
  abstract: `About ${i}.`,
  note,
  read: false,
  savedAt: 1_700_000_000_000 + i,
  updatedAt: 1_700_000_000_000 + i,
});

let n = 0;
const open: PaperRadarDB[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/**
 * A database whose writes to `table` really happen and then fail with the
 * browser's storage-full error, as a full disk does mid-transaction.
 */
function fullDiskDb(table: string): { db: PaperRadarDB; arm: () => void } {
  const db = new PaperRadarDB(`durability-${n++}`);
  open.push(db);
  let armed = false;
  db.use({
    stack: 'dbcore',
    name: 'quota-exceeded',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return {
          ...t,
          mutate: async (req: DBCoreMutateRequest) => {
            const result = await t.mutate(req);
            if (armed && name === table) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            return result;
          },
        };
      },
    }),
  });
  return { db, arm: () => (armed = true) };
}

describe('a reading-list import when the disk is full', () => {
  it('rolls back, says the storage is full, and keeps every saved paper and note', async () => {
    const { db, arm } = fullDiskDb('readingList');
    const saved = [entry(1, 'keep this note'), entry(2)];
    await db.readingList.bulkPut(saved);
    arm();
    const backup = toBackupJson([entry(3), { ...entry(1, 'newer note'), updatedAt: 1_800_000_000_000 }]);
    await expect(importBackup(db, backup)).rejects.toMatchObject({
      name: 'ImportError',
      problem: 'quota',
      message: expect.stringMatching(/no room left.*nothing was imported/),
    });
    expect(await db.readingList.toArray()).toEqual(saved);
  });
});
