import type { PaperView } from '~/lib/messages';
import { isHttpUrl } from '~/lib/reading-list';
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
  /** Saves the paper to the reading list, or removes it when `saved`; without it the Save button is disabled. */
  onSave?: (paper: PaperView) => void;
  /** The paper is in the reading list: marked as saved, and its button removes it. */
  saved?: boolean;
  /** Show the page's words that matched (for related papers, not search results). */
  showMatched?: boolean;
}

/** One paper: title (the expand control), relevance, the abstract's opening with matches marked, code link, Save. */
export function PaperItem({ paper, expanded, onToggle, onSave, saved = false, showMatched = false }: PaperItemProps) {
  const abstractId = `abstract-${paper.id}`;
  return (
    <li class={`paper${paper.strong ? ' paper-strong' : ''}${saved ? ' paper-saved' : ''}`}>
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
      {showMatched && paper.likeSaved && !saved && <p class="matched">Similar to papers you saved</p>}
      <div class="actions">
        {paper.codeUrl && isHttpUrl(paper.codeUrl) && (
          <a href={paper.codeUrl} target="_blank" rel="noopener noreferrer" aria-label={`Code for ${paper.title}`}>
            Code
          </a>
        )}
        <SaveButton title={paper.title} saved={saved} onClick={onSave && (() => onSave(paper))} />
      </div>
    </li>
  );
}

export interface SaveButtonProps {
  /** The paper's title, for the accessible name. */
  title: string;
  saved: boolean;
  /** Saves or removes; without it the button is disabled. */
  onClick?: () => void;
}

/**
 * The reading-list toggle for one paper. Its accessible name says what pressing
 * it does: "Save “T”", or once saved "Saved — remove “T” from reading list".
 */
export function SaveButton({ title, saved, onClick }: SaveButtonProps) {
  return (
    <button
      type="button"
      class={saved ? 'save save-saved' : 'save'}
      aria-label={saved ? `Saved — remove “${title}” from reading list` : `Save “${title}”`}
      disabled={!onClick}
      title={
        !onClick
          ? 'The reading list is not available here'
          : saved
            ? 'Remove from your reading list'
            : 'Save to your reading list'
      }
      onClick={onClick}
    >
      {saved ? (
        <>
          <span aria-hidden="true">✓ </span>Saved
        </>
      ) : (
        'Save'
      )}
    </button>
  );
}
