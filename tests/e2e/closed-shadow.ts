import type { CDPSession, Page } from 'playwright-core';

/** A node of `DOM.getDocument` (the fields we read). */
interface DomNode {
  backendNodeId: number;
  localName?: string;
  shadowRoots?: DomNode[];
  children?: DomNode[];
  contentDocument?: DomNode;
}

/**
 * Reaches into a *closed* shadow root, which no page script and no Playwright
 * locator can (locators pierce open roots only), through the DevTools
 * protocol: `DOM.getDocument({ pierce: true })` lists closed roots too. Clicks
 * are real mouse clicks at the element's position.
 */
export class ClosedShadow {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly host: string,
  ) {}

  static async of(page: Page, host: string): Promise<ClosedShadow> {
    return new ClosedShadow(page, await page.context().newCDPSession(page), host);
  }

  /** The shadow root's remote object id, or undefined when the host is not in the page. */
  private async root(): Promise<string | undefined> {
    const { root } = (await this.cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (node: DomNode): DomNode | undefined => {
      if (node.localName === this.host) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const hit = find(child);
        if (hit) return hit;
      }
      return undefined;
    };
    const shadow = find(root)?.shadowRoots?.[0];
    if (!shadow) return undefined;
    const { object } = await this.cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    return object.objectId;
  }

  /** Calls `fn` with the shadow root as `this`; undefined when there is no such root. */
  private async call<T>(fn: string, ...args: unknown[]): Promise<T | undefined> {
    const objectId = await this.root();
    if (!objectId) return undefined;
    const { result, exceptionDetails } = await this.cdp.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: fn,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  }

  /** The root's mode ("closed"/"open"), or null when the host is absent. */
  async mode(): Promise<string | null> {
    return (await this.call<string>('function () { return this.mode; }')) ?? null;
  }

  /**
   * The visible text inside the root ('' when absent), with the text the panel draws from `data-text`
   * attributes by CSS (titles, summaries, the Save state: unfindable by the page's `window.find`).
   */
  async text(): Promise<string> {
    return (
      (await this.call<string>(`function () {
        const body = this.querySelector("body");
        if (!body) return "";
        const drawn = [...body.querySelectorAll("[data-text]")].map((e) => e.getAttribute("data-text"));
        return [body.innerText, ...drawn].filter(Boolean).join("\\n");
      }`)) ?? ''
    );
  }

  /** Clicks the first button whose text or accessible name (aria-label) starts with `name`. */
  async click(name: string): Promise<void> {
    const at = await this.call<{ x: number; y: number } | null>(
      `function (name) {
        const button = [...this.querySelectorAll('button')].find((b) =>
          b.textContent.trim().startsWith(name) || (b.getAttribute('aria-label') ?? '').startsWith(name));
        if (!button) return null;
        button.scrollIntoView({ block: 'nearest' });
        const r = button.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }`,
      name,
    );
    if (!at) throw new Error(`no button "${name}" in <${this.host}>`);
    await this.page.mouse.click(at.x, at.y);
  }

  /** The accessible names of the focused element's button, if focus is inside the root. */
  async focusedName(): Promise<string | null> {
    return (
      (await this.call<string | null>(
        'function () { const a = this.activeElement; return a ? (a.getAttribute("aria-label") ?? a.textContent.trim()) : null; }',
      )) ?? null
    );
  }
}
