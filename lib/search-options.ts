import type { Options } from 'minisearch';
import type { IndexedPaper } from './search-index';
import { processTerm, tokenize } from './text';

/**
 * What both index designs (full text in `lib/search-index.ts`, compact in
 * `lib/compact-index.ts`) give MiniSearch: ids, the stored title, the one
 * tokeniser and stemmer, and how a query scores (a title match counts 2.5×).
 * Each design adds only its list of fields.
 */
export const BASE_SEARCH_OPTIONS = {
  idField: 'id',
  storeFields: ['title'],
  tokenize,
  processTerm,
  searchOptions: {
    boost: { title: 2.5 },
    combineWith: 'OR',
  },
} as const satisfies Omit<Options<IndexedPaper>, 'fields'>;
