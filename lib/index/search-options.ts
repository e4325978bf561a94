import type { Options } from 'minisearch';
import { processTerm, tokenize } from '../text';
import type { IndexedPaper } from './types';

/**
 * What both designs search with: ids, the stored title, the one tokeniser and
 * stemmer, and how a query scores (a title match counts 2.5×). The full-text
 * design gives these to MiniSearch with its fields; the compact design's own
 * scorer reads the same defaults.
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
