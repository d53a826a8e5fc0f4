/**
 * Server-side request forgery guard (issue #14): Whip fetches only public addresses unless WHIP_FETCH_ALLOW_HOSTS
 * names the host (or host:port). Everything here runs on 127.0.0.1: "internal" services are loopback servers on a
 * port that is not allowed, and private addresses come from an injected resolver — nothing is ever connected to
 * but 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/ingest/feeds.js';
import { fetchText } from '../../src/ingest/fetch.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import {
  isPublicAddress,
  type NetPolicy,
  parseAllowHosts,
  REFUSED,
  type Resolver,
  validAllowHosts,
} from '../../src/ingest/netPolicy.js';
import {
  allowOnly,
  articlePage,
  html,
  type Loopback,
  loopback,
  silentLog,
  type TempStore,
  tempStore,
} from './helpers.js';

const SECRET = 'INTERNAL-SECRET: the admin password is hunter2 and the database lives at db.internal.';
const PARAGRAPHS = [
  'The Chancellor will freeze fuel duty for another year, Treasury sources said on Sunday, at a cost of about £3 billion.',
  '“Families in rural areas have no choice but to drive, and we will not make that harder,” a Treasury spokesman said.',
  'The Institute for Fiscal Studies said the freeze would leave a gap in the public finances that would have to be filled elsewhere.',
];
const internalPage = `${SECRET}\n\n${Array.from({ length: 8 }, () => SECRET).join(' ')}`;

let feedServer: Loopback; // allowed: the "public" feed
let internal: Loopback; // NOT allowed: an internal service on another loopback port
let store: TempStore;

beforeAll(async () => {
  feedServer = await loopback();
  internal = await loopback();
  internal.routes.set('/secret', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`Internal notes\n\n${internalPage}`);
  });
  feedServer.routes.set('/redirect-inside', (_req, res) => {
    res.writeHead(302, { location: `${internal.base}/secret` }).end();
  });
  feedServer.routes.set('/metadata-redirect', (_req, res) => {
    res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  });
  feedServer.routes.set('/to-file', (_req, res) => {
    res.writeHead(302, { location: 'file:///etc/passwd' }).end();
  });
  let n = 0;
  feedServer.routes.set('/loop', (_req, res) => {
    n++;
    res.writeHead(302, { location: `/loop?${n}` }).end();
  });
  feedServer.routes.set(
    '/article',
    html(articlePage({ title: 'Fuel duty to be frozen again', paragraphs: PARAGRAPHS })),
  );
  feedServer.routes.set('/feed.rss', (_req, res) => {
    const items = [`${internal.base}/secret`, `${feedServer.base}/redirect-inside`, `${feedServer.base}/article`]
      .map((link, i) => `<item><title>Item ${i}</title><guid>item-${i}</guid><link>${link}</link></item>`)
      .join('');
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>${feedServer.base}/</link><description>d</description>${items}</channel></rss>`,
      );
  });
});
afterAll(async () => {
  await feedServer.close();
  await internal.close();
});
beforeEach(async () => {
  store = await tempStore();
  internal.requests.length = 0;
});
afterEach(async () => {
  await store.close();
});

const articles = async () => store.db.selectFrom('articles').select(['id', 'body']).execute();

describe('address classification', () => {
  it('refuses loopback, private, link-local, unique-local, multicast, metadata and IPv4-mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['93.184.216.34', '2606:4700:4700::1111', '::ffff:93.184.216.34'])
      expect(isPublicAddress(a), a).toBe(true);
  });

  it('parses and validates WHIP_FETCH_ALLOW_HOSTS', () => {
    expect([...parseAllowHosts(' Intranet.example, 10.0.0.5:8080,[::1]:81 ,')]).toEqual([
      'intranet.example',
      '10.0.0.5:8080',
      '::1:81',
    ]);
    expect(validAllowHosts('intranet.example,10.0.0.5:8080,[::1]:81')).toBe(true);
    expect(validAllowHosts('http://intranet.example/')).toBe(false);
  });
});

describe('fetching', () => {
  it('nothing is allowed by default: a loopback URL is refused with the neutral message', async () => {
    const policy: NetPolicy = { allowHosts: new Set(), resolve: async () => ['127.0.0.1'] };
    await expect(fetchText(`${internal.base}/secret`, { timeoutMs: 2000, policy })).rejects.toThrow(REFUSED);
    expect(internal.requests).toHaveLength(0);
  });

  it('a redirect from an allowed host to a non-allowed port is refused before it is requested', async () => {
    await expect(
      fetchText(`${feedServer.base}/redirect-inside`, { timeoutMs: 2000, policy: allowOnly([feedServer]) }),
    ).rejects.toThrow(REFUSED);
    await expect(
      fetchText(`${feedServer.base}/metadata-redirect`, { timeoutMs: 2000, policy: allowOnly([feedServer]) }),
    ).rejects.toThrow(REFUSED);
    await expect(
      fetchText(`${feedServer.base}/to-file`, { timeoutMs: 2000, policy: allowOnly([feedServer]) }),
    ).rejects.toThrow(REFUSED);
    expect(internal.requests).toHaveLength(0);
  });

  it('follows a few redirects at most', async () => {
    await expect(
      fetchText(`${feedServer.base}/loop`, { timeoutMs: 5000, policy: allowOnly([feedServer]) }),
    ).rejects.toThrow(/too many redirects/);
  });

  it('a DNS name resolving to a private address is refused, never connected to', async () => {
    const resolved: string[] = [];
    const resolver: Resolver = async (host) => {
      resolved.push(host);
      return host === 'intranet.example'
        ? ['10.0.0.7']
        : host === 'mixed.example'
          ? ['93.184.216.34', '192.168.0.2']
          : [];
    };
    const policy: NetPolicy = { allowHosts: new Set(), resolve: resolver };
    await expect(fetchText('http://intranet.example/feed', { timeoutMs: 2000, policy })).rejects.toThrow(REFUSED);
    await expect(fetchText('http://mixed.example/feed', { timeoutMs: 2000, policy })).rejects.toThrow(REFUSED);
    await expect(fetchText('http://nxdomain.example/feed', { timeoutMs: 2000, policy })).rejects.toThrow(REFUSED);
    expect(resolved).toEqual(['intranet.example', 'mixed.example', 'nxdomain.example']);
  });

  it('DNS rebinding: an address that changes between the check and the connection is refused at connect time', async () => {
    // First answer public (only checked, never connected to), then the internal loopback server's address.
    let calls = 0;
    const policy: NetPolicy = {
      allowHosts: new Set(),
      resolve: async () => (calls++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']),
    };
    const port = new URL(internal.base).port;
    await expect(fetchText(`http://rebind.example:${port}/secret`, { timeoutMs: 2000, policy })).rejects.toThrow(
      REFUSED,
    );
    expect(calls).toBeGreaterThanOrEqual(2); // the connection resolved again, through the guard
    expect(internal.requests).toHaveLength(0);
  });

  it('an allowed DNS name is fetched through the injected resolver', async () => {
    const port = new URL(feedServer.base).port;
    const policy: NetPolicy = {
      allowHosts: parseAllowHosts(`intranet.example:${port}`),
      resolve: async () => ['127.0.0.1'],
    };
    const res = await fetchText(`http://intranet.example:${port}/article`, { timeoutMs: 2000, policy });
    expect(res.text).toContain('Fuel duty');
  });

  it('a closed port and a refused address give the same message (no port state)', async () => {
    const policy = { allowHosts: parseAllowHosts('127.0.0.1'), resolve: async () => ['127.0.0.1'] };
    const closed = new URL(feedServer.base);
    closed.port = '1'; // tcpmux: not listening on loopback
    const a = fetchText(closed.toString(), { timeoutMs: 2000, policy }).catch((e: Error) => e.message);
    const b = fetchText(`${internal.base}/secret`, { timeoutMs: 2000, policy: allowOnly([feedServer]) }).catch(
      (e: Error) => e.message,
    );
    expect(await a).toBe(REFUSED);
    expect(await b).toBe(REFUSED);
  });
});

describe('ingestion', () => {
  it('a page URL on a non-allowed loopback port is refused and nothing is stored', async () => {
    const [o] = await ingestSources([`${internal.base}/secret`], {
      db: store.db,
      log: silentLog,
      timeoutMs: 2000,
      policy: allowOnly([feedServer]),
    });
    expect(o).toMatchObject({ ok: false, error: REFUSED });
    expect(await articles()).toHaveLength(0);
    expect(internal.requests).toHaveLength(0);
  });

  it('a feed whose items point at (and redirect to) an internal service: refused, nothing secret stored', async () => {
    const p = new FeedPoller({
      db: store.db,
      log: silentLog,
      pollMinutes: 15,
      timeoutMs: 2000,
      policy: allowOnly([feedServer]),
    });
    const { feed } = await p.add(`${feedServer.base}/feed.rss`);
    // Forget the seeded items so the poll ingests them all.
    await store.db.deleteFrom('feed_items').execute();
    const r = await p.poll(feed);
    expect(r.failedItems).toHaveLength(2);
    expect(r.failedItems).toEqual(
      expect.arrayContaining([
        { item: `${internal.base}/secret`, error: REFUSED },
        { item: `${feedServer.base}/redirect-inside`, error: REFUSED },
      ]),
    );
    expect(r.ingested).toHaveLength(1);
    const stored = await articles();
    expect(stored).toHaveLength(1);
    expect(stored.some((a) => a.body.includes('INTERNAL-SECRET'))).toBe(false);
    expect(internal.requests).toHaveLength(0);
  });

  it('a feed URL itself must be allowed', async () => {
    const p = new FeedPoller({
      db: store.db,
      log: silentLog,
      pollMinutes: 15,
      timeoutMs: 2000,
      policy: { allowHosts: new Set(), resolve: async () => ['127.0.0.1'] },
    });
    await expect(p.add(`${feedServer.base}/feed.rss`)).rejects.toThrow(REFUSED);
    expect(await store.db.selectFrom('feeds').selectAll().execute()).toHaveLength(0);
  });
});
