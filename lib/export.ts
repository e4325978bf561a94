import type { ReadingListEntry } from './db';
import { entryHref, isHttpUrl } from './reading-list';

/**
 * Export formats for the reading list. BibTeX and CSL-JSON are written here
 * rather than with citation-js: we emit a handful of fields, and the library
 * would add ~120 KB (BibTeX) to ~700 KB (with CSL) to the extension, pulls in
 * a network fetcher an offline extension never needs, and requires Node 22.
 */

export type ExportFormat = 'bibtex' | 'csl-json' | 'markdown';

/** File name, MIME type and extension for each export, used for downloads. */
export const EXPORT_FILES = {
  bibtex: { name: 'reading-list.bib', type: 'application/x-bibtex' },
  'csl-json': { name: 'reading-list.csl.json', type: 'application/vnd.citationstyles.csl+json' },
  markdown: { name: 'reading-list.md', type: 'text/markdown' },
} as const satisfies Record<ExportFormat, { name: string; type: string }>;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------- BibTeX

/** LaTeX accent commands for the combining marks NFD splits accented letters into. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0304': '=',
  '\u0306': 'u',
  '\u0307': '.',
  '\u0308': '"',
  '\u030A': 'r',
  '\u030B': 'H',
  '\u030C': 'v',
  '\u0323': 'd',
  '\u0327': 'c',
  '\u0328': 'k',
};

/** Characters with a LaTeX meaning or no 7-bit form. Braces use text commands: BibTeX counts `\{` as a brace. */
const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  // btxdoc: a double quote in a field goes in braces (babel makes `"` active).
  '"': '{"}',
  '\u201C': '``',
  '\u201D': "''",
  '\u2018': '`',
  '\u2019': "'",
  '\u2013': '--',
  '\u2014': '---',
  '\u00A0': '~',
  '\u2026': '\\ldots{}',
  '§': '{\\S}',
  ß: '{\\ss}',
  æ: '{\\ae}',
  Æ: '{\\AE}',
  œ: '{\\oe}',
  Œ: '{\\OE}',
  ø: '{\\o}',
  Ø: '{\\O}',
  ł: '{\\l}',
  Ł: '{\\L}',
  ı: '{\\i}',
};

/** Escapes plain text (no math) for a brace-delimited BibTeX field. */
function escapePlain(text: string): string {
  const out: string[] = [];
  for (const ch of text.normalize('NFD')) {
    const mark = ACCENTS[ch];
    if (mark !== undefined && out.length) {
      // Put the accent on what was just written: `e` + U+0301 → `{\'e}`, `c` + U+030C → `{\v{c}}`.
      // A dotted i or j under an accent loses its dot: `\\i`, `\\j`.
      const popped = out.pop()!;
      const base = popped === 'i' || popped === 'j' ? `\\${popped}` : popped;
      out.push(/[a-z]/i.test(mark) ? `{\\${mark}{${base}}}` : `{\\${mark}${base}}`);
    } else {
      out.push(SPECIAL[ch] ?? ch);
    }
  }
  return out.join('').normalize('NFC');
}

/**
 * Splits text into plain runs and inline math (`$…$`), using pandoc's rule: the
 * opening `$` is followed by a non-space, the closing `$` follows a non-space
 * and is not followed by a digit (so "$5 and $10" is not math). Math whose
 * braces do not balance is treated as plain text.
 */
