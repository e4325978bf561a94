import { z } from './zod-mini';

/** Caps on what a page may send: the content script runs on every page, the background must stay cheap. */
export const PAGE_LIMITS = {
  title: 1_000,
  description: 5_000,
  keywords: 2_000,
  headings: 200,
  heading: 300,
  text: 100_000,
  url: 4_000,
} as const;

/** A string of at most `max` characters. */
const stringMax = (max: number) => z.string().check(z.maxLength(max));

/** A compact, bounded description of the page being read (`zod/mini`: the content script parses it). */
export const PageSchema = z.object({
  url: z._default(stringMax(PAGE_LIMITS.url), ''),
  title: z._default(stringMax(PAGE_LIMITS.title), ''),
  description: z._default(stringMax(PAGE_LIMITS.description), ''),
  keywords: z._default(stringMax(PAGE_LIMITS.keywords), ''),
  headings: z._default(z.array(stringMax(PAGE_LIMITS.heading)).check(z.maxLength(PAGE_LIMITS.headings)), []),
  text: z._default(stringMax(PAGE_LIMITS.text), ''),
  /** The scholarly article the page is about, from `citation_*`, Dublin Core or JSON-LD metadata. */
  article: z.optional(
    z.object({
      title: z.optional(stringMax(PAGE_LIMITS.title)),
      abstract: z.optional(stringMax(PAGE_LIMITS.description)),
      authors: z.optional(z.array(stringMax(300)).check(z.maxLength(100))),
      doi: z.optional(stringMax(300)),
      arxivId: z.optional(stringMax(50)),
      url: z.optional(stringMax(PAGE_LIMITS.url)),
      year: z.optional(stringMax(10)),
    }),
  ),
});
export type Page = z.infer<typeof PageSchema>;
export type PageInput = z.input<typeof PageSchema>;

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Elements whose text is never the page's content. */
const SKIP = new Set([
  'NAV',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'FORM',
  'SVG',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
  'IFRAME',
  'CANVAS',
  'OBJECT',
  'MENU',
  'DIALOG',
]);
const SKIP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar']);
const BLOCK = new Set([
  'P',
  'DIV',
  'LI',
  'TD',
  'TH',
  'BR',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'PRE',
  'BLOCKQUOTE',
  'SECTION',
  'ARTICLE',
  'TR',
  'DT',
  'DD',
]);

function skipped(el: Element): boolean {
  if (SKIP.has(el.tagName.toUpperCase())) return true;
  const role = el.getAttribute('role');
  if (role && SKIP_ROLES.has(role)) return true;
  return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}

/**
 * What one read of a page may cost: how many DOM nodes it visits in all (a
 * 20k-deep tree or 5,000 nested articles are walked once, iteratively, and
 * cut off here), and — when read in chunks ({@link readPageInChunks}) — how
 * long each chunk and the whole read may hold the main thread.
 */
export const READ_BUDGET = { nodes: 60_000, chunkMs: 12, totalMs: 45 } as const;
/** How many nodes are visited between two checks of the clock. */
const CHECK_EVERY = 64;

/** The nodes a read may still visit; `visited` counts them, for the clock checks. */
interface Budget {
  nodes: number;
  visited: number;
}
const budget = (nodes: number = READ_BUDGET.nodes): Budget => ({ nodes, visited: 0 });

/** A read step: yields now and then (every {@link CHECK_EVERY} nodes), so a caller can pause between chunks. */
type Steps<T> = Generator<void, T, void>;

/** Runs a read to its end at once (the node budget still bounds it). */
function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Visits `root`'s descendants in document order, iteratively (no recursion:
 * any depth), calling `enter` for each node — it returns false to skip an
 * element's subtree — and `leave` after an element's subtree. Stops when
 * `stop()` says so or the budget runs out.
 */
