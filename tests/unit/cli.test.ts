import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusEngine, importNameOf, sourceClosureHash } from '../../lib/cli/index-cache';
import { arxivIdOf } from '../../lib/corpus-search';
import { BUNDLED_CORPUS_PATH } from '../../lib/cli/node-engine';

const SAMPLE = 'tests/fixtures/cli/arxiv-sample.jsonl';
const PAGE = 'tests/fixtures/cli/kv-cache.md';

function run(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli/related.ts', ...args], { encoding: 'utf8' });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paper-radar-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Each case starts a Node process; on a loaded machine that alone can take seconds.
describe('related CLI', { timeout: 30_000 }, () => {
  it('prints one { page, results } entry per page, best first, for --json', () => {
    const r = run(PAGE, PAGE, '--json', '--limit', '3');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[0].page).toBe(PAGE);
    const results = out[0].results;
    expect(results).toHaveLength(3);
    for (const key of ['id', 'title', 'score', 'strong', 'matchedTerms']) expect(results[0]).toHaveProperty(key);
    expect(results[0].score).toBeGreaterThanOrEqual(results[1].score);
    expect(results[0].title).toMatch(/KV Cache/);
  });

  it('prints a readable ranked list without --json', () => {
    const r = run(PAGE, '--limit', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ 1\. .*KV Cache/m);
    expect(r.stdout).toMatch(/matched: /);
  });

  it('exits non-zero with a one-line error for a missing file', () => {
    const r = run('tests/fixtures/cli/does-not-exist.html');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read .*does-not-exist\.html: ENOENT/);
  });

  it('rejects a bad --limit', () => {
    const r = run(PAGE, '--limit', 'lots');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--limit/);
  });

  it('ranks papers of a gzipped --corpus file with their authors and arXiv id', () => {
    const gz = join(dir, 'listing.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    const r = run('--corpus', gz, '--cache-dir', join(dir, 'cache'), '--json', '--limit', '10', PAGE);
    expect(r.status).toBe(0);
    const results = JSON.parse(r.stdout)[0].results as Array<{ arxivId?: string; authors?: string[] }>;
    const imported = results.filter((x) => x.arxivId);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported[0]!.authors!.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/index built and cached/);
  });

  it('exits non-zero with a one-line error for a missing --corpus file', () => {
    const r = run('--corpus', join(dir, 'nope.jsonl'), PAGE);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot read .*nope\.jsonl: ENOENT/);
  });
});

describe('corpusEngine', { timeout: 30_000 }, () => {
  it('loads the index from the cache on the second call with the same file', async () => {
    const cacheDir = join(dir, 'cache');
    const first = await corpusEngine(SAMPLE, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir });
    const second = await corpusEngine(SAMPLE, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir });
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.engine.n).toBe(first.engine.n);
    expect(second.engine.n).toBe(75 + readFileSync(SAMPLE, 'utf8').trim().split('\n').length);
    expect([...second.papers.values()].find((p) => p.arxivId === '2503.16163')?.authors?.length).toBeGreaterThan(0);
    const q = 'kv cache compression';
    expect(second.engine.index.search(q).map((r) => r.id)).toEqual(first.engine.index.search(q).map((r) => r.id));
  });

  it('builds again, replacing the old entry, when the file changes', async () => {
    const cacheDir = join(dir, 'cache');
    const file = join(dir, 'listing.jsonl');
    copyFileSync(SAMPLE, file);
    const before = await corpusEngine(file, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir });
    appendFileSync(
      file,
      `${JSON.stringify({ id: '2599.00001', title: 'A Paper Added Later', abstract: 'An abstract long enough to be a valid entry of the file, about nothing.' })}\n`,
    );
    const after = await corpusEngine(file, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir });
    expect(before.cache).toBe('miss');
    expect(after.cache).toBe('miss');
    expect(after.engine.n).toBe(before.engine.n + 1);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect((await corpusEngine(file, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir })).cache).toBe('hit');
  });

  it('builds again when the cache entry is corrupt', async () => {
    const cacheDir = join(dir, 'cache');
    const first = await corpusEngine(SAMPLE, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir });
    writeFileSync(first.cacheFile!, 'PRIX garbage');
    const again = await corpusEngine(SAMPLE, { bundledPath: BUNDLED_CORPUS_PATH, cacheDir });
    expect(again.cache).toBe('miss');
    expect(again.engine.n).toBe(first.engine.n);
  });
});

describe('index-cache helpers', () => {
  it('reads the arXiv id from an abs or pdf link, with or without a version', () => {
    expect(arxivIdOf('https://arxiv.org/abs/2503.15879')).toBe('2503.15879');
    expect(arxivIdOf('http://arxiv.org/pdf/2503.15879v2')).toBe('2503.15879');
    expect(arxivIdOf('https://example.org/2503.15879')).toBeUndefined();
  });

  it('turns a file name into a valid import name', () => {
    expect(importNameOf('/x/arxiv-cs-2025.jsonl.gz')).toBe('arxiv-cs-2025');
    expect(importNameOf('My Papers (2024).json')).toBe('my-papers-2024');
    expect(importNameOf('___.json')).toBe('corpus');
  });

  it('hashes the modules an entry imports, so a change to one of them changes the key', () => {
    const a = join(dir, 'a.ts');
    const b = join(dir, 'b.ts');
    writeFileSync(a, "import { x } from './b';\nexport const y = x;\n");
    writeFileSync(b, 'export const x = 1;\n');
    const before = sourceClosureHash(a);
    writeFileSync(b, 'export const x = 2;\n');
    expect(sourceClosureHash(a)).not.toBe(before);
  });
});
