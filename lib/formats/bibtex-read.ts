/**
 * BibTeX (Zotero, Google Scholar, arXiv's "Export BibTeX citation", Paper Radar's
 * own export), parsed with `@retorquere/bibtex-parser` — loaded with a dynamic
 * import so only the pages that import files carry it.
 */
import { BIBTEX_OPTIONS, creatorName } from './authors';
import { arxivIdIn, arxivIdOf, arxivUrl, cleanText, doiOf, optionalText, yearOf } from './common';
import { ImportError, type Candidate, type Where } from './types';

/** An entry of the file, or an entry the parser could not read, with its line. */
export type BibtexItem = { at: Where; entry: Candidate } | { at: Where; problem: string };

/**
 * The entries of a BibTeX file in file order (`@string`s expanded, TeX decoded),
 * each with the line it starts on; unreadable entries come back as problems.
 */
export async function readBibtex(text: string): Promise<BibtexItem[]> {
  const { parse } = await import('@retorquere/bibtex-parser');
  let library;
  try {
    library = parse(text, BIBTEX_OPTIONS);
  } catch (e) {
    throw new ImportError(`the file looks like BibTeX but cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const located: Array<{ offset: number; item: BibtexItem }> = [];
  let from = 0;
  const locate = (input: string | undefined) => {
    const found = input ? text.indexOf(input.trim(), from) : -1;
    if (found >= 0) from = found + 1;
    return found >= 0 ? found : from;
  };
  for (const e of library.entries) {
    // What the parser salvaged of a broken entry comes without its input: that entry is reported below, not imported.
    if (!e.input) continue;
    const offset = locate(e.input);
    const f = e.fields;
    const eprint = /arxiv/i.test(f.archiveprefix ?? f.eprinttype ?? '') ? arxivIdOf(f.eprint) : undefined;
    const doi = doiOf(f.doi);
    const url = optionalText(f.url);
    const arxivId = eprint ?? arxivIdIn(url, doi, f.journal, f.number);
    located.push({
      offset,
      item: {
        at: { line: 0 },
        entry: {
          id: arxivId ?? doi ?? e.key,
          title: cleanText(f.title),
          abstract: cleanText(f.abstract),
          authors: f.author?.map(creatorName).filter(Boolean),
          year: yearOf(f.year ?? f.date),
          venue: optionalText(f.journal ?? f.journaltitle ?? f.booktitle),
          arxivId,
          doi,
          url: url ?? (arxivId ? arxivUrl(arxivId) : undefined),
          categories: f.keywords?.length ? f.keywords.slice(0, 50) : undefined,
        },
      },
    });
  }
  for (const err of library.errors) {
    const offset = err.input ? text.indexOf(err.input.trim()) : -1;
    located.push({
      offset: offset >= 0 ? offset : text.length,
      item: { at: { line: 0 }, problem: `not a readable BibTeX entry: ${err.error.split('\n')[0]}` },
    });
  }
  located.sort((a, b) => a.offset - b.offset);
  // One walk over the text numbers every entry's first line.
  let line = 1;
  let at = 0;
  return located.map(({ offset, item }) => {
    for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
    return { ...item, at: { line } };
  });
}
