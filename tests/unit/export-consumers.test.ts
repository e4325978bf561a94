import { readFileSync } from 'node:fs';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { parse, type Creator } from '@retorquere/bibtex-parser';
import { Ajv } from 'ajv';
import { parseHTML } from 'linkedom';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import type { ReadingListEntry } from '../../lib/db';
import { exportText, type BibDialect } from '../../lib/export';
import { plainTitle } from '../../lib/formats/bibtex-write';
import { parseName, type NameParts } from '../../lib/formats/names';

/**
 * The exports read back by the tools researchers use: Better BibTeX's parser
 * (what Zotero imports with), citation-js (a second opinion), the official
 * CSL data schema, and a GFM renderer. Every field must decode to what was saved.
 */

const entries = JSON.parse(readFileSync('tests/fixtures/export/hard-entries.json', 'utf8')) as ReadingListEntry[];
const cslSchema = JSON.parse(readFileSync('tests/fixtures/export/csl-data.json', 'utf8')) as object;

/** What math in a title decodes to: the LaTeX is kept, readers show its Unicode form. */
const DECODED_TITLE: Record<string, string> = {
  math: 'α-Nets and O(n²) Algorithms for k-Means',
};
/** citation-js 0.7 sets a superscript's closing parenthesis raised too (`$O(n^2)$` → "O(n²⁾"): its bug, not the export's. */
const CITATION_JS_TITLE: Record<string, string> = {
  math: 'α-Nets and O(n²⁾ Algorithms for k-Means',
};

const nfc = (s: string | undefined) => s?.normalize('NFC').replace(/\s+/g, ' ').trim();
const expectedTitle = (e: ReadingListEntry) => DECODED_TITLE[e.id] ?? plainTitle(e.title);
/** A multi-line text's lines as a reader gets them back: non-empty lines, spaces squashed. */
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => nfc(l)!)
    .filter(Boolean);

/** The parts Better BibTeX's parser gives a name, as {@link NameParts}. */
function fromCreator(c: Creator): NameParts {
  if (c.name !== undefined) return { literal: nfc(c.name)! };
  return {
    family: nfc(c.lastName)!,
    ...(c.firstName ? { given: nfc(c.firstName) } : {}),
    ...(c.prefix ? { particle: nfc(c.prefix) } : {}),
    ...(c.suffix ? { suffix: nfc(c.suffix) } : {}),
  };
}

/** Parts as written: what a reader should get back (the display order of CJK names is not in BibTeX). */
function written(name: string): NameParts {
  const parts = parseName(name);
  if ('literal' in parts) return parts;
  const { familyFirst: _ignored, ...rest } = parts;
  return rest;
}

describe.each<BibDialect>(['bibtex', 'biblatex'])('the %s export', (dialect) => {
  const bib = exportText(dialect, entries);

  describe("Better BibTeX's parser", () => {
    const library = parse(bib, { english: false, sentenceCase: false });

    it('reads every entry with 0 errors', () => {
      expect(library.errors).toEqual([]);
      expect(library.entries).toHaveLength(entries.length);
    });

    it.each(entries.map((e, i) => [e.id, i] as const))('decodes every field of %s to what was saved', (_id, i) => {
      const e = entries[i]!;
      const { fields } = library.entries[i]!;
      expect(nfc(fields.title)).toBe(nfc(expectedTitle(e)));
      expect((fields.author ?? []).map(fromCreator)).toEqual((e.authors ?? []).map(written));
      expect(fields.year).toBe(e.year);
      expect(fields.doi).toBe(e.doi);
      expect(fields.eprint).toBe(e.arxivId);
      // The parser sorts keywords.
      expect([...(fields.keywords ?? [])].sort()).toEqual([...(e.tags ?? [])].sort());
      // Lines come back as paragraphs.
      expect(fields.note ? fields.note.split('<p>').map((l) => nfc(l)) : []).toEqual(lines(e.note));
      expect(fields.abstract ? fields.abstract.split('<p>').map((l) => nfc(l)) : []).toEqual(lines(e.abstract));
    });
  });

  describe('citation-js', () => {
    const items = new Cite(bib).data as Array<Record<string, unknown>>;

    it('reads every entry', () => {
      expect(items).toHaveLength(entries.length);
    });

    it.each(entries.map((e, i) => [e.id, i] as const))('decodes the title, names and note of %s', (_id, i) => {
      const e = entries[i]!;
      const item = items[i]!;
      expect(nfc(item.title as string)).toBe(nfc(CITATION_JS_TITLE[e.id] ?? expectedTitle(e)));
      const names = ((item.author as Array<Record<string, string>> | undefined) ?? []).map((a) =>
        a.given === undefined && !a['non-dropping-particle'] && !a.suffix
          ? { literal: nfc(a.family ?? a.literal) }
          : {
              family: nfc(a.family),
              ...(a.given ? { given: nfc(a.given) } : {}),
              ...(a['non-dropping-particle'] ? { particle: nfc(a['non-dropping-particle']) } : {}),
              ...(a.suffix ? { suffix: nfc(a.suffix) } : {}),
            },
      );
      expect(names).toEqual((e.authors ?? []).map(written));
      expect(item.keyword ? String(item.keyword).split(',').sort() : []).toEqual([...(e.tags ?? [])].sort());
      // citation-js joins a field's paragraphs with a space.
      expect(nfc(item.note as string | undefined)).toBe(e.note.trim() ? lines(e.note).join(' ') : undefined);
    });
  });
});

describe('the CSL-JSON export', () => {
  const items = JSON.parse(exportText('csl-json', entries)) as Array<Record<string, unknown>>;

  it('is valid against the official CSL data schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(cslSchema);
    expect(validate(items), JSON.stringify(validate.errors)).toBe(true);
  });

  it('keeps titles, notes and tags as saved', () => {
    items.forEach((item, i) => {
      const e = entries[i]!;
      expect(item.title).toBe(plainTitle(e.title));
      expect(item.note).toBe(e.note.trim() ? e.note : undefined);
      expect(item.keyword).toBe(e.tags?.length ? e.tags.join(', ') : undefined);
    });
  });
});

describe('the Markdown export', () => {
  const md = exportText('markdown', entries);
  const html = marked.parse(md, { gfm: true, async: false });
  const { document: doc } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);

  it('renders as a GFM task list with one checkbox per paper, checked when read', () => {
    const boxes = [...doc.querySelectorAll('li > input[type="checkbox"]')] as HTMLInputElement[];
    expect(boxes).toHaveLength(entries.length);
    expect(boxes.filter((b) => b.hasAttribute('checked'))).toHaveLength(entries.filter((e) => e.read).length);
  });

  it('renders every title and tag as text', () => {
    const items = [...doc.querySelectorAll('li')];
    items.forEach((li, i) => {
      const e = entries[i]!;
      const text = li.textContent!.replace(/\s+/g, ' ');
      if (e.id !== 'math') expect(text).toContain(plainTitle(e.title));
      for (const tag of e.tags ?? []) expect(text).toContain(`#${tag}`);
    });
  });
});
