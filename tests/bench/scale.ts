/**
 * One point of the scale series, run in its own process so its heap is its
 * own: `node --expose-gc --import tsx tests/bench/scale.ts FILE full|compact PAGES_DIR`.
 * FILE is a generated JSON Lines corpus (streamed, as the extension streams
 * stored papers), `bundled` (the 75 bundled papers), or a real corpus file
 * (`.gz` or `.json[l]`: the bundled papers plus the file's, parsed as an
 * import would, held in memory like stored papers and read back in pages of
 * 1,000, untimed). Prints one JSON line with build time, peak heap during
 * build, serialized size, reload times and query times. Called by run.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCompactEngineStreaming } from '../../lib/index/compact-build';
import { storedCompactBytes } from '../../lib/index/compact-store';
import { parseCorpus, type Paper } from '../../lib/corpus';
import { corpusPapers, importNameOf } from '../../lib/cli/index-cache';
import { BUNDLED_CORPUS_PATH, readPage } from '../../lib/cli/node-engine';
import { rank } from '../../lib/ranking/rank';
import { DEFAULT_RANKING_CONFIG } from '../../lib/ranking/config';
import type { Page } from '../../lib/page';
import { buildEngine, loadEngine, serializeEngine } from '../../lib/index/engine';
import type { Engine } from '../../lib/index/types';
import { readGenerated, times } from './measure';

export interface ScaleResult {
  design: 'full' | 'compact';
  papers: number;
  buildMs: number;
  /** CPU time of the build (user + system, all threads): steadier than wall time on a shared machine. */
  buildCpuMs: number;
  peakHeapMB: number;
  baseHeapMB: number;
  indexMB: number;
  reloadMs: number[];
  queryMs: number[];
  /** CPU time of each `rank()` call. */
  queryCpuMs: number[];
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = 1024 * 1024;

/** Papers held in memory (the bundled corpus, or bundled plus a real corpus file), or null for a generated file. */
async function storedPapers(file: string): Promise<Paper[] | null> {
  const bundled = readFileSync(BUNDLED_CORPUS_PATH, 'utf8');
  if (file === 'bundled') return parseCorpus(bundled).papers;
  if (!/\.(gz|json|jsonl)$/.test(file) || /papers-\d+-seed\d+\.jsonl$/.test(file)) return null;
  return (await corpusPapers(bundled, file, importNameOf(file))).papers.map(
    ({ id, title, abstract, codeUrl, source }) => ({ id, title, abstract, codeUrl, source }),
  );
}

/** Stored papers read back in pages of 1,000, as the extension reads its papers table. */
async function* pagesOf(papers: readonly Paper[]): AsyncGenerator<Paper> {
  for (let at = 0; at < papers.length; at += 1000) {
    await Promise.resolve();
    yield* papers.slice(at, at + 1000);
  }
}

async function main(): Promise<void> {
  const [file, design, pagesDir] = process.argv.slice(2);
  if (!file || (design !== 'full' && design !== 'compact') || !pagesDir) {
    throw new Error('usage: scale.ts FILE full|compact PAGES_DIR');
  }
  const pages = readdirSync(pagesDir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => readPage(join(pagesDir, f)));
  const stored = await storedPapers(file);
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  let peak = baseHeap;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };

  // Built in a function so the engine is garbage once it is serialized: the reload starts from a clean heap.
  const build = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let engine: Engine;
    if (stored) {
      engine =
        design === 'full'
          ? buildEngine(stored, 'bench', 'full')
          : await buildCompactEngineStreaming(() => pagesOf(stored), 'bench', { onBatch: sample });
      sample();
    } else if (design === 'full') {
      // The current design: every stored paper in memory, then one MiniSearch over titles and abstracts.
      const papers: Paper[] = [];
      for await (const p of readGenerated(file)) {
        papers.push(p);
        if (papers.length % 1000 === 0) sample();
      }
      engine = buildEngine(papers, 'bench', 'full');
      sample();
    } else {
      engine = await buildCompactEngineStreaming(() => readGenerated(file), 'bench', { onBatch: sample });
      sample();
    }
    const buildMs = performance.now() - started;
    const buildCpuMs = cpuMs(cpu);
    const serialized = serializeEngine(engine);
    const indexBytes =
      serialized.design === 'full'
        ? Buffer.byteLength(serialized.json) + Buffer.byteLength(JSON.stringify(serialized.df))
        : storedCompactBytes(serialized.packed);
    return { buildMs, buildCpuMs, serialized, indexBytes, n: engine.n };
  };
  const { buildMs, buildCpuMs, serialized, indexBytes, n } = await build();
  gc();

  // Reloading a 100k full-text index takes seconds; fewer repetitions keep the whole run under 10 minutes.
  const reloads = n >= 50_000 ? (design === 'full' ? 1 : 3) : 5;
  let reloaded: Engine | null = null;
  const reloadMs = await times(reloads, async () => {
    reloaded = null;
    // As from IndexedDB: a structured clone of what was stored, then decoded.
    reloaded = await loadEngine(structuredClone(serialized), 'bench');
  });
  if (!reloaded) throw new Error('the stored index did not reload');
  const loadedEngine: Engine = reloaded;

  // Ten rounds of every page everywhere: with three, the p95 of 81 rankings was their fourth slowest.
  const rounds = 10;
  const queryMs: number[] = [];
  const queryCpuMs: number[] = [];
  // The cosine reads the candidates' whole texts, as the worker reads them from its papers table.
  const texts = stored ? new Map(stored.map((p) => [p.id, p])) : undefined;
  const rankPage = (page: Page) => rank(page, loadedEngine, DEFAULT_RANKING_CONFIG, null, texts);
  for (const page of pages) rankPage(page); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const page of pages) {
      const cpu = process.cpuUsage();
      queryMs.push(...(await times(1, () => rankPage(page))));
      queryCpuMs.push(cpuMs(cpu));
    }
  }

  const result: ScaleResult = {
    design,
    papers: n,
    buildMs,
    buildCpuMs,
    peakHeapMB: peak / MB,
    baseHeapMB: baseHeap / MB,
    indexMB: indexBytes / MB,
    reloadMs,
    queryMs,
    queryCpuMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
