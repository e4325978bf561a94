/**
 * The search box's catalogue of the imported papers (their authors, arXiv ids and DOIs, `lib/corpus-search.ts`),
 * kept in the `meta` table so a restarted worker reads it in one get. Built from the papers themselves, it took
 * seconds at 75k papers: IndexedDB reads whole records, abstracts included, to keep a few fields of each.
 */
import { Catalogue, type CatalogueColumns } from './corpus-search';
import type { PaperRadarDB, StoredPaper } from './db';
import { storedCorpusVersion } from './indexer';
import { z } from './zod';

export const META_CATALOGUE = 'searchCatalogue';

/**
 * The stored copy's format. Raise it whenever what the catalogue works out from a paper changes (the words of a
 * name, how an arXiv id or DOI is read, how many authors are kept): a copy of another format is read past.
 */
export const CATALOGUE_FORMAT = 1;

const numbers = z.custom<Uint32Array>((x) => x instanceof Uint32Array, 'a Uint32Array');
const strings = z.array(z.string());
const keyed = z.object({ keys: strings, at: numbers });

/** The stored copy: its format, the version of the papers it was read from (`storedCorpusVersion`), its columns. */
const StoredCatalogueSchema = z.object({
  format: z.literal(CATALOGUE_FORMAT),
  version: z.string(),
  columns: z.object({
    ids: strings,
    titles: strings,
    authors: strings,
    arxiv: keyed,
    dois: keyed,
    names: z.object({ words: strings, starts: numbers, papers: numbers }),
  }) satisfies z.ZodType<CatalogueColumns>,
});

/**
 * The catalogue of the imported papers (the bundled ones have no authors or identifiers): the stored copy when it
 * is of the papers stored now, else read paper by paper (so only the small fields stay in memory) and stored for
 * the next start. A damaged copy is read past; one that cannot be written only costs the slow read next time.
 */
export async function importedCatalogue(db: PaperRadarDB): Promise<Catalogue> {
  const version = await storedCorpusVersion(db);
  const stored = StoredCatalogueSchema.safeParse((await db.meta.get(META_CATALOGUE))?.value);
  if (stored.success && stored.data.version === version) {
    try {
      return Catalogue.fromColumns(stored.data.columns);
    } catch (e) {
      console.warn('Paper Radar: the stored search catalogue is damaged; reading the papers again.', e);
    }
  }
  const catalogue = await catalogueOfPapers(db);
  try {
    // Not while an import writes: the version moved during the read, and a copy of a half-written set would stay.
    if ((await storedCorpusVersion(db)) === version)
      await db.meta.put({
        key: META_CATALOGUE,
        value: { format: CATALOGUE_FORMAT, version, columns: catalogue.toColumns() },
      });
  } catch (e) {
    console.warn('Paper Radar: keeping the search catalogue failed; it is read from the papers next time.', e);
  }
  return catalogue;
}

/** The catalogue read from every imported paper's record. */
async function catalogueOfPapers(db: PaperRadarDB): Promise<Catalogue> {
  const catalogue = new Catalogue();
  await db.papers
    .where('source')
    .startsWith('import:')
    .each((p: StoredPaper & Record<string, unknown>) => {
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const authors = Array.isArray(p.authors) ? p.authors.filter((a): a is string => typeof a === 'string') : [];
      catalogue.add({ id: p.id, title: p.title, authors, arxivId: str(p.arxivId), doi: str(p.doi), url: str(p.url) });
    });
  return catalogue;
}
