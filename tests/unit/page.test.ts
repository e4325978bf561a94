// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPage, PAGE_LIMITS } from '../../lib/page';

const fixture = (name: string) =>
  new DOMParser().parseFromString(readFileSync(`tests/fixtures/pages/${name}`, 'utf8'), 'text/html');

describe('extractPage', () => {
  it('reads the main content and leaves out navigation, sidebars, footers, forms and scripts', () => {
    const page = extractPage(fixture('nav-heavy.html'), 'https://blog.example/sparse');
    expect(page.text).toContain('Sparse attention patterns keep a sliding window');
    expect(page.text).toContain('key-value cache');
    for (const noise of ['cryptocurrency', 'gardening', 'Careers', 'newsletter', 'analytics', 'Cookie']) {
      expect(page.text).not.toContain(noise);
    }
    expect(page.headings).toEqual(['Sparse attention for long documents', 'Why windows work']);
  });

  it('reads the title, description and keywords from the head', () => {
    const page = extractPage(fixture('nav-heavy.html'), 'https://blog.example/sparse');
    expect(page.title).toBe('Sparse attention for long documents — Example Blog');
    expect(page.description).toBe('How sparse attention lets transformers read long documents.');
    expect(page.keywords).toContain('long context');
  });

  it('reads citation_* meta tags into the article and uses its title', () => {
    const page = extractPage(fixture('scholarly.html'), 'https://arxiv.org/abs/2401.01234');
    expect(page.title).toBe('Speculative Decoding with Draft Models');
    expect(page.article).toMatchObject({
      title: 'Speculative Decoding with Draft Models',
      abstract: 'We accelerate autoregressive decoding by drafting tokens with a small model.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      doi: '10.1234/spec.decoding.2024',
      arxivId: '2401.01234',
      year: '2024',
    });
    expect(page.description).toContain('drafting tokens');
  });

  it('reads a JSON-LD ScholarlyArticle inside a @graph and skips malformed JSON-LD', () => {
    const page = extractPage(fixture('json-ld.html'), 'https://journal.example/a/1');
    expect(page.article?.title).toBe('Graph Transformers for Molecules');
    expect(page.article?.authors).toEqual(['Rosalind Franklin']);
    expect(page.description).toContain('Positional encodings');
    expect(page.keywords).toContain('graph transformer, molecules');
    expect(page.text).toContain('random-walk positional encodings');
    expect(page.text).not.toContain('celebrity');
  });

  it('respects every cap on a huge page', () => {
    const doc = document.implementation.createHTMLDocument('x'.repeat(5_000));
    const article = doc.createElement('article');
    for (let i = 0; i < 400; i++) {
      const h = doc.createElement('h2');
      h.textContent = `Heading ${i} ${'long '.repeat(100)}`;
      const p = doc.createElement('p');
      p.textContent = 'word '.repeat(200);
      article.append(h, p);
    }
    doc.body.append(article);
    const page = extractPage(doc, `https://example.com/${'a'.repeat(10_000)}`);
    expect(page.title.length).toBeLessThanOrEqual(PAGE_LIMITS.title);
    expect(page.url.length).toBeLessThanOrEqual(PAGE_LIMITS.url);
    expect(page.headings.length).toBeLessThanOrEqual(PAGE_LIMITS.headings);
    expect(Math.max(...page.headings.map((h) => h.length))).toBeLessThanOrEqual(PAGE_LIMITS.heading);
    expect(page.text.length).toBeLessThanOrEqual(PAGE_LIMITS.text);
    expect(page.text.length).toBeGreaterThan(PAGE_LIMITS.text / 2);
  });

  it('falls back to the densest block of paragraphs when there is no article or main', () => {
    const doc = new DOMParser().parseFromString(
      `<body><div id="menu"><p>Home</p><p>About</p></div><div id="post">${'<p>Quantization of language model weights to four bits.</p>'.repeat(10)}</div></body>`,
      'text/html',
    );
    const page = extractPage(doc);
    expect(page.text).toContain('Quantization');
    expect(page.text).not.toContain('About');
  });
});
