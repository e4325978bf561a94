import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  publicDir: 'assets/public',
  // WXT_OUT_DIR lets parallel work build side by side; the E2E suite reads EXTENSION_DIR (default .output/chrome-mv3).
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [preact()],
    // Extension pages share chunks (popup and reading list); browsers we target support modulepreload, and the
    // polyfill would ship a fetch() call the packaging checks forbid.
    build: { target: 'es2022', modulePreload: { polyfill: false } },
  }),
  manifest: ({ browser }) => ({
    name: 'Paper Radar',
    description: 'Shows the research papers related to the page you are reading, fully offline.',
    // storage: paused sites, per-tab results (storage.session). tabs: the popup and the background need a tab's
    // URL (restricted pages, the site to pause, clearing results on navigation). Host access comes from the
    // content script's matches only.
    permissions: ['storage', 'tabs'],
    // Keyboard shortcuts (the user can change them at chrome://extensions/shortcuts or about:addons):
    // open the popup, and open or close the in-page panel of the current tab (handled in the background).
    // Not Alt+Shift+P or R: Chromium keeps those for itself and leaves an extension's command unbound.
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+O' }, description: 'Open Paper Radar' },
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: 'Show or hide the Paper Radar panel on the page',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'paper-radar@paper-radar.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
