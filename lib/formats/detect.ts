/**
 * Which format a file is in, judged from its content — never its name: the
 * first bytes (gzip, ZIP, PDF), then the first line or the document's shape
 * (the fields of its first record).
 */
import { arxivListing, arxivSnapshot } from './arxiv';
import { cslJson } from './csl-json-read';
import { DAILY_PAGE_DATE, hfDailyApi } from './hf-daily';
import { openalex } from './openalex';
import { paperRadar } from './paper-radar';
import type { RecordReader } from './reader';
import { semanticScholar } from './semantic-scholar';
import { asObject, ImportError, type FormatName } from './types';

/** Tried in this order: the most specific tell-tale fields first, Paper Radar's own format last. */
const READERS: readonly RecordReader[] = [arxivSnapshot, openalex, semanticScholar, hfDailyApi, cslJson, arxivListing];

/** The reader for a record, by its fields; Paper Radar's own format when no other matches. */
export function readerFor(record: Record<string, unknown>, lines: boolean): RecordReader {
  const found = READERS.find((r) => r.matches(record));
  if (found) return found;
  return { ...paperRadar, format: lines ? 'paper-radar-jsonl' : 'paper-radar-json' };
}

/** How the rest of the file is read. */
export type Layout =
  | { layout: 'lines'; first: Record<string, unknown> }
  | { layout: 'json-document' }
  | { layout: 'bibtex' }
  | { layout: 'daily-page' };

const refuse = (what: string) =>
  new ImportError(
    `this file is ${what}, which Paper Radar does not import — use JSON Lines, JSON, CSL-JSON or BibTeX (gzip-compressed or not)`,
  );

/** Names a binary file by its first bytes, or returns undefined for text. */
export function binaryKind(head: Uint8Array): string | undefined {
  const ascii = String.fromCharCode(...head.slice(0, 8));
  if (ascii.startsWith('PK\x03\x04')) return 'a ZIP archive (or an Excel/Word document): unpack it first';
  if (ascii.startsWith('%PDF')) return 'a PDF document';
  if (ascii.startsWith('\x89PNG') || ascii.startsWith('\xff\xd8\xff') || ascii.startsWith('GIF8')) return 'an image';
  if (ascii.startsWith('BZh')) return 'bzip2-compressed: unpack it or compress it with gzip';
  if (ascii.startsWith('\xfd7zXZ')) return 'xz-compressed: unpack it or compress it with gzip';
  if (ascii.startsWith('7z\xbc\xaf')) return 'a 7-Zip archive: unpack it first';
  return undefined;
}

/** Names text that is not a format Paper Radar reads, judged from its start. */
function textKind(head: string): string {
  if (head.includes('\u0000')) {
    return head.slice(257, 262) === 'ustar' ? 'a tar archive: unpack it first' : 'a binary file';
  }
  const first = head.trimStart().split('\n', 1)[0] ?? '';
  if (/^TY {2}- /m.test(head)) return 'an RIS file (export BibTeX or CSL-JSON instead)';
  if (first.startsWith('<')) return 'an XML or HTML file';
  if (first.split(',').length >= 3 || first.split('\t').length >= 3) return 'a CSV or TSV spreadsheet';
  return 'plain text that is none of the formats it reads';
}

/**
 * The layout of a file from the start of its text (up to a megabyte): JSON Lines
 * when the first line is a JSON object on its own, a JSON document when it starts
 * with `[` or `{` otherwise, BibTeX when it holds `@type{`, a saved daily-papers
 * page when a date line ("Apr 30") heads it.
 *
 * @throws ImportError naming what the file is when it is none of these.
 */
export function detectLayout(head: string): Layout {
  const text = head.replace(/^\uFEFF/, '');
  const start = text.search(/\S/);
  if (start < 0) return { layout: 'lines', first: {} };
  const c = text[start];
  if (c === '[') return { layout: 'json-document' };
  if (c === '{') {
    const end = text.indexOf('\n', start);
    try {
      const first = asObject(JSON.parse(text.slice(start, end < 0 ? undefined : end)));
      if (first && !isResponse(first)) return { layout: 'lines', first };
    } catch {
      // a pretty-printed document: its first line is not a whole object
    }
    return { layout: 'json-document' };
  }
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(text) && (c === '@' || c === '%')) return { layout: 'bibtex' };
  const firstLines = text
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 10);
  if (firstLines.some((l) => DAILY_PAGE_DATE.test(l.trim()))) return { layout: 'daily-page' };
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(text)) return { layout: 'bibtex' };
  throw refuse(textKind(text));
}

const isResponse = (o: Record<string, unknown>) => Array.isArray(o.results) || Array.isArray(o.data);

/**
 * The records of a parsed JSON document and their format: an array (of works, papers,
 * CSL items, daily-papers entries), an OpenAlex response `{meta, results}` or a
 * Semantic Scholar response `{data}`, or a single record.
 */
export function documentRecords(value: unknown): { records: unknown[]; format: FormatName; reader: RecordReader } {
  const o = asObject(value);
  const records = Array.isArray(value)
    ? value
    : o && Array.isArray(o.results)
      ? o.results
      : o && Array.isArray(o.data)
        ? o.data
        : o
          ? [o]
          : undefined;
  if (!records) throw new ImportError('expected a JSON array of papers or an API response holding one');
  const first = records.map(asObject).find((r) => r !== undefined);
  const reader = first ? readerFor(first, false) : readerFor({}, false);
  return { records, format: reader.format, reader };
}

/** Refuses a binary file by name (see {@link binaryKind}). */
export function refuseBinary(kind: string): ImportError {
  return refuse(kind);
}