function* walk(
  root: Node,
  b: Budget,
  enter: (node: Node) => boolean,
  leave: (el: Element) => void,
  stop: () => boolean = () => false,
): Steps<void> {
  const open: Element[] = [];
  let node: Node | null = root.firstChild;
  while (node && !stop() && b.nodes > 0) {
    b.nodes--;
    if (++b.visited % CHECK_EVERY === 0) yield;
    if (enter(node) && node.nodeType === 1 && node.firstChild) {
      open.push(node as Element);
      node = node.firstChild;
      continue;
    }
    if (node.nodeType === 1 && node.firstChild === null) leave(node as Element);
    let next: Node | null = node.nextSibling;
    while (!next) {
      const parent = open.pop();
      if (!parent) break;
      leave(parent);
      next = parent.nextSibling;
    }
    node = next;
  }
  // Cut off by the budget or `stop`: close what is open, so blocks still end their lines.
  for (let parent = open.pop(); parent; parent = open.pop()) leave(parent);
}

function* textSteps(root: Element, limit: number, b: Budget): Steps<string> {
  const parts: string[] = [];
  let size = 0;
  yield* walk(
    root,
    b,
    (node) => {
      if (node.nodeType === 3) {
        const t = node.nodeValue ?? '';
        if (t) {
          parts.push(t.length > limit - size ? t.slice(0, limit - size) : t);
          size += t.length;
        }
        return false;
      }
      if (node.nodeType !== 1) return false;
      const el = node as Element;
      if (skipped(el)) return false;
      if (BLOCK.has(el.tagName.toUpperCase())) parts.push('\n');
      return true;
    },
    (el) => {
      if (BLOCK.has(el.tagName.toUpperCase()) && !skipped(el)) parts.push('\n');
    },
    () => size >= limit,
  );
  return clip(
    parts
      .join('')
      .replace(/[ \t\r\f\v]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim(),
    limit,
  );
}

/** Text of an element without its navigation, scripts and forms, up to `limit` characters (iterative, bounded). */
export function contentText(root: Element, limit: number = PAGE_LIMITS.text): string {
  return runNow(textSteps(root, limit, budget()));
}

/** The first `limit` characters of an element's raw text (like `textContent`, but never more than that). */
function* rawTextSteps(root: Node, limit: number, b: Budget): Steps<string> {
  let text = '';
  yield* walk(
    root,
    b,
    (node) => {
      if (node.nodeType === 3) text += (node.nodeValue ?? '').slice(0, limit - text.length);
      return node.nodeType === 1;
    },
    () => {},
    () => text.length >= limit,
  );
  return text;
}

/**
 * Every `<article>`'s text length, measured in one walk of the document (each
 * article once: nested articles holding a megabyte would otherwise be
 * measured once per ancestor), and the longest.
 */
function* longestArticle(doc: Document, b: Budget): Steps<Element | null> {
  const any = doc.querySelector('article');
  yield; // a selector over a huge document is work too: let the caller check the clock
  if (!any) return null;
  let chars = 0;
  const starts: number[] = [];
  let longest: Element | null = null;
  let longestLength = -1;
  const isArticle = (node: Node) => node.nodeType === 1 && (node as Element).localName === 'article';
  yield* walk(
    doc.documentElement ?? doc,
    b,
    (node) => {
      if (node.nodeType === 3) chars += node.nodeValue?.length ?? 0;
      else if (isArticle(node)) starts.push(chars);
      return node.nodeType === 1;
    },
    (el) => {
      if (!isArticle(el)) return;
      const length = chars - starts.pop()!;
      if (length > longestLength) [longest, longestLength] = [el, length];
    },
  );
  return longest;
}

function* mainSteps(doc: Document, b: Budget): Steps<Element | null> {
  const article = yield* longestArticle(doc, b);
  if (article) return article;
  const main = doc.querySelector('main, [role="main"]');
  if (main) return main;
  const weight = new Map<Element, number>();
  for (const p of doc.querySelectorAll('p')) {
    if (b.nodes <= 0) break;
    const parent = p.parentElement;
    if (parent) weight.set(parent, (weight.get(parent) ?? 0) + (yield* rawTextSteps(p, 10_000, b)).length);
  }
  let best: Element | null = null;
  let bestWeight = 200;
  for (const [el, w] of weight) {
    if (w > bestWeight) [best, bestWeight] = [el, w];
  }
  return best ?? doc.body;
}

/**
 * The element holding the page's main content: the largest `article`, else
 * `main`, else the block that directly holds the most paragraph text.
 */
export function mainElement(doc: Document): Element | null {
  return runNow(mainSteps(doc, budget()));
}

/** The page's `<meta name|property>` tags, queried once per read (each lookup below filters this list). */
const metaTags = new WeakMap<Document, Element[]>();

function meta(doc: Document, ...names: string[]): string[] {
  const out: string[] = [];
  let tags = metaTags.get(doc);
  if (!tags) metaTags.set(doc, (tags = [...doc.querySelectorAll('meta[name], meta[property]')]));
  for (const el of tags) {
    const key = (el.getAttribute('name') ?? el.getAttribute('property') ?? '').toLowerCase();
    if (names.includes(key)) {
      const v = squash(el.getAttribute('content') ?? '');
      if (v) out.push(v);
    }
  }
  return out;
}

interface JsonLdArticle {
  title?: string;
  abstract?: string;
  keywords?: string;
  authors?: string[];
}

const ARTICLE_TYPES = /^(ScholarlyArticle|Article|TechArticle|Report|Thesis|MedicalScholarlyArticle)$/;

/** The first scholarly article described in the page's JSON-LD, if any; malformed JSON is ignored. */
export function jsonLdArticle(doc: Document): JsonLdArticle | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const raw = script.textContent ?? '';
    if (raw.length > 200_000) continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    for (let seen = 0; queue.length && seen < 100; seen++) {
      const item = queue.shift();
      if (Array.isArray(item)) {
        queue.push(...item);
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const o = item as Record<string, unknown>;
      if (Array.isArray(o['@graph'])) queue.push(...(o['@graph'] as unknown[]));
      const types = ([] as unknown[]).concat(o['@type'] ?? []);
      if (!types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) continue;
      const str = (v: unknown) => (typeof v === 'string' ? squash(v) : undefined);
      const authors = ([] as unknown[])
        .concat(o.author ?? [])
        .map((a) => (typeof a === 'string' ? a : str((a as Record<string, unknown>)?.name)))
        .filter((a): a is string => !!a);
      const keywords = Array.isArray(o.keywords)
        ? o.keywords.filter((k) => typeof k === 'string').join(', ')
        : str(o.keywords);
      return {
        title: str(o.headline) ?? str(o.name),
        abstract: str(o.abstract) ?? str(o.description),
        keywords,
        authors,
      };
    }
  }
  return undefined;
}

