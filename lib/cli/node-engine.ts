import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { parseCorpus } from '../corpus';
import { extractPage, pageFromMarkdown, type Page } from '../page';
import { buildEngine } from '../index/engine';
import type { Engine } from '../index/types';

/** The corpus the extension ships, read from `assets/`. */
export const BUNDLED_CORPUS_PATH = resolve(fileURLToPath(import.meta.url), '../../../assets/papers.txt');

/** Builds the engine over the bundled corpus exactly as the extension's background does. */
export function bundledEngine(path = BUNDLED_CORPUS_PATH): Engine {
  const corpus = parseCorpus(readFileSync(path, 'utf8'));
  return buildEngine(corpus.papers, corpus.version);
}

/** Reads an `.html` page (with a DOM implementation) or a `.md`/`.txt` file into a page description. */
export function readPage(file: string): Page {
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') {
    const { document } = parseHTML(text);
    return extractPage(document as unknown as Document, `file://${resolve(file)}`);
  }
  return pageFromMarkdown(text, `file://${resolve(file)}`);
}

/** Prints a one-line error and exits non-zero. */
export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
