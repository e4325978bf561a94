import { z } from './zod';
import { BUNDLED_SOURCE } from './corpus';
import type { PaperRadarDB } from './db';
import { META_CORPUS_INFO } from './indexer';

/** What the options page says about the corpus in use. */
export interface CorpusInfo {
  /** A readable name, e.g. "Hugging Face Daily Papers". */
  name: string;
  /** The bundled corpus's header date, e.g. "Apr 30". */
  date?: string;
  /** Every stored paper: the bundled corpus plus imported sets. */
  papers: number;
  /** Of `papers`, those imported from the options page; absent when none are. */
  imported?: number;
}

const CorpusInfoRowSchema = z.object({
  name: z.string().max(100),
  date: z.string().max(20).optional(),
  papers: z.number().int().nonnegative(),
});

const READABLE_NAMES: Readonly<Record<string, string>> = { [BUNDLED_SOURCE]: 'Hugging Face Daily Papers' };

/**
 * The corpus in use, read from the database: name and date of the bundled
 * corpus (stored when it was indexed) and the number of stored papers.
 * `undefined` before the first indexing finished.
 */
export async function corpusInfo(db: PaperRadarDB): Promise<CorpusInfo | undefined> {
  const [row, papers, imported] = await Promise.all([
    db.meta.get(META_CORPUS_INFO),
    db.papers.count(),
    db.papers.where('source').startsWith('import:').count(),
  ]);
  const counts = { papers, ...(imported > 0 ? { imported } : {}) };
  const parsed = CorpusInfoRowSchema.safeParse(row?.value);
  if (!parsed.success) return papers > 0 ? { name: READABLE_NAMES[BUNDLED_SOURCE]!, ...counts } : undefined;
  const { name, date } = parsed.data;
  return { name: READABLE_NAMES[name] ?? name, ...(date ? { date } : {}), ...counts };
}
