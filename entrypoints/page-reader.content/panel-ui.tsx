import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Panel } from '~/components/Panel';
import panelCss from '~/components/panel.css?inline';
import type { PageClient } from '~/lib/client';
import type { PanelContent, PanelHost } from '~/lib/panel';

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
      css: panelCss,
      // Keys typed in the panel never reach the page's shortcuts.
      isolateEvents: true,
      onMount: (root) => {
        container = root;
        draw();
      },
      onRemove: () => {
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
