import type { PanelPaper } from '~/lib/panel';
import { metaParts, paperHref } from './PaperMeta';

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
  const href = paper.meta && paperHref(paper.meta);
  const meta = paper.meta && metaParts(paper.meta).join(' · ');
  return (
    <li class="pr-paper">
      <div class="pr-paper-text">
        {/* Text as attributes, drawn by CSS (`.pr-attr`): the page's window.find cannot see it. */}
        <h3 class={href ? 'pr-paper-title' : 'pr-paper-title pr-attr'} data-text={href ? undefined : paper.title}>
          {href && (
            <a
              class="pr-attr"
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={paper.title}
              data-text={paper.title}
            />
          )}
        </h3>
        {meta && <p class="pr-paper-meta pr-attr" data-text={meta} />}
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