export function splitMath(text: string): Array<{ math: boolean; text: string }> {
  const parts: Array<{ math: boolean; text: string }> = [];
  const re = /\$(?=\S)((?:[^$\\]|\\[\s\S])*?\S)\$(?!\d)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (!balanced(m[1]!)) continue;
    if (m.index > last) parts.push({ math: false, text: text.slice(last, m.index) });
    parts.push({ math: true, text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ math: false, text: text.slice(last) });
  return parts;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Escapes text for a BibTeX field: LaTeX specials, braces, quotes and accents
 * become commands; inline math (`$x^2$`) is kept as LaTeX. With `protect`,
 * words with capitals after their first letter (acronyms, "PolyBench") are
 * wrapped in braces so bibliography styles keep their case.
 *
 * @example escapeBibtex('Café & 50% {fast}') // "Caf{\\'e} \\& 50\\% \\textbraceleft{}fast\\textbraceright{}"
 */
export function escapeBibtex(text: string, { protect = false } = {}): string {
  return splitMath(squash(text))
    .map((part) => {
      if (part.math) return protect ? `{${part.text}}` : part.text;
      if (!protect) return escapePlain(part.text);
      return part.text
        .split(/(\s+)/)
        .map((word) => {
          if (/^\s*$/.test(word)) return word;
          const escaped = escapePlain(word);
          return /^.+\p{Lu}/u.test(word.normalize('NFC')) ? `{${escaped}}` : escaped;
        })
        .join('');
    })
    .join('');
}

/** A URL or DOI for a BibTeX field: verbatim, but braces and backslashes percent-encoded so the field stays balanced. */
function bibtexVerbatim(value: string): string {
  return value.replace(/[{}\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const STOP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'with', 'towards', 'toward', 'via']);

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** A name's family part: before the comma in "Family, Given", else the last word. */
export function familyName(name: string): string {
  const n = squash(name);
  if (n.includes(',')) return n.slice(0, n.indexOf(',')).trim();
  return n.split(' ').at(-1) ?? n;
}

/** `family` + `year` + first significant title word, ASCII only, e.g. `vaswani2017attention`. */
export function baseCitationKey(entry: ReadingListEntry): string {
  const author = entry.authors?.[0] ? ascii(familyName(entry.authors[0])) : '';
  const words = squash(entry.title.replace(/\$[^$]*\$/g, ' '))
    .split(/[\s–—:/]+/)
    .map(ascii)
    .filter(Boolean);
  const word = words.find((w) => !STOP.has(w)) ?? words[0] ?? '';
  return `${author}${entry.year ?? ''}${word}`.slice(0, 60) || 'paper';
}

/** Unique citation keys for entries, in order: a second `smith2020deep` becomes `smith2020deepb`. */
export function citationKeys(entries: readonly ReadingListEntry[]): string[] {
  const used = new Set<string>();
  return entries.map((entry) => {
    const base = baseCitationKey(entry);
    let key = base;
    for (let n = 1; used.has(key); n++) key = base + suffix(n);
    used.add(key);
    return key;
  });
}

/** b, c, …, z, then 27, 28, … */
const suffix = (n: number) => (n < 26 ? String.fromCharCode(97 + n) : String(n + 1));

const isArxivDoi = (doi: string) => /^10\.48550\/arxiv\./i.test(doi);

/** `@article` for a paper with a (non-arXiv) DOI, `@misc` for preprints and everything else. */
export function bibtexType(entry: ReadingListEntry): 'article' | 'misc' {
  return entry.doi && !isArxivDoi(entry.doi) && !entry.arxivId ? 'article' : 'misc';
}

/** One BibTeX entry. */
export function toBibtexEntry(entry: ReadingListEntry, key: string): string {
  const fields: Array<[string, string]> = [['title', escapeBibtex(entry.title, { protect: true })]];
  if (entry.authors?.length) fields.push(['author', entry.authors.map((a) => escapeBibtex(a)).join(' and ')]);
  if (entry.year) fields.push(['year', entry.year]);
  if (entry.doi) fields.push(['doi', bibtexVerbatim(entry.doi)]);
  if (entry.arxivId) {
    fields.push(['eprint', bibtexVerbatim(entry.arxivId)], ['archiveprefix', 'arXiv']);
  }
  const url = entryHref(entry);
  if (url) fields.push(['url', bibtexVerbatim(url)]);
  if (entry.abstract.trim()) fields.push(['abstract', escapeBibtex(entry.abstract)]);
  if (entry.note.trim()) fields.push(['note', escapeBibtex(entry.note)]);
  const width = Math.max(...fields.map(([k]) => k.length));
  const body = fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(',\n');
  return `@${bibtexType(entry)}{${key},\n${body},\n}\n`;
}

/**
 * The reading list as BibTeX, one entry per paper in the given order, with
 * unique citation keys.
 */
export function toBibtex(entries: readonly ReadingListEntry[]): string {
  const keys = citationKeys(entries);
  return entries.map((e, i) => toBibtexEntry(e, keys[i]!)).join('\n');
}

// ---------------------------------------------------------------- CSL-JSON

/** A CSL-JSON item (the subset we write). */
export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  author?: Array<{ family: string; given?: string } | { literal: string }>;
  issued?: { 'date-parts': [[number]] };
  abstract?: string;
  URL?: string;
  DOI?: string;
  number?: string;
  publisher?: string;
  note?: string;
}

/** "Ada Lovelace" or "Lovelace, Ada" → `{family, given}`; a single word → `{literal}`. */
export function cslName(name: string): { family: string; given?: string } | { literal: string } {
  const n = squash(name);
  if (n.includes(',')) {
    const family = n.slice(0, n.indexOf(',')).trim();
    const given = n.slice(n.indexOf(',') + 1).trim();
    return given ? { family, given } : { literal: family };
  }
  const words = n.split(' ');
  if (words.length < 2) return { literal: n };
  return { family: words.at(-1)!, given: words.slice(0, -1).join(' ') };
}

/** One reading-list entry as a CSL-JSON item (arXiv preprints as `article`, DOIs as `article-journal`). */
export function toCslItem(entry: ReadingListEntry, key: string): CslItem {
  const item: CslItem = {
    id: key,
    type: bibtexType(entry) === 'article' ? 'article-journal' : 'article',
    title: entry.title,
  };
  if (entry.authors?.length) item.author = entry.authors.map(cslName);
  if (entry.year) item.issued = { 'date-parts': [[Number(entry.year)]] };
  if (entry.abstract.trim()) item.abstract = entry.abstract;
  const url = entryHref(entry);
  if (url) item.URL = url;
  if (entry.doi) item.DOI = entry.doi;
  if (entry.arxivId) {
    item.number = `arXiv:${entry.arxivId}`;
    item.publisher = 'arXiv';
  }
  if (entry.note.trim()) item.note = entry.note;
  return item;
}

/** The reading list as a CSL-JSON array (for Zotero, Pandoc, citeproc), ids matching the BibTeX keys. */
export function toCslJson(entries: readonly ReadingListEntry[]): string {
  const keys = citationKeys(entries);
  return `${JSON.stringify(
    entries.map((e, i) => toCslItem(e, keys[i]!)),
    null,
    2,
  )}\n`;
}

// ---------------------------------------------------------------- Markdown

/**
 * Escapes Markdown so titles and notes render as the text they are: inline
 * markup everywhere, and block markers (`#`, `-`, `1.`, `>`) at a line's start.
 * `$…$` is left alone so LaTeX math renders where Markdown supports it.
 */
export function escapeMarkdown(text: string): string {
  const escaped = splitMath(text)
    .map((part) =>
      part.math && !/[[\]<>`|]/.test(part.text) ? part.text : part.text.replace(/[\\`*_[\]<>|~&$]/g, (c) => `\\${c}`),
    )
    .join('');
  return escaped.replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_m, space: string, marker: string) =>
    /\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
  );
}

