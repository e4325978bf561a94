import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQrels } from '../../lib/evaluation';

/** Every file under `dir` whose name ends with one of `exts`, skipping the benchmark (it may read the shared data folder). */
function sources(dir: string, exts: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return path === join('tests', 'bench') || name === 'fixtures' ? [] : sources(path, exts);
    return exts.some((e) => name.endsWith(e)) ? [path] : [];
  });
}

describe('a clone of the repository alone', () => {
  // A command that takes the large data by path (eval, bench) or an E2E that skips itself without it says so with
  // this marker; any other file reading the shared data folder would make a plain clone fail.
  const OPTIONAL_SHARED = 'shared-data: optional';

  it('has no test, config or library file that reads the shared data folder, except those marked as optional readers', () => {
    const files = ['tests', 'lib', '.config', 'entrypoints', 'components'].flatMap((d) =>
      sources(d, ['.ts', '.tsx', '.js']),
    );
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /\.\.\/(\.\.\/)*shared\//.test(text) && !text.includes(OPTIONAL_SHARED);
    });
    expect(offenders).toEqual([]);
  });

  it('has a page in tests/fixtures/eval/pages for every judged page of dev-qrels.tsv', () => {
    const qrels = parseQrels(readFileSync('tests/fixtures/eval/dev-qrels.tsv', 'utf8'));
    const pages = new Set(readdirSync('tests/fixtures/eval/pages'));
    expect(qrels.size).toBeGreaterThan(5);
    const missing = [...qrels.keys()].filter((slug) => !pages.has(`${slug}.html`));
    expect(missing).toEqual([]);
  });
});

describe('the Node versions package.json supports', () => {
  // semver comes with npm's own dependency tree (Babel, Puppeteer); the test only needs these two functions.
  const semver = createRequire(import.meta.url)('semver') as {
    minVersion(range: string): { version: string } | null;
    satisfies(version: string, range: string): boolean;
  };
  const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
  const lowest = engines.split('||').map((range) => semver.minVersion(range)!.version);

  it('are each supported by every package of package-lock.json, so npm install warns of no engine', () => {
    expect(lowest).toContain('20.19.0');
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    const unsupported = Object.entries(lock.packages).flatMap(([name, p]) =>
      lowest.filter((v) => p.engines?.node && !semver.satisfies(v, p.engines.node)).map((v) => `${name} on ${v}`),
    );
    expect(unsupported).toEqual([]);
  });
});
