/** Timing and summary helpers shared by the benchmark's parent and child processes. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { findCodeUrl, type Paper } from '../../lib/corpus';
import { importedId, importSource } from '../../lib/corpus-import';

/** Median and 95th percentile (nearest rank) of a list of samples. */
export function summary(samples: readonly number[]): { median: number; p95: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), n: s.length };
}

/** Runs `fn` `reps` times and returns each run's duration in milliseconds. */
export async function times(reps: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The name generated corpora are imported under in the benchmark. */
export const BENCH_SET = 'bench';

/**
 * Streams a generated JSON Lines corpus as papers with the ids an import
 * would give them, without holding the file.
 */
export async function* readGenerated(file: string): AsyncGenerator<Paper> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const e = JSON.parse(line) as { title: string; abstract: string };
    yield {
      id: importedId(BENCH_SET, e),
      title: e.title,
      abstract: e.abstract,
      codeUrl: findCodeUrl(e.abstract),
      source: importSource(BENCH_SET),
    };
  }
}
