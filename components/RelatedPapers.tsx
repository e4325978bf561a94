import type { PaperView } from '~/lib/messages';
import { PaperList, useExpanded } from './PaperList';

/** Weaker papers shown after the strong ones, and instead of them when there are none. */
export const BEST_FEW = 3;

/**
 * Strong matches first, then the best few weaker ones, each group in the
 * background's order (its ranking, and in the popup the reading list's nudge),
 * not re-sorted by score.
 */
export function orderRelated(papers: readonly PaperView[]): PaperView[] {
  const strong = papers.filter((p) => p.strong);
  const weak = papers.filter((p) => !p.strong);
  return [...strong, ...weak.slice(0, BEST_FEW)];
}

export interface RelatedPapersProps {
  papers: readonly PaperView[];
  onSave?: (paper: PaperView) => void;
  savedIds?: ReadonlySet<string>;
  onExitTop?: () => void;
  /** What to say when no paper relates (by default: none in the corpus relates to this page). */
  emptyMessage?: string;
}

/** The papers related to the page, with a plain summary of how strong the matches are. */
export function RelatedPapers({ papers, onSave, savedIds, onExitTop, emptyMessage }: RelatedPapersProps) {
  const [expanded, toggle] = useExpanded();
  const shown = orderRelated(papers);
  const strong = shown.filter((p) => p.strong).length;
  if (!shown.length) {
    return (
      <p class="status" role="status">
        {emptyMessage ?? 'No paper in the corpus relates to this page.'}
      </p>
    );
  }
  return (
    <>
      <p class="summary" role="status">
        {strong > 0
          ? `${strong} strong ${strong === 1 ? 'match' : 'matches'} for this page.`
          : 'No strong matches for this page. The closest papers are below.'}
      </p>
      <PaperList
        label="Related papers"
        papers={shown}
        expanded={expanded}
        onToggle={toggle}
        onSave={onSave}
        savedIds={savedIds}
        showMatched
        onExitTop={onExitTop}
      />
    </>
  );
}
