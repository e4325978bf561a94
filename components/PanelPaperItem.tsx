import type { PanelPaper } from '~/lib/panel';
import { PaperMeta, TitleLink } from './PaperMeta';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

const SAVE_TEXT: Record<SaveState, string> = {
  idle: 'Save',
  saving: 'Saving…',
  saved: 'Saved',
  failed: 'Retry',
};

/**
 * One paper in the in-page panel, as compact as a popup card: the title (a link when the paper has a page),
 * authors · year · venue, two lines of the abstract around what matched, a Save button.
 */
export function PanelPaperItem({
  paper,
  state,
  error,
  onSave,
}: {
  paper: PanelPaper;
  state: SaveState;
  /** Why the last save failed, as the background put it. */
  error?: string;
  onSave: (paperId: string) => void;
}) {
  return (
    <li class="pr-paper">
      <div class="pr-paper-text">
        <h3 class="pr-paper-title">
          <TitleLink meta={paper.meta ?? {}}>{paper.title}</TitleLink>
        </h3>
        {paper.meta && <PaperMeta meta={paper.meta} class="pr-paper-meta" />}
        <p class="pr-paper-summary">{paper.summary}</p>
        {state === 'failed' && (
          <p class="pr-error" role="alert">
            {error ? `Couldn’t save this paper. ${error}` : 'Couldn’t save this paper.'}
          </p>
        )}
      </div>
      <button
        type="button"
        class="pr-save"
        aria-label={`${state === 'saved' ? 'Saved' : 'Save'}: ${paper.title}`}
        disabled={state === 'saving' || state === 'saved'}
        onClick={() => onSave(paper.id)}
      >
        {SAVE_TEXT[state]}
      </button>
    </li>
  );
}
