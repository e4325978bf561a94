import type { Tex } from './authors';
import type { Candidate, FormatName } from './types';

/** One JSON-shaped format: how to recognise one of its records, and how to read it. */
export interface RecordReader {
  format: FormatName;
  /** True when a record (a JSON Lines line, an array element) has this format's tell-tale fields. */
  matches(record: Record<string, unknown>): boolean;
  /** The record as a candidate entry, for `ImportEntrySchema` to validate. */
  toEntry(record: Record<string, unknown>, tex: Tex): Candidate;
}
