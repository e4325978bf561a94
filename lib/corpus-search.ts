import type { SearchOptions, SearchResult } from 'minisearch';
import type { Engine } from './index/types';
import { processTerm, tokenize } from './text';

/** A paper found by the search box, with the index terms it matched (for highlighting). */
export interface SearchHit {
  id: string;
  title: string;
  score: number;
  terms: string[];
}

/**
 * What the search box knows of a paper beyond the index's title and abstract: its authors and identifiers
 * (imported papers carry them; the bundled corpus has none).
 */
export interface CatalogueEntry {
  id: string;
  title: string;
  authors?: readonly string[];
  arxivId?: string;
  doi?: string;
  url?: string;
}

/**
 * A {@link Catalogue} as columns of strings and numbers (what `toColumns` gives, `fromColumns` reads): its
 * entries, its arXiv ids and DOIs with each one's entry, and each author-name word with its entries.
 */
export interface CatalogueColumns {
  ids: string[];
  titles: string[];
  /** Each entry's authors joined by U+001F ("" for none): one string per entry stores and loads faster than lists. */
  authors: string[];
  arxiv: { keys: string[]; at: Uint32Array };
  dois: { keys: string[]; at: Uint32Array };
  /** Word `words[i]`'s entries are `papers[starts[i]]` to `papers[starts[i + 1]]` (exclusive). */
  names: { words: string[]; starts: Uint32Array; papers: Uint32Array };
}

/** Between two authors of an entry in {@link CatalogueColumns}: a control character, taken out of names (`add`). */
const AUTHOR_SEPARATOR = '\u001f';

/** Below this many exact and prefix matches, the search also tolerates typos. */
export const FEW_MATCHES = 3;
/** Words from this long tolerate one typo, from {@link FUZZY_TWO_FROM} on two. */
export const FUZZY_FROM = 5;
export const FUZZY_TWO_FROM = 7;
/** A query of this many words that no paper has all of may match papers with most ({@link MOST_WORDS}) of them. */
export const LOOSE_FROM = 3;
export const MOST_WORDS = 2 / 3;
/** A misspelt word's known start must keep at least this share of it. */
export const KNOWN_START = 0.6;
/** How much more an author match counts than the best text match: a name typed in the box means that person. */
const AUTHOR_BOOST = 1.5;

const NEW_ID = /(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])/;
const OLD_ID = /\b([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\b/;

/**
 * The arXiv id a text names, without its version: a bare id ("2503.15879", "arXiv:2503.15879v2", an old-style
 * "cs/0112017") or an arxiv.org abs, pdf or html address.
 *
 * @example arxivIdOf('https://arxiv.org/pdf/2503.15879v2') // '2503.15879'
 */
export function arxivIdOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(
    t,
  );
  const candidate = url ? url[1]! : t.replace(/^arxiv:\s*/i, '');
  const m = NEW_ID.exec(candidate) ?? OLD_ID.exec(candidate);
  if (!m) return undefined;
  // A bare id must be the whole query (a year range "2503.1234" inside a sentence is not an id).
  if (!url && candidate.replace(/v\d+$/, '') !== m[1]) return undefined;
  return m[1];
}

/** The DOI a text names ("10.1145/3442188.3445922", "doi:…", a doi.org address), lower-cased. */
export function doiOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i.exec(text.trim());
  return m ? decodeURIComponent(m[1]!).toLowerCase() : undefined;
}

/** Lower-case letters without accents: "Balázs" and "balazs" are the same name. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const nameWords = (name: string): string[] => fold(name).match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Authors and identifiers of the corpus's papers, for the search box: an arXiv id or DOI finds its paper,
 * an author's name their papers. Built once per corpus (the background keeps it until papers change).
 */
export class Catalogue {
  private readonly arxiv = new Map<string, number>();
  private readonly dois = new Map<string, number>();
  /** Each word of an author's name, to the papers (entry numbers) with such an author. */
  private readonly names = new Map<string, number[]>();
  private sortedNames?: string[];
  private readonly entries: CatalogueEntry[] = [];

  constructor(entries: Iterable<CatalogueEntry> = []) {
    for (const e of entries) this.add(e);
  }

