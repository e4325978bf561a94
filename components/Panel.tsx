import { useEffect, useRef, useState } from 'preact/hooks';
import type { PanelContent } from '~/lib/panel';
import { PanelPaperItem, type SaveState } from './PanelPaperItem';

export interface PanelProps {
  content: PanelContent;
  /** Saves a corpus paper to the reading list; rejects when it could not. */
  onSave: (paperId: string) => Promise<void>;
  /** "Pause on this site": pauses Paper Radar on the page's site. */
  onPause: () => Promise<void>;
  /**
   * Bumped by the keyboard shortcut (`toggle-panel`): each new value opens the panel and moves focus into it,
   * or closes it when it is open. The panel never takes focus otherwise.
   */
  toggleRequest?: number;
  /** The page's colour scheme; by default read from the page's own background ({@link pageScheme}). */
  scheme?: 'light' | 'dark';
}

/** An `rgb()`/`rgba()` colour's relative luminance (0–1) and alpha, or undefined for anything else. */
function luminance(color: string): { l: number; alpha: number } | undefined {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(color);
  if (!m) return undefined;
  const lin = (c: string) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
  return { l: 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!), alpha: a };
}

/**
 * Whether the page looks dark or light, from its computed background (the body's, else the root's): a dark
 * site in a light OS gets a dark panel, and the other way round. Undefined when the page paints no
 * background and declares no colour scheme: the panel then follows the OS.
 */
export function pageScheme(doc: Document): 'light' | 'dark' | undefined {
  const view = doc.defaultView;
  if (!view) return undefined;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const bg = luminance(view.getComputedStyle(el).backgroundColor);
    if (bg && bg.alpha > 0.5) return bg.l < 0.2 ? 'dark' : 'light';
  }
  const declared = view.getComputedStyle(doc.documentElement).colorScheme?.trim();
  return declared === 'dark' ? 'dark' : declared === 'light' ? 'light' : undefined;
}

/** "3 related papers", or "2 possibly related papers" when nothing matched strongly. */
export function pillLabel(content: PanelContent): string {
  const n = content.papers.length;
  return `${n} ${content.strong ? '' : 'possibly '}related paper${n === 1 ? '' : 's'}`;
}

/**
 * The in-page panel: a small pill in the corner that expands into a compact
 * list of related papers. It never takes focus by itself (only the keyboard
 * shortcut moves focus into it); Escape or the close button collapses it.
 */
export function Panel({ content, onSave, onPause, toggleRequest = 0, scheme }: PanelProps) {
  const [expanded, setExpanded] = useState(false);
  const [saves, setSaves] = useState<ReadonlyMap<string, SaveState>>(new Map());
  const [saveErrors, setSaveErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [pauseFailed, setPauseFailed] = useState(false);
  const pill = useRef<HTMLButtonElement>(null);
  const card = useRef<HTMLElement>(null);
  const label = pillLabel(content);
  const colours = scheme ?? pageScheme(document);
  // The shortcut: open and focus the first paper, or close. Only a new request acts (not the first render).
  const handled = useRef(toggleRequest);
  const focusCard = useRef(false);
  useEffect(() => {
    if (toggleRequest === handled.current) return;
    handled.current = toggleRequest;
    if (expanded) collapse();
    else {
      focusCard.current = true;
      setExpanded(true);
    }
  }, [toggleRequest]);
  useEffect(() => {
    if (!expanded || !focusCard.current) return;
    focusCard.current = false;
    const first = card.current?.querySelector<HTMLElement>('.pr-list a, .pr-list button');
    (first ?? card.current?.querySelector<HTMLElement>('.pr-close'))?.focus();
  }, [expanded]);

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
    <div class={`pr${expanded ? ' pr-open' : ''}${colours ? ` pr-${colours}` : ''}`} onKeyDown={onKeyDown}>
      {expanded && (
        <section class="pr-card" id="pr-card" aria-label={`Paper Radar: ${label}`} ref={card}>
          <header class="pr-head">
            {/* The count is on the pill right below: the header names the panel only. */}
            <h2 class="pr-title">Paper Radar</h2>
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
            <button type="button" class="pr-link" onClick={pause} title="Paper Radar stops reading pages on this site">
              Pause on this site
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
