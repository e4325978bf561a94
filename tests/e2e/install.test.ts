import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../lib/corpus';
import { EXTENSION_DIR, launchedForSuite, waitForIndex } from './extension';

const corpus = parseCorpus(readFileSync('assets/papers.txt', 'utf8'));

describe('the built extension', () => {
  it('is named Paper Radar and has an icon at every size', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('Paper Radar');
    expect(Object.keys(manifest.icons).sort()).toEqual(['128', '16', '32', '48', '96']);
  });

  it('contains all 75 titles of the bundled corpus', () => {
    const js = readdirSync(EXTENSION_DIR, { recursive: true })
      .filter((f) => String(f).endsWith('.js'))
      .map((f) => readFileSync(join(EXTENSION_DIR, String(f)), 'utf8'))
      .join('\n');
    const missing = corpus.papers.filter(
      (p) => !js.includes(JSON.stringify(p.title).slice(1, -1)) && !js.includes(p.title),
    );
    expect(corpus.papers).toHaveLength(75);
    expect(missing.map((p) => p.title)).toEqual([]);
  });
});

describe('installing in Chromium', () => {
  const ext = launchedForSuite({ waitForIndex: false });

  it('stores and indexes the 75 bundled papers in IndexedDB', async () => {
    expect(await waitForIndex(ext.worker)).toBe(75);
  });
});