  /** The catalogue as plain columns, for storing (`fromColumns` reads it back without working out a name again). */
  toColumns(): CatalogueColumns {
    const flat = <K>(map: Map<K, number>) => ({ keys: [...map.keys()], at: Uint32Array.from(map.values()) });
    const names = [...this.names];
    const starts = new Uint32Array(names.length + 1);
    names.forEach(([, papers], i) => (starts[i + 1] = starts[i]! + papers.length));
    const papers = new Uint32Array(starts[names.length]!);
    names.forEach(([, list], i) => papers.set(list, starts[i]!));
    return {
      ids: this.entries.map((e) => e.id),
      titles: this.entries.map((e) => e.title),
      authors: this.entries.map((e) => (e.authors ?? []).join(AUTHOR_SEPARATOR)),
      arxiv: flat(this.arxiv),
      dois: flat(this.dois),
      names: { words: names.map(([w]) => w), starts, papers },
    };
  }

  /**
   * The catalogue {@link toColumns} stored.
   *
   * @throws Error when the columns do not fit together (a damaged record).
   */
  static fromColumns(c: CatalogueColumns): Catalogue {
    const n = c.ids.length;
    const fits = (at: ArrayLike<number>) => Array.prototype.every.call(at, (x: number) => x < n);
    const { words, starts, papers } = c.names;
    if (
      c.titles.length !== n ||
      c.authors.length !== n ||
      c.arxiv.keys.length !== c.arxiv.at.length ||
      c.dois.keys.length !== c.dois.at.length ||
      starts.length !== words.length + 1 ||
      starts[0] !== 0 ||
      starts[words.length] !== papers.length ||
      !Array.prototype.every.call(starts.subarray(1), (x: number, i: number) => x >= starts[i]!) ||
      !fits(c.arxiv.at) ||
      !fits(c.dois.at) ||
      !fits(papers)
    )
      throw new Error('the stored catalogue does not fit together');
    const catalogue = new Catalogue();
    for (let i = 0; i < n; i++) {
      const entry: CatalogueEntry = { id: c.ids[i]!, title: c.titles[i]! };
      if (c.authors[i]) entry.authors = c.authors[i]!.split(AUTHOR_SEPARATOR);
      catalogue.entries.push(entry);
    }
    c.arxiv.keys.forEach((id, i) => catalogue.arxiv.set(id, c.arxiv.at[i]!));
    c.dois.keys.forEach((doi, i) => catalogue.dois.set(doi, c.dois.at[i]!));
    words.forEach((w, i) => catalogue.names.set(w, Array.from(papers.subarray(starts[i]!, starts[i + 1]!))));
    return catalogue;
  }

  get size(): number {
    return this.entries.length;
  }

  add(entry: CatalogueEntry): void {
    const at = this.entries.length;
    const slim: CatalogueEntry = { id: entry.id, title: entry.title };
    // The separator of the stored columns becomes a space, as name words read it anyway: a name keeps its words.
    if (entry.authors?.length)
      slim.authors = entry.authors.slice(0, 100).map((a) => a.replaceAll(AUTHOR_SEPARATOR, ' '));
    this.entries.push(slim);
    const arxivId = arxivIdOf(entry.arxivId) ?? arxivIdOf(entry.url);
    if (arxivId && !this.arxiv.has(arxivId)) this.arxiv.set(arxivId, at);
    const doi = doiOf(entry.doi) ?? doiOf(entry.url);
    if (doi && !this.dois.has(doi)) this.dois.set(doi, at);
    const words = new Set(slim.authors?.flatMap(nameWords).filter((w) => w.length >= 2));
    for (const w of words ?? []) {
      const list = this.names.get(w);
      if (list) list.push(at);
      else this.names.set(w, [at]);
    }
    this.sortedNames = undefined;
  }

  /** The paper with this arXiv id (any version), if the corpus has it. */
  byArxivId(id: string): CatalogueEntry | undefined {
    const at = this.arxiv.get(arxivIdOf(id) ?? id);
    return at === undefined ? undefined : this.entries[at];
  }

  /** The paper with this DOI, if the corpus has it. */
  byDoi(doi: string): CatalogueEntry | undefined {
    const at = this.dois.get(doiOf(doi) ?? doi.toLowerCase());
    return at === undefined ? undefined : this.entries[at];
  }

