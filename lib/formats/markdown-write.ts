import type { ReadingListEntry } from '../db';
import { entryHref, isHttpUrl } from '../reading-list';
import { plainTitle, splitMath } from './bibtex-write';
import { displayName, missingMetadata } from './names';

/**
 * Escapes Markdown so titles and notes render as the text they are: inline
 * markup everywhere, and block markers (`#`, `-`, `1.`, `>`) at a line's start.
 * `$…$` is left alone so LaTeX math renders where Markdown supports it.
 */
export function escapeMarkdown(text: string): string {
  const escaped = splitMath(text)
    .map((part) =>
      part.math && !/[[\]<>`|]/.test(part.text) ? part.text : part.text.replace(/[\\`*_[\]<>|~&$#]/g, (c) => `\\${c}`),
    )
    .join('');
  return escaped.replace(/^(\s*)([+=-]|\d+(?=[.)]))/, (_m, space: string, marker: string) =>
    /\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
  );
}

/** A link target safe inside `(…)`: only http(s), spaces and parentheses percent-encoded. */
function markdownUrl(url: string): string | undefined {
  if (!isHttpUrl(url)) return undefined;
  return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c).replace(/[()]/g, (p) => (p === '(' ? '%28' : '%29')));
}

/** A tag as a Markdown (Obsidian-style) tag: `#transformers`. */
export const markdownTag = (tag: string) => `#${tag.replace(/[^\p{L}\p{N}_/-]+/gu, '-')}`;

/** What follows a title on its line: authors · year · tags, saying what is missing. */
function metaLine(e: ReadingListEntry): string | undefined {
  const authors = (e.authors ?? []).map(displayName).filter(Boolean);
  const parts: string[] = [];
  if (authors.length) parts.push(escapeMarkdown(authors.join(', ')));
  if (e.year) parts.push(e.year);
  const missing = missingMetadata(e);
  if (missing) parts.push(`(${missing})`);
  if (e.tags?.length) parts.push(e.tags.map(markdownTag).join(' '));
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * The reading list as a Markdown checklist: `- [x]` for read papers, each
 * title linked and followed by authors · year · `#tags`, its code link and
 * note (as a quote) beneath it.
 */
export function toMarkdown(entries: readonly ReadingListEntry[], { heading = 'Reading list' } = {}): string {
  const lines = [`# ${escapeMarkdown(heading)}`, ''];
  for (const e of entries) {
    const href = entryHref(e);
    const url = href && markdownUrl(href);
    const title = escapeMarkdown(plainTitle(e.title));
    const meta = metaLine(e);
    lines.push(`- [${e.read ? 'x' : ' '}] ${url ? `[${title}](${url})` : title}${meta ? ` · ${meta}` : ''}`);
    const code = e.codeUrl && e.codeUrl !== href ? markdownUrl(e.codeUrl) : undefined;
    if (code) lines.push(`  Code: <${code}>`);
    const note = e.note.trim();
    if (note) {
      for (const line of note.split(/\r?\n/)) lines.push(line.trim() ? `  > ${escapeMarkdown(line.trimEnd())}` : '  >');
    }
  }
  return `${lines.join('\n')}\n`;
}
