import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importBackup, ImportError as BackupImportError, readBackup, toBackupJson } from '../../lib/backup';
import { ImportError as CorpusImportError, parseImport } from '../../lib/corpus-import';
import { PaperRadarDB, type ReadingListEntry } from '../../lib/db';

/** Fuzzing the three importers: arbitrary bytes and near-misses of each grammar never crash, hang or write. */

const RUNS = 300;
/** Generous per-input bound: a hang or quadratic blow-up shows as minutes, not milliseconds. */
const PER_INPUT_MS = 2_000;

const entry = (i: number): ReadingListEntry => ({
  id: `paper-${i}`,
  title: `Paper ${i}`,
  abstract: `About thing ${i}.`,
  url: `https://example.org/${i}`,
  note: i % 2 ? `note ${i}` : '',
  read: i % 3 === 0,
  savedAt: 1_700_000_000_000 + i,
  updatedAt: 1_700_000_000_000 + i,
});
const validBackup = toBackupJson([entry(1), entry(2), entry(3)], 1_700_000_000_000);
const validJsonl = [1, 2, 3]
  .map((i) => JSON.stringify({ title: `Paper ${i}`, abstract: `A long enough abstract about topic ${i}. `.repeat(3) }))
  .join('\n');

function timed<T>(f: () => T): T {
  const start = performance.now();
  try {
    return f();
  } finally {
    expect(performance.now() - start).toBeLessThan(PER_INPUT_MS);
  }
}

async function timedAsync<T>(f: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await f();
  } finally {
    expect(performance.now() - start).toBeLessThan(PER_INPUT_MS);
  }
}

function prototypeIntact(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Text near a valid document: a slice, a spliced-in fragment, a character swapped. */
function nearMiss(valid: string): fc.Arbitrary<string> {
  const fragments = fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    '"',
    ',',
    ':',
    'null',
    '-1',
    '1e999',
    '"__proto__"',
    '{"__proto__":{"polluted":1}}',
    '"constructor":{"prototype":{"polluted":1}}',
    '\u0000',
    '\uFEFF',
    '"version":2',
    '"format":"x"',
    '"entries":{}',
    '"savedAt":"yesterday"',
    '"url":"javascript:alert(1)"',
    '[[[[[[[[[[[[[[[[[[[[',
    '\n',
  );
  return fc.oneof(
    fc.nat(valid.length).map((n) => valid.slice(0, n)),
    fc.tuple(fc.nat(valid.length), fragments).map(([at, f]) => valid.slice(0, at) + f + valid.slice(at)),
    fc
      .tuple(fc.nat(valid.length), fc.nat(valid.length), fragments)
      .map(([a, b, f]) => valid.slice(0, Math.min(a, b)) + f + valid.slice(Math.max(a, b))),
  );
}

/** Arbitrary text: plain and JSON-shaped strings, whole graphemes, and whatever bytes decode to. */
const anyText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.string({ unit: 'grapheme' }),
  fc.uint8Array().map((b) => new TextDecoder().decode(b)),
);
describe('reading-list backup import under fuzzing', () => {
  let db: PaperRadarDB;
  let n = 0;
  beforeEach(async () => {
    db = new PaperRadarDB(`fuzz-backup-${n++}`);
    await db.readingList.bulkPut([entry(7), entry(8)]);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('answers arbitrary text with a backup or an ImportError, never another error', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          timed(() => readBackup(text));
        } catch (e) {
          expect(e).toBeInstanceOf(BackupImportError);
          expect((e as Error).message.length).toBeGreaterThan(10);
        }
        prototypeIntact();
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects near-misses of a valid backup with a clear message, and writes nothing', async () => {
    const before = await db.readingList.toArray();
    await fc.assert(
      fc.asyncProperty(nearMiss(validBackup), async (text) => {
        try {
          await importBackup(db, text);
        } catch (e) {
          expect(e).toBeInstanceOf(BackupImportError);
          expect(await db.readingList.toArray()).toEqual(before);
          return;
        }
        // A near-miss that is still a valid backup may import; it must not have lost the entries already there.
        const after = new Set((await db.readingList.toArray()).map((e) => e.id));
        for (const e of before) expect(after).toContain(e.id);
        await db.readingList.clear();
        await db.readingList.bulkPut(before);
      }),
      { numRuns: 150 },
    );
    prototypeIntact();
  });

  it('refuses a file nested deeper than the limit, naming the limit', () => {
    const deep = `{"format":"paper-radar/reading-list","version":1,"entries":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}`;
    expect(() => timed(() => readBackup(deep))).toThrow(/nested more than \d+ levels/);
  });

  it('refuses an oversized file before parsing it', () => {
    const big = `{"x":"${'a'.repeat(6 * 1024 * 1024)}"}`;
    expect(() => timed(() => readBackup(big))).toThrow(/larger than 5 MB/);
  });

  it('keeps __proto__ and constructor keys from reaching any prototype', () => {
    const hostile = validBackup.replace(
      '"entries": [',
      '"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "entries": [',
    );
    readBackup(hostile);
    prototypeIntact();
  });
});

describe('corpus import (JSON array and JSON Lines) under fuzzing', () => {
  it('answers arbitrary text with a parse result or an ImportError, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        try {
          const result = await timedAsync(() => parseImport(text, 'fuzz'));
          expect(result.good + result.badEntries).toBe(result.entries);
        } catch (e) {
          expect(e).toBeInstanceOf(CorpusImportError);
        }
        prototypeIntact();
      }),
      { numRuns: RUNS },
    );
  });

  it('reports near-miss JSON Lines entry by entry with their line numbers', async () => {
    await fc.assert(
      fc.asyncProperty(nearMiss(validJsonl), async (text) => {
        try {
          const result = await timedAsync(() => parseImport(text, 'fuzz'));
          for (const p of result.problems) {
            expect(p.line ?? p.index).toBeDefined();
            expect(p.reason.length).toBeGreaterThan(3);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(CorpusImportError);
        }
        prototypeIntact();
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects near-miss JSON arrays with a clear message or per-entry problems', async () => {
    const validArray = `[${validJsonl.split('\n').join(',')}]`;
    await fc.assert(
      fc.asyncProperty(nearMiss(validArray), async (text) => {
        try {
          await timedAsync(() => parseImport(text, 'fuzz'));
        } catch (e) {
          expect(e).toBeInstanceOf(CorpusImportError);
          expect((e as Error).message.length).toBeGreaterThan(10);
        }
        prototypeIntact();
      }),
      { numRuns: RUNS },
    );
  });

  it('survives deeply nested entries without a stack overflow', async () => {
    const deepLine = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = await timedAsync(() => parseImport(`${validJsonl}\n${deepLine}`, 'fuzz'));
    expect(result.good).toBe(3);
    expect(result.problems[0]).toMatchObject({ line: 4 });
    await expect(
      timedAsync(() => parseImport(`[${'['.repeat(100_000)}${']'.repeat(100_000)}]`, 'fuzz')),
    ).resolves.toBeDefined();
  });

  it('keeps __proto__ keys of an entry from reaching any prototype', async () => {
    const hostile = JSON.stringify({
      title: 'A paper',
      abstract: 'An abstract long enough to pass validation, about nothing at all in particular.',
      ['__proto__']: { polluted: 1 },
    }).replace('"__proto__"', '"__proto__"');
    const line = hostile.replace('}', ',"__proto__":{"polluted":1}}');
    await parseImport(`${line}\n${hostile}`, 'fuzz');
    prototypeIntact();
  });
});
