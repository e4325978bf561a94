/**
 * Measures the content script's page extraction (`extractPage` from lib/page.ts)
 * in headless Chromium on a generated ~1 MB article: median and p95 over
 * repeated runs (performance marks) and the longest main-thread task.
 *
 *   npx tsx tests/bench/extract.ts [--runs 30] [--json]
 *
 * `npm run bench` calls {@link measureExtraction}.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/extension';

const WORDS =
  'attention transformer cache memory token model decoding sparse window latency throughput benchmark dataset evaluation agent retrieval graph kernel compiler quantization gradient'.split(
    ' ',
  );

/** A news-site-like page: header and navigation, ~1 MB of article paragraphs and headings, sidebar and footer. */
function article(bytes: number): string {
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const sentence = () =>
    Array.from({ length: 8 + Math.floor(rand() * 12) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ') +
    '. ';
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p =
      i % 12 === 0
        ? `<h2>Section ${i / 12}: ${sentence()}</h2>`
        : `<p>${Array.from({ length: 6 }, sentence).join('')}<a href="#r${i}">[${i}]</a></p>`;
    parts.push(p);
    size += p.length;
  }
  const nav = Array.from({ length: 200 }, (_, i) => `<li><a href="/s/${i}">Section ${i}</a></li>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>A long article</title>
<meta name="description" content="${sentence()}"><meta name="citation_title" content="A long article"></head>
<body><header><nav><ul>${nav}</ul></nav></header><main><article><h1>A long article</h1>${parts.join('\n')}</article></main>
<aside>${nav}</aside><footer>${nav}</footer></body></html>`;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** One extraction benchmark: every run's time (the first is a warm-up), the longest task, the page's size. */
export interface ExtractionResult {
  pageBytes: number;
  times: number[];
  longestTaskMs: number;
  textSent: number;
  chromium: string;
}

/** Extracts the generated 1 MB article `runs` times in headless Chromium. */
export async function measureExtraction(runs = 30): Promise<ExtractionResult> {
  const bundle = await build({
    entryPoints: ['lib/page.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'PaperRadarPage',
    platform: 'browser',
    write: false,
    minify: true,
  });
  const html = article(1_000_000);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.route('http://bench.local/', (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto('http://bench.local/');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = await page.evaluate(async (n) => {
      // Long tasks (≥ 50 ms) that overlap an extraction: others (a GC, the busy machine) are not the content script's.
      const longTasks: Array<{ start: number; end: number }> = [];
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => longTasks.push({ start: e.startTime, end: e.startTime + e.duration })),
      ).observe({ type: 'longtask', buffered: false });
      const extract = (globalThis as unknown as { PaperRadarPage: typeof import('../../lib/page') }).PaperRadarPage
        .extractPage;
      const times: number[] = [];
      const spans: Array<{ start: number; end: number }> = [];
      let textLength = 0;
      for (let i = 0; i < n; i++) {
        performance.mark('extract-start');
        const p = extract(document, location.href);
        performance.mark('extract-end');
        const m = performance.measure('extract', 'extract-start', 'extract-end');
        times.push(m.duration);
        spans.push({ start: m.startTime, end: m.startTime + m.duration });
        textLength = p.text.length;
        // Yield so each run is its own task, as in the content script's idle callback.
        await new Promise((r) => setTimeout(r, 0));
      }
      await new Promise((r) => setTimeout(r, 50));
      const during = longTasks.filter((t) => spans.some((s) => s.start < t.end && t.start < s.end));
      return {
        times,
        textLength,
        longestTask: during.length ? Math.max(...during.map((t) => t.end - t.start)) : 0,
      };
    }, runs);
    return {
      pageBytes: html.length,
      times: result.times,
      longestTaskMs: result.longestTask,
      textSent: result.textLength,
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 30;
  const json = args.includes('--json');
  const result = await measureExtraction(runs);
  const median = quantile(result.times.slice(1), 0.5);
  const p95 = quantile(result.times.slice(1), 0.95);
  const summary = {
    bench: 'extract',
    pageBytes: result.pageBytes,
    runs,
    firstMs: +result.times[0]!.toFixed(2),
    medianMs: +median.toFixed(2),
    p95Ms: +p95.toFixed(2),
    longestTaskMs: +result.longestTaskMs.toFixed(1),
    textSent: result.textSent,
  };
  if (json) console.log(JSON.stringify(summary));
  else
    console.log(
      `extract: ${(summary.pageBytes / 1e6).toFixed(2)} MB article, ${runs} runs: median ${summary.medianMs} ms, p95 ${summary.p95Ms} ms, first ${summary.firstMs} ms, longest task ${summary.longestTaskMs} ms (longtask ≥ 50 ms; 0 = none), text sent ${summary.textSent} chars`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
