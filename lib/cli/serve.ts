/**
 * A static file server bound to 127.0.0.1 only, for the pages Paper Radar is
 * shown on without a network: the demo page of `npm start` and
 * `npm run screenshots`, and the end-to-end tests' pages.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

export interface Served {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  close: () => Promise<void>;
}

/** The file `urlPath` names in the first of `dirs` that has it (`/` and folders mean `index.html`), never outside them. */
export function fileFor(dirs: string[], urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  for (const dir of dirs.map((d) => resolve(d))) {
    let file = resolve(dir, `.${path.startsWith('/') ? path : `/${path}`}`);
    if (file !== dir && !file.startsWith(dir + sep)) continue;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      if (statSync(file).isFile()) return file;
    } catch {
      // Not in this folder: try the next one.
    }
  }
  return undefined;
}

/**
 * Serves the files of `dirs` (the first that has a path wins) on 127.0.0.1 —
 * never another interface — at `port` (0, the default: any free port).
 *
 * @example const { origin, close } = await servePages(['assets/demo']); // origin + '/' is the demo page
 */
export async function servePages(dirs: string[], port = 0): Promise<Served> {
  const server = createServer((req, res) => {
    const file = fileFor(dirs, new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
