/**
 * `npm run --silent export -- BACKUP.json --format bibtex|biblatex|csl-json|markdown`:
 * prints the export of a reading-list backup file, byte for byte what the
 * reading list's export buttons write for the same entries (both call
 * `exportReadingList`).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ImportError, readBackup } from '../backup';
import { EXPORT_FORMATS, exportReadingList, type ExportFormat } from '../export';

const USAGE = `usage: export BACKUP.json --format ${EXPORT_FORMATS.join('|')}`;

/** Prints a one-line error and exits non-zero. */
function fail(message: string): never {
  process.stderr.write(`error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}

function main(): void {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { format: { type: 'string' } } });
  } catch (e) {
    fail(`${(e as Error).message}; ${USAGE}`);
  }
  const file = args.positionals[0];
  const format = args.values.format;
  if (!file || args.positionals.length > 1 || !format) fail(USAGE);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    fail(`unknown format "${format}"; expected one of ${EXPORT_FORMATS.join(', ')}`);
  }
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const backup = readBackup(text);
    process.stdout.write(exportReadingList(format as ExportFormat, backup.entries));
  } catch (e) {
    if (e instanceof ImportError) fail(`${file}: ${e.message}`);
    throw e;
  }
}

main();
