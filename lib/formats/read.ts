/**
 * The one entry point of the format readers: open a file, learn its format, and
 * walk its entries as candidates in the import's shape — line by line for JSON
 * Lines (streamed, gzip or not), whole for one-document formats (JSON, BibTeX,
 * a saved daily-papers page).
 *
 * @example
 * const file = await openImport(blob);
 * file.label; // 'arXiv metadata snapshot, gzip'
 * for await (const item of file.items()) if ('entry' in item) use(item.entry);
 */
import { loadTex, type Tex } from './authors';
import { readBibtex } from './bibtex-read';
import { binaryKind, detectLayout, documentRecords, readerFor, refuseBinary } from './detect';
import { readDailyPage } from './hf-daily';
import type { RecordReader } from './reader';
import { headBytes, headText, isGzip, readAll, readLines, textStream, type ImportInput } from './lines';
import { asObject, FORMAT_LABELS, ImportError, type Candidate, type FormatName, type Where } from './types';

/** An entry as read, or why it could not be read. */
export type Item =
  { at: Where; entry: Candidate; problem?: undefined } | { at: Where; problem: string; entry?: undefined };

export interface OpenedImport {
  format: FormatName;
  gzip: boolean;
  /** The format as the preview names it: "arXiv metadata snapshot, gzip". */
  label: string;
  /** The entries in file order; every call reads the file again from its start. */
  items(onChunk?: (chunk: string) => void): AsyncGenerator<Item>;
}

export interface ReadLimits {
  /** Characters of one JSON Lines line. */
  lineChars: number;
  /** Characters of a one-document file (read whole). */
  documentChars: number;
}

/**
 * One record read by its file's reader. The reader was chosen by the file's first
 * record; a later record of another shape is a problem, not a crash.
 */
function readRecord(reader: RecordReader, record: Record<string, unknown>, tex: Tex, at: Where): Item {
  try {
    return { at, entry: reader.toEntry(record, tex) };
  } catch {
    return { at, problem: `not a record of this file's format (${FORMAT_LABELS[reader.format]})` };
  }
}

/** Bytes of decoded text the format is judged from. */
const HEAD_CHARS = 1024 * 1024;

const kb = (chars: number) => `${Math.ceil(chars / 1024).toLocaleString('en')} KB`;
const mb = (chars: number) => `${(chars / 1024 / 1024).toFixed(0)} MB`;

/**
 * Opens a file for import: detects gzip and the format from the content.
 *
 * @throws ImportError for a file Paper Radar does not read (naming what it is), or a document over the size limit.
 */
export async function openImport(input: ImportInput, limits: ReadLimits): Promise<OpenedImport> {
  const bytes = await headBytes(input, 512);
  const gzip = isGzip(bytes);
  const kind = gzip ? undefined : binaryKind(bytes);
  if (kind) throw refuseBinary(kind);
  let head: string;
  try {
    head = await headText(textStream(input, gzip), HEAD_CHARS);
  } catch (e) {
    throw new ImportError(`the file starts like gzip but cannot be unpacked: ${(e as Error).message}`);
  }
  const layout = detectLayout(head);
  const labelOf = (format: FormatName) => `${FORMAT_LABELS[format]}${gzip ? ', gzip' : ''}`;
  const tex = await loadTex();

  if (layout.layout === 'lines') {
    const reader = readerFor(layout.first, true);
    return {
      format: reader.format,
      gzip,
      label: labelOf(reader.format),
      async *items(onChunk) {
        for await (const line of readLines(textStream(input, gzip), limits.lineChars, onChunk)) {
          const at = { line: line.no };
          if (line.tooLong !== undefined) {
            yield { at, problem: `entry is ${kb(line.tooLong)}; the limit is ${kb(limits.lineChars)}` };
            continue;
          }
          if (!line.text.trim()) continue;
          let value: unknown;
          try {
            value = JSON.parse(line.text);
          } catch {
            yield { at, problem: 'not valid JSON' };
            continue;
          }
          const record = asObject(value);
          yield record ? readRecord(reader, record, tex, at) : { at, problem: 'not a JSON object' };
        }
      },
    };
  }

  // One-document formats: read whole (within the limit), then walked from memory.
  const text = await readAll(textStream(input, gzip), limits.documentChars);
  if (text === undefined) {
    throw new ImportError(
      `the file is over ${mb(limits.documentChars)} as one document; as JSON Lines (one paper per line) there is no such limit`,
    );
  }
  const fromText = (format: FormatName, list: () => Promise<Item[]> | Item[]): OpenedImport => ({
    format,
    gzip,
    label: labelOf(format),
    async *items(onChunk) {
      onChunk?.(text);
      yield* await list();
    },
  });
  if (layout.layout === 'bibtex') {
    const items = await readBibtex(text);
    return fromText('bibtex', () => items);
  }
  if (layout.layout === 'daily-page') {
    const items = readDailyPage(text);
    return fromText('hf-daily-page', () => items);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const c = text.trimStart()[0];
    throw new ImportError(`the file starts with "${c}" but is not valid JSON: ${(e as Error).message}`);
  }
  const { records, format, reader } = documentRecords(value);
  return fromText(format, () =>
    records.map((r, index): Item => {
      const record = asObject(r);
      if (!record) return { at: { index }, problem: r === null ? 'entry is null' : 'not a JSON object' };
      return readRecord(reader, record, tex, { index });
    }),
  );
}
