import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractPage, PAGE_LIMITS, readPageInChunks } from '../../lib/page';

/**
 * Pathological pages (issue 16, item 6): a read of any shape of page is
 * bounded — iterative (any depth), each article and heading measured once,
 * in chunks with pauses between them.
 */

/** A fresh document (linkedom: happy-dom's own selectors recurse, and overflow on a 20,000-deep tree). */
function fresh(): Document {
  return parseHTML('<!doctype html><html><head><title>Pathological</title></head><body></body></html>')
    .document as unknown as Document;
}

/** `depth` elements of `tag`, each inside the previous, the innermost holding `text`. */
function nested(doc: Document, tag: string, depth: number, textEach: string): Element {
  const top = doc.createElement(tag);
  let at = top;
  for (let i = 1; i < depth; i++) {
    at.append(doc.createTextNode(textEach));
    const next = doc.createElement(tag);
    at.append(next);
    at = next;
  }
  at.append(doc.createTextNode(textEach));
  return top;
}

const timed = <T>(f: () => T): [T, number] => {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
};

describe('extractPage on pathological pages', () => {
  it('reads 5,000 nested articles holding 1 MB quickly, choosing the outermost', () => {
    const doc = fresh();
    doc.body.append(nested(doc, 'article', 5_000, 'kv cache eviction '.repeat(12)));
    const [page, ms] = timed(() => extractPage(doc, 'https://hostile.example/'));
    expect(page.text.length).toBe(PAGE_LIMITS.text);
    expect(page.text).toMatch(/^kv cache eviction/);
    expect(ms).toBeLessThan(1_000);
  });

  it('reads 300 nested h1 holding 5 MB without squashing each heading’s whole text', () => {
    const doc = fresh();
    const main = doc.createElement('main');
    main.append(nested(doc, 'h1', 300, 'speculative decoding '.repeat(800)));
    doc.body.append(main);
    const [page, ms] = timed(() => extractPage(doc, 'https://hostile.example/'));
    expect(page.headings.length).toBe(PAGE_LIMITS.headings);
    expect(page.headings.every((h) => h.length <= PAGE_LIMITS.heading)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it('reports a 20,000-deep tree inside an article (no recursion)', () => {
    const doc = fresh();
    const article = doc.createElement('article');
    article.append(nested(doc, 'div', 20_000, 'x'));
    doc.body.append(article);
    const page = extractPage(doc, 'https://hostile.example/');
    expect(page.text.length).toBeGreaterThan(0);
  });
});

describe('readPageInChunks', () => {
  it('pauses between chunks and stops at its total time, returning what it read', async () => {
    const doc = fresh();
    doc.body.append(nested(doc, 'article', 5_000, 'kv cache eviction '.repeat(12)));
    let clock = 0;
    let pauses = 0;
    // Every clock check costs 1 ms of (fake) main-thread time.
    const page = await readPageInChunks(doc, 'https://hostile.example/', {
      chunkMs: 12,
      totalMs: 45,
      now: () => clock++,
      pause: async () => void pauses++,
    });
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(pauses).toBeLessThanOrEqual(4);
    expect(page.url).toBe('https://hostile.example/');
  });

  it('reads an ordinary page whole in one chunk', async () => {
    const doc = fresh();
    const article = doc.createElement('article');
    const h1 = doc.createElement('h1');
    h1.textContent = 'Sparse attention';
    const p = doc.createElement('p');
    p.textContent = 'Sliding windows and global tokens.';
    article.append(h1, p);
    doc.body.append(article);
    const page = await readPageInChunks(doc, 'https://blog.example/');
    expect(page).toMatchObject({
      headings: ['Sparse attention'],
      text: 'Sparse attention\nSliding windows and global tokens.',
    });
  });
});
