/**
 * `npm run --silent eval -- QRELS.tsv [--pages DIR] [--verbose] [--no-acronyms …]`:
 * scores the ranking against graded judgments (see shared/eval/README.md); the
 * `--no-*` switches turn one part of the ranking off for an ablation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, parseQrels, formatSummary, formatPageLine } from '../evaluation';
import { related } from '../related';
import { bundledEngine, fail, readPage } from './node-engine';
import { RANKING_FLAGS, RANKING_USAGE, rankingOptions } from './ranking-flags';

function main(): void {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: { pages: { type: 'string' }, verbose: { type: 'boolean', default: false }, ...RANKING_FLAGS },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const qrelsFile = args.positionals[0];
  if (!qrelsFile) fail(`usage: eval QRELS.tsv [--pages DIR] [--verbose] ${RANKING_USAGE}`);
  const options = rankingOptions(args.values);
  if (typeof options === 'string') fail(options);
  if (!existsSync(qrelsFile)) fail(`cannot read ${qrelsFile}: no such file`);
  const pagesDir = args.values.pages ?? join(dirname(qrelsFile), 'pages');
  const engine = bundledEngine();
  const qrels = parseQrels(readFileSync(qrelsFile, 'utf8'));
  const report = evaluate(qrels, (slug) => {
    const html = join(pagesDir, `${slug}.html`);
    const file = existsSync(html) ? html : join(pagesDir, `${slug}.md`);
    if (!existsSync(file)) fail(`no page for "${slug}" in ${pagesDir}`);
    return related(readPage(file), engine, { ...options, limit: 75 });
  });
  if (args.values.verbose) for (const p of report.pages) process.stdout.write(`${formatPageLine(p)}\n`);
  process.stdout.write(`${formatSummary(report)}\n`);
}

main();
