// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { Page } from '../../lib/page';
import { startPageReader, type ReaderContext } from '../../lib/page-reader';
import type { LocationChange } from '../../lib/site-access';
import { setSitePaused } from '../../lib/site-pause';

/** A content-script context whose idle callbacks and timers run at once, and whose URL changes on demand. */
function fakeContext() {
  const controller = new AbortController();
  const listeners: Array<(change: LocationChange) => void> = [];
  const ctx: ReaderContext = {
    signal: controller.signal,
    requestIdleCallback: (cb) => (queueMicrotask(cb), 1),
    setTimeout: (cb) => (queueMicrotask(cb), 1),
    addEventListener: (_target, _type, handler) => void listeners.push(handler),
  };
  const navigate = (change: LocationChange = {}) => listeners.forEach((l) => l(change));
  return { ctx, navigate, abort: () => controller.abort() };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

function setup(url: string) {
  document.title = 'Sparse attention';
  document.body.textContent = 'Sliding windows and global tokens.';
  const location = { href: url };
  const client = {
    reportPage: vi.fn(async (_page: Page) => ({ strong: 0, paused: false })),
    getRelated: vi.fn(),
    savePaper: vi.fn(),
    pauseSite: vi.fn(),
  };
  const onReport = vi.fn();
  const { ctx, navigate } = fakeContext();
  const reader = startPageReader(ctx, { client, document, location, window, onReport });
  return { client, location, navigate, onReport, reader };
}

describe('startPageReader', () => {
  it('reports the page it read, bounded, when idle', async () => {
    const { client } = setup('https://blog.example/post');
    await settle();
    expect(client.reportPage).toHaveBeenCalledTimes(1);
    expect(client.reportPage.mock.calls[0]![0]).toMatchObject({
      url: 'https://blog.example/post',
      title: 'Sparse attention',
      text: expect.stringContaining('Sliding windows'),
    });
  });

  it('reads the page again when a single-page app changes the URL', async () => {
    const { client, location, navigate } = setup('https://app.example/a');
    await settle();
    location.href = 'https://app.example/b';
    navigate();
    await settle();
    expect(client.reportPage).toHaveBeenCalledTimes(2);
    expect(client.reportPage.mock.calls[1]![0]).toMatchObject({ url: 'https://app.example/b' });
  });

  it('does not read the page again for a jump to an anchor on it', async () => {
    const { client, location, navigate } = setup('https://docs.example/guide');
    await settle();
    location.href = 'https://docs.example/guide#install';
    navigate({ oldUrl: new URL('https://docs.example/guide'), newUrl: new URL(location.href) });
    await settle();
    expect(client.reportPage).toHaveBeenCalledTimes(1);
  });

  it('does nothing on a paused site, and reads it once the site is resumed', async () => {
    await setSitePaused('paused.example', true);
    const { client } = setup('https://paused.example/x');
    await settle();
    expect(client.reportPage).not.toHaveBeenCalled();
    await setSitePaused('paused.example', false);
    await settle();
    expect(client.reportPage).toHaveBeenCalledTimes(1);
  });

  it('reads a site paused after loading again once it is resumed', async () => {
    const { client } = setup('https://later.example/x');
    await settle();
    await setSitePaused('later.example', true);
    await settle();
    await setSitePaused('later.example', false);
    await settle();
    expect(client.reportPage).toHaveBeenCalledTimes(2);
  });

  it('tells the panel each time the background answered a report, and reads again on request', async () => {
    const { client, onReport, reader } = setup('https://blog.example/post');
    await settle();
    expect(onReport).toHaveBeenCalledWith({ strong: 0, paused: false });
    reader.read();
    await settle();
    expect(client.reportPage).toHaveBeenCalledTimes(2);
    expect(onReport).toHaveBeenCalledTimes(2);
  });
});

describe('startPageReader under a flood of URL changes', () => {
  /** A context on (fake) real timers, so settle waits and report intervals are what they are. */
  function timed(url: string, answerMs = 50) {
    vi.useFakeTimers();
    const controller = new AbortController();
    const listeners: Array<(change: LocationChange) => void> = [];
    const ctx: ReaderContext = {
      signal: controller.signal,
      requestIdleCallback: (cb) => setTimeout(cb, 0) as unknown as number,
      setTimeout: (cb, ms) => setTimeout(cb, ms) as unknown as number,
      addEventListener: (_target, _type, handler) => void listeners.push(handler),
    };
    document.body.textContent = 'Sliding windows and global tokens.';
    const location = { href: url };
    const client = {
      reportPage: vi.fn(
        (_page: Page) =>
          new Promise<{ strong: number; paused: boolean }>((ok) =>
            setTimeout(() => ok({ strong: 0, paused: false }), answerMs),
          ),
      ),
      getRelated: vi.fn(),
      savePaper: vi.fn(),
      pauseSite: vi.fn(),
    };
    startPageReader(ctx, {
      client,
      document,
      location,
      window,
      isSitePaused: async () => false,
      onPausedSitesChange: () => () => {},
    });
    const navigate = (next?: string) => {
      const oldUrl = new URL(location.href);
      if (next) location.href = next;
      listeners.forEach((l) => l({ oldUrl, newUrl: new URL(location.href) }));
    };
    return { client, navigate, done: () => (controller.abort(), vi.useRealTimers()) };
  }

  it('reports at most once a second while the page pushes history 100 times a second', async () => {
    const { client, navigate, done } = timed('https://spa.example/?p=0');
    for (let i = 1; i <= 500; i++) {
      navigate(`https://spa.example/?p=${i}`);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    // 5 s of flood plus settling: the first read, about one per max wait (2 s), and the last settled one.
    expect(client.reportPage.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(client.reportPage.mock.calls.length).toBeLessThanOrEqual(6);
    expect(client.reportPage.mock.calls.at(-1)![0]).toMatchObject({ url: 'https://spa.example/?p=500' });
    done();
  });

  it('reads nothing for forged location-change events that leave the URL as it is', async () => {
    const { client, navigate, done } = timed('https://spa.example/a');
    await vi.advanceTimersByTimeAsync(2_000);
    for (let i = 0; i < 1_000; i++) navigate();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.reportPage).toHaveBeenCalledTimes(1);
    done();
  });

  it('makes one more report, not one per change, for changes while a report is on its way', async () => {
    const { client, navigate, done } = timed('https://spa.example/a', 3_000);
    await vi.advanceTimersByTimeAsync(10);
    expect(client.reportPage).toHaveBeenCalledTimes(1);
    navigate('https://spa.example/b');
    await vi.advanceTimersByTimeAsync(700);
    navigate('https://spa.example/c');
    await vi.advanceTimersByTimeAsync(700);
    expect(client.reportPage).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.reportPage).toHaveBeenCalledTimes(2);
    expect(client.reportPage.mock.calls[1]![0]).toMatchObject({ url: 'https://spa.example/c' });
    done();
  });
});
