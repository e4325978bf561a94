import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQrels } from '../../lib/evaluation';

/** Every file under `dir` whose name ends with one of `exts`, skipping the benchmark (it may read ../shared). */
function sources(dir: string, exts: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return path === join('tests', 'bench') || name === 'fixtures' ? [] : sources(path, exts);
    return exts.some((e) => name.endsWith(e)) ? [path] : [];
  });
}

describe('a clone of the repository alone', () => {
  it('has no test, config or library file that reads ../shared', () => {
    const files = ['tests', 'lib', '.config', 'entrypoints', 'components'].flatMap((d) =>
      sources(d, ['.ts', '.tsx', '.js']),
    );
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => /\.\.\/(\.\.\/)*shared\//.test(readFileSync(f, 'utf8')));
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
