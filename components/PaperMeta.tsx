import type { ComponentChildren } from 'preact';
import type { PaperMeta as Meta } from '~/lib/messages';

/** An absolute http(s) address: the only kind a card links to (kept here: the in-page panel must not load Dexie). */
export function isWebUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Authors named on a card before "et al.". */
export const SHOWN_AUTHORS = 3;

/** "A, B, C et al." — the first three authors, and "et al." when there are more. */
export function authorLine(authors: readonly string[] | undefined): string {
  if (!authors?.length) return '';
  const shown = authors.slice(0, SHOWN_AUTHORS).join(', ');
  return authors.length > SHOWN_AUTHORS ? `${shown} et al.` : shown;
}

/** The parts of a card's meta line that are known: authors, year, and the venue or else the arXiv id. */
export function metaParts(meta: Meta): string[] {
  const where = meta.venue ?? (meta.arxivId ? `arXiv:${meta.arxivId}` : undefined);
  return [authorLine(meta.authors), meta.year, where].filter((p): p is string => !!p);
}

/**
 * Where a paper's title leads: its own page, else its arXiv abstract page, else its DOI; undefined when
 * none is known (a code link is shown apart, never as the title's target).
 */
export function paperHref(meta: Meta): string | undefined {
  if (meta.url && isWebUrl(meta.url)) return meta.url;
  if (meta.arxivId && /^[\w./-]+$/.test(meta.arxivId)) return `https://arxiv.org/abs/${meta.arxivId}`;
  if (meta.doi && /^10\.\S+$/.test(meta.doi)) return `https://doi.org/${encodeURI(meta.doi)}`;
  return undefined;
}

/** "A, B, C et al. · 2025 · arXiv:2503.15879" in a small line; nothing when the paper has no metadata. */
export function PaperMeta({ meta, class: className = 'paper-meta' }: { meta: Meta; class?: string }) {
  const parts = metaParts(meta);
  if (!parts.length) return null;
  return <p class={className}>{parts.join(' · ')}</p>;
}

/** A card's title: a link to the paper's page ({@link paperHref}) when it has one, else plain text. */
export function TitleLink({ meta, children }: { meta: Meta; children: ComponentChildren }) {
  const href = paperHref(meta);
  if (!href) return <>{children}</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
