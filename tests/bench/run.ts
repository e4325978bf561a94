/**
 * `npm run bench`: measures every hot path and prints one table — median and
 * p95 over repeated runs, the target, and a ratio against a baseline measured
 * in the same run — then writes tests/bench/results/latest.json. Benchmarks
 * print; they never assert.
 *
 * Scale points (1k, 10k, 100k generated papers, full-text and compact index)
 * run one per child process with `--expose-gc`, so each heap figure is that
 * build's alone. `--full-100k` adds the full-text index at 100k (about five
 * minutes and 4 GB more); without it the whole run stays under ten minutes.
 *
 * The real-corpus rows (when `../shared/corpus/arxiv-cs-2025.jsonl.gz` exists):
 * the bundled 75 plus its 74,728 arXiv papers, compact design, built from
 * papers held as stored, against the bundled corpus alone (full text, as the
 * extension has it) measured in the same run. `--real-only` runs just those
 * rows (and the calibration), about three minutes on a quiet machine, and
 * writes results/latest-real.json. The real rows add CPU-time figures: on a
 * shared machine wall time grows with the load (compare the calibration row
 * with that of a quiet run), CPU time much less.
 *
 * The real corpus in Chromium (`tests/bench/chromium-real.ts`, when the file
 * exists; `--no-real-chromium` skips it): the file imported from the options
 * page of the extension built for the Chromium rows, 2–5 minutes, each row
 * against the same figure for the bundled 75 papers in the same run.
 * `--chromium-only` runs just the calibration and the Chromium rows and
 * writes results/latest-chromium.json.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCompactEngine } from '../../lib/index/compact-build';
import { parseCorpus } from '../../lib/corpus';
import { BUNDLED_CORPUS_PATH, readPage } from '../../lib/cli/node-engine';
import { PaperRadarDB } from '../../lib/db';
import { errorMessage } from '../../lib/errors';
import { evaluate, formatSummary, parseQrels, type Report } from '../../lib/evaluation';
import { indexCorpusText } from '../../lib/indexer';
import { PageSchema } from '../../lib/page';
import { rankingConfig } from '../../lib/ranking/config';
import { rank } from '../../lib/ranking/rank';
import { buildEngine } from '../../lib/index/engine';
import type { Engine, PaperTexts } from '../../lib/index/types';
import { terms } from '../../lib/text';
import { measureExtension, type ExtensionResult } from './chromium';
import { measureRealImport } from './chromium-real';
import { measureExtraction } from './extract';
import { generatePapers } from './generate';
import { summary, times } from './measure';
import type { ScaleResult } from './scale';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const EVAL = resolve(ROOT, '../shared/eval');
const PAGES = join(EVAL, 'pages');
const TMP = join(HERE, 'tmp');
const SEED = 1;
const SIZES = [1_000, 10_000, 100_000];
const REAL = resolve(ROOT, '../shared/corpus/arxiv-cs-2025.jsonl.gz');

interface Row {
  name: string;
  unit: 'ms' | 'MB';
  median: number | null;
  p95: number | null;
  /** The figure must be at most this. */
  target: number | null;
  /** Median divided by the baseline's median. */
  ratio: number | null;
  baseline: string;
  note?: string;
}

const rows: Row[] = [];
let realChromium: Awaited<ReturnType<typeof measureRealImport>> | undefined;
const log = (s: string) => process.stderr.write(`${s}\n`);

function row(r: Omit<Row, 'ratio' | 'baseline'> & { base?: { name: string; median: number | null } }): void {
  const { base, ...rest } = r;
  rows.push({
    ...rest,
    ratio: base?.median && r.median !== null ? r.median / base.median : null,
    baseline: base?.name ?? '',
  });
}

/** A fixed CPU workload (tokenising and stemming the bundled corpus) that other timings are expressed against. */
async function calibrate(text: string): Promise<{ name: string; median: number }> {
  const samples = await times(20, () => terms(text));
  return { name: 'calibration', median: summary(samples).median };
}

