import type { PaperView } from '~/lib/messages';
import { Highlighted } from './Highlighted';
import { RelevanceMeter } from './RelevanceMeter';

/** Characters of the abstract shown before it is expanded. */
export const OPENING_LENGTH = 220;

/** The abstract's opening: whole words up to {@link OPENING_LENGTH} characters, with an ellipsis when cut. */
export function opening(abstract: string, length = OPENING_LENGTH): string {
  if (abstract.length <= length) return abstract;
  const cut = abstract.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

export interface PaperItemProps {
  paper: PaperView;
  expanded: boolean;
  onToggle: (id: string) => void;
  /** Saves the paper to the reading list; without it the Save button is shown disabled. */
  onSave?: (paper: PaperView) => void;
  /** Show the page's words that matched (for related papers, not search results). */
  showMatched?: boolean;
}

/** One paper: title (the expand control), relevance, the abstract's opening with matches marked, code link, Save. */
export function PaperItem({ paper, expanded, onToggle, onSave, showMatched = false }: PaperItemProps) {
  const abstractId = `abstract-${paper.id}`;
  return (
    <li class={paper.strong ? 'paper paper-strong' : 'paper'}>
      <div class="paper-head">
        <h3 class="paper-title">
          <button
            type="button"
            class="toggle"
            data-paper-toggle
            aria-expanded={expanded}
            aria-controls={abstractId}
            onClick={() => onToggle(paper.id)}
          >
            <span class="chevron" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            <span>
              <Highlighted text={paper.title} terms={paper.highlightTerms} />
            </span>
          </button>
        </h3>
        <RelevanceMeter value={paper.relevance} strong={paper.strong} />
      </div>
      {paper.strong && <span class="tag">Strong match</span>}
      <p class="abstract" id={abstractId}>
        <Highlighted text={expanded ? paper.abstract : opening(paper.abstract)} terms={paper.highlightTerms} />
      </p>
      {showMatched && paper.matchedTerms.length > 0 && (
        <p class="matched">Matched: {paper.matchedTerms.slice(0, 6).join(', ')}</p>
      )}
      <div class="actions">
        {paper.codeUrl && (
          <a href={paper.codeUrl} target="_blank" rel="noopener noreferrer" aria-label={`Code for ${paper.title}`}>
            Code
          </a>
        )}
        <button
          type="button"
          class="save"
          aria-label={`Save “${paper.title}”`}
          disabled={!onSave}
          title={onSave ? 'Save to your reading list' : 'Saving to a reading list is coming soon'}
          onClick={() => onSave?.(paper)}
        >
          Save
        </button>
      </div>
    </li>
  );
}
