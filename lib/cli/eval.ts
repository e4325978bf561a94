/**
 * `npm run --silent eval -- [QRELS.tsv] [--verbose] [--no-acronyms …]`: scores
 * the ranking on four sets (see shared/eval/README.md), one line each:
 *
 * - `graded`: the graded pages against the bundled 75 papers (`--qrels`, `--pages`);
 * - `scale`: the same pages against bundled + the large corpus, pooled judgments
 *   matched by arXiv id or title (`--scale-qrels`, `--corpus`), with a tf-idf
 *   cosine baseline measured in the same run beside it;
 * - `known-item`: a paper's code README against bundled + the large corpus (`--known-items`);
 * - `prose`: ordinary pages, how many get any strong match, against both (`--prose`).
 *
 * Paths default to `../shared/…` beside the project (shared-data: optional); a set whose data is
 * missing says `skipped: no FILE`. The large corpus's index comes from the
 * on-disk cache of `related --corpus` (`lib/cli/index-cache.ts`). `--sets`
 * picks sets (`graded,scale,known-item,prose`); `--no-baseline` skips the
 * tf-idf baseline (about 35 s: it indexes every cached title and abstract);
 * the other `--no-*` switches turn one part of the ranking off for an ablation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  evaluate,
  evaluateKnownItems,
  formatKnownItemSummary,
  formatPageLine,
  formatPooledSummary,
  formatSummary,
  parseKnownItems,
  parseQrels,
  type Judgment,
  type Ranked,
  type Report,
} from '../evaluation';
import type { Page } from '../page';
import { rankingConfig, type RankingConfig } from '../ranking/config';
import { rank } from '../ranking/rank';
import { BRIDGE_ASSET_PATH, readBridge } from './bridge';
import { bundledCorpusEngine, corpusEngine, type CorpusEngine } from './index-cache';
import { BUNDLED_CORPUS_PATH, fail, readPage } from './node-engine';
import { RANKING_FLAGS, RANKING_USAGE, rankingOptions } from './ranking-flags';
import { buildTfidf, rankTfidf } from './tfidf-baseline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = resolve(ROOT, '../shared');
const SETS = ['graded', 'scale', 'known-item', 'prose'] as const;
type SetName = (typeof SETS)[number];

const USAGE =
  'usage: eval [QRELS.tsv] [--pages DIR] [--scale-qrels FILE] [--corpus FILE] [--known-items DIR] [--prose DIR] ' +
  `[--sets graded,scale,known-item,prose] [--cache-dir DIR] [--bridge-asset FILE] [--no-baseline] [--verbose] ${RANKING_USAGE}`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const label = (name: SetName | string) => `${name}:`.padEnd(12);

/** The page file for a slug: its `.html` rendering when there is one (what the extension reads), else its `.md`. */
function pageFile(dir: string, slug: string): string | null {
  for (const ext of ['.html', '.md']) if (existsSync(join(dir, `${slug}${ext}`))) return join(dir, `${slug}${ext}`);
  return null;
}

