import { bestPassage } from '~/lib/highlight';
import type { PaperView } from '~/lib/messages';
import { Highlighted } from './Highlighted';
import { isWebUrl, PaperMeta, TitleLink } from './PaperMeta';
import { RelevanceMeter } from './RelevanceMeter';

/** Characters of the abstract shown before it is expanded: about two lines of the popup. */
export const OPENING_LENGTH = 150;

/** The abstract's opening: whole words up to {@link OPENING_LENGTH} characters, with an ellipsis when cut. */
export function opening(abstract: string, length = OPENING_LENGTH): string {
  return bestPassage(abstract, [], length);
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
  /** Show the relevance (not for the paper the page itself is). */
  showRelevance?: boolean;
}

/**
 * One paper as a compact card: the title (a link to the paper's page when it has one), authors · year ·
 * venue, the relevance, two lines of the abstract around what matched (the whole abstract on demand), the
 * evidence, the code link and Save. Strong matches carry a "Strong" tag; saved ones a "✓ Saved" button.
 */
export function PaperItem({
  paper,
  expanded,
  onToggle,
  onSave,
  saved = false,
  showMatched = false,
  showRelevance = true,
}: PaperItemProps) {
  const abstractId = `abstract-${paper.id}`;
  const matched = showMatched && paper.matchedTerms.length > 0 ? paper.matchedTerms.slice(0, 4).join(', ') : '';
  return (
    <li class={`paper${paper.strong ? ' paper-strong' : ''}${saved ? ' paper-saved' : ''}`}>
      <h2 class="paper-title">
        <TitleLink meta={paper}>
          <Highlighted text={paper.title} terms={paper.highlightTerms} />
        </TitleLink>
      </h2>
      <div class="paper-sub">
        <PaperMeta meta={paper} />
        {paper.strong && <span class="tag">Strong match</span>}
        {showRelevance && <RelevanceMeter value={paper.relevance} strong={paper.strong} />}
      </div>
      <p class={expanded ? 'abstract' : 'abstract abstract-short'} id={abstractId}>
        <Highlighted
          text={expanded ? paper.abstract : bestPassage(paper.abstract, paper.highlightTerms, OPENING_LENGTH)}
          terms={paper.highlightTerms}
        />
      </p>
      {showMatched && paper.likeSaved && !saved && <p class="matched">Similar to papers you saved</p>}
      <div class="actions">
        {matched && (
          <span class="matched" title={`Matched: ${matched}`}>
            Matched: {matched}
          </span>
        )}
        <button
          type="button"
          class="link-button toggle"
          data-paper-toggle
          aria-expanded={expanded}
          aria-controls={abstractId}
          aria-label={`Full abstract: ${paper.title}`}
          onClick={() => onToggle(paper.id)}
        >
          <span aria-hidden="true">{expanded ? '▾ ' : '▸ '}</span>
          Full abstract
        </button>
        {paper.codeUrl && isWebUrl(paper.codeUrl) && (
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
