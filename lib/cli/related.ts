/**
 * `npm run --silent related -- [--corpus FILE] [--json] [--limit N] [--cache-dir DIR] PAGE...`:
 * ranks the bundled corpus (plus FILE: JSON or JSON Lines, gzip or not)
 * against each page with the extension's own engine, in the design the
 * extension uses at that size. The index over FILE is cached on disk
 * (`lib/cli/index-cache.ts`), so a second call with the same file loads it in
 * seconds. `--json` prints `[{ "page", "results": [...] }]`.
 */
import { parseArgs } from 'node:util';
import { rankingConfig } from '../ranking/config';
import { rank, type RankedPaper } from '../ranking/rank';
import { readBridge } from './bridge';
import { bundledCorpusEngine, corpusEngine, type CorpusEngine, type PaperMeta } from './index-cache';
import { BUNDLED_CORPUS_PATH, fail, readPage } from './node-engine';
import { RANKING_FLAGS, RANKING_USAGE, rankingOptions } from './ranking-flags';

const USAGE = `usage: related [--corpus FILE] [--json] [--limit N] [--cache-dir DIR] ${RANKING_USAGE} PAGE...`;

/** A result as printed: the ranking's fields plus the paper's metadata where its source has it. */
export type PrintedResult = RankedPaper & Omit<PaperMeta, 'id' | 'title' | 'abstract'>;

function withMeta(results: RankedPaper[], papers: ReadonlyMap<string, PaperMeta>): PrintedResult[] {
  return results.map((r) => {
    const { id: _id, title: _title, abstract: _abstract, ...meta } = papers.get(r.id) ?? { id: r.id, title: r.title };
    return { ...r, ...meta };
  });
}

function byline(r: PrintedResult): string {
  const authors = r.authors?.length
    ? `${r.authors.slice(0, 3).join(', ')}${r.authors.length > 3 ? ' et al.' : ''}`
    : undefined;
  const where = r.arxivId ? `arXiv:${r.arxivId}` : r.url;
  return [authors, r.year, where].filter(Boolean).join(' · ');
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        limit: { type: 'string', default: '10' },
        corpus: { type: 'string' },
        'cache-dir': { type: 'string' },
        ...RANKING_FLAGS,
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const files = args.positionals;
  if (files.length === 0) fail(USAGE);
  const limit = Number(args.values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    fail(`--limit must be a whole number from 1 to 1000, got "${args.values.limit}"`);
  const options = rankingOptions(args.values);
  if (typeof options === 'string') fail(options);
  const pages = files.map((file) => {
    try {
      return { file, page: readPage(file) };
    } catch (e) {
      fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });

  let corpus: CorpusEngine;
  const corpusFile = args.values.corpus;
  if (corpusFile === undefined) {
    corpus = bundledCorpusEngine(BUNDLED_CORPUS_PATH);
  } else {
    const started = performance.now();
    try {
      corpus = await corpusEngine(corpusFile, {
        bundledPath: BUNDLED_CORPUS_PATH,
        cacheDir: args.values['cache-dir'],
        log: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      fail(`cannot read ${corpusFile}: ${err.code ?? err.message}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `corpus: ${corpus.engine.n.toLocaleString('en')} papers, ${corpus.cache === 'hit' ? 'index loaded from the cache' : 'index built and cached'} in ${seconds} s\n`,
    );
  }

  const config = rankingConfig({ ...options, limit });
  const bridge = config.bridge.enabled ? readBridge() : null;
  const ranked = pages.map(({ file, page }) => ({
    page: file,
    results: withMeta(rank(page, corpus.engine, config, bridge, corpus.texts), corpus.papers),
  }));
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(ranked, null, 2)}\n`);
    return;
  }
  ranked.forEach(({ page, results }, k) => {
    if (ranked.length > 1) process.stdout.write(`${k > 0 ? '\n' : ''}== ${page}\n`);
    if (results.length === 0) {
      process.stdout.write('No related papers.\n');
      return;
    }
    results.forEach((r, i) => {
      const mark = r.strong ? '★' : ' ';
      const by = byline(r);
      process.stdout.write(
        `${String(i + 1).padStart(2)}. ${r.score.toFixed(2).padStart(7)} ${mark} ${r.title}\n` +
          (by ? `             ${by}\n` : '') +
          `             matched: ${r.matchedTerms.join(', ')}\n`,
      );
    });
  });
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
