import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { servePages } from '../../lib/cli/serve';

/** Our own fixtures first, then the evaluation pages copied from the shared evaluation data (tests/fixtures/eval/README.md). */
const PAGES = ['tests/fixtures/pages', 'tests/fixtures/eval/pages'];

/** Builds an extension into `dir` (e.g. `.output-x/firefox-mv3`) unless it is there already. */
function buildIfMissing(dir: string, args: string[]): void {
  if (existsSync(join(dir, 'manifest.json'))) return;
  const r = spawnSync('npx', ['wxt', 'build', ...args], {
    stdio: 'inherit',
    env: { ...process.env, WXT_OUT_DIR: dirname(dir) },
  });
  if (r.status !== 0) throw new Error(`wxt build ${args.join(' ')} failed`);
}

/** Builds the Chromium and Firefox extensions when missing, and serves the evaluation pages and our fixtures on 127.0.0.1. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfMissing(process.env.EXTENSION_DIR ?? '.output/chrome-mv3', []);
  buildIfMissing(process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3', ['-b', 'firefox', '--mv3']);
  const served = await servePages(PAGES);
  project.provide('pagesOrigin', served.origin);
  return served.close;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pagesOrigin: string;
  }
}