/** A link target safe inside `(…)`: only http(s), spaces and parentheses percent-encoded. */
function markdownUrl(url: string): string | undefined {
  if (!isHttpUrl(url)) return undefined;
  return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c).replace(/[()]/g, (p) => (p === '(' ? '%28' : '%29')));
}

/**
 * The reading list as a Markdown checklist: `- [x]` for read papers, each
 * title linked, its code link and note (as a quote) beneath it.
 */
export function toMarkdown(entries: readonly ReadingListEntry[], { heading = 'Reading list' } = {}): string {
  const lines = [`# ${escapeMarkdown(heading)}`, ''];
  for (const e of entries) {
    const href = entryHref(e);
    const url = href && markdownUrl(href);
    const title = escapeMarkdown(squash(e.title));
    lines.push(`- [${e.read ? 'x' : ' '}] ${url ? `[${title}](${url})` : title}`);
    const code = e.codeUrl && e.codeUrl !== href ? markdownUrl(e.codeUrl) : undefined;
    if (code) lines.push(`  Code: <${code}>`);
    const note = e.note.trim();
    if (note) {
      for (const line of note.split(/\r?\n/)) lines.push(line.trim() ? `  > ${escapeMarkdown(line.trimEnd())}` : '  >');
    }
  }
  return `${lines.join('\n')}\n`;
}
