import type { ReadingListEntry } from '../db';
import { entryHref } from '../reading-list';
import { citationKeys, missingMetadata, parseName, sourceOf } from './names';

/**
 * BibTeX and biblatex writers for the reading list. The two dialects differ
 * only in how characters outside ASCII are written:
 *
 * - `bibtex` (for bibtex + pdflatex): Latin letters with accents as LaTeX
 *   accent macros (`{\"i}`, `{\u{\d{a}}}`), `ß ø ł …` as text commands, an
 *   isolated Greek letter as math (`{$\alpha$}`); letters of other scripts
 *   (Cyrillic, Greek words, CJK, …) stay UTF-8, since pdflatex has no accent
 *   macro for them — the document loads their font encoding (`T2A`, `LGR`,
 *   `CJKutf8`) or uses biblatex.
 * - `biblatex` (for biber): UTF-8 throughout; only LaTeX's special characters are escaped.
 *
 * Both decode back to the saved text in Better BibTeX's parser and citation-js
 * (tests/unit/export-consumers.test.ts). See docs/exports.md for the choices.
 */
export type BibDialect = 'bibtex' | 'biblatex';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** LaTeX accent macros for the combining marks NFD splits accented letters into. */
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

/** Characters with a LaTeX meaning, escaped in both dialects. Braces use text commands: BibTeX counts `\{` as a brace. */
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
};

/** Characters without a 7-bit form, written as LaTeX in the `bibtex` dialect only. */
const ASCII_FORMS: Record<string, string> = {
  '\u201C': '``',
  '\u201D': "''",
  '\u2018': '\\textquoteleft{}',
  '\u2019': '\\textquoteright{}',
  '\u2013': '--',
  '\u2014': '---',
  '\u00A0': '~',
  '\u2026': '\\textellipsis{}',
  '§': '\\textsection{}',
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
  ð: '{\\dh}',
  Ð: '{\\DH}',
  þ: '{\\th}',
  Þ: '{\\TH}',
  đ: '{\\dj}',
  Đ: '{\\DJ}',
  ŋ: '{\\ng}',
  Ŋ: '{\\NG}',
};

/** Greek letters pdflatex can set without a Greek font: as math. */
const GREEK_MATH =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau upsilon phi chi psi omega';
const GREEK: Record<string, string> = {};
GREEK_MATH.split(' ').forEach((name, i) => {
  const lower = String.fromCharCode(0x3b1 + i);
  GREEK[lower] = name === 'o' ? 'o' : `\\${name}`;
  const upper = String.fromCharCode(0x391 + i);
  // Capitals that look like Latin ones have no macro in math mode: they are the Latin letter.
  const macro = name[0]!.toUpperCase() + name.slice(1);
  if (/^(Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega)$/.test(macro)) GREEK[upper] = `\\${macro}`;
});
const isGreekLetter = (c: string | undefined) => !!c && /\p{Script=Greek}/u.test(c) && /\p{L}/u.test(c);

/** One letter with its combining marks as nested accent macros: `a` + dot below + breve → `{\u{\d{a}}}`. */
function accented(base: string, marks: string[]): string {
  let inner = base === 'ı' ? 'i' : base === 'ȷ' ? 'j' : base;
  for (const mark of marks) {
    const macro = ACCENTS[mark]!;
    inner = /[a-z]/i.test(macro) || inner.length > 1 ? `\\${macro}{${inner}}` : `\\${macro}${inner}`;
  }
  return `{${inner}}`;
}

/** Escapes plain text (no math) for a brace-delimited field in a dialect. */
function escapePlain(text: string, dialect: BibDialect): string {
  // A run of hyphens keeps its length: TeX would make `--` an en dash and `---` an em dash.
  const clusters = [...text.normalize('NFD').matchAll(/(\P{M})(\p{M}*)|\p{M}+/gu)];
  const out: string[] = [];
  clusters.forEach((m, i) => {
    const whole = m[0];
    const base = m[1];
    const marks = [...(m[2] ?? '')];
    if (base === undefined) {
      out.push(whole.normalize('NFC'));
      return;
    }
    if (base === '-' && clusters[i + 1]?.[0] === '-') {
      out.push('-{}');
      return;
    }
    if (!marks.length && SPECIAL[base]) {
      out.push(SPECIAL[base]);
      return;
    }
    if (dialect === 'biblatex') {
      out.push(whole.normalize('NFC'));
      return;
    }
    const latinBase = /^[a-zA-Zıȷ]$/.test(base);
    if (marks.length && latinBase && marks.every((mk) => ACCENTS[mk])) {
      out.push(accented(base, marks));
    } else if (!marks.length && ASCII_FORMS[base]) {
      out.push(ASCII_FORMS[base]);
    } else if (
      !marks.length &&
      GREEK[base] &&
      !isGreekLetter(clusters[i - 1]?.[1]) &&
      !isGreekLetter(clusters[i + 1]?.[1])
    ) {
      out.push(`{$${GREEK[base]}$}`);
    } else {
      out.push(whole);
    }
  });
  // NFC once over the whole run: Hangul syllables decompose into letters (jamo), not marks.
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
 * Escapes one line of text for a BibTeX field: LaTeX specials, braces, quotes
 * and (in the `bibtex` dialect) accents become commands; inline math
 * (`$x^2$`) is kept as LaTeX.
 *
 * @example escapeBibtex('Café & 50%') // "Caf{\\'e} \\& 50\\%"
 */
export function escapeBibtex(text: string, dialect: BibDialect = 'bibtex'): string {
  return splitMath(squash(text))
    .map((part) => (part.math ? part.text : escapePlain(part.text, dialect)))
    .join('');
}

/**
 * Text that may run over several lines (abstract, note): each line escaped,
 * lines kept apart by a blank line — a paragraph break, which BibTeX readers
 * keep (Better BibTeX reads it as a paragraph) where a single newline is a space.
 */
export function escapeLines(text: string, dialect: BibDialect): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeBibtex(line, dialect))
    .filter(Boolean)
    .join('\n\n');
}