async function corpusFile(n: number): Promise<string> {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `papers-${n}-seed${SEED}.jsonl`);
  if (existsSync(file)) return file;
  log(`generating ${n.toLocaleString('en')} papers → ${file}`);
  const out = createWriteStream(`${file}.part`);
  for (const p of generatePapers(n, { seed: SEED })) {
    if (!out.write(`${JSON.stringify(p)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, reject) => out.end((e?: Error | null) => (e ? reject(e) : r())));
  execFileSync('mv', [`${file}.part`, file]);
  return file;
}

function runScale(file: string, design: 'full' | 'compact', heapMB: number): ScaleResult {
  const out = execFileSync(
    process.execPath,
    [`--max-old-space-size=${heapMB}`, '--expose-gc', '--import', 'tsx', join(HERE, 'scale.ts'), file, design, PAGES],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ScaleResult;
}

/**
 * The real-corpus rows: the bundled corpus alone (full text) and bundled +
 * the real file (compact), each in its own process, the first the baseline of
 * the second's ratios.
 */
function realRows(): ScaleResult[] {
  if (!existsSync(REAL)) {
    log(`real corpus: skipped, no ${REAL}`);
    row({ name: 'real corpus rows', unit: 'ms', median: null, p95: null, target: null, note: `skipped: no ${REAL}` });
    return [];
  }
  log('real corpus: the bundled 75, full text…');
  const small = runScale('bundled', 'full', 1024);
  log('real corpus: bundled + arxiv-cs-2025, compact…');
  const big = runScale(REAL, 'compact', 4096);
  const label = `real ${big.papers.toLocaleString('en')} compact`;
  const base = `bundled ${small.papers} full-text`;
  const one = (x: number) => ({ median: x, p95: null });
  const per100k = (r: ScaleResult) => one((r.indexMB * 100_000) / r.papers);
  const measures: Array<
    [string, Row['unit'], (r: ScaleResult) => { median: number; p95: number | null }, number | null]
  > = [
    ['build from stored papers', 'ms', (r) => one(r.buildMs), 30_000],
    ['build from stored papers, CPU time', 'ms', (r) => one(r.buildCpuMs), 30_000],
    ['peak heap during build', 'MB', (r) => one(r.peakHeapMB), 300],
    // The papers are held in the heap only to stand in for the papers table: the worker's build streams them.
    ['peak heap during build, above the papers held', 'MB', (r) => one(r.peakHeapMB - r.baseHeapMB), null],
    ['serialized index', 'MB', (r) => one(r.indexMB), null],
    ['serialized index per 100k papers', 'MB', per100k, 30],
    ['reload (stored → searchable)', 'ms', (r) => summary(r.reloadMs), 500],
    ['rank() per page (eval pages)', 'ms', (r) => summary(r.queryMs), 20],
    ['rank() per page (eval pages), CPU time', 'ms', (r) => summary(r.queryCpuMs), 20],
  ];
  for (const [name, unit, of, target] of measures) {
    row({ name: `${label}: ${name}`, unit, ...of(big), target, base: { name: base, median: of(small).median } });
  }
  return [small, big];
}

/** The graded set against one design, ranked as the extension ranks: over the stored papers' texts. */
function relevance(engineFor: () => Engine, texts: PaperTexts): Report {
  const engine = engineFor();
  const qrels = parseQrels(readFileSync(join(EVAL, 'dev-qrels.tsv'), 'utf8'));
  return evaluate(qrels, (slug) => {
    const html = join(PAGES, `${slug}.html`);
    const page = readPage(existsSync(html) ? html : join(PAGES, `${slug}.md`));
    return rank(page, engine, rankingConfig({ limit: 75 }), null, texts);
  });
}

function fmt(x: number | null, unit: string): string {
  if (x === null) return '—';
  if (unit === 'MB') return `${x.toFixed(1)} MB`;
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`;
}

function table(): string {
  const head = ['benchmark', 'median', 'p95', 'target', 'met', 'ratio', 'baseline'];
  const body = rows.map((r) => [
    r.name,
    r.median === null ? (r.note ?? 'not measured yet') : fmt(r.median, r.unit),
    fmt(r.p95, r.unit),
    r.target === null ? '—' : `≤ ${fmt(r.target, r.unit)}`,
    r.median === null || r.target === null ? '' : (r.p95 ?? r.median) <= r.target ? 'yes' : 'NO',
    r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
    r.baseline,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/**
 * The real corpus imported in Chromium from the options page, each row against
 * the bundled corpus alone: the install and stopped-worker popup rows just
 * measured (`base`), or the same profile before the import.
 */
async function realChromiumRows(base: ExtensionResult): Promise<void> {
  if (!existsSync(REAL)) {
    log(`real corpus in Chromium: skipped, no ${REAL}`);
    row({
      name: 'real corpus in Chromium',
      unit: 'ms',
      median: null,
      p95: null,
      target: null,
      note: `skipped: no ${REAL}`,
    });
    return;
  }
  log('chromium: importing the real corpus from the options page (2–5 minutes)…');
  const r = await measureRealImport(REAL);
  realChromium = r;
  const label = `real ${r.papers.toLocaleString('en')} in Chromium`;
  const one = (x: number | null) => ({ median: x, p95: null });
  const same = (name: string, median: number) => ({ name: `${name}, 75 papers, same profile`, median });
  row({ name: `${label}: file picked → preview shown`, unit: 'ms', ...one(r.previewMs), target: null });
  row({ name: `${label}: file picked → every paper written`, unit: 'ms', ...one(r.writtenMs), target: null });
  row({
    name: `${label}: import, file picked → done (index built)`,
    unit: 'ms',
    ...one(r.importMs),
    target: null,
    base: { name: 'install → 75 papers searchable (Chromium)', median: summary(base.installMs).median },
  });
  row({
    name: `${label}: peak JS heap of the options page`,
    unit: 'MB',
    ...one(r.heapMB.peak),
    target: 300,
    base: same('options page at rest', r.heapMB.atRest),
  });
  row({
    name: `${label}: stored (storage.estimate)`,
    unit: 'MB',
    ...one(r.storedMB.after),
    target: null,
    base: same('stored', r.storedMB.before),
  });
  row({
    name: `${label}: tab opened → ranked, first after import`,
    unit: 'ms',
    ...one(r.firstRankMs.after),
    target: null,
    base: same('first ranking', r.firstRankMs.before),
  });
  row({
    name: `${label}: rank() per page in the worker (eval pages)`,
    unit: 'ms',
    ...(r.workerRankMs ? summary(r.workerRankMs.after) : { median: null, p95: null }),
    target: null,
    note: 'not measured: the build has no WXT_BENCH hook (rebuild without --no-build)',
    base: r.workerRankMs ? same('rank() in the worker', summary(r.workerRankMs.before).median) : undefined,
  });
  row({
    name: `${label}: search catalogue stored, after the worker's rankings`,
    unit: 'ms',
    ...one(r.catalogueStoredMs),
    target: null,
    note: 'not within 2 minutes',
  });
  row({
    name: `${label}: popup open → results painted, stopped worker`,
    unit: 'ms',
    ...summary(r.popupStoppedMs.after),
    target: 1000,
    base: { name: 'popup … stopped worker (Chromium), 75', median: summary(base.popupStoppedMs).median },
  });
  row({
    name: `${label}: popup search → results, stopped worker`,
    unit: 'ms',
    ...summary(r.searchStoppedMs.after),
    target: 1000,
    base: same('search', summary(r.searchStoppedMs.before).median),
  });
}

/**
 * The Chromium rows: builds the extension into `.output-bench/` (so other
 * builds are left alone; `--no-build` reuses it), then measures install,
 * extraction and the popup. Returns the Chromium version, or null when the
 * browser could not run (the rows then say why).
 */
async function chromiumRows(reuseBuild: boolean): Promise<string | null> {
  const names = {
    install: 'install → 75 papers searchable (Chromium)',
    extract: 'content-script extraction, 1 MB article (Chromium)',
    longest: 'longest task during extraction (Chromium)',
    warm: 'popup open → results painted, warm worker (Chromium)',
    stopped: 'popup open → results painted, stopped worker (Chromium)',
  };
  const dir = join(ROOT, '.output-bench');
  process.env.EXTENSION_DIR = join(dir, 'chrome-mv3');
  try {
    if (!reuseBuild || !existsSync(join(dir, 'chrome-mv3', 'manifest.json'))) {
      log('chromium: building the extension into .output-bench/…');
      // WXT_BENCH: the worker exposes its ranking, for the real corpus's rank() row (no other build has it).
      execFileSync('npx', ['wxt', 'build'], {
        cwd: ROOT,
        env: { ...process.env, WXT_OUT_DIR: dir, WXT_BENCH: '1' },
        stdio: 'ignore',
      });
    }
    log('chromium: install and popup…');
    const ext = await measureExtension(5);
    log('chromium: extraction…');
    const ex = await measureExtraction(30);
    row({ name: names.install, unit: 'ms', ...summary(ext.installMs), target: 1000 });
    row({ name: names.extract, unit: 'ms', ...summary(ex.times.slice(1)), target: 50 });
    row({ name: names.longest, unit: 'ms', median: ex.longestTaskMs, p95: null, target: 50 });
    row({ name: names.warm, unit: 'ms', ...summary(ext.popupWarmMs), target: 300 });
    row({ name: names.stopped, unit: 'ms', ...summary(ext.popupStoppedMs), target: 1000 });
    if (process.argv.includes('--no-real-chromium')) log('real corpus in Chromium: skipped (--no-real-chromium)');
    else {
      await realChromiumRows(ext).catch((e: unknown) => {
        log(`real corpus in Chromium: ${errorMessage(e)}`);
        row({ name: 'real corpus in Chromium', unit: 'ms', median: null, p95: null, target: null, note: 'failed' });
      });
    }
    return ext.chromium;
  } catch (e) {
    log(`chromium: ${errorMessage(e)}`);
    for (const name of Object.values(names))
      row({ name, unit: 'ms', median: null, p95: null, target: null, note: 'failed' });
    return null;
  }
}

/** The rows of the bundled corpus, Chromium and the generated scale series. Returns the Chromium version. */
async function smallAndScaleRows(
  text: string,
  calib: { name: string; median: number },
  full100k: boolean,
  scale: ScaleResult[],
): Promise<string | null> {
  const corpus = parseCorpus(text);
  // Install → 75 papers searchable: parse + Dexie write + index build + persist, each into a fresh database.
  let dbs = 0;
  const install = await times(15, async () => {
    const db = new PaperRadarDB(`bench-${++dbs}`);
    await indexCorpusText(db, text);
    db.close();
  });
  row({
    name: 'install → 75 papers searchable (Node, fake-indexeddb)',
    unit: 'ms',
    ...summary(install),
    target: 1000,
    base: calib,
  });

  const engine = buildEngine(corpus.papers, corpus.version);
  const page = readPage(join(PAGES, 'h2o.html'));
  rank(page, engine);
  const rel = await times(200, () => rank(page, engine));
  row({ name: 'rank(), h2o page, 75 papers', unit: 'ms', ...summary(rel), target: 20, base: calib });
  const compact75 = buildCompactEngine(corpus.papers, corpus.version);
  rank(page, compact75);
  const relCompact = await times(200, () => rank(page, compact75));
  row({
    name: 'rank(), h2o page, 75 papers, compact',
    unit: 'ms',
    ...summary(relCompact),
    target: 20,
    base: { name: 'full-text', median: summary(rel).median },
  });
  // A hostile page: 100 KB of made-up names, each capitalised inside a sentence and written before "experts" —
  // every one a candidate coined name, the worst case for that step.
  const bait = Array.from(
    { length: 6_000 },
    (_, i) => `and Mixtu${i.toString(36).replace(/\d/g, (d) => 'abcdefghij'[+d]!)} experts`,
  );
  const hostile = PageSchema.parse({ title: 'Names', text: `We compare ${bait.join(', ')}.`.slice(0, 100_000) });
  rank(hostile, engine);
  const relHostile = await times(30, () => rank(hostile, engine));
  row({
    name: 'rank(), hostile 100 KB page of coined-name bait',
    unit: 'ms',
    ...summary(relHostile),
    target: 50,
    base: { name: 'h2o page', median: summary(rel).median },
  });
  const chromium = await chromiumRows(process.argv.includes('--no-build'));

  for (const n of SIZES) {
    const file = await corpusFile(n);
    const designs: Array<'full' | 'compact'> = n < 100_000 || full100k ? ['full', 'compact'] : ['compact'];
    const at: Partial<Record<'full' | 'compact', ScaleResult>> = {};
    for (const design of designs) {
      log(`scale: ${n.toLocaleString('en')} papers, ${design} index…`);
      const r = runScale(file, design, design === 'full' ? 6144 : 2048);
      scale.push(r);
      at[design] = r;
    }
    const k = `${n / 1000}k`;
    for (const design of designs) {
      const r = at[design]!;
      const base = design === 'compact' ? at.full : undefined;
      const label = `${k} ${design === 'full' ? 'full-text' : 'compact'}`;
      const big = n === 100_000;
      const vs = (m: number | undefined) =>
        base && m !== undefined ? { name: `${k} full-text`, median: m } : undefined;
      row({ name: `${label}: build`, unit: 'ms', median: r.buildMs, p95: null, target: null, base: vs(base?.buildMs) });
      row({
        name: `${label}: peak heap during build`,
        unit: 'MB',
        median: r.peakHeapMB,
        p95: null,
        target: big ? 300 : null,
        base: vs(base?.peakHeapMB),
      });
      row({
        name: `${label}: serialized index`,
        unit: 'MB',
        median: r.indexMB,
        p95: null,
        target: big ? 30 : null,
        base: vs(base?.indexMB),
      });
      const reload = summary(r.reloadMs);
      row({
        name: `${label}: reload (stored → searchable)`,
        unit: 'ms',
        ...reload,
        target: big ? 500 : null,
        base: vs(base && summary(base.reloadMs).median),
      });
      const q = summary(r.queryMs);
      row({
        name: `${label}: rank() per page`,
        unit: 'ms',
        ...q,
        target: big ? 20 : null,
        base: vs(base && summary(base.queryMs).median),
      });
    }
    if (n === 100_000 && !full100k) {
      row({
        name: '100k full-text (run with --full-100k)',
        unit: 'ms',
        median: null,
        p95: null,
        target: null,
        note: 'skipped',
      });
    }
  }

  return chromium;
}

async function main(): Promise<void> {
  const started = performance.now();
  const full100k = process.argv.includes('--full-100k');
  const realOnly = process.argv.includes('--real-only');
  const text = readFileSync(BUNDLED_CORPUS_PATH, 'utf8');
  const calib = await calibrate(text);
  row({ name: 'calibration: tokenise + stem the 75 abstracts', unit: 'ms', ...summary([calib.median]), target: null });
  const corpus = parseCorpus(text);
  const scale: ScaleResult[] = [];
  const chromiumOnly = process.argv.includes('--chromium-only');
  const chromium = chromiumOnly
    ? await chromiumRows(process.argv.includes('--no-build'))
    : realOnly
      ? null
      : await smallAndScaleRows(text, calib, full100k, scale);
  if (!chromiumOnly) scale.push(...realRows());

  const texts = new Map(corpus.papers.map((p) => [p.id, p]));
  const relevanceReports = {
    full: relevance(() => buildEngine(corpus.papers, corpus.version), texts),
    compact: relevance(() => buildCompactEngine(corpus.papers, corpus.version), texts),
  };

  const node = process.version;
  const header = [
    `Node ${node} · ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()} · ${(totalmem() / 2 ** 30).toFixed(0)} GB`,
    `Chromium ${chromium ?? 'not measured'}`,
  ];
  const out = [
    ...header,
    '',
    table(),
    '',
    'Relevance on ../shared/eval/dev-qrels.tsv (75 papers):',
    `  full-text  ${formatSummary(relevanceReports.full)}`,
    `  compact    ${formatSummary(relevanceReports.compact)}`,
    '',
    `whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ].join('\n');
  process.stdout.write(`${out}\n`);

  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    // A partial run keeps the full run's figures: it writes a file of its own.
    join(dir, chromiumOnly ? 'latest-chromium.json' : realOnly ? 'latest-real.json' : 'latest.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node,
        chromium,
        cpu: cpus()[0]?.model,
        cores: availableParallelism(),
        seconds: Math.round((performance.now() - started) / 1000),
        rows,
        scale: scale.map(({ reloadMs, queryMs, queryCpuMs, ...r }) => ({
          ...r,
          reload: summary(reloadMs),
          query: summary(queryMs),
          queryCpu: summary(queryCpuMs),
        })),
        realChromium,
        relevance: Object.fromEntries(
          Object.entries(relevanceReports).map(([k, r]) => [k, { ...r, pages: undefined }]),
        ),
      },
      null,
      2,
    )}\n`,
  );
}

// Exits when done: a browser a failed launch left behind would otherwise keep the process alive.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