  /**
   * Papers with authors whose names hold every word of the query (the last one as a prefix of three or more
   * letters, as the user types), by how many of the words one author's name holds.
   */
  byAuthor(query: string, prefixLast: boolean): Array<{ entry: CatalogueEntry; whole: boolean }> {
    const words = nameWords(query);
    if (!words.length || !this.names.size) return [];
    let papers: Set<number> | undefined;
    words.forEach((w, i) => {
      const prefix = prefixLast && i === words.length - 1 && w.length >= 3;
      const found = new Set<number>();
      for (const name of prefix ? this.namesStartingWith(w) : [w])
        for (const at of this.names.get(name) ?? []) found.add(at);
      papers = papers ? new Set([...papers].filter((p) => found.has(p))) : found;
    });
    return [...(papers ?? [])].map((at) => {
      const entry = this.entries[at]!;
      // One author holding all the words ("ashish vaswani") beats words spread over co-authors.
      const whole = (entry.authors ?? []).some((a) => {
        const n = nameWords(a);
        return words.every((w, i) =>
          n.some((x) => x === w || (prefixLast && i === words.length - 1 && x.startsWith(w))),
        );
      });
      return { entry, whole };
    });
  }

  private namesStartingWith(prefix: string): string[] {
    const sorted = (this.sortedNames ??= [...this.names.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
    return out;
  }
}

const wordTokens = (text: string): string[] => tokenize(text).filter((t) => !t.includes(' '));
const phraseTokens = (text: string): string[] => tokenize(text).filter((t) => t.includes(' '));

/** Content words of a query as the index sees them (stemmed, stop words dropped, no phrases). */
function queryWords(query: string): string[] {
  return wordTokens(query).flatMap((t) => processTerm(t) ?? []);
}

const toHit = (h: SearchResult, scale = 1): SearchHit => ({
  id: String(h.id),
  title: String(h.title),
  score: Math.round(h.score * scale * 1000) / 1000,
  terms: h.terms,
});

/**
 * Searches the whole corpus as the user types, field by field:
 * - an arXiv id (`2503.15879`, `arXiv:2503.15879v2`, an arxiv.org address) or a DOI finds its paper, or nothing;
 * - every word must match the title or abstract — the last as a prefix, so results appear mid-word, the others
 *   exactly (so "paged attention" is not "PageRank"); the query's phrases ("kv cache") add to a paper's score;
 *   an author whose name holds the words finds their papers, first;
 * - only a word the corpus does not know at all tolerates a typo or two ("decodng"), and only when fewer than
 *   {@link FEW_MATCHES} papers matched exactly — "decompil" never reaches "decompose";
 * - a long query no paper has all the words of matches papers with most of them; otherwise nothing matches,
 *   and the popup says so rather than show noise.
 *
 * @example searchCorpus(engine, 'text-to-sq') // MAG-SQL and the other text-to-SQL papers
 */
export function searchCorpus(engine: Engine, query: string, limit = 20, catalogue?: Catalogue): SearchHit[] {
  const q = query.trim();
  if (!q) return [];
  const arxivId = arxivIdOf(q);
  const doi = arxivId ? undefined : doiOf(q);
  if (arxivId || doi) {
    const found = arxivId ? catalogue?.byArxivId(arxivId) : catalogue?.byDoi(doi!);
    return found ? [{ id: found.id, title: found.title, score: 1, terms: [] }] : [];
  }
  // Typing "decompil" wants words starting so; "decompil " (a space after) wants the word itself.
  const words = queryWords(q);
  const last = !/\s$/.test(query) ? words[words.length - 1] : undefined;
  const base: SearchOptions = {
    combineWith: 'AND',
    boost: { title: 2.5 },
    tokenize: wordTokens,
    prefix: (term) => term === last || (last !== undefined && term.endsWith(` ${last}`)),
    fuzzy: false,
  };
  const withPhrases = (results: SearchResult[]) => addPhrases(engine, q, results, base);
  const text = words.length ? withPhrases(engine.index.search(q, base)) : [];
  const top = text[0]?.score ?? 1;
  // A whole name ("Ashish Vaswani": one author holds every word) comes first; a single name word ("Song") that is
  // also a topic word comes after the papers about it.
  const byName = catalogue?.byAuthor(q, last !== undefined) ?? [];
  const named = nameWords(q).length >= 2;
  const asHit = (entry: CatalogueEntry, boost: number): SearchHit => ({
    id: entry.id,
    title: entry.title,
    score: Math.round(top * boost * 1000) / 1000,
    terms: [],
  });
  const first = byName.filter((a) => a.whole && named).map((a) => asHit(a.entry, AUTHOR_BOOST));
  const floor = text.length ? (0.9 * text[text.length - 1]!.score) / top : 1;
  const later = byName.filter((a) => !(a.whole && named)).map((a) => asHit(a.entry, floor));
  const hits = merge(
    merge(
      first,
      text.map((h) => toHit(h)),
    ),
    later,
  );
  if (hits.length < FEW_MATCHES && words.length) {
    // A word no paper has, not even as the start of a word, is taken for a typo; known words stay exact.
    const exact = { ...base, combineWith: 'OR' as const, tokenize: (t: string) => [t], processTerm: (t: string) => t };
    const known = (term: string, prefix = false) => engine.index.search(term, { ...exact, prefix }).length > 0;
    const unknown = words.filter((w, i) => !known(w, w === last && i === words.length - 1));
    if (unknown.length) {
      // A misspelt ending defeats the stemmer ("decodng", "decompilatoin"): the longest known start of the word
      // stands in for it; a word with none tolerates one or two edits.
      const repaired = words.map((w) => (unknown.includes(w) ? knownStart(w, known) : undefined) ?? w);
      const stillUnknown = new Set(repaired.filter((w) => unknown.includes(w)));
      const fuzzy = engine.index.search(
        { combineWith: 'AND', queries: repaired },
        {
          ...exact,
          combineWith: 'AND',
          prefix: (term) => term === last,
          fuzzy: (term) =>
            !stillUnknown.has(term) ? false : term.length >= FUZZY_TWO_FROM ? 2 : term.length >= FUZZY_FROM ? 1 : false,
          maxFuzzy: 2,
        },
      );
      hits.push(...rankedAfter(hits, withPhrases(fuzzy)));
    }
  }
  if (!hits.length && words.length >= LOOSE_FROM) {
    const need = Math.ceil(new Set(words).size * MOST_WORDS);
    const loose = engine.index
      .search(q, { ...base, combineWith: 'OR' })
      .filter((h) => new Set(h.queryTerms).size >= need);
    hits.push(...rankedAfter(hits, withPhrases(loose)));
  }
  return hits.slice(0, limit);
}

/** A typo's stand-in: its longest start (at least {@link KNOWN_START} of it, 4 letters) that is an index term. */
function knownStart(word: string, known: (term: string) => boolean): string | undefined {
  for (let n = word.length - 1; n >= Math.max(4, Math.ceil(word.length * KNOWN_START)); n--) {
    if (known(word.slice(0, n))) return word.slice(0, n);
  }
  return undefined;
}

/** The query's phrases ("kv cache") add their score to the papers the words found, best first again. */
function addPhrases(engine: Engine, q: string, results: SearchResult[], base: SearchOptions): SearchResult[] {
  const phrases = phraseTokens(q);
  if (!phrases.length || !results.length) return results;
  const found = new Map(
    engine.index
      .search({ combineWith: 'OR', queries: phrases }, { ...base, combineWith: 'OR', tokenize: (s) => [s] })
      .map((h) => [h.id, h]),
  );
  return results
    .map((r) => {
      const p = found.get(r.id);
      return p ? { ...r, score: r.score + p.score, terms: [...r.terms, ...p.terms] } : r;
    })
    .sort((a, b) => b.score - a.score);
}

/** Hits of a looser pass not already found, scored below the last of those. */
function rankedAfter(found: readonly SearchHit[], results: readonly SearchResult[]): SearchHit[] {
  const seen = new Set(found.map((h) => h.id));
  const fresh = results.filter((h) => !seen.has(String(h.id)));
  const floor = found.length ? found[found.length - 1]!.score : 0;
  const best = fresh[0]?.score ?? 1;
  const scale = floor > 0 ? (0.9 * floor) / best : 1;
  return fresh.map((h) => toHit(h, scale));
}

/** The hits of `first`, then those of `second` not already listed. */
function merge(first: SearchHit[], second: SearchHit[]): SearchHit[] {
  const seen = new Set(first.map((h) => h.id));
  return [...first, ...second.filter((h) => !seen.has(h.id))];
}
