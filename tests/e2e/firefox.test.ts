import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The Firefox build under test (the global setup builds it when missing). */
export const FIREFOX_EXTENSION_DIR = resolve(process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
const origin = inject('pagesOrigin');

/** The raw WebDriver BiDi connection of a Puppeteer-driven Firefox (the public API has no closed shadow roots). */
interface BidiConnection {
  send(method: 'script.callFunction', params: object): Promise<{ result: BidiResult }>;
}
type BidiResult =
  | { type: 'success'; result: { type: string; value?: unknown } & { value?: { shadowRoot?: { sharedId: string } } } }
  | { type: 'exception'; exceptionDetails: { text: string } };

/**
 * The panel's closed shadow root, reached over WebDriver BiDi: serialising the
 * host with `includeShadowTree: 'all'` hands back a reference to its closed
 * root, which no page script can get.
 */
class FirefoxPanel {
  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  private async call(fn: string, args: object[] = [], serializationOptions?: object) {
    const connection = (this.browser as unknown as { connection: BidiConnection }).connection;
    const context = (this.page.mainFrame() as unknown as { _id: string })._id;
    const { result } = await connection.send('script.callFunction', {
      functionDeclaration: fn,
      arguments: args,
      target: { context },
      awaitPromise: false,
      ...(serializationOptions ? { serializationOptions } : {}),
    });
    if (result.type === 'exception') throw new Error(result.exceptionDetails.text);
    return result.result;
  }

  /** A reference to the closed root, or undefined while the panel is absent. */
  private async root(): Promise<{ sharedId: string } | undefined> {
    const host = await this.call('() => document.querySelector("paper-radar-panel")', [], {
      includeShadowTree: 'all',
      maxDomDepth: 0,
    });
    const shadow = host.type === 'node' ? host.value?.shadowRoot : undefined;
    return shadow ? { sharedId: shadow.sharedId } : undefined;
  }

  async text(): Promise<string> {
    const root = await this.root();
    if (!root) return '';
    // With the text the panel draws from data-text attributes by CSS (unfindable by the page's window.find).
    const read = `(root) => {
      const body = root.querySelector("body");
      const drawn = [...body.querySelectorAll("[data-text]")].map((e) => e.getAttribute("data-text"));
      return [body.innerText, ...drawn].filter(Boolean).join("\\n");
    }`;
    return String((await this.call(read, [root])).value ?? '');
  }

  /** Clicks (with the mouse) the first button whose text starts with `name`. */
  async click(name: string): Promise<void> {
    const root = await this.root();
    if (!root) throw new Error('no panel');
    const at = (
      await this.call(
        `(root, name) => {
          const b = [...root.querySelectorAll('button')].find((b) => (b.textContent.trim() || b.getAttribute('data-text') || '').startsWith(name));
          if (!b) return null;
          const r = b.getBoundingClientRect();
          return [r.x + r.width / 2, r.y + r.height / 2];
        }`,
        [root, { type: 'string', value: name }],
      )
    ).value as Array<{ type: 'number'; value: number }> | undefined;
    if (!at) throw new Error(`no button "${name}"`);
    await this.page.mouse.click(at[0]!.value, at[1]!.value);
  }
}

describe('Firefox ESR with the built Firefox extension', () => {
  let browser: Browser;
  let installed: string;
  beforeAll(async () => {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      extraPrefsFirefox: {
        'browser.shell.checkDefaultBrowser': false,
        'datareporting.policy.dataSubmissionEnabled': false,
      },
    });
    installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('installs the extension', async () => {
    expect(installed).toBe('paper-radar@paper-radar.dev');
  });

  it('shows the pill on swe-bench.html and lists SWE-PolyBench when expanded', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/swe-bench.html`);
    const panel = new FirefoxPanel(browser, page);
    // The first page after install also waits for the corpus to be indexed.
    await expect.poll(() => panel.text(), { timeout: 45_000, interval: 250 }).toMatch(/^\d+ related papers?$/);
    await panel.click((await panel.text()).trim());
    await expect.poll(() => panel.text(), { timeout: 5_000 }).toContain('SWE-PolyBench');
    expect(await page.evaluate(() => document.querySelector('paper-radar-panel')?.shadowRoot ?? null)).toBeNull();
  });
});
