/**
 * Hostile content must not freeze the bot (issue #14): a page of 2,000 nested <div>s and a 150 KB text page with a
 * long run of spaces, polled from a loopback feed while questions are answered. Parsing is bounded (nesting depth,
 * Readability's element budget, linear-time text clean-up) and runs in a worker thread with a time limit. What is
 * measured is the event loop's responsiveness (the longest gap between timer ticks) and that questions keep being
 * answered during the poll — not the speed of anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCaller } from '../../src/adapters/console/repl.js';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import type { Services } from '../../src/core/services.js';
import { FeedPoller } from '../../src/ingest/feeds.js';
import { ParseRunner } from '../../src/ingest/parseRunner.js';
import { markdownToText, normaliseText } from '../../src/ingest/text.js';
import { allowOnly, articlePage, type Loopback, loopback, silentLog } from './helpers.js';

const NESTED = `<!doctype html><html><head><title>Nested</title></head><body>${'<div>'.repeat(2000)}<p>${'Deep words here. '.repeat(40)}</p>${'</div>'.repeat(2000)}</body></html>`;
const SPACES = `A title of spaces\n\nx${' '.repeat(150_000)}y\n\n${'Words in the article body. '.repeat(20)}`;
/**
 * The longest the event loop may stall during the hostile poll. On main it stalled for tens of seconds (38.7 s in
 * the probe); a loaded two-core test machine can pause a healthy loop for a few hundred milliseconds (GC, the
 * other test files), so the bound is generous but far below the hostile stall.
 */
const MAX_STALL_MS = 3000;
const TICK_MS = 20;

let server: Loopback;
let services: Services;
let dir: string;

beforeAll(async () => {
  server = await loopback();
  server.routes.set('/nested', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(NESTED);
  });
  server.routes.set('/spaces', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(SPACES);
  });
  server.routes.set(
    '/fine',
    (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html' }).end(
        articlePage({
          title: 'Council tax to rise by five per cent',
          paragraphs: [
            'The council confirmed on Tuesday that council tax will rise by five per cent from April, the largest increase allowed without a referendum.',
            'The council leader said the rise was needed to protect adult social care and children’s services.',
          ],
        }),
      ),
  );
  server.routes.set('/feed.rss', (_req, res) => {
    const items = ['nested', 'spaces', 'fine']
      .map((p) => `<item><title>${p}</title><guid>${p}</guid><link>${server.base}/${p}</link></item>`)
      .join('');
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>${server.base}/</link><description>d</description>${items}</channel></rss>`,
      );
  });
  dir = mkdtempSync(join(tmpdir(), 'whip-hostile-'));
  services = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }), { log: silentLog });
}, 120_000);

afterAll(async () => {
  await closeServices(services);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile content', () => {
  it('text clean-up of a long run of spaces and unclosed emphasis gives the expected text', () => {
    expect(normaliseText(`a${' '.repeat(10)}\nb \t\n\n\n\nc`)).toBe('a\nb\n\nc');
    expect(markdownToText(`**bold** and *it* and _u_ and __b2__ [link](http://x) ## not a heading ##`)).toBe(
      'bold and it and u and b2 link ## not a heading',
    );
    expect(markdownToText('## Heading ##')).toBe('Heading');
    const unclosed = `${'**a '.repeat(5000)}${' '.repeat(50_000)}z`;
    expect(markdownToText(unclosed)).toContain('**a');
  });

  it('the bot keeps answering while a feed of hostile pages is polled; the hostile items fail cleanly', async () => {
    const p = new FeedPoller({
      db: services.db,
      log: silentLog,
      pollMinutes: 15,
      timeoutMs: 10_000,
      policy: allowOnly([server]),
    });
    const { feed } = await p.add(`${server.base}/feed.rss`);
    await services.db.deleteFrom('feed_items').execute(); // the poll ingests every item

    let last = performance.now();
    let maxStall = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxStall = Math.max(maxStall, now - last - TICK_MS);
      last = now;
    }, TICK_MS);
    let polling = true;
    let answeredDuringPoll = 0;
    const poll = p.poll(feed).finally(() => {
      polling = false;
    });
    const asking = (async () => {
      while (polling) {
        const r = await dispatch(
          services.commands,
          { command: 'ask', args: { question: 'Who is the Prime Minister?' } },
          consoleCaller(services),
        );
        if (polling && r.text) answeredDuringPoll++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const result = await poll;
    await asking;
    clearInterval(ticker);

    expect(result.ok).toBe(true);
    const failed = Object.fromEntries(result.failedItems.map((f) => [f.item.replace(server.base, ''), f.error]));
    expect(failed['/nested']).toMatch(/nested too deeply/);
    expect(result.ingested.length).toBeGreaterThanOrEqual(1); // the fine page (and the spaces page, now cheap)
    expect(answeredDuringPoll).toBeGreaterThan(0);
    expect(maxStall).toBeLessThan(MAX_STALL_MS);
  }, 120_000);

  it('a parse that outlives its time limit is killed and reported as that source’s failure; the next one runs', async () => {
    const runner = new ParseRunner();
    try {
      // Warm the worker up, then give a page a limit it cannot meet.
      await runner.run({ kind: 'text', source: 'warm.txt', content: 'Title\n\nBody.' });
      await expect(
        runner.run(
          {
            kind: 'html',
            source: 'slow.html',
            html: NESTED.replace(/<div>/g, '<span>'),
            now: new Date().toISOString(),
          },
          1,
        ),
      ).rejects.toThrow(/parsing took longer than 0\.001s/);
      const ok = await runner.run<{ title?: string }>({ kind: 'text', source: 'after.txt', content: 'After\n\nBody.' });
      expect(ok.title).toBe('After');
    } finally {
      await runner.close();
    }
  }, 120_000);
});
