import type { Ref } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import type { PaperView } from '~/lib/messages';
import { PaperItem } from './PaperItem';

export interface PaperListProps {
  /** The list's accessible name, e.g. "Related papers". */
  label: string;
  papers: readonly PaperView[];
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onSave?: (paper: PaperView) => void;
  /** Ids of the papers in the reading list, marked as saved. */
  savedIds?: ReadonlySet<string>;
  showMatched?: boolean;
  showRelevance?: boolean;
  /** Arrow Up on the first paper: give focus back, e.g. to the search box. */
  onExitTop?: () => void;
  listRef?: Ref<HTMLUListElement>;
}

/** Focuses the expand control of the next or previous paper; returns false at the top edge. */
function moveFocus(list: HTMLElement, by: 1 | -1): boolean {
  const toggles = [...list.querySelectorAll<HTMLButtonElement>('button[data-paper-toggle]')];
  const at = toggles.findIndex((t) => t.closest('li')?.contains(document.activeElement));
  const next = at + by;
  if (next < 0) return false;
  toggles[Math.min(next, toggles.length - 1)]?.focus();
  return true;
}

/** A list of papers, best first; Arrow Up/Down move between papers, Enter expands one. */
export function PaperList({
  label,
  papers,
  expanded,
  onToggle,
  onSave,
  savedIds,
  showMatched,
  showRelevance,
  onExitTop,
  listRef,
}: PaperListProps) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    if ((e.target as HTMLElement).tagName === 'A') return;
    e.preventDefault();
    if (!moveFocus(e.currentTarget as HTMLElement, e.key === 'ArrowDown' ? 1 : -1)) onExitTop?.();
  };
  return (
    <ul class="papers" aria-label={label} onKeyDown={onKeyDown} ref={listRef}>
      {papers.map((p) => (
        <PaperItem
          key={p.id}
          paper={p}
          expanded={expanded.has(p.id)}
          onToggle={onToggle}
          onSave={onSave}
          saved={savedIds?.has(p.id) ?? false}
          showMatched={showMatched}
          showRelevance={showRelevance}
        />
      ))}
    </ul>
  );
}

/** Which papers of a list are expanded, and a toggle for one. */
export function useExpanded(): [ReadonlySet<string>, (id: string) => void, () => void] {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const collapseAll = useCallback(() => setExpanded(new Set()), []);
  return [expanded, toggle, collapseAll];
}
