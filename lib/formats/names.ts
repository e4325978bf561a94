/**
 * A person's or an organisation's name split into the parts citation formats
 * keep apart: BibTeX's "von Last, Jr, First" and CSL's `family`, `given`,
 * `non-dropping-particle`, `suffix`, or `literal` for a name that must stay
 * whole (organisations, single names, CJK names written without a space).
 */
export type NameParts =
  { literal: string } | { family: string; given?: string; particle?: string; suffix?: string; familyFirst?: boolean };

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Lower-case words that belong to the family name ("von Neumann", "van der Waals", "de la Cruz"). */
const PARTICLES = new Set([
  'von',
  'van',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'das',
  'dos',
  'du',
  'la',
  'le',
  'ter',
  'ten',
  'zu',
  'zur',
  'af',
  'al',
  'el',
  'bin',
  'ibn',
  'ben',
]);

/** Generational suffixes: "Martin Luther King, Jr.", "John Smith III". */
const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv|v|vi|2nd|3rd|4th)$/i;

/**
 * Words that mark a name as an organisation's ("The ATLAS Collaboration",
 * "Google DeepMind", "OpenAI Team"): such a name is written whole, never split.
 */
const ORGANISATION =
  /^(?:the|collaboration|consortium|team|group|lab|labs|laboratory|institute|university|inc\.?|ltd\.?|llc|corp\.?|corporation|company|foundation|association|society|committee|project|initiative|network|council|agency|organization|organisation|research|google|deepmind|openai|microsoft|meta|nvidia|anthropic|ibm|amazon|apple|baidu|alibaba|tencent|huawei|mistral|deepseek|qwen)$/i;

/** Han, kana and Hangul: names in these scripts are written family name first. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** True for a name written in a CJK script (family name first, e.g. "山田 太郎"). */
export const isCjkName = (name: string): boolean => CJK.test(name);

/** True when a name is an organisation's, to be kept whole. */
export function isOrganisation(name: string): boolean {
  const words = squash(name).split(' ');
  return words.some((w) => ORGANISATION.test(w.replace(/[,;:]$/, '')));
}

/**
 * Splits a name as a reference manager would, without losing any part of it:
 *
 * - "Family, Given" and "Family, Jr., Given" (BibTeX order) are taken as written;
 * - "Given Family, Jr." and "Given Family Jr." keep "Jr." as the suffix;
 * - lower-case particles before the family name ("John von Neumann") become the particle;
 * - CJK names are family name first ("山田 太郎" → family 山田, given 太郎);
 * - organisations and single words are kept whole as a literal.
 *
 * @example parseName('John von Neumann') // { family: 'Neumann', given: 'John', particle: 'von' }
 */
export function parseName(raw: string): NameParts {
  const name = squash(raw);
  if (!name) return { literal: '' };
  if (isOrganisation(name)) return { literal: name };
  if (isCjkName(name)) {
    const [family, ...given] = name.split(' ');
    return given.length ? { family: family!, given: given.join(' '), familyFirst: true } : { literal: name };
  }
  const commas = name.split(',').map((s) => s.trim());
  if (commas.length === 3 && commas.every(Boolean)) {
    // BibTeX's "von Last, Jr, First".
    return withParticle(commas[0]!, { given: commas[2]!, suffix: commas[1]! });
  }
  if (commas.length === 2 && commas[0] && commas[1]) {
    if (SUFFIX.test(commas[1])) return fromNatural(commas[0], commas[1]);
    return withParticle(commas[0], { given: commas[1] });
  }
  return fromNatural(name.replace(/,/g, ' ').trim());
}

/** "Given [particle] Family [Jr.]", optionally with a suffix already split off. */
function fromNatural(text: string, suffix?: string): NameParts {
  const words = squash(text).split(' ');
  if (!suffix && words.length > 2 && SUFFIX.test(words.at(-1)!)) suffix = words.pop()!;
  if (words.length < 2) return suffix ? { family: words[0]!, suffix } : { literal: words[0]! };
  // The particle starts at the first lower-case particle word after the given name.
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  const family = words.slice(-1)[0]!;
  const particle = words.slice(start, -1).join(' ');
  const given = words.slice(0, start).join(' ');
  return { family, given, ...(particle ? { particle } : {}), ...(suffix ? { suffix } : {}) };
}

/** "von Neumann" written before a comma: the leading lower-case particles split off. */
function withParticle(familyText: string, rest: { given: string; suffix?: string }): NameParts {
  const words = familyText.split(' ');
  let i = 0;
  while (i < words.length - 1 && PARTICLES.has(words[i]!)) i++;
  const particle = words.slice(0, i).join(' ');
  return { family: words.slice(i).join(' '), ...rest, ...(particle ? { particle } : {}) };
}

