/**
 * `npm run --silent related -- FILE [--json] [--limit N]`: ranks the bundled
 * corpus against a page with the extension's own engine.
 */
import { parseArgs } from 'node:util';
import { related } from '../related';
import { bundledEngine, fail, readPage } from './node-engine';
import { RANKING_FLAGS, RANKING_USAGE, rankingOptions } from './ranking-flags';

function main(): void {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        limit: { type: 'string', default: '10' },
        ...RANKING_FLAGS,
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) fail(`usage: related FILE [--json] [--limit N] ${RANKING_USAGE}`);
  const limit = Number(args.values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    fail(`--limit must be a whole number from 1 to 1000, got "${args.values.limit}"`);
  const options = rankingOptions(args.values);
  if (typeof options === 'string') fail(options);
  let page;
  try {
    page = readPage(file);
  } catch (e) {
    fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const results = related(page, bundledEngine(), { ...options, limit });
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  if (results.length === 0) {
    process.stdout.write('No related papers.\n');
    return;
  }
  results.forEach((r, i) => {
    const mark = r.strong ? '★' : ' ';
    process.stdout.write(
      `${String(i + 1).padStart(2)}. ${r.score.toFixed(2).padStart(7)} ${mark} ${r.title}\n             matched: ${r.matchedTerms.join(', ')}\n`,
    );
  });
}

main();
