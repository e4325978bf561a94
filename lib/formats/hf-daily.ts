/**
 * Hugging Face daily papers: the API's JSON (`/api/daily_papers`: `[{paper: {id,
 * title, summary, authors: [{name}], publishedAt}, …}]`) and a saved daily-papers
 * page in the bundled text format (`assets/papers.txt`), read by `parseCorpus`.
 */
import { parseCorpus } from '../corpus';
import { arxivIdOf, arxivUrl, cleanText, optionalText, textList, yearOf } from './common';
import type { RecordReader } from './reader';
import { asObject, ImportError, type Candidate, type Where } from './types';

export const hfDailyApi: RecordReader = {
  format: 'hf-daily-api',
  matches: (r) => asObject(r.paper) !== undefined && ('summary' in asObject(r.paper)! || 'title' in r),
  toEntry(r, tex) {
    const p = asObject(r.paper)!;
    const id = arxivIdOf(p.id);
    const authors = Array.isArray(p.authors)
      ? textList(
          p.authors.map((a) => (typeof asObject(a)?.name === 'string' ? tex.decode(asObject(a)!.name as string) : a)),
        )
      : undefined;
    return {
      id: id ?? p.id,
      title: cleanText(p.title ?? r.title),
      abstract: cleanText(p.summary ?? r.summary),
      authors,
      year: yearOf(p.publishedAt ?? r.publishedAt),
      arxivId: id,
      url: id ? arxivUrl(id) : undefined,
      categories: textList(p.ai_keywords, 50, 100),
    };
  },
};

/** A day's header line, as `parseCorpus` expects it ("Apr 30"). */
export const DAILY_PAGE_DATE = /^[A-Z][a-z]{2,8} \d{1,2}$/m;

/**
 * The papers of a saved daily-papers page. The page format is all or nothing
 * (a missing abstract shifts every pair after it), so a malformed page is refused
 * as a whole, naming its line.
 */
export function readDailyPage(text: string): Array<{ at: Where; entry: Candidate }> {
  try {
    return parseCorpus(text, 'import').papers.map((p, index) => ({
      at: { index },
      entry: { title: p.title, abstract: optionalText(p.abstract) },
    }));
  } catch (e) {
    throw new ImportError(`this looks like a saved daily-papers page, but ${(e as Error).message}`);
  }
}
