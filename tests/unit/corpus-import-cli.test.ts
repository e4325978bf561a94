import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/corpus';

async function inspect(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('corpus inspect', () => {
  it('prints the judgement as JSON in the documented shape', async () => {
    const r = await inspect('inspect', 'tests/fixtures/formats/arxiv-snapshot.json', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      format: 'arxiv-snapshot',
      entries: 6,
      good: 4,
      withAbstract: 4,
      fields: { authors: 4, year: 4, url: 4, doi: 1, arxivId: 4 },
      problems: [
        { at: 'line 4', reason: 'not valid JSON' },
        { at: 'line 5', reason: 'title: missing' },
      ],
    });
  });

  it('prints a readable report naming the format and the problems', async () => {
    const r = await inspect('inspect', 'tests/fixtures/formats/zotero.csl.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('format: CSL-JSON (csl-json)');
    expect(r.stdout).toContain('entries: 5; good: 4; bad: 1');
    expect(r.stdout).toContain('with an abstract: 3; title only: 1');
    expect(r.stdout).toContain('  entry 3: title: missing');
  });

  it('names what a file is when it cannot be imported, and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-cli-'));
    const csv = join(dir, 'papers.jsonl');
    writeFileSync(csv, 'title,abstract,year\nA paper,Its abstract,2024\n');
    const r = await inspect('inspect', csv);
    rmSync(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${csv}: this file is a CSV or TSV spreadsheet, which Paper Radar does not import — use JSON Lines, JSON, CSL-JSON or BibTeX (gzip-compressed or not)`,
    );
    const missing = await inspect('inspect', 'tests/fixtures/formats/nope.jsonl');
    expect([missing.code, missing.stderr]).toEqual([1, 'cannot read tests/fixtures/formats/nope.jsonl: ENOENT']);
  });

  it('prints its usage for an unknown command', async () => {
    expect((await inspect('count', 'x')).code).toBe(2);
  });

  it('runs as `npm run --silent corpus -- inspect FILE --json` with only JSON on stdout', () => {
    const r = spawnSync(
      'npm',
      ['run', '--silent', 'corpus', '--', 'inspect', 'tests/fixtures/formats/references.bib', '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'bibtex', entries: 6, good: 5 });
  });
});
