import Dexie, { type EntityTable } from 'dexie';
import type { Paper } from './corpus';

/** A saved paper: a copy of what the user saw, so it survives corpus changes. */
export interface ReadingListEntry {
  /** The corpus paper id, or an id derived from the detected paper (DOI, arXiv id, title). */
  id: string;
  title: string;
  abstract: string;
  url?: string;
  codeUrl?: string;
  authors?: string[];
  year?: string;
  doi?: string;
  arxivId?: string;
  /** The user's tags, in the order added (optional: entries saved before tags have none). */
  tags?: string[];
  note: string;
  read: boolean;
  savedAt: number;
  updatedAt: number;
}

/** A stored paper, tagged with the corpus version that wrote it. */
export type StoredPaper = Paper & { corpusVersion: string };

/** Key/value metadata: corpus version, persisted search index. */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** Progress of a corpus import, checkpointed after each chunk so an interrupted import resumes. */
export interface ImportJob {
  id: string;
  source: string;
  total: number;
  done: number;
  state: 'running' | 'done' | 'failed';
  error?: string;
  startedAt: number;
  updatedAt: number;
}

export const DB_NAME = 'paper-radar';

/**
 * The one database schema. Versions are append-only: never edit a released
 * version's stores; add a new version (with an upgrade only when data must change).
 *
 * Adding version n: declare `this.version(n)` below, then add its fixture —
 * `tests/fixtures/schema/vN.ts` (all stores as version n declares them, rows
 * as it writes them) and one entry in `SCHEMA_FIXTURES`
 * (tests/fixtures/schema/index.ts). tests/unit/schema-ladder.test.ts then
 * opens a database from every earlier version with this class and checks the
 * reading list survives; it fails while a version has no fixture.
 */
export class PaperRadarDB extends Dexie {
  papers!: EntityTable<StoredPaper, 'id'>;
  /**
   * v1's reading list, kept as it was: since v2 the reading list lives in its
   * own database (lib/storage/reading-list-db.ts), which copies these rows
   * once (`openReadingList`). Nothing writes here any more.
   */
  readingList!: EntityTable<ReadingListEntry, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  importJobs!: EntityTable<ImportJob, 'id'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    // Strict durability: a saved paper is on disk when the write resolves, not merely in the OS cache.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    // v1: papers (bundled and imported corpora), the reading list, metadata, corpus-import checkpoints.
    // Ladder fixture: tests/fixtures/schema/v1.ts. Each new version goes below, with its fixture.
    this.version(1).stores({
      papers: 'id, corpusVersion, source',
      readingList: 'id, savedAt, updatedAt, title',
      meta: 'key',
      importJobs: 'id',
    });
    // v2: papers found by arXiv id and DOI (the reading list moved to its own database; `readingList` stays, unread
    // after its one copy, so a rollback to a v1 build still finds it). Ladder fixture: tests/fixtures/schema/v2.ts.
    this.version(2).stores({
      papers: 'id, corpusVersion, source, arxivId, doi',
    });
  }
}
