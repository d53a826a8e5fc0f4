/**
 * Feeds, against a loopback server: RSS 2.0 and Atom fixtures, silent seeding of a new feed, new items ingested
 * (from the item's full text, or from its page), deduplication by GUID or URL, conditional GET (304), malformed
 * XML, a slow feed, items whose page fails (retried), and a feed that keeps failing: marked failing with the
 * reason and retried with exponential backoff on an injected clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { ALL_OWNERS, FAILING_AFTER, FeedPoller, MAX_ITEM_ATTEMPTS, startFeedPoller } from '../../src/ingest/feeds.js';
import { ArticleStore } from '../../src/store/articles.js';
import { stubServices } from '../fakes/stubServices.js';
import {
  allowOnly,
  articlePage,
  feedFixture,
  feedRoute,
  html,
  type Loopback,
  loopback,
  silentLog,
  slow,
  status,
  type TempStore,
  tempStore,
} from './helpers.js';

const POLL_MINUTES = 15;
const MIN = 60_000;

const WALSALL = articlePage({
  title: 'Minister rules out Walsall hospital closure',
  site: 'The Midlands Herald',
  published: '2025-06-04T07:00:00Z',
  paragraphs: [
    'The health minister, Simon Achebe, has ruled out closing the Manor Hospital in Walsall, after campaigners warned that its accident and emergency department was at risk.',
    'Mr Achebe said: “The Manor is not closing. Its A&amp;E is not closing. I want to be absolutely clear about that.”',
    'Campaigners had gathered 14,000 signatures on a petition after a leaked NHS document suggested merging emergency services with Wolverhampton.',
    '“We will believe it when we see the money,” a spokeswoman for the Save the Manor campaign said.',
  ],
});

const FINANCE = articlePage({
  title: 'First Minister names new finance secretary',
  site: 'Scottish Affairs Weekly',
  paragraphs: [
    'Fiona Dalgleish has been appointed finance secretary in a mini reshuffle, the First Minister announced in Edinburgh on Friday.',
    'Ms Dalgleish, the MSP for Stirling, replaces Kenneth Muir, who is standing down for health reasons after six years in the post.',
    'She said: “The budget this autumn will be about growth, and about making every pound work harder for people in Scotland.”',
    '“She has the confidence of the whole Cabinet,” a spokesman for the First Minister said.',
  ],
});

let server: Loopback;
let store: TempStore;
let clock: Date;
let rssVersion: 'initial' | 'updated' | 'broken' | '500';
let atomVersion: 'initial' | 'updated';

beforeAll(async () => {
  server = await loopback();
  server.routes.set('/feeds/politics.rss', (req, res) =>
    ({
      initial: feedRoute(
        () => feedFixture('politics-rss.xml', server.base),
        () => 'rss-v1',
      ),
      updated: feedRoute(
        () => feedFixture('politics-rss-updated.xml', server.base),
        () => 'rss-v2',
      ),
      broken: feedRoute(
        () => feedFixture('malformed.xml', server.base),
        () => 'rss-broken',
      ),
      '500': status(500),
    })[rssVersion](req, res),
  );
  server.routes.set('/feeds/scotland.atom', (req, res) =>
    ({
      initial: feedRoute(
        () => feedFixture('politics-atom.xml', server.base),
        () => 'atom-v1',
        'application/atom+xml',
      ),
      updated: feedRoute(
        () => feedFixture('politics-atom-updated.xml', server.base),
        () => 'atom-v2',
        'application/atom+xml',
      ),
    })[atomVersion](req, res),
  );
  server.routes.set(
    '/feeds/malformed.xml',
    feedRoute(
      () => feedFixture('malformed.xml', server.base),
      () => 'bad',
    ),
  );
  server.routes.set('/feeds/slow.rss', slow(3000));
  server.routes.set('/politics/walsall-hospital', html(WALSALL));
  server.routes.set('/scotland/finance-secretary', html(FINANCE));
});
afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  store = await tempStore();
  clock = new Date('2025-06-03T09:00:00Z');
  rssVersion = 'initial';
  atomVersion = 'initial';
  server.requests.length = 0;
});
afterEach(async () => {
  await store.close();
});

function poller(extra: Partial<ConstructorParameters<typeof FeedPoller>[0]> = {}): FeedPoller {
  return new FeedPoller({
    db: store.db,
    log: silentLog,
    pollMinutes: POLL_MINUTES,
    timeoutMs: 1000,
    now: () => clock,
    policy: allowOnly([server]),
    ...extra,
  });
}
const articleCount = async () => (await store.db.selectFrom('articles').select('id').execute()).length;
const items = async () => store.db.selectFrom('feed_items').selectAll().orderBy('id').execute();
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

describe('RSS 2.0', () => {
  it('a new feed is seeded silently: its items are recorded, nothing is ingested', async () => {
    const p = poller();
    const url = `${server.base}/feeds/politics.rss`;
    const r = await p.add(url);
    expect(r).toMatchObject({ added: true, seeded: 3, title: 'The Midlands Herald – Politics' });
    expect(await articleCount()).toBe(0);
    expect((await items()).map((i) => [i.guid_or_url, i.status])).toEqual([
      ['herald-2025-0601', 'seeded'],
      ['herald-2025-0602', 'seeded'],
      ['herald-2025-0603', 'seeded'],
    ]);
    expect(server.requests.map((q) => q.path)).toEqual(['/feeds/politics.rss']); // no item page was fetched
    const [feed] = await p.list();
    expect(feed).toMatchObject({ url, status: 'ok', etag: '"rss-v1"', consecutive_failures: 0, items: 3, ingested: 0 });
    expect(feed?.next_poll_at).toBe(new Date(clock.getTime() + POLL_MINUTES * MIN).toISOString());
    expect(await p.add(url)).toMatchObject({ added: false });
  });

  it('conditional GET: an unchanged feed answers 304 and nothing happens', async () => {
    const p = poller();
    await p.add(`${server.base}/feeds/politics.rss`);
    advance(POLL_MINUTES * MIN);
    const [r] = await p.pollDue();
    expect(r).toMatchObject({ ok: true, notModified: true, ingested: [] });
    const last = server.requests[server.requests.length - 1];
    expect(last?.headers['if-none-match']).toBe('"rss-v1"');
    expect(last?.headers['if-modified-since']).toBe('Tue, 10 Jun 2025 09:00:00 GMT');
    expect(await articleCount()).toBe(0);
  });

  it('new items are ingested — from the full text in the feed, or from their page — and deduplicated', async () => {
    const reloaded: string[][] = [];
    const p = poller({ onIngested: (ids) => void reloaded.push(ids) });
    await p.add(`${server.base}/feeds/politics.rss`);
    rssVersion = 'updated';
    advance(POLL_MINUTES * MIN);
    const [r] = await p.pollDue();
    expect(r?.failedItems).toEqual([]);
    expect(r?.ingested).toHaveLength(2);
    expect(reloaded).toEqual([r?.ingested]);
    const paths = server.requests.map((q) => q.path);
    expect(paths).toContain('/politics/walsall-hospital'); // summary only: the page was fetched
    expect(paths).not.toContain('/politics/housing-fund'); // full text in content:encoded: no fetch
    const store2 = new ArticleStore(store.db);
    const rows = await store2.list();
    expect(rows.map((a) => a.title).sort()).toEqual([
      'Mayor of the West Midlands unveils £1.2bn housing fund',
      'Minister rules out Walsall hospital closure',
    ]);
    const housing = rows.find((a) => a.title.startsWith('Mayor'));
    expect(housing).toMatchObject({
      publication: 'The Midlands Herald – Politics',
      author: 'Helen Marsh',
      published: '2025-06-05',
      url: `${server.base}/politics/housing-fund`,
    });
    expect(housing?.body).toContain('Ms Okoro said: “Every one of these sites used to be a factory');
    const walsall = rows.find((a) => a.title.startsWith('Minister'));
    expect(walsall).toMatchObject({ publication: 'The Midlands Herald', published: '2025-06-04' });
    expect(walsall?.body).toContain('Mr Achebe said: “The Manor is not closing.');
    expect(
      (await items())
        .filter((i) => i.status === 'ingested')
        .map((i) => i.guid_or_url)
        .sort(),
    ).toEqual(['herald-2025-0604', 'herald-2025-0605']);

    // The same items again (the server forgets its ETag): nothing new.
    await store.db.updateTable('feeds').set({ etag: null, last_modified: null }).execute();
    advance(POLL_MINUTES * MIN);
    const [again] = await p.pollDue();
    expect(again).toMatchObject({ ok: true, ingested: [], failedItems: [] });
    expect(await articleCount()).toBe(2);
    expect(await items()).toHaveLength(5);
  }, 60_000);

  it('items without a GUID are deduplicated by URL', async () => {
    const noGuid = (count: number) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>No GUIDs</title><link>${server.base}/</link><description>d</description>${Array.from(
        { length: count },
        (_, i) => `<item><title>Item ${i}</title><link>${server.base}/noguid/${i}?utm_source=rss</link></item>`,
      ).join('')}</channel></rss>`;
    const n = 2;
    server.routes.set('/feeds/noguid.rss', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(noGuid(n));
    });
    const p = poller();
    await p.add(`${server.base}/feeds/noguid.rss`);
    expect((await items()).map((i) => i.guid_or_url)).toEqual([
      `${server.base}/noguid/0?utm_source=rss`,
      `${server.base}/noguid/1?utm_source=rss`,
    ]);
    advance(POLL_MINUTES * MIN);
    const [r] = await p.pollDue();
    expect(r).toMatchObject({ ok: true, ingested: [], failedItems: [] });
    expect(server.requests.filter((q) => q.path.startsWith('/noguid/'))).toHaveLength(0);
  });

  it('an item whose page fails is recorded as failed and retried on later polls', async () => {
    server.routes.set('/politics/walsall-hospital', status(500));
    const p = poller();
    await p.add(`${server.base}/feeds/politics.rss`);
    rssVersion = 'updated';
    advance(POLL_MINUTES * MIN);
    const [r] = await p.pollDue();
    expect(r?.ok).toBe(true); // the feed itself is fine
    expect(r?.ingested).toHaveLength(1);
    expect(r?.failedItems).toEqual([
      { item: `${server.base}/politics/walsall-hospital`, error: 'HTTP 500 Internal Server Error' },
    ]);
    const failed = (await items()).find((i) => i.guid_or_url === 'herald-2025-0604');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: 'HTTP 500 Internal Server Error' });
    // The validators were dropped so the next poll gets the full feed back, not a 304.
    expect((await p.list())[0]?.etag).toBeNull();

    server.routes.set('/politics/walsall-hospital', html(WALSALL));
    advance(POLL_MINUTES * MIN);
    const [r2] = await p.pollDue();
    expect(r2?.ingested).toHaveLength(1);
    expect((await items()).find((i) => i.guid_or_url === 'herald-2025-0604')).toMatchObject({
      status: 'ingested',
      attempts: 2,
      error: null,
    });
    expect(await articleCount()).toBe(2);
    expect(MAX_ITEM_ATTEMPTS).toBeGreaterThan(1);
  }, 60_000);
});

describe('Atom', () => {
  it('seeds, then ingests a new entry from its page, using the entry’s author when the page has none', async () => {
    const p = poller();
    const r = await p.add(`${server.base}/feeds/scotland.atom`);
    expect(r).toMatchObject({ added: true, seeded: 2, title: 'Scottish Affairs Weekly' });
    atomVersion = 'updated';
    advance(POLL_MINUTES * MIN);
    const [poll] = await p.pollDue();
    expect(poll).toMatchObject({ ok: true, failedItems: [] });
    expect(poll?.ingested).toHaveLength(1);
    const [row] = await new ArticleStore(store.db).list();
    expect(row).toMatchObject({
      title: 'First Minister names new finance secretary',
      author: 'Callum Reid',
      publication: 'Scottish Affairs Weekly',
      published: '2025-06-06',
      published_inferred: 0,
    });
    expect(row?.body).toContain('She said: “The budget this autumn will be about growth');
    expect((await items()).map((i) => i.guid_or_url)).toContain('urn:saw:2025:finance-secretary');
  }, 60_000);
});

describe('broken feeds', () => {
  it('malformed XML cannot be added; nothing is stored', async () => {
    await expect(poller().add(`${server.base}/feeds/malformed.xml`)).rejects.toThrow(/not a valid RSS or Atom feed/);
    await expect(poller().add(`${server.base}/nothing-here`)).rejects.toThrow(/HTTP 404/);
    await expect(poller().add(`${server.base}/feeds/slow.rss`)).rejects.toThrow(/timed out after 1s/);
    await expect(poller().add('ftp://example.org/feed')).rejects.toThrow(/http\(s\) URL/);
    expect(await store.db.selectFrom('feeds').selectAll().execute()).toEqual([]);
  }, 30_000);

  it('a feed that keeps failing is marked failing with the reason and retried with exponential backoff', async () => {
    const p = poller();
    const url = `${server.base}/feeds/politics.rss`;
    await p.add(url);
    rssVersion = '500';
    const delays: number[] = [];
    for (let i = 1; i <= FAILING_AFTER + 1; i++) {
      const feed = (await p.list())[0];
      clock = new Date(feed?.next_poll_at ?? '');
      expect(await p.pollDue().then((rs) => rs.length)).toBe(1);
      const after = (await p.list())[0];
      delays.push((new Date(after?.next_poll_at ?? '').getTime() - clock.getTime()) / MIN);
      expect(after).toMatchObject({
        consecutive_failures: i,
        failure_reason: 'HTTP 500 Internal Server Error',
        status: i >= FAILING_AFTER ? 'failing' : 'ok',
      });
      // Not due again before its backoff ends.
      advance(delays[i - 1] * MIN - 1000);
      expect(await p.pollDue()).toEqual([]);
    }
    expect(delays).toEqual([2, 4, 8, 16].map((x) => x * POLL_MINUTES));

    // Malformed XML is a failure too, with its own reason.
    rssVersion = 'broken';
    clock = new Date((await p.list())[0]?.next_poll_at ?? '');
    const [broken] = await p.pollDue();
    expect(broken).toMatchObject({
      ok: false,
      status: 'failing',
      error: 'not a valid RSS or Atom feed (Invalid feed format)',
    });

    // It recovers: back to ok and the normal interval.
    rssVersion = 'initial';
    clock = new Date((await p.list())[0]?.next_poll_at ?? '');
    const [ok] = await p.pollDue();
    expect(ok).toMatchObject({ ok: true, status: 'ok' });
    expect((await p.list())[0]).toMatchObject({ status: 'ok', consecutive_failures: 0, failure_reason: null });
    expect(new Date((await p.list())[0]?.next_poll_at ?? '').getTime() - clock.getTime()).toBe(POLL_MINUTES * MIN);
  }, 30_000);

  it('backoff is capped at a day', () => {
    expect(poller().backoffMs(20)).toBe(24 * 60 * MIN);
  });

  it('remove stops following a feed and forgets its items', async () => {
    const p = poller();
    await p.add(`${server.base}/feeds/politics.rss`);
    expect(await p.remove(`${server.base}/feeds/politics.rss`)).toBe(true);
    expect(await p.remove(`${server.base}/feeds/politics.rss`)).toBe(false);
    expect(await p.list()).toEqual([]);
    expect(await items()).toEqual([]);
  });
});

describe('the polling job', () => {
  it('polls due feeds on its own and reports what it ingested', async () => {
    const p = poller();
    await p.add(`${server.base}/feeds/politics.rss`);
    rssVersion = 'updated';
    advance(POLL_MINUTES * MIN);
    let resolveIngested: (ids: string[]) => void = () => undefined;
    const ingested = new Promise<string[]>((resolve) => {
      resolveIngested = resolve;
    });
    const job = startFeedPoller({
      db: store.db,
      log: silentLog,
      pollMinutes: POLL_MINUTES,
      timeoutMs: 2000,
      now: () => clock,
      policy: allowOnly([server]),
      tickMs: 20,
      onIngested: (ids) => resolveIngested(ids),
    });
    try {
      expect(await ingested).toHaveLength(2);
    } finally {
      await job.stop();
    }
    expect(job.name).toBe('feeds');
  }, 60_000);
});

describe('per-tenant feeds', () => {
  it('two tenants may follow one URL; each lists and removes only its own; ALL_OWNERS sees and removes all', async () => {
    const p = poller();
    const url = `${server.base}/feeds/politics.rss`;
    expect(await p.add(url, 'discord:1')).toMatchObject({ added: true });
    expect(await p.add(url, 'slack:T1')).toMatchObject({ added: true });
    expect(await p.add(url, 'discord:1')).toMatchObject({ added: false });
    expect((await p.list('discord:1')).map((f) => f.owner)).toEqual(['discord:1']);
    expect(await p.list()).toEqual([]); // the default scope is local
    expect((await p.list(ALL_OWNERS)).map((f) => f.owner).sort()).toEqual(['discord:1', 'slack:T1']);
    expect(await p.remove(url, 'discord:2')).toBe(false);
    expect(await p.remove(url, 'discord:1')).toBe(true);
    expect((await p.list(ALL_OWNERS)).map((f) => f.owner)).toEqual(['slack:T1']);
    await p.add(url);
    expect(await p.remove(url, ALL_OWNERS)).toBe(true);
    expect(await p.list(ALL_OWNERS)).toEqual([]);
  });

  describe('the chat command', () => {
    let stub: Awaited<ReturnType<typeof stubServices>>;
    const admin = { id: 'u-admin', isAdmin: true, canManageChannel: true };
    const run = (
      sub: string,
      where: { platform: 'discord' | 'slack' | 'console'; workspaceId?: string },
      args: Record<string, string> = {},
    ) =>
      dispatch(
        stub.services.commands,
        { command: 'feeds', subcommand: sub, args },
        { ...where, services: stub.services, caller: admin, channelId: 'C1' },
      );
    afterEach(async () => {
      await stub.cleanup();
    });

    it('acts only on the caller’s own server/workspace; the CLI tenant (local) is separate', async () => {
      stub = await stubServices({ WHIP_FETCH_ALLOW_HOSTS: server.host });
      const url = `${server.base}/feeds/politics.rss`;
      const guildA = { platform: 'discord' as const, workspaceId: 'G-A' };
      const guildB = { platform: 'discord' as const, workspaceId: 'G-B' };
      const slack = { platform: 'slack' as const, workspaceId: 'T-1' };
      expect((await run('add', guildA, { url })).title).toBe('Feed added');
      expect((await run('add', slack, { url })).title).toBe('Feed added');
      expect((await run('list', guildB)).title).toBe('Feeds (0)');
      expect((await run('list', guildA)).title).toBe('Feeds (1)');
      // Guild B cannot remove guild A's feed.
      expect((await run('remove', guildB, { url })).kind).toBe('error');
      const owners = await stub.services.db.selectFrom('feeds').select('owner').orderBy('owner').execute();
      expect(owners).toEqual([{ owner: 'discord:G-A' }, { owner: 'slack:T-1' }]);
      expect((await run('remove', guildA, { url })).title).toBe('Feed removed');
      expect((await run('list', slack)).title).toBe('Feeds (1)');
      expect((await run('list', { platform: 'console' })).title).toBe('Feeds (0)');
      // No tenant outside a server (a Discord DM): refused rather than acting on someone's feeds.
      expect((await run('list', { platform: 'discord' })).kind).toBe('error');
    });

    it('WHIP_CHAT_FEEDS=off refuses `feeds add` from chat with a clear line; list and remove still work', async () => {
      stub = await stubServices({ WHIP_FETCH_ALLOW_HOSTS: server.host, WHIP_CHAT_FEEDS: 'off' });
      const url = `${server.base}/feeds/politics.rss`;
      await poller({ db: stub.services.db }).add(url, 'discord:G-A');
      const guildA = { platform: 'discord' as const, workspaceId: 'G-A' };
      const refused = await run('add', guildA, { url: `${server.base}/feeds/scotland.atom` });
      expect(refused.kind).toBe('error');
      expect(refused.text).toContain('Adding feeds from chat is turned off on this bot (WHIP_CHAT_FEEDS=off)');
      expect(server.requests.map((q) => q.path)).not.toContain('/feeds/scotland.atom');
      expect((await run('list', guildA)).title).toBe('Feeds (1)');
      expect((await run('remove', guildA, { url })).title).toBe('Feed removed');
      // The operator's console is not "chat".
      expect((await run('add', { platform: 'console' }, { url })).title).toBe('Feed added');
    });
  });
});
