import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { fileFor, servePages, type Served } from '../../lib/cli/serve';

const DEMO = 'assets/demo';

/** GET `url`; resolves with the status, content type and body, rejects when nothing answers. */
function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(url, { timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end();
  });
}

describe('servePages', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('serves the demo page at / as HTML on 127.0.0.1', async () => {
    served = await servePages([DEMO]);
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await get(`${served.origin}/`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Paper Radar demo page');
    expect(page.body).toMatch(/<h1>[^<]*fine-tuning/i);
  });

  it('answers 404 for a missing file and for a path that climbs out of its folders', async () => {
    served = await servePages([DEMO]);
    expect((await get(`${served.origin}/missing.html`)).status).toBe(404);
    expect((await get(`${served.origin}/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await get(`${served.origin}/%E0%A4%A`)).status).toBe(404);
  });

  it('refuses connections on every interface but loopback', async () => {
    served = await servePages([DEMO]);
    const port = new URL(served.origin).port;
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    // A machine with no network card has nothing but loopback to try, which is the point.
    for (const address of external) await expect(get(`http://${address}:${port}/`)).rejects.toThrow();
    await expect(get(`http://[::1]:${port}/`)).rejects.toThrow();
  });
});

describe('fileFor', () => {
  it('takes a path from the first folder that has it, and index.html for a folder', () => {
    expect(fileFor(['tests/fixtures/pages', 'tests/fixtures/eval/pages'], '/h2o.html')).toMatch(
      /eval\/pages\/h2o\.html$/,
    );
    expect(fileFor(['tests/fixtures/pages', DEMO], '/')).toMatch(/assets\/demo\/index\.html$/);
  });

  it('never returns a file outside its folders', () => {
    expect(fileFor([DEMO], '/../../package.json')).toBeUndefined();
    expect(fileFor([DEMO], '/../demo-other/index.html')).toBeUndefined();
  });
});
