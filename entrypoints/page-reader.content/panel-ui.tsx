import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Panel } from '~/components/Panel';
import panelCss from '~/components/panel.css?inline';
import type { PageClient } from '~/lib/client';
import { ignoredClick, type PanelContent, type PanelHost } from '~/lib/panel';

/**
 * The panel's text that must not be findable by the page's `window.find`
 * (which searches closed shadow roots too): titles, summaries and the Save
 * button's state are drawn from attributes as CSS generated content, which
 * find-in-page does not search; assistive technology still reads it.
 */
const UNFINDABLE_CSS = '.pr-attr::before { content: attr(data-text); }';

/** Ignores clicks that are not the user's visible intent (see {@link ignoredClick}), before the panel's handlers see them. */
function guardClicks(root: HTMLElement, host: HTMLElement): () => void {
  let occluded = false;
  // IntersectionObserver v2 (Chromium): also sees a covering layer that lets clicks through (`pointer-events: none`).
  let observer: IntersectionObserver | undefined;
  try {
    observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const v2 = e as IntersectionObserverEntry & { isVisible?: boolean };
          occluded = e.isIntersecting && v2.isVisible === false;
        }
      },
      { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
  } catch {
    observer = undefined;
  }
  const watch = () => {
    const panel = root.firstElementChild;
    if (observer && panel) observer.observe(panel);
  };
  const onClick = (event: MouseEvent) => {
    if (ignoredClick(host, event, occluded) === undefined) return;
    event.stopImmediatePropagation();
    event.preventDefault();
  };
  root.addEventListener('click', onClick, { capture: true });
  queueMicrotask(watch);
  return () => {
    root.removeEventListener('click', onClick, { capture: true });
    observer?.disconnect();
  };
}

/**
 * The panel's place in the page: a closed shadow root (the page's scripts get
 * `null` for its `shadowRoot`), its CSS inlined, created on first use and
 * removed by WXT when the extension is updated or disabled (`ctx` invalidated).
 */
export function shadowPanelHost(
  ctx: ContentScriptContext,
  client: Pick<PageClient, 'savePaper' | 'pauseSite'>,
): PanelHost {
  let ui: Promise<ShadowRootContentScriptUi<void>> | undefined;
  let container: HTMLElement | undefined;
  let content: PanelContent | null = null;
  let toggles = 0;
  let unguard: (() => void) | undefined;
  const draw = () => {
    if (container && content)
      render(
        <Panel content={content} onSave={client.savePaper} onPause={client.pauseSite} toggleRequest={toggles} />,
        container,
      );
  };
  const create = () =>
    (ui ??= createShadowRootUi(ctx, {
      name: 'paper-radar-panel',
      mode: 'closed',
      position: 'inline',
      anchor: 'body',
      // First in the body, so the pill is the first Tab stop for keyboard users (it is fixed in the corner all the
      // same); it never takes focus by itself.
      append: 'first',
      css: `${panelCss}\n${UNFINDABLE_CSS}`,
      // Keys typed in the panel never reach the page's shortcuts.
      isolateEvents: true,
      onMount: (root, _shadow, shadowHost) => {
        container = root;
        draw();
        unguard = guardClicks(root, shadowHost);
      },
      onRemove: () => {
        unguard?.();
        if (container) render(null, container);
        container = undefined;
      },
    }));
  return {
    show(next) {
      content = next;
      void create().then((u) => {
        if (!content || ctx.isInvalid) return;
        if (container) draw();
        else u.mount();
      });
    },
    hide() {
      content = null;
      void ui?.then((u) => u.remove());
    },
    toggle() {
      toggles++;
      draw();
    },
  };
}
