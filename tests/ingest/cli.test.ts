/**
 * The CLI as a user runs it (`node bin/whip.js …`, built by `npm run build`), on a temp WHIP_DATA_DIR:
 * `whip ingest` (files, directories, URLs; exit code non-zero when any source failed, the others still stored),
 * `whip sources` listing ingested articles with their ids, and `whip feeds add|list|poll|remove`.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/ingest/feeds.js';
import { createLogger } from '../../src/log.js';
import { openDatabase, storeFile } from '../../src/store/db.js';
import {
  allowOnly,
  articlePage,
  FIXTURES,
  feedFixture,
  feedRoute,
  html,
  type Loopback,
  loopback,
  ROOT,
  status,
  whip,
} from './helpers.js';

let dataDir: string;
let server: Loopback;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/cli/ingest.js'))) {
    throw new Error('dist/ is missing or stale: run `npm run build` first (npm test does)');
  }
  dataDir = mkdtempSync(join(tmpdir(), 'whip-cli-'));
  server = await loopback();
  server.routes.set(
    '/news/lords-reform',
    html(
      articlePage({
        title: 'Peers vote to delay Lords reform bill',
        site: 'The Parliamentary Gazette',
        published: '2025-05-21T18:00:00Z',
        paragraphs: [
          'The House of Lords voted by 212 to 187 on Wednesday to delay the government’s bill removing the remaining hereditary peers.',
          '“This is a constitutional change and it deserves proper scrutiny,” said Lord Pennington, who tabled the amendment.',
          'Ministers said they would bring the bill back to the Commons before the summer recess.',
        ],
      }),
    ),
  );
  server.routes.set('/news/broken', status(500));
  server.routes.set(
    '/feed.rss',
    feedRoute(
      () => feedFixture('politics-rss.xml', server.base),
      () => 'v1',
    ),
  );
});
afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('whip ingest', () => {
  it('ingests the good sources, names the bad ones, and exits non-zero', async () => {
    const bad = join(dataDir, 'bad.md');
    writeFileSync(bad, '---\ntitle: [unclosed\n---\nText.\n');
    const r = await whip(
      [
        'ingest',
        join(FIXTURES, 'articles', 'northern-arc-approved.md'),
        bad,
        `${server.base}/news/lords-reform`,
        `${server.base}/news/broken`,
      ],
      // LOG_LEVEL as by default: a person who did not ask for logs gets the human lines only.
      { WHIP_DATA_DIR: dataDir, WHIP_FETCH_ALLOW_HOSTS: server.host, LOG_LEVEL: 'info' },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^added {5}northern-arc-rail-link-approved-[0-9a-f]{10} {2}Ministers give green light to £4\.2bn Northern Arc rail link \(2025-03-11\)/m,
    );
    expect(r.stdout).toMatch(
      /^added {5}lords-reform-[0-9a-f]{10} {2}Peers vote to delay Lords reform bill \(2025-05-21\)/m,
    );
    expect(r.stdout).toContain('ingest: 2 added, 0 updated, 0 unchanged, 2 failed');
    expect(r.stderr).toContain(`ingest: ${bad}: malformed front matter`);
    expect(r.stderr).toContain(`ingest: ${server.base}/news/broken: HTTP 500 Internal Server Error`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(r.stderr).not.toMatch(/^\{"level"/m); // the human line only; JSON logs with --verbose or LOG_LEVEL
  }, 120_000);

  it('re-ingesting reports unchanged and exits 0; --json prints one object per source', async () => {
    const r = await whip(['ingest', '--json', join(FIXTURES, 'articles', 'northern-arc-approved.md')], {
      WHIP_DATA_DIR: dataDir,
    });
    expect(r.code).toBe(0);
    const [o] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(o).toMatchObject({
      ok: true,
      status: 'unchanged',
      title: 'Ministers give green light to £4.2bn Northern Arc rail link',
    });
  }, 120_000);

  it('`whip sources` lists ingested articles with publication, date and id', async () => {
    const r = await whip(['sources'], { WHIP_DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Ministers give green light to £4\.2bn Northern Arc rail link — The Northern Ledger, 11 March 2025 \[northern-arc-rail-link-approved-[0-9a-f]{10}\]/,
    );
    expect(r.stdout).toMatch(
      /Peers vote to delay Lords reform bill — The Parliamentary Gazette, 21 May 2025 \[lords-reform-[0-9a-f]{10}\]/,
    );
    expect(r.stdout).toContain('[miliband-clegg-lib-lab-pact-2014-04]');
  }, 120_000);
});

describe('whip feeds', () => {
  it('add, list, poll and remove', async () => {
    const env = { WHIP_DATA_DIR: dataDir, WHIP_FETCH_ALLOW_HOSTS: server.host };
    const url = `${server.base}/feed.rss`;
    const add = await whip(['feeds', 'add', url], env);
    expect(add).toMatchObject({ code: 0 });
    expect(add.stdout).toContain(
      `Following ${url} (The Midlands Herald – Politics): 3 existing items recorded, not ingested`,
    );
    const list = await whip(['feeds', 'list'], env);
    expect(list.stdout).toContain(`${url} — The Midlands Herald – Politics — ok; 3 items seen, 0 ingested`);
    const poll = await whip(['feeds', 'poll', '--all'], env);
    expect(poll).toMatchObject({ code: 0 });
    expect(poll.stdout).toContain(`${url}: not modified`);
    const broken = await whip(['feeds', 'add', `${server.base}/news/broken`], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`feeds: cannot add ${server.base}/news/broken: HTTP 500 Internal Server Error`);
    const remove = await whip(['feeds', 'remove', url], env);
    expect(remove).toMatchObject({ code: 0, stdout: `No longer following ${url}.\n` });
    const gone = await whip(['feeds', 'remove', url], env);
    expect(gone.code).toBe(1);
  }, 120_000);

  it('acts as the local tenant; --all lists (with owners) and removes every tenant’s feeds', async () => {
    const env = { WHIP_DATA_DIR: dataDir, WHIP_FETCH_ALLOW_HOSTS: server.host };
    const url = `${server.base}/feed.rss`;
    // A Discord server follows the feed (as the chat command would record it).
    const db = await openDatabase(storeFile(dataDir));
    try {
      await new FeedPoller({
        db,
        log: createLogger('silent'),
        pollMinutes: 15,
        timeoutMs: 5000,
        policy: allowOnly([server]),
      }).add(url, 'discord:G1');
    } finally {
      await db.destroy();
    }
    expect((await whip(['feeds', 'list'], env)).stdout).toContain('No local feeds.');
    expect((await whip(['feeds', 'remove', url], env)).code).toBe(1);
    const all = await whip(['feeds', 'list', '--all'], env);
    expect(all.stdout).toContain(`[discord:G1] ${url}`);
    const removed = await whip(['feeds', 'remove', url, '--all'], env);
    expect(removed).toMatchObject({ code: 0, stdout: `No longer following ${url} (any tenant).\n` });
    expect((await whip(['feeds', 'list', '--all'], env)).stdout).toContain('No feeds.');
  }, 120_000);
});
