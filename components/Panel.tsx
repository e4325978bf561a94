import { useRef, useState } from 'preact/hooks';
import type { PanelContent } from '~/lib/panel';
import { PanelPaperItem, type SaveState } from './PanelPaperItem';

export interface PanelProps {
  content: PanelContent;
  /** Saves a corpus paper to the reading list; rejects when it could not. */
  onSave: (paperId: string) => Promise<void>;
  /** "Not on this site": pauses Paper Radar on the page's site. */
  onPause: () => Promise<void>;
}

/** "3 related papers", or "2 possibly related papers" when nothing matched strongly. */
export function pillLabel(content: PanelContent): string {
  const n = content.papers.length;
  return `${n} ${content.strong ? '' : 'possibly '}related paper${n === 1 ? '' : 's'}`;
}

/**
 * The in-page panel: a small pill in the corner that expands into a compact
 * list of related papers. It never takes focus by itself; Escape or the close
 * button collapses it.
 */
export function Panel({ content, onSave, onPause }: PanelProps) {
  const [expanded, setExpanded] = useState(false);
  const [saves, setSaves] = useState<ReadonlyMap<string, SaveState>>(new Map());
  const [saveErrors, setSaveErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [pauseFailed, setPauseFailed] = useState(false);
  const pill = useRef<HTMLButtonElement>(null);
  const label = pillLabel(content);

  const collapse = () => {
    setExpanded(false);
    // Escape and the close button are pressed from inside the panel: keep focus there, on the pill.
    pill.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      collapse();
    }
  };
  const save = async (paperId: string) => {
    const set = (state: SaveState) => setSaves((prev) => new Map(prev).set(paperId, state));
    set('saving');
    try {
      await onSave(paperId);
      set('saved');
    } catch (e) {
      // The background says why (e.g. the browser lets the extension store nothing); show it as text.
      setSaveErrors((prev) => new Map(prev).set(paperId, e instanceof Error ? e.message : ''));
      set('failed');
    }
  };
  const pause = async () => {
    try {
      await onPause();
    } catch {
      setPauseFailed(true);
    }
  };

  return (
    <div class={`pr${expanded ? ' pr-open' : ''}`} onKeyDown={onKeyDown}>
      {expanded && (
        <section class="pr-card" id="pr-card" aria-label={`Paper Radar: ${label}`}>
          <header class="pr-head">
            <h2 class="pr-title">{label}</h2>
            <button type="button" class="pr-close" aria-label="Close" title="Close (Esc)" onClick={collapse}>
              ×
            </button>
          </header>
          <ul class="pr-list" aria-label="Related papers">
            {content.papers.map((p) => (
              <PanelPaperItem
                key={p.id}
                paper={p}
                state={saves.get(p.id) ?? 'idle'}
                error={saveErrors.get(p.id)}
                onSave={save}
              />
            ))}
          </ul>
          <footer class="pr-foot">
            <button type="button" class="pr-link" onClick={pause}>
              Not on this site
            </button>
            {pauseFailed && <span role="alert">Couldn’t pause this site.</span>}
          </footer>
        </section>
      )}
      <button
        type="button"
        class="pr-pill"
        ref={pill}
        aria-expanded={expanded}
        aria-controls={expanded ? 'pr-card' : undefined}
        onClick={() => setExpanded(!expanded)}
      >
        <span class="pr-dot" aria-hidden="true" />
        {label}
      </button>
    </div>
  );
}