/**
 * A name as a reader writes it in a list of authors: given name first, no
 * comma ("Jörg Müller", "Martin Luther King Jr."); CJK names and
 * organisations as they are.
 */
export function displayName(name: string): string {
  const parts = parseName(name);
  if ('literal' in parts) return parts.literal;
  if (parts.familyFirst) return squash(name);
  return [parts.given, parts.particle, parts.family, parts.suffix].filter(Boolean).join(' ');
}

/** The family name for citation keys and sorting: the literal for organisations. */
export function familyOf(name: string): string {
  const parts = parseName(name);
  return 'literal' in parts ? parts.literal : parts.family;
}

// ---------------------------------------------------------------- names of entries: citation keys, sources

/** Latin letters for Greek and Cyrillic, so a key stays readable: "Шрёдингер" → "shredinger". */
const TRANSLIT: Record<string, string> = Object.fromEntries(
  [
    ...'α:a β:b γ:g δ:d ε:e ζ:z η:e θ:th ι:i κ:k λ:l μ:m ν:n ξ:x ο:o π:p ρ:r σ:s ς:s τ:t υ:y φ:ph χ:ch ψ:ps ω:o'.split(
      ' ',
    ),
    ...'а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya і:i ї:i є:ie ґ:g'.split(
      ' ',
    ),
  ].map((pair) => pair.split(':') as [string, string]),
);

/** ASCII letters and digits only: accents dropped, Greek and Cyrillic transliterated, other scripts removed. */
export function asciiKeyPart(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/./gu, (c) => TRANSLIT[c] ?? c)
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9]+/g, '');
}

const STOP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'with', 'towards', 'toward', 'via']);

/** What a key or a "Missing" mark needs of an entry. */
export interface CitedEntry {
  title: string;
  authors?: string[];
  year?: string;
  arxivId?: string;
  doi?: string;
  url?: string;
}

/**
 * A readable ASCII key: family name + year + first significant title word
 * (`vaswani2017attention`, `shredinger1926kvantovaya`). A name or title in a
 * script with no transliteration here (CJK) gives way to the arXiv id
 * (`arxiv2401.00001`), then the DOI; never a bare year.
 */
export function baseCitationKey(entry: CitedEntry): string {
  const author = entry.authors?.[0] ? asciiKeyPart(familyOf(entry.authors[0])).slice(0, 30) : '';
  const words = squash(entry.title.replace(/\$[^$]*\$/g, ' '))
    .split(/[\s–—:/]+/)
    .map(asciiKeyPart)
    .filter(Boolean);
  const word = words.find((w) => !STOP.has(w) && !/^\d+$/.test(w)) ?? words[0] ?? '';
  if (word) return `${author}${entry.year ?? ''}${word}`.slice(0, 60);
  if (author) return `${author}${entry.year ?? ''}`;
  const id = entry.arxivId
    ? `arxiv${entry.arxivId.replace(/[^A-Za-z0-9.]+/g, '')}`
    : entry.doi
      ? `doi${entry.doi.toLowerCase().replace(/[^a-z0-9.]+/g, '')}`
      : '';
  return id ? id.slice(0, 60) : `paper${entry.year ?? ''}`;
}

/** Unique citation keys for entries, in order: a second `smith2020deep` becomes `smith2020deepb`. */
export function citationKeys(entries: readonly CitedEntry[]): string[] {
  const used = new Set<string>();
  return entries.map((entry) => {
    const base = baseCitationKey(entry);
    let key = base;
    for (let n = 1; used.has(key); n++) key = base + keySuffix(n);
    used.add(key);
    return key;
  });
}

/** b, c, …, z, then 27, 28, … */
const keySuffix = (n: number) => (n < 26 ? String.fromCharCode(97 + n) : String(n + 1));

/** What a citable entry lacks, in words ("authors and year not recorded"), or `undefined` when complete. */
export function missingMetadata(entry: CitedEntry): string | undefined {
  const noAuthors = !entry.authors?.some((a) => a.trim());
  const noYear = !entry.year;
  if (noAuthors && noYear) return 'authors and year not recorded';
  if (noAuthors) return 'authors not recorded';
  if (noYear) return 'year not recorded';
  return undefined;
}

/** Where a paper was published or found, for BibTeX's `howpublished`: "arXiv preprint arXiv:2401.00001", a DOI, a site. */
export function sourceOf(entry: CitedEntry): string | undefined {
  if (entry.arxivId) return `arXiv preprint arXiv:${entry.arxivId}`;
  if (entry.doi) return `doi:${entry.doi}`;
  if (entry.url) {
    try {
      return `Web page, ${new URL(entry.url).hostname}`;
    } catch {
      // fall through
    }
  }
  return undefined;
}