// ---------------------------------------------------------------- titles: case protection

/** Proper nouns common in computer-science titles that a Title Case title cannot reveal. */
const PROPER_NOUNS = new Set(
  (
    'Bayes Bayesian Markov Markovian Gauss Gaussian Fourier Hilbert Euclid Euclidean Boolean Lipschitz Riemann ' +
    'Riemannian Hamiltonian Lagrangian Laplacian Monte Carlo Turing Nash Shapley Wasserstein Kolmogorov Langevin ' +
    'Dirichlet Poisson Bernoulli Newton Newtonian Hessian Jacobian Kalman Higgs Einstein Schrödinger English ' +
    'Chinese Japanese Korean German French Spanish Arabic Russian Indian African European American Python Java ' +
    'Rust Linux Android Wikipedia GitHub Twitter Reddit Atari Minecraft Go StarCraft'
  ).split(' '),
);

/** Words a Title Case title capitalises that need no protection. */
const MINOR = new Set('a an the and or of for in on to with by at from via as vs is are its into over'.split(' '));

/** Strips the punctuation around a word ("(LoRA):" → "LoRA"). */
const core = (word: string) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** True when most of a title's significant words are capitalised (Title Case): capitals there say little. */
function isTitleCase(words: string[]): boolean {
  const significant = words
    .slice(1)
    .map(core)
    .filter((w) => w && !MINOR.has(w.toLowerCase()) && /^\p{L}/u.test(w));
  if (!significant.length) return false;
  return significant.filter((w) => /^\p{Lu}/u.test(w)).length / significant.length >= 0.6;
}

/** Whether a title word must keep its case: acronyms, mixed case, single capitals, proper nouns. */
function mustProtect(word: string, first: boolean, titleCase: boolean, families: Set<string>): boolean {
  const w = core(word);
  if (!w || !/\p{Lu}/u.test(w)) return false;
  if (/^.+\p{Lu}/u.test(w)) return true; // LoRA, LLMs, GPT-4, BERT, iPhone, Erdős–Rényi
  if (/^\p{Lu}$/u.test(w)) return w !== 'A' || !first; // "I", "N", "Part B"; not the article opening a title
  if (first) return false;
  if (!titleCase) return true; // a capital inside a sentence-case title is a proper noun
  // Title Case: only what is known to be a name.
  return (
    PROPER_NOUNS.has(w) || families.has(w.toLowerCase()) || /[^\p{ASCII}]/u.test(w) // Erdős, Łódź: not English title casing
  );
}

/**
 * A title for a BibTeX field, with its case protected where bibliography
 * styles would wrongly lower-case it. Balanced braces the title already has
 * (`The {Matthew} Effect`) are kept as protection.
 *
 * @example bibtexTitle('LoRA for the Higgs boson', 'bibtex') // "{LoRA} for the {Higgs} boson"
 */
export function bibtexTitle(title: string, dialect: BibDialect, authorFamilies: string[] = []): string {
  const families = new Set(authorFamilies.map((f) => f.toLowerCase()));
  const parts = splitMath(squash(title));
  const words = parts.flatMap((p) => (p.math ? [] : p.text.split(' ')));
  const titleCase = isTitleCase(words);
  let sentenceStart = true;
  return parts
    .map((part) => {
      if (part.math) {
        sentenceStart = false;
        return `{${part.text}}`;
      }
      return protectedRuns(part.text)
        .map((run) => {
          if (run.kept) {
            sentenceStart = false;
            return `{${escapePlain(run.text, dialect)}}`;
          }
          return run.text
            .split(/(\s+)/)
            .map((word) => {
              if (!word || /^\s+$/.test(word)) return word;
              const protect = mustProtect(word, sentenceStart, titleCase, families);
              sentenceStart = /[:.?!]$/.test(word);
              if (!protect) return escapePlain(word, dialect);
              // Braces around the word itself, not its punctuation: `{LLaMA}:`.
              const [, lead, body, trail] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word)!;
              return `${escapePlain(lead!, dialect)}{${escapePlain(body!, dialect)}}${escapePlain(trail!, dialect)}`;
            })
            .join('');
        })
        .join('');
    })
    .join('');
}

