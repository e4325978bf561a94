/**
 * Author lists as sources write them, turned into display names ("First Last"):
 * BibTeX's "Last, First and Last, First", arXiv's "A, B and C", semicolon
 * lists, arXiv's `authors_parsed`, and TeX accents (`Bal\'azs` → Balázs)
 * decoded by `@retorquere/bibtex-parser`, the parser Zotero's Better BibTeX uses.
 */
import type { Creator, Options } from '@retorquere/bibtex-parser';

/** TeX decoding, loaded on demand: only the pages that import pull the parser in. */
export interface Tex {
  /** `Erd\H{o}s on $\alpha$` → `Erdős on α`; text without a backslash is returned as it is. */
  decode(text: string): string;
}

/** Options that keep the parser from changing case: titles stay as their authors wrote them. */
export const BIBTEX_OPTIONS: Options = {
  english: false,
  sentenceCase: false,
  caseProtection: false,
  // A command the parser does not know (`\TeX`, a package's macro) keeps its name rather than vanishing.
  unsupported: (_node: unknown, tex: string) => tex.replace(/^\\([A-Za-z]+)\*?(?:\{\})?$/, '$1'),
};

const balanced = (text: string) => {
  let depth = 0;
  for (const c of text) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
};

/** The longest text decoded (a big collaboration's author list is longer; its names stay as written). */
const MAX_TEX = 20_000;

let loading: Promise<Tex> | undefined;

/** Loads the TeX decoder once (a dynamic import of the BibTeX parser). */
export function loadTex(): Promise<Tex> {
  loading ??= import('@retorquere/bibtex-parser').then(({ parse }) => ({
    decode(text: string): string {
      // Past MAX_TEX characters the text is left as it is: parsing is the slow part of an import.
      if (!text.includes('\\') || text.length > MAX_TEX || !balanced(text)) return text;
      try {
        const decoded = parse(`@misc{x, title={${text}}}`, BIBTEX_OPTIONS).entries[0]?.fields.title;
        return typeof decoded === 'string' && decoded ? decoded.normalize('NFC') : text;
      } catch {
        return text;
      }
    },
  }));
  return loading;
}

/** No decoding: for callers that have no TeX in their text. */
export const NO_TEX: Tex = { decode: (text) => text };

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const NOT_A_NAME = /^(?:et al\.?|others|and others)$/i;

/** "First von Last, Jr." from a parsed BibTeX creator (or its literal `name`). */
export function creatorName(c: Creator): string {
  if (c.name) return squash(c.name);
  return squash([c.firstName, c.prefix, c.lastName].filter(Boolean).join(' ') + (c.suffix ? `, ${c.suffix}` : ''));
}

/** Splits on `sep` outside parentheses and braces: arXiv authors carry affiliations like "(MIT, USA)". */
function splitOutside(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if ((c === ')' || c === '}' || c === ']') && depth > 0) depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** "Vaswani, Ashish" → "Ashish Vaswani"; a part with no comma stays. */
const turn = (part: string) => {
  const [last, ...first] = splitOutside(part, ',');
  return squash(`${first.join(' ')} ${last}`);
};

/** A surname before the comma: one word, or with a particle ("van der Berg", "de la Cruz"). */
const SURNAME = /^(?:(?:van|von|der|den|de|la|le|da|di|du|del|della|dos|ten|ter)\s+)*[^\s,]+$/i;

/**
 * The authors of a free-text author field, as display names.
 *
 * @example splitAuthors('Vaswani, Ashish and Shazeer, Noam') // ['Ashish Vaswani', 'Noam Shazeer']
 * @example splitAuthors('Ashish Vaswani, Noam Shazeer and Niki Parmar') // three names
 */
export function splitAuthors(text: string, tex: Tex = NO_TEX): string[] {
  const decoded = squash(tex.decode(text.replace(/\\\\/g, ' ')));
  let names: string[];
  if (decoded.includes(';')) {
    names = splitOutside(decoded, ';');
  } else {
    const parts = decoded.split(/\s+and\s+/).filter((p) => !NOT_A_NAME.test(p.trim()));
    const bibtexStyle = parts.every((p) => {
      const commas = splitOutside(p, ',');
      return commas.length === 2 && SURNAME.test(commas[0]!.trim());
    });
    names = bibtexStyle ? parts.map(turn) : parts.flatMap((p) => splitOutside(p, ','));
  }
  return names
    .map((n) => squash(n.replace(/[{}]/g, '')))
    .filter((n) => n && n.length <= 300 && !NOT_A_NAME.test(n))
    .slice(0, 500);
}

/** arXiv's `authors_parsed` (`[["Szegedy", "Balázs", ""], …]`: last, first, suffix) as display names. */
export function parsedAuthors(parsed: unknown, tex: Tex = NO_TEX): string[] | undefined {
  if (!Array.isArray(parsed)) return undefined;
  const names: string[] = [];
  for (const p of parsed.slice(0, 500)) {
    if (!Array.isArray(p) || typeof p[0] !== 'string') continue;
    const [last, first, suffix] = p.map((s) => (typeof s === 'string' ? squash(tex.decode(s)) : ''));
    const name = squash([first, last].filter(Boolean).join(' ') + (suffix ? ` ${suffix}` : ''));
    // arXiv writes hyphenated initials as "C. -P.".
    if (name) names.push(name.replace(/[{}]/g, '').replace(/\. -(?=\p{Lu})/gu, '.-'));
  }
  return names.length ? names : undefined;
}
