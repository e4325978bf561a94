import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  EXTENSION_DIR,
  launchExtension,
  openExtensionPage,
  openTab,
  saveFirstRelated,
  waitForIndex,
  waitForTabResult,
  type Launched,
} from './extension';

const origin = inject('pagesOrigin');

/** Where a request may go: the test's own pages on loopback, the extension itself, in-memory URLs. */
function staysOnMachine(url: string): boolean {
  if (/^(chrome-extension|blob|data|about|chrome):/.test(url)) return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

interface NetLogRequest {
  url: string;
  initiator: string;
  isolation: string;
}

/** Every URL request Chromium's network stack started, with who started it (from --log-net-log). */
function netLogRequests(file: string): NetLogRequest[] {
  const log = JSON.parse(readFileSync(file, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: Array<{ type: number; params?: { url?: string; initiator?: string; network_isolation_key?: string } }>;
  };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && e.params?.url)
    .map((e) => ({
      url: e.params!.url!,
      initiator: e.params!.initiator ?? '',
      isolation: e.params!.network_isolation_key ?? '',
    }));
}

describe('privacy: a full session makes no network request', () => {
  let ext: Launched;
  let dir: string;
  const seen: Array<{ url: string; by: string }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paper-radar-netlog-'));
    ext = await launchExtension({ extraArgs: [`--log-net-log=${join(dir, 'netlog.json')}`] });
    ext.context.on('request', (r) => seen.push({ url: r.url(), by: r.serviceWorker()?.url() ?? r.frame().url() }));
    await waitForIndex(ext.worker);
  });
  afterAll(async () => {
    await ext?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads pages, searches, saves, exports and imports without a request leaving the machine', async () => {
    // Our own fixture pages load nothing from elsewhere, so any request off the machine would be the extension's.
    for (const path of ['scholarly.html', 'json-ld.html', 'nav-heavy.html']) {
      const { tabId } = await openTab(ext, `${origin}/${path}`);
      await waitForTabResult(ext.worker, tabId);
    }
    const { popup } = await saveFirstRelated(ext, `${origin}/kv-article.html`);
    await popup.getByRole('searchbox', { name: 'Search all papers' }).pressSequentially('kv cache');
    await popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();

    const list = await openExtensionPage(ext, 'reading-list.html');
    await list.getByRole('list', { name: 'Reading list' }).getByRole('listitem').first().waitFor();
    const files: string[] = [];
    for (const format of ['BibTeX', 'CSL-JSON', 'Markdown', 'Backup (JSON)']) {
      const button = list.getByRole('group', { name: 'Export reading list' }).getByRole('button', { name: format });
      const [download] = await Promise.all([list.waitForEvent('download'), button.click()]);
      files.push((await download.path())!);
    }
    await list.getByLabel('Import backup').setInputFiles(files[3]!);
    await list
      .getByRole('status')
      .filter({ hasText: /already up to date/ })
      .waitFor();

    if (existsSync(join(EXTENSION_DIR, 'options.html'))) {
      const options: Page = await openExtensionPage(ext, 'options.html');
      await options.waitForLoadState('load');
      await options.waitForTimeout(500);
    }
    await popup.waitForTimeout(500);

    // What Playwright saw: pages, extension pages and the service worker.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((r) => !staysOnMachine(r.url))).toEqual([]);

    // What the network stack saw: nothing started by the extension, or by a page it ran in, went elsewhere.
    // (Chromium's own requests, such as autofill or update checks, have no initiating origin.)
    await ext.close();
    const ours = netLogRequests(join(dir, 'netlog.json')).filter(
      (r) => r.initiator.includes(ext.extensionId) || r.initiator.startsWith('http://127.0.0.1'),
    );
    expect(ours.some((r) => r.url.startsWith(origin))).toBe(true);
    expect(ours.filter((r) => !staysOnMachine(r.url))).toEqual([]);
  });
});
