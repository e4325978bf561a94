import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(...args: string[]) {
  return spawnSync('npx', ['tsx', 'lib/cli/related.ts', ...args], { encoding: 'utf8' });
}

describe('related CLI', () => {
  it('prints only a JSON array, best first, for --json', () => {
    const r = run('tests/fixtures/cli/kv-cache.md', '--json', '--limit', '3');
    expect(r.status).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results).toHaveLength(3);
    for (const key of ['id', 'title', 'score', 'strong', 'matchedTerms']) expect(results[0]).toHaveProperty(key);
    expect(results[0].score).toBeGreaterThanOrEqual(results[1].score);
    expect(results[0].title).toMatch(/KV Cache/);
  });

  it('prints a readable ranked list without --json', () => {
    const r = run('tests/fixtures/cli/kv-cache.md', '--limit', '2');
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
    const r = run('tests/fixtures/cli/kv-cache.md', '--limit', 'lots');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--limit/);
  });
});
