/**
 * One point of the scale series, run in its own process so its heap is its
 * own: `node --expose-gc --import tsx tests/bench/scale.ts FILE full|compact PAGES_DIR`.
 * Prints one JSON line with build time, peak heap during build, serialized
 * size, reload times and query times. Called by run.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCompactEngineStreaming, storedCompactBytes } from '../../lib/compact-index';
import type { Paper } from '../../lib/corpus';
import { readPage } from '../../lib/cli/node-engine';
import { related } from '../../lib/related';
import { buildEngine, loadEngine, serializeEngine, type Engine } from '../../lib/search-index';
import { readGenerated, times } from './measure';

export interface ScaleResult {
  design: 'full' | 'compact';
  papers: number;
  buildMs: number;
  peakHeapMB: number;
  baseHeapMB: number;
  indexMB: number;
  reloadMs: number[];
  queryMs: number[];
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [file, design, pagesDir] = process.argv.slice(2);
  if (!file || (design !== 'full' && design !== 'compact') || !pagesDir) {
    throw new Error('usage: scale.ts FILE full|compact PAGES_DIR');
  }
  const pages = readdirSync(pagesDir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => readPage(join(pagesDir, f)));
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  let peak = baseHeap;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };

  // Built in a function so the engine is garbage once it is serialized: the reload starts from a clean heap.
  const build = async () => {
    const started = performance.now();
    let engine: Engine;
    if (design === 'full') {
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
    const stored = serializeEngine(engine);
    const indexBytes =
      stored.design === 'full'
        ? Buffer.byteLength(stored.json) + Buffer.byteLength(JSON.stringify(stored.df))
        : storedCompactBytes(stored.packed);
    return { buildMs, stored, indexBytes, n: engine.n };
  };
  const { buildMs, stored, indexBytes, n } = await build();
  gc();

  // Reloading a 100k full-text index takes seconds; fewer repetitions keep the whole run under 10 minutes.
  const reloads = n >= 50_000 ? (design === 'full' ? 1 : 3) : 5;
  let reloaded: Engine | null = null;
  const reloadMs = await times(reloads, async () => {
    reloaded = null;
    // As from IndexedDB: a structured clone of what was stored, then decoded.
    reloaded = await loadEngine(structuredClone(stored), 'bench');
  });
  if (!reloaded) throw new Error('the stored index did not reload');
  const loadedEngine: Engine = reloaded;

  const rounds = n >= 50_000 ? 3 : 10;
  const queryMs: number[] = [];
  for (const page of pages) related(page, loadedEngine); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const page of pages) queryMs.push(...(await times(1, () => related(page, loadedEngine))));
  }

  const result: ScaleResult = {
    design,
    papers: n,
    buildMs,
    peakHeapMB: peak / MB,
    baseHeapMB: baseHeap / MB,
    indexMB: indexBytes / MB,
    reloadMs,
    queryMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
