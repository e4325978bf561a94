import { z } from './zod';

/**
 * One paper of a corpus, as stored and indexed. The metadata fields are what an
 * imported source gave (the bundled corpus has none); an empty abstract marks a
 * paper the user chose to keep title-only.
 */
export const PaperSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{3,100}$/),
  title: z.string().trim().min(3).max(400),
  abstract: z.union([z.literal(''), z.string().trim().min(40).max(20_000)]),
  codeUrl: z.url({ protocol: /^https?$/ }).optional(),
  source: z.string().min(1).max(100),
  /** Display names, "First Last". */
  authors: z.array(z.string().max(300)).max(500).optional(),
  /** Four digits. */
  year: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  /** Journal, conference or series. */
  venue: z.string().max(300).optional(),
  /** Without version: `2503.15879`, `cs/0101001`. */
  arxivId: z.string().max(40).optional(),
  /** Without resolver: `10.1145/3292500`. */
  doi: z.string().max(300).optional(),
  /** The paper's page. */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
  categories: z.array(z.string().max(100)).max(50).optional(),
});
export type Paper = z.infer<typeof PaperSchema>;

/** A parsed corpus: its papers plus a version that changes whenever its text does. */
export interface Corpus {
  name: string;
  version: string;
  /** The date line of the saved page's header, e.g. "Apr 30" (the bundled corpus has one). */
  date?: string;
  papers: Paper[];
}

/** Raised for a corpus file that does not have the expected shape; `line` is 1-based. */
export class CorpusError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`corpus line ${line}: ${message}`);
    this.name = 'CorpusError';
  }
}

/** The bundled corpus's name, used as each paper's `source`. */
export const BUNDLED_SOURCE = 'hf-daily-papers';

const HEADER_DATE = /^[A-Z][a-z]{2,8} \d{1,2}$/;
const MAX_TITLE = 400;
const MIN_ABSTRACT = 100;

/**
 * FNV-1a, 32 bit, over text fed in pieces: the same digest as {@link fingerprint}
 * of the pieces joined, without ever joining them (a streamed import's version).
 */
export function createFingerprint(): { update(text: string): void; digest(): string; length: number } {
  let h = 0x811c9dc5;
  let length = 0;
  return {
    update(text) {
      for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      length += text.length;
    },
    digest: () => (h >>> 0).toString(16).padStart(8, '0'),
    get length() {
      return length;
    },
  };
}

/** FNV-1a, 32 bit, as 8 hex digits: a stable, dependency-free fingerprint. */
export function fingerprint(text: string): string {
  const f = createFingerprint();
  f.update(text);
  return f.digest();
}

/**
 * A paper id derived from its title only, so it survives reordering and
 * re-saving of the corpus: a readable slug plus a hash of the normalised title.
 *
 * @example paperId('SWE-PolyBench: A benchmark') // 'swe-polybench-a-benchmark-1a2b3c4d'
 */
export function paperId(title: string): string {
  const normal = title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const slug = normal
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'paper'}-${fingerprint(normal)}`;
}

const URL_IN_TEXT = /https?:\/\/[^\s{}<>"]+/g;

/** The code link an abstract ends with (GitHub and project pages), cleaned of trailing punctuation. */
export function findCodeUrl(abstract: string): string | undefined {
  const found = abstract.match(URL_IN_TEXT);
  if (!found) return undefined;
  const url = found[found.length - 1]!.replace(/[.,;:)\]]+$/, '');
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/**
 * Parses a saved Hugging Face "daily papers" page: header lines up to and
 * including the date line, then title and abstract lines in pairs.
 *
 * @throws CorpusError naming the offending line when the file is malformed.
 */
export function parseCorpus(text: string, source = BUNDLED_SOURCE): Corpus {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const content: Array<{ text: string; line: number }> = [];
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t) content.push({ text: t, line: i + 1 });
  });
  const dateAt = content.findIndex((l) => HEADER_DATE.test(l.text));
  if (dateAt < 0 || dateAt > 10) {
    throw new CorpusError('expected a header ending with a date line such as "Apr 30"', content[0]?.line ?? 1);
  }
  const body = content.slice(dateAt + 1);
  if (body.length === 0) throw new CorpusError('no papers after the header', content[dateAt]!.line);

  const papers: Paper[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < body.length; i += 2) {
    const title = body[i]!;
    const abstract = body[i + 1];
    if (title.text.length > MAX_TITLE) {
      throw new CorpusError(
        `expected a title, found ${title.text.length} characters (an abstract without its title?)`,
        title.line,
      );
    }
    if (!abstract) throw new CorpusError(`title "${title.text}" has no abstract line after it`, title.line);
    if (abstract.text.length < MIN_ABSTRACT) {
      throw new CorpusError(
        `expected the abstract of "${title.text}", found a line of ${abstract.text.length} characters`,
        abstract.line,
      );
    }
    const id = paperId(title.text);
    const dup = seen.get(id);
    if (dup !== undefined) throw new CorpusError(`duplicate title (first seen on line ${dup})`, title.line);
    seen.set(id, title.line);
    const parsed = PaperSchema.safeParse({
      id,
      title: title.text,
      abstract: abstract.text,
      codeUrl: findCodeUrl(abstract.text),
      source,
    });
    if (!parsed.success) {
      throw new CorpusError(parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '), title.line);
    }
    papers.push(parsed.data);
  }
  return { name: source, version: fingerprint(text), date: content[dateAt]!.text, papers };
}