const ARXIV_URL = /arxiv\.org\/(?:abs|pdf|html)\/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?)/i;
const DOI = /\b(10\.\d{4,9}\/[^\s"<>]+)/;

/**
 * Reads a document into a {@link Page}: metadata, headings and the main
 * content's text — never navigation, headers, footers, scripts or forms.
 * Reads text nodes only, so it forces no layout; visits at most
 * {@link READ_BUDGET}`.nodes` nodes, whatever the page's shape.
 */
export function extractPage(doc: Document, url = ''): Page {
  return runNow(pageSteps(doc, url, budget()));
}

/**
 * {@link extractPage} in chunks of at most `chunkMs` of main-thread time,
 * pausing between them (the page stays responsive), and at most `totalMs` in
 * all: past it, the read finishes with what it has (metadata, the headings
 * and text read so far).
 */
export async function readPageInChunks(
  doc: Document,
  url = '',
  {
    chunkMs = READ_BUDGET.chunkMs,
    totalMs = READ_BUDGET.totalMs,
    now = () => performance.now(),
    pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
  }: { chunkMs?: number; totalMs?: number; now?: () => number; pause?: () => Promise<void> } = {},
): Promise<Page> {
  const b = budget();
  const steps = pageSteps(doc, url, b);
  let spent = 0;
  let chunkStart = now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const t = now();
    if (t - chunkStart < chunkMs) continue;
    spent += t - chunkStart;
    if (spent >= totalMs)
      b.nodes = 0; // out of time: every walk stops, the page is what was read
    else {
      await pause();
      chunkStart = now();
    }
  }
}

function* pageSteps(doc: Document, url: string, b: Budget): Steps<Page> {
  const root = yield* mainSteps(doc, b);
  const ld = jsonLdArticle(doc);
  yield;
  metaTags.delete(doc); // read afresh: the page may have changed since the last read
  const citationTitle = meta(doc, 'citation_title', 'dc.title', 'dcterms.title')[0];
  const citationAbstract = meta(doc, 'citation_abstract', 'dc.description', 'dcterms.abstract')[0];
  const authors = meta(doc, 'citation_author', 'dc.creator', 'dcterms.creator');
  const doi = meta(doc, 'citation_doi', 'dc.identifier', 'prism.doi')
    .map((d) => d.match(DOI)?.[1])
    .find(Boolean);
  const arxivId = meta(doc, 'citation_arxiv_id')[0] ?? url.match(ARXIV_URL)?.[1];
  const year = meta(doc, 'citation_publication_date', 'citation_date', 'dc.date')[0]?.match(/\b(1[89]|20)\d\d\b/)?.[0];
  const articleTitle = citationTitle ?? ld?.title;
  const article =
    articleTitle || arxivId || doi
      ? {
          title: articleTitle && clip(articleTitle, PAGE_LIMITS.title),
          abstract:
            (citationAbstract ?? ld?.abstract) && clip((citationAbstract ?? ld?.abstract)!, PAGE_LIMITS.description),
          authors: (authors.length ? authors : (ld?.authors ?? [])).slice(0, 100).map((a) => clip(a, 300)),
          doi,
          arxivId,
          url: clip(url, PAGE_LIMITS.url),
          year,
        }
      : undefined;

  const headings: string[] = [];
  if (root) {
    // Each heading read once, only as far as it is kept (300 nested headings holding 5 MB cost 300 × 600 chars).
    const found = root.querySelectorAll('h1, h2, h3');
    yield;
    for (const h of found) {
      if (b.nodes <= 0) break;
      const t = squash(yield* rawTextSteps(h, PAGE_LIMITS.heading * 2, b));
      if (t) headings.push(clip(t, PAGE_LIMITS.heading));
      if (headings.length >= PAGE_LIMITS.headings) break;
    }
  }
  const description = [citationAbstract ?? ld?.abstract, ...meta(doc, 'description', 'og:description')]
    .filter(Boolean)
    .join('\n');
  const keywords = [...meta(doc, 'keywords', 'citation_keywords', 'dc.subject'), ld?.keywords]
    .filter(Boolean)
    .join(', ');
  return PageSchema.parse({
    url: clip(url, PAGE_LIMITS.url),
    title: clip(squash(articleTitle ?? doc.title ?? ''), PAGE_LIMITS.title),
    description: clip(description, PAGE_LIMITS.description),
    keywords: clip(keywords, PAGE_LIMITS.keywords),
    headings,
    text: root ? yield* textSteps(root, PAGE_LIMITS.text, b) : '',
    article,
  });
}

/** Reads a Markdown or plain-text file into a {@link Page}: the first heading is its title. */
export function pageFromMarkdown(text: string, url = ''): Page {
  const lines = text.split(/\r?\n/);
  const headings = lines
    .map((l) => l.match(/^#{1,3}\s+(.*)$/)?.[1])
    .filter((h): h is string => !!h)
    .map((h) => clip(squash(h.replace(/[*_`[\]]/g, '')), PAGE_LIMITS.heading))
    .slice(0, PAGE_LIMITS.headings);
  const body = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  return PageSchema.parse({
    url,
    title: headings[0] ?? squash(lines.find((l) => l.trim()) ?? '').slice(0, PAGE_LIMITS.title),
    headings,
    text: clip(body, PAGE_LIMITS.text),
  });
}
