import type { PanelPaper } from '~/lib/panel';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

const SAVE_TEXT: Record<SaveState, string> = {
  idle: 'Save',
  saving: 'Saving…',
  saved: 'Saved',
  failed: 'Retry',
};

/** One paper in the in-page panel: title, one line of abstract, a Save button. */
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
        {/* Text as attributes, drawn by CSS (`.pr-attr`): the page's window.find cannot see it. */}
        <h3 class="pr-paper-title pr-attr" data-text={paper.title} />
        <p class="pr-paper-summary pr-attr" data-text={paper.summary} />
        {state === 'failed' && (
          <p class="pr-error" role="alert">
            {error ? `Couldn’t save this paper. ${error}` : 'Couldn’t save this paper.'}
          </p>
        )}
      </div>
      <button
        type="button"
        class="pr-save pr-attr"
        aria-label={`${state === 'saved' ? 'Saved' : 'Save'}: ${paper.title}`}
        data-text={SAVE_TEXT[state]}
        disabled={state === 'saving' || state === 'saved'}
        onClick={() => onSave(paper.id)}
      />
    </li>
  );
}