/** A title's `{…}` groups (balanced, not nested) as protected runs; other braces stay literal. */
function protectedRuns(text: string): Array<{ kept: boolean; text: string }> {
  const runs: Array<{ kept: boolean; text: string }> = [];
  let last = 0;
  for (const m of text.matchAll(/\{([^{}]+)\}/g)) {
    if (m.index > last) runs.push({ kept: false, text: text.slice(last, m.index) });
    runs.push({ kept: true, text: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ kept: false, text: text.slice(last) });
  return runs;
}

/** A title as readers show it: the protecting braces of `The {Matthew} Effect` removed. */
export function plainTitle(title: string): string {
  return squash(
    splitMath(title)
      .map((p) => (p.math ? p.text : p.text.replace(/\{([^{}]+)\}/g, '$1')))
      .join(''),
  );
}

// ---------------------------------------------------------------- names

/**
 * One name for an `author` field, each part braced so BibTeX cannot split it
 * again: `{Neumann}, {John}` with the particle before (`von {Neumann}, {John}`),
 * a suffix between (`{King}, {Jr.}, {Martin Luther}`), organisations whole
 * (`{The ATLAS Collaboration}`).
 */
export function bibtexName(name: string, dialect: BibDialect): string {
  const parts = parseName(name);
  const b = (s: string) => `{${escapeBibtex(s, dialect)}}`;
  if ('literal' in parts) return b(parts.literal);
  const family = `${parts.particle ? `${escapeBibtex(parts.particle, dialect)} ` : ''}${b(parts.family)}`;
  if (parts.suffix) return `${family}, ${b(parts.suffix)}, ${b(parts.given ?? '')}`;
  return parts.given ? `${family}, ${b(parts.given)}` : family;
}

// ---------------------------------------------------------------- entries

/** A URL or DOI for a BibTeX field: verbatim, but braces and backslashes percent-encoded so the field stays balanced. */
function bibtexVerbatim(value: string): string {
  return value.replace(/[{}\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const isArxivDoi = (doi: string) => /^10\.48550\/arxiv\./i.test(doi);

/** `@article` for a paper with a (non-arXiv) DOI, `@misc` for preprints and everything else. */
export function bibtexType(entry: ReadingListEntry): 'article' | 'misc' {
  return entry.doi && !isArxivDoi(entry.doi) && !entry.arxivId && entry.authors?.length && entry.year
    ? 'article'
    : 'misc';
}

/** The fields of one entry, in order, values already escaped. */
export function bibtexFields(entry: ReadingListEntry, dialect: BibDialect): Array<[string, string]> {
  const authors = (entry.authors ?? []).map((a) => a.trim()).filter(Boolean);
  const families = authors.map((a) => {
    const p = parseName(a);
    return 'literal' in p ? p.literal : p.family;
  });
  const fields: Array<[string, string]> = [['title', bibtexTitle(entry.title, dialect, families)]];
  if (authors.length) fields.push(['author', authors.map((a) => bibtexName(a, dialect)).join(' and ')]);
  if (entry.year) fields.push(['year', entry.year]);
  const missing = missingMetadata(entry);
  // A @misc says where the paper is, and what it lacks, so it can be cited and completed.
  const source = sourceOf(entry);
  if (bibtexType(entry) === 'misc' && (source || missing)) {
    const text = [source ?? 'Saved in the Paper Radar reading list', missing && `(${missing})`]
      .filter(Boolean)
      .join(' ');
    fields.push(['howpublished', escapeBibtex(text, dialect)]);
  }
  if (entry.doi) fields.push(['doi', bibtexVerbatim(entry.doi)]);
  if (entry.arxivId) {
    fields.push(['eprint', bibtexVerbatim(entry.arxivId)], ['archiveprefix', 'arXiv']);
  }
  const url = entryHref(entry);
  if (url) fields.push(['url', bibtexVerbatim(url)]);
  const tags = entry.tags ?? [];
  if (tags.length) fields.push(['keywords', tags.map((t) => escapeBibtex(t, dialect)).join(', ')]);
  if (entry.abstract.trim()) fields.push(['abstract', escapeLines(entry.abstract, dialect)]);
  if (entry.note.trim()) fields.push(['note', escapeLines(entry.note, dialect)]);
  return fields;
}

/** One BibTeX entry. */
export function toBibtexEntry(entry: ReadingListEntry, key: string, dialect: BibDialect = 'bibtex'): string {
  const fields = bibtexFields(entry, dialect);
  const width = Math.max(...fields.map(([k]) => k.length));
  const body = fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(',\n');
  return `@${bibtexType(entry)}{${key},\n${body},\n}\n`;
}

/**
 * The reading list as BibTeX (ASCII escapes, for bibtex + pdflatex) or
 * biblatex (UTF-8, for biber), one entry per paper in the given order, with
 * unique citation keys.
 */
export function toBibtex(entries: readonly ReadingListEntry[], dialect: BibDialect = 'bibtex'): string {
  const keys = citationKeys(entries);
  return entries.map((e, i) => toBibtexEntry(e, keys[i]!, dialect)).join('\n');
}
