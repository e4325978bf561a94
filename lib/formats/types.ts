/**
 * The shapes every format reader shares: the formats' names and what a reader
 * hands to the import — one candidate entry, not yet validated, in the shape
 * `ImportEntrySchema` checks (title, abstract, authors as "First Last", year,
 * venue, arxivId, doi, url, categories).
 */

/** The formats Paper Radar reads, as `corpus inspect --json` names them. */
export const FORMAT_NAMES = [
  'arxiv-snapshot',
  'arxiv-listing',
  'hf-daily-api',
  'hf-daily-page',
  'openalex',
  'semantic-scholar',
  'csl-json',
  'bibtex',
  'paper-radar-json',
  'paper-radar-jsonl',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What the options page and the CLI call each format. */
export const FORMAT_LABELS: Record<FormatName, string> = {
  'arxiv-snapshot': 'arXiv metadata snapshot',
  'arxiv-listing': 'arXiv listing (JSON Lines)',
  'hf-daily-api': 'Hugging Face daily papers (API JSON)',
  'hf-daily-page': 'Hugging Face daily papers (saved page)',
  openalex: 'OpenAlex works',
  'semantic-scholar': 'Semantic Scholar papers',
  'csl-json': 'CSL-JSON',
  bibtex: 'BibTeX',
  'paper-radar-json': 'Paper Radar JSON',
  'paper-radar-jsonl': 'Paper Radar JSON Lines',
};

/** One entry as a reader found it: the import validates it with `ImportEntrySchema`. */
export interface Candidate {
  id?: unknown;
  title?: unknown;
  abstract?: unknown;
  authors?: unknown;
  year?: unknown;
  venue?: unknown;
  arxivId?: unknown;
  doi?: unknown;
  url?: unknown;
  categories?: unknown;
}

/** Where an entry is in its file: a 1-based line (line formats, BibTeX) or a 0-based index (JSON documents). */
export type Where = { line: number; index?: undefined } | { index: number; line?: undefined };

/** Raised when a file as a whole cannot be imported: not a format Paper Radar reads, too large, not valid JSON. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** A JSON object, or undefined for anything else (arrays, null, text). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
