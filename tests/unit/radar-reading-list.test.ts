import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readPage } from '../../lib/cli/node-engine';
import { parseCorpus } from '../../lib/corpus';
import { PaperRadarDB } from '../../lib/db';
import { createRadar } from '../../lib/radar';
import { unsave } from '../../lib/reading-list';
import { saveSettings } from '../../lib/settings';

/** The background ranks with the reading list when the setting says so, and follows the list as it changes. */

const bundled = readFileSync('assets/papers.txt', 'utf8');
const page = { ...readPage('tests/fixtures/pages/kv-article.html'), url: 'https://example.org/kv-cache' };
const bitStack = parseCorpus(bundled).papers.find((p) => p.title.startsWith('BitStack'))!;

let n = 0;
const dbs: PaperRadarDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function background() {
  const db = new PaperRadarDB(`radar-reading-list-${n++}`);
  dbs.push(db);
  const radar = createRadar(db, bundled);
  const liked = async () => (await radar.deps.rank(page)).filter((r) => r.likeSaved).map((r) => r.title);
  return { db, radar, liked };
}

describe('ranking with the reading list', () => {
  it('moves papers like a saved one up once it is saved, and stops when it is removed', async () => {
    const { db, radar, liked } = background();
    expect(await liked()).toEqual([]);
    expect(await radar.deps.savePaper(bitStack.id)).toBe(true);
    const like = await liked();
    expect(like.length).toBeGreaterThan(0);
    // BitStack compresses language models: what it brings up is about compression, and never BitStack itself.
    expect(like.some((t) => /Compress/i.test(t))).toBe(true);
    expect(like).not.toContain(bitStack.title);
    await unsave(db, bitStack.id);
    expect(await liked()).toEqual([]);
  });

  it('ranks without the reading list when the setting is off', async () => {
    const { radar, liked } = background();
    await radar.deps.savePaper(bitStack.id);
    await saveSettings({ readingList: false });
    expect(await liked()).toEqual([]);
    await saveSettings({ readingList: true });
    expect((await liked()).length).toBeGreaterThan(0);
  });
});
