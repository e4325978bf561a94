/**
 * `npm run --silent corpus -- inspect FILE [--json]`: judges an import file exactly
 * as the options page does — the detected format, how many entries are good, how
 * many have an abstract and each metadata field, and the first problems.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatProblem, ImportError, parseImport, problemAt, type ParsedImport } from '../corpus-import';

/** Problems listed by `inspect`; the rest are counted. */
export const SHOWN_PROBLEMS = 20;

/** The `--json` report: `{format, entries, good, withAbstract, fields, problems: [{at, reason}]}`. */
export function inspectReport(parsed: ParsedImport) {
  return {
    format: parsed.format,
    entries: parsed.entries,
    good: parsed.good,
    withAbstract: parsed.withAbstract,
    fields: parsed.fields,
    problems: parsed.problems.slice(0, SHOWN_PROBLEMS).map((p) => ({ at: problemAt(p), reason: p.reason })),
  };
}

const n = (v: number) => v.toLocaleString('en');

/** The human-readable report: what the options page's preview says, with the field counts. */
export function inspectText(parsed: ParsedImport): string {
  const f = parsed.fields;
  const lines = [
    `format: ${parsed.label} (${parsed.format})`,
    `entries: ${n(parsed.entries)}; good: ${n(parsed.good)}; bad: ${n(parsed.badEntries)}`,
    `with an abstract: ${n(parsed.withAbstract)}; title only: ${n(parsed.good - parsed.withAbstract)}`,
    `fields: authors ${n(f.authors)}, year ${n(f.year)}, url ${n(f.url)}, doi ${n(f.doi)}, arxivId ${n(f.arxivId)}`,
  ];
  if (parsed.problems.length) {
    lines.push('problems:');
    for (const p of parsed.problems.slice(0, SHOWN_PROBLEMS)) lines.push(`  ${formatProblem(p)}`);
    if (parsed.badEntries > SHOWN_PROBLEMS) lines.push(`  and ${n(parsed.badEntries - SHOWN_PROBLEMS)} more`);
  }
  return lines.join('\n');
}

const USAGE = 'usage: corpus inspect FILE [--json]';

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, file, ...rest] = args.positionals;
  if (command !== 'inspect' || !file || rest.length) {
    err(USAGE);
    return 2;
  }
  let parsed: ParsedImport;
  try {
    await stat(file); // openAsBlob names a missing file only as an invalid argument
    parsed = await parseImport(await openAsBlob(file), 'inspect', { keep: 0 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err(e instanceof ImportError ? `${file}: ${e.message}` : `cannot read ${file}: ${code ?? (e as Error).message}`);
    return 1;
  }
  out(args.values.json ? JSON.stringify(inspectReport(parsed), null, 2) : inspectText(parsed));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  void main(
    process.argv.slice(2),
    (t) => process.stdout.write(`${t}\n`),
    (t) => process.stderr.write(`${t}\n`),
  ).then((code) => (process.exitCode = code));
}
