import type { ReadingListEntry } from './db';
import { sortEntries } from './reading-list';
import { toBibtex } from './formats/bibtex-write';
import { toCslJson } from './formats/csl-json-write';
import { toMarkdown } from './formats/markdown-write';

/**
 * Export formats for the reading list: one entry point for the reading list's
 * buttons and `npm run export`, so both write the same bytes. The writers live
 * in `lib/formats/` (one module per format). They are written here rather than
 * with citation-js or unicode2latex: see docs/exports.md for the sizes and the
 * checks behind that choice.
 */

export type ExportFormat = 'bibtex' | 'biblatex' | 'csl-json' | 'markdown';

export const EXPORT_FORMATS = ['bibtex', 'biblatex', 'csl-json', 'markdown'] as const satisfies readonly ExportFormat[];

/** File name and MIME type for each export, used for downloads. */
export const EXPORT_FILES = {
  bibtex: { name: 'reading-list.bib', type: 'application/x-bibtex' },
  biblatex: { name: 'reading-list.biblatex.bib', type: 'application/x-bibtex' },
  'csl-json': { name: 'reading-list.csl.json', type: 'application/vnd.citationstyles.csl+json' },
  markdown: { name: 'reading-list.md', type: 'text/markdown' },
} as const satisfies Record<ExportFormat, { name: string; type: string }>;

const WRITERS: Record<ExportFormat, (entries: readonly ReadingListEntry[]) => string> = {
  bibtex: (entries) => toBibtex(entries, 'bibtex'),
  biblatex: (entries) => toBibtex(entries, 'biblatex'),
  'csl-json': toCslJson,
  markdown: toMarkdown,
};

/** The text of an export of these entries (in the order given). */
export function exportText(format: ExportFormat, entries: readonly ReadingListEntry[]): string {
  return WRITERS[format](entries);
}

/**
 * The export of a whole reading list, newest saved first — what the reading
 * list's buttons download and what `npm run export` prints for a backup of
 * the same entries.
 */
export function exportReadingList(format: ExportFormat, entries: readonly ReadingListEntry[]): string {
  return exportText(format, sortEntries(entries));
}

/** "1 paper", "12 papers". */
export const papers = (n: number) => `${n} ${n === 1 ? 'paper' : 'papers'}`;

export { bibtexName, bibtexTitle, escapeBibtex, splitMath, toBibtex, type BibDialect } from './formats/bibtex-write';
export { cslName, toCslJson, type CslItem } from './formats/csl-json-write';
export { escapeMarkdown, toMarkdown } from './formats/markdown-write';
export { citationKeys, parseName } from './formats/names';
