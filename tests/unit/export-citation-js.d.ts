// citation-js 0.7 ships no types; the export tests use this much of it.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    data: Array<Record<string, unknown>>;
  }
}
declare module '@citation-js/plugin-bibtex';
