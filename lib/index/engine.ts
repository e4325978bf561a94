/**
 * The top of the index subsystem: which design a corpus gets, and building,
 * storing and reloading an engine of either. Callers import from here (and
 * types from `types.ts`); the designs never import this module.
 */
import { z } from '../zod';
import { buildCompactEngine } from './compact-build';
import { CompactIndex, compactEngine } from './compact-search';
import { deserializePacked, serializePacked, StoredCompactSchema } from './compact-store';
import { buildFullEngine, loadFull, serializeFull, StoredFullSchema } from './full-text';
import { INDEX_VERSION, type Engine, type IndexDesign, type IndexedPaper } from './types';

/**
 * From this many papers on, the engine indexes each paper's title and its
 * compact terms (`compact-build.ts`) instead of every word: at 100k papers
 * full text needs seconds to reload and half a gigabyte of heap. Below it the
 * full text is cheap and ranks best (docs/benchmarks.md).
 */
export const COMPACT_FROM = 5000;

/** The design for a corpus of `n` papers (see {@link COMPACT_FROM}). */
export function designFor(n: number): IndexDesign {
  return n >= COMPACT_FROM ? 'compact' : 'full';
}

/**
 * Builds the engine for a list of papers: full text for a small corpus,
 * compact from {@link COMPACT_FROM} papers on (or as `design` says).
 */
export function buildEngine(
  papers: readonly IndexedPaper[],
  corpusVersion: string,
  design: IndexDesign = designFor(papers.length),
): Engine {
  return design === 'compact' ? buildCompactEngine(papers, corpusVersion) : buildFullEngine(papers, corpusVersion);
}

/**
 * The engine as stored in IndexedDB, with a version stamp: MiniSearch's JSON
 * for the full-text design, packed arrays for the compact one.
 */
export const StoredIndexSchema = z.discriminatedUnion('design', [
  StoredFullSchema,
  z.object({
    stamp: z.literal(INDEX_VERSION),
    design: z.literal('compact'),
    corpusVersion: z.string(),
    packed: StoredCompactSchema,
  }),
]);
export type StoredIndex = z.infer<typeof StoredIndexSchema>;

/** Serialises an engine for storage. */
export function serializeEngine(engine: Engine): StoredIndex {
  if (engine.index instanceof CompactIndex) {
    return {
      stamp: INDEX_VERSION,
      design: 'compact',
      corpusVersion: engine.corpusVersion,
      packed: serializePacked(engine.index.packed),
    };
  }
  return serializeFull(engine);
}

/**
 * Reloads a stored engine, or returns null when it is stale (another stamp or
 * corpus version) or corrupt: the caller then rebuilds it from the papers.
 * `corpusVersion` null accepts an index of any corpus version (still of this
 * stamp, and whole).
 */
export async function loadEngine(stored: unknown, corpusVersion: string | null): Promise<Engine | null> {
  const parsed = StoredIndexSchema.safeParse(stored);
  if (!parsed.success || (corpusVersion !== null && parsed.data.corpusVersion !== corpusVersion)) return null;
  const data = parsed.data;
  try {
    if (data.design === 'compact') return compactEngine(deserializePacked(data.packed), data.corpusVersion);
    return await loadFull(data);
  } catch {
    return null;
  }
}
