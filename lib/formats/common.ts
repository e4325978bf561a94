/** Small field helpers the format readers share: clean text, arXiv ids, DOIs, years. */

const TAG = /<\/?(?:i|b|em|strong|sup|sub|sc|span|a|u|tt|code|nocase)\b[^>]*>/gi;
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const NON_ASCII = /[\u0080-\uffff]/;
/** White space other than single inner spaces: a line break, a tab, two spaces, one at an edge. */
const SPACES = /[^\S ]|\s{2}|^\s|\s$/;

/**
 * Text as the card shows it: inline markup tags (`<i>`, `<sup>`, `<span class="nocase">`)
 * removed, the basic HTML entities decoded, line breaks and runs of spaces collapsed.
 * Anything that is not a string stays as it is, for the schema to report.
 */
export function cleanText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // Each step only when it can change something: this runs on every title and abstract of a 75,000-paper file.
  let text = NON_ASCII.test(value) ? value.normalize('NFC') : value;
  if (text.includes('<')) text = text.replace(TAG, '');
  if (text.includes('&')) text = text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITY[e]!);
  return SPACES.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** Text or undefined: for optional fields a source leaves null or empty. */
export function optionalText(value: unknown): string | undefined {
  const text = cleanText(value);
  return typeof text === 'string' && text ? text : undefined;
}

const NEW_ARXIV = /^(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$/;
const OLD_ARXIV = /^[a-z-]+(?:\.[A-Za-z-]+)?\/(\d{2})(\d{2})\d{3}(?:v\d+)?$/;

/** An arXiv identifier without its version (`2503.15879`, `cs/0101001`), or undefined when `value` is none. */
export function arxivIdOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value
    .trim()
    .replace(/^arxiv:/i, '')
    .replace(/v\d+$/, '');
  return NEW_ARXIV.test(id) || OLD_ARXIV.test(id) ? id : undefined;
}

/**
 * The year an arXiv identifier was assigned: `2503.15879` → 2025, `cs/0101001` → 2001,
 * `hep-th/9901001` → 1999 (old-style ids ran from 1991 to 2007).
 */
export function arxivYear(id: string): number | undefined {
  const m = NEW_ARXIV.exec(id) ?? OLD_ARXIV.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  return yy >= 91 ? 1900 + yy : 2000 + yy;
}

const ARXIV_IN_TEXT = /arxiv\.org\/(?:abs|pdf)\/([a-z-]+(?:\.[A-Za-z-]+)?\/\d{7}|\d{4}\.\d{4,5})/i;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/** The arXiv id in an arxiv.org link, an `arXiv:` number or a 10.48550 DOI. */
export function arxivIdIn(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const found = ARXIV_IN_TEXT.exec(v)?.[1] ?? ARXIV_DOI.exec(doiOf(v) ?? '')?.[1] ?? v;
    const id = arxivIdOf(found);
    if (id) return id;
  }
  return undefined;
}

/** A DOI without its resolver prefix (`https://doi.org/10.1/x` → `10.1/x`), or undefined. */
export function doiOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const doi = value
    .trim()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '')
    .trim();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

/** The four-digit year at the start of a date (`2025-04-29T…`, `Mon, 2 Apr 2007 …` ends with it too). */
export function yearOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value !== 'string') return undefined;
  const m = /\b(1\d{3}|2\d{3})\b/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** The arXiv abstract page of an id. */
export const arxivUrl = (id: string) => `https://arxiv.org/abs/${id}`;

/**
 * Strings of a list, cleaned; empty ones and ones longer than `maxChars` (an ACM
 * class string filed as a category, an affiliation glued to a name) dropped; at
 * most `max` (huge collaborations list thousands of authors).
 */
export function textList(values: unknown, max = 500, maxChars = 300): string[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const out: string[] = [];
  for (const v of values) {
    const t = optionalText(v);
    if (t && t.length <= maxChars) out.push(t);
    if (out.length >= max) break;
  }
  return out.length ? out : undefined;
}
