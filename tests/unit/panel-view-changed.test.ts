import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { BG_CS_VIEW_CHANGED } from '../../lib/messages';
import { onViewChanged } from '../../lib/panel';

describe('onViewChanged', () => {
  const message = { type: BG_CS_VIEW_CHANGED };
  const background = { id: fakeBrowser.runtime.id, url: `chrome-extension://${fakeBrowser.runtime.id}/background.js` };

  it('calls back when our own background says the tab’s view changed', async () => {
    const listener = vi.fn();
    onViewChanged(listener);
    await fakeBrowser.runtime.onMessage.trigger(message, background);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores the same message from a tab, from another extension, or with anything more in it', async () => {
    const listener = vi.fn();
    onViewChanged(listener);
    await fakeBrowser.runtime.onMessage.trigger(message, { ...background, tab: { id: 3 } as Browser.tabs.Tab });
    await fakeBrowser.runtime.onMessage.trigger(message, { id: 'another-extension' });
    await fakeBrowser.runtime.onMessage.trigger({ ...message, sensitivity: 'more' }, background);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'bg-cs-toggle-panel' }, background);
    expect(listener).not.toHaveBeenCalled();
  });

  it('stops listening when unsubscribed', async () => {
    const listener = vi.fn();
    onViewChanged(listener)();
    await fakeBrowser.runtime.onMessage.trigger(message, background);
    expect(listener).not.toHaveBeenCalled();
  });
});
