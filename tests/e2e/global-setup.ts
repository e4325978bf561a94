import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const PAGES = resolve('tests/fixtures/eval/pages');
const FIXTURES = resolve('tests/fixtures/pages');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.md': 'text/plain; charset=utf-8' };

let server: Server | undefined;

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
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = [join(FIXTURES, path), join(PAGES, path)].find((f) => existsSync(f) && !f.endsWith('/'));
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  project.provide('pagesOrigin', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((ok) => server!.close(() => ok()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    pagesOrigin: string;
  }
}