function slugsIn(dir: string): string[] {
  return [
    ...new Set(
      readdirSync(dir)
        .filter((f) => /\.(html|md)$/.test(f))
        .map((f) => f.replace(/\.(html|md)$/, '')),
    ),
  ].sort();
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        qrels: { type: 'string' },
        pages: { type: 'string' },
        'scale-qrels': { type: 'string' },
        corpus: { type: 'string' },
        'known-items': { type: 'string' },
        prose: { type: 'string' },
        sets: { type: 'string' },
        'cache-dir': { type: 'string' },
        'bridge-asset': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        'no-baseline': { type: 'boolean', default: false },
        ...RANKING_FLAGS,
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (args.positionals.length > 1) fail(USAGE);
  const v = args.values;
  const options = rankingOptions(v);
  if (typeof options === 'string') fail(options);
  const sets = new Set((v.sets ?? SETS.join(',')).split(',').map((s) => s.trim()));
  for (const s of sets) if (!SETS.includes(s as SetName)) fail(`--sets: unknown set "${s}" (${SETS.join(', ')})`);

  const qrelsFile = args.positionals[0] ?? v.qrels ?? join(SHARED, 'eval/dev-qrels.tsv');
  const pagesDir = v.pages ?? join(dirname(qrelsFile), 'pages');
  const scaleQrels = v['scale-qrels'] ?? join(SHARED, 'eval/scale-dev-qrels.tsv');
  const corpusFile = v.corpus ?? join(SHARED, 'corpus/arxiv-cs-2025.jsonl.gz');
  const knownDir = v['known-items'] ?? join(SHARED, 'eval/known-item');
  const proseDir = v.prose ?? join(SHARED, 'eval/prose');
  const verbose = v.verbose;
  const rankOptions: RankingConfig = rankingConfig({ ...options, limit: 75 });
  // The shipped bridge asset, as the extension loads it (missing or corrupt: a warning, and none).
  // `--bridge-asset FILE` reads another asset (one being tried).
  const bridge = rankOptions.bridge.enabled ? readBridge(v['bridge-asset'] ?? BRIDGE_ASSET_PATH) : null;

  const bundled = bundledCorpusEngine(BUNDLED_CORPUS_PATH);
  let large: CorpusEngine | null | undefined;
  const largeEngine = async (): Promise<CorpusEngine | null> => {
    if (large !== undefined) return large;
    if (!existsSync(corpusFile)) return (large = null);
    const started = performance.now();
    large = await corpusEngine(corpusFile, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir: v['cache-dir'], log });
    log(
      `${large.engine.n.toLocaleString('en')} papers, index ${large.cache === 'hit' ? 'loaded from the cache' : 'built'} in ${seconds(started)}`,
    );
    return large;
  };
  const rankedOf = (corpus: CorpusEngine, page: Page, limit = 75): Ranked[] =>
    rank(page, corpus.engine, { ...rankOptions, limit }, bridge, corpus.texts).map((r) => ({
      title: r.title,
      strong: r.strong,
      arxivId: corpus.papers.get(r.id)?.arxivId,
    }));
  const pageOf = (dir: string, slug: string): Page => {
    const file = pageFile(dir, slug);
    if (!file) fail(`no page for "${slug}" in ${dir}`);
    return readPage(file);
  };

  /** The tf-idf cosine over the same papers, scored like the ranking. */
  const baseline = (corpus: CorpusEngine, qrels: Map<string, Judgment[]>, pages: Map<string, Page>): Report => {
    let started = performance.now();
    const papers = [...corpus.papers.values()].map((m) => ({ id: m.id, title: m.title, abstract: m.abstract ?? '' }));
    const tfidf = buildTfidf(papers);
    log(`tf-idf baseline over ${papers.length.toLocaleString('en')} papers built in ${seconds(started)}`);
    started = performance.now();
    const report = evaluate(
      qrels,
      (slug) =>
        rankTfidf(tfidf, pages.get(slug)!, 10).map((h) => ({
          title: h.title,
          strong: false,
          arxivId: corpus.papers.get(h.id)?.arxivId,
        })),
      { pooled: true },
    );
    log(`tf-idf ranked ${qrels.size} pages in ${seconds(started)}`);
    return report;
  };

  // (a) Graded pages against the bundled corpus.
  if (sets.has('graded')) {
    if (!existsSync(qrelsFile)) out(`${label('graded')}skipped: no ${qrelsFile}`);
    else {
      const report = evaluate(parseQrels(readFileSync(qrelsFile, 'utf8')), (slug) =>
        rankedOf(bundled, pageOf(pagesDir, slug)),
      );
      if (verbose) for (const p of report.pages) out(`  ${formatPageLine(p)}`);
      out(`${label('graded')}bundled ${bundled.engine.n}: ${formatSummary(report)}`);
    }
  }

  // (b) The same pages at scale, with the tf-idf baseline.
  if (sets.has('scale')) {
    const missing = [scaleQrels, corpusFile].find((f) => !existsSync(f));
    if (missing) out(`${label('scale')}skipped: no ${missing}`);
    else {
      const corpus = (await largeEngine())!;
      const qrels = parseQrels(readFileSync(scaleQrels, 'utf8'));
      const pages = new Map([...qrels.keys()].map((slug) => [slug, pageOf(pagesDir, slug)]));
      const ours = evaluate(qrels, (slug) => rankedOf(corpus, pages.get(slug)!, 10), { pooled: true });
      const base = v['no-baseline'] ? null : baseline(corpus, qrels, pages);
      if (verbose) {
        for (const p of ours.pages) {
          const b = base?.pages.find((x) => x.page === p.page);
          const beside = b ? ` | tf-idf nDCG@5=${b.ndcg5.toFixed(3)} top5=[${b.top.join(' ')}]` : '';
          out(`  ${formatPageLine(p)} unjudged=${p.unjudged5}${beside}`);
        }
      }
      out(
        `${label('scale')}bundled+${(corpus.engine.n - bundled.engine.n).toLocaleString('en')}: Paper Radar ${formatPooledSummary(ours)} | tf-idf ${base ? formatPooledSummary(base, { withStrong: false }) : 'skipped (--no-baseline)'}`,
      );
    }
  }

  // (c) Known items at scale.
  if (sets.has('known-item')) {
    const list = join(knownDir, 'papers.tsv');
    const missing = [list, corpusFile].find((f) => !existsSync(f));
    if (missing) out(`${label('known-item')}skipped: no ${missing}`);
    else {
      const corpus = (await largeEngine())!;
      const present = new Set([...corpus.papers.values()].flatMap((p) => (p.arxivId ? [p.arxivId] : [])));
      const report = evaluateKnownItems(
        parseKnownItems(readFileSync(list, 'utf8')),
        (slug) => {
          const results = rank(
            pageOf(knownDir, slug),
            corpus.engine,
            { ...rankOptions, limit: 10 },
            bridge,
            corpus.texts,
          );
          const ids = results.map((r) => corpus.papers.get(r.id)?.arxivId ?? r.id);
          return { ids, top: results[0]?.title ?? '(none)' };
        },
        (target) => present.has(target),
      );
      if (verbose) {
        for (const p of report.pages) {
          const where = p.inCorpus ? (p.rank ? `rank ${p.rank}` : 'not in top 10') : 'not in the corpus';
          out(`  ${p.page.padEnd(22)} ${where.padEnd(17)} first: ${p.top}`);
        }
      }
      out(
        `${label('known-item')}bundled+${(corpus.engine.n - bundled.engine.n).toLocaleString('en')}: ${formatKnownItemSummary(report)}`,
      );
    }
  }

  // (d) Ordinary prose: no paper should be strong against the bundled corpus; at scale only on the page's topic.
  if (sets.has('prose')) {
    if (!existsSync(proseDir)) out(`${label('prose')}skipped: no ${proseDir}`);
    else {
      const slugs = slugsIn(proseDir);
      const pages = slugs.map((slug) => ({ slug, page: pageOf(proseDir, slug) }));
      const strongOn = (corpus: CorpusEngine) =>
        pages.map(({ slug, page }) => ({
          slug,
          strong: rank(page, corpus.engine, { ...rankOptions, limit: 10 }, bridge, corpus.texts).filter(
            (r) => r.strong,
          ),
        }));
      const count = (xs: Array<{ strong: unknown[] }>) => xs.filter((x) => x.strong.length > 0).length;
      const small = strongOn(bundled);
      const corpus = existsSync(corpusFile) ? await largeEngine() : null;
      const big = corpus ? strongOn(corpus) : null;
      if (verbose) {
        for (const [k, { slug }] of pages.entries()) {
          const names = (xs: Array<{ title: string }>) => xs.map((r) => `"${r.title}"`).join(', ') || '—';
          out(`  ${slug.padEnd(40)} bundled: ${names(small[k]!.strong)}`);
          if (big) out(`  ${''.padEnd(40)} large:   ${names(big[k]!.strong)}`);
        }
      }
      out(
        `${label('prose')}pages=${pages.length} with a strong match: bundled ${count(small)}/${pages.length}, ` +
          (big ? `bundled+large ${count(big)}/${pages.length}` : `bundled+large skipped: no ${corpusFile}`),
      );
    }
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
