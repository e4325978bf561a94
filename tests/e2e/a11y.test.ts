import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launchedForSuite,
  openExtensionPage,
  openPopup,
  saveFirstRelated,
  waitForTabResult,
  openTab,
} from './extension';

const origin = inject('pagesOrigin');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * Runs axe-core (its default rules: WCAG 2.x A and AA plus best practices) on an extension page and returns
 * the violations, each as "rule (impact): help — targets" so a failure says what to fix. The source is
 * evaluated through the DevTools protocol: the pages' CSP forbids injected script tags.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${AXE}\n;0`);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
}

describe('accessibility of the extension’s pages (axe-core)', () => {
  const ext = launchedForSuite();
  let tabId: number;

  beforeAll(async () => {
    // A saved paper, so the popup marks one as saved and the reading list has an entry to check.
    const { popup } = await saveFirstRelated(ext, `${origin}/swe-bench.html`);
    await popup.close();
    ({ tabId } = await openTab(ext, `${origin}/h2o.html`));
    await waitForTabResult(ext.worker, tabId);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`in the ${colorScheme} scheme`, () => {
      it('finds no violation in the popup with related papers, one expanded', async () => {
        const popup = await openPopup(ext, tabId);
        await popup.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        await popup.getByRole('list', { name: 'Related papers' }).getByRole('listitem').first().waitFor();
        await popup
          .getByRole('button', { name: /^Full abstract:/ })
          .first()
          .click();
        expect(await axeViolations(popup)).toEqual([]);
      });

      it('finds no violation in the popup’s search results', async () => {
        const popup = await openPopup(ext, tabId);
        await popup.emulateMedia({ colorScheme });
        await popup.getByRole('searchbox', { name: 'Search all papers' }).fill('kv cache');
        await popup.getByRole('list', { name: 'Search results' }).waitFor();
        expect(await axeViolations(popup)).toEqual([]);
      });

      it('finds no violation in the popup’s reading-list tab', async () => {
        const popup = await openPopup(ext, tabId);
        await popup.emulateMedia({ colorScheme });
        await popup.getByRole('tab', { name: 'Reading list' }).click();
        await popup.locator('#panel-reading-list').getByRole('listitem').first().waitFor();
        expect(await axeViolations(popup)).toEqual([]);
      });

      it('finds no violation in the options page', async () => {
        const options = await openExtensionPage(ext, 'options.html');
        await options.emulateMedia({ colorScheme });
        await options.getByRole('region', { name: 'Corpus' }).waitFor();
        expect(await axeViolations(options)).toEqual([]);
      });

      it('finds no violation in the reading-list page', async () => {
        const list = await openExtensionPage(ext, 'reading-list.html');
        await list.emulateMedia({ colorScheme });
        await list.getByRole('listitem').first().waitFor();
        expect(await axeViolations(list)).toEqual([]);
      });
    });
  }
});
