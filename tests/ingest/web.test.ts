/**
 * Web pages by URL, from a loopback HTTP server: Readability text and metadata, the canonical URL as the id,
 * and the failures that must name the source and store nothing: a 500, a slow response (time limit), an
 * unreachable host, something that is not a page, a page with no article body.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestSources } from '../../src/ingest/ingest.js';
import { ArticleStore } from '../../src/store/articles.js';
import {
  allowOnly,
  articlePage,
  html,
  type Loopback,
  loopback,
  silentLog,
  slow,
  status,
  type TempStore,
  tempStore,
} from './helpers.js';

const PARAGRAPHS = [
  'The Chancellor will freeze fuel duty for another year, Treasury sources said on Sunday, at a cost of about £3 billion.',
  '“Families in rural areas have no choice but to drive, and we will not make that harder,” a Treasury spokesman said.',
  'The Institute for Fiscal Studies said the freeze would leave a gap in the public finances that would have to be filled elsewhere.',
  'Labour’s shadow chancellor, Daniel Hartley, said: “This is a giveaway paid for with borrowing, and voters in Cornwall and Cumbria will see through it.”',
];

let server: Loopback;
let store: TempStore;
const NOW = new Date('2025-06-10T12:00:00Z');

beforeAll(async () => {
  server = await loopback();
  store = await tempStore();
  const page = articlePage({
    title: 'Fuel duty to be frozen again',
    paragraphs: PARAGRAPHS,
    published: '2025-06-08T21:00:00+01:00',
    site: 'The Shire Gazette',
    author: 'By Ann Cole',
    canonical: `${server.base}/politics/fuel-duty-freeze`,
  });
  server.routes.set('/politics/fuel-duty-freeze', html(page));
  server.routes.set('/amp/fuel-duty-freeze', html(page));
  server.routes.set('/undated', html(articlePage({ title: 'Undated page', paragraphs: PARAGRAPHS })));
  server.routes.set('/boom', status(500));
  server.routes.set('/gone', status(404));
  server.routes.set('/slow', slow(3000, articlePage({ title: 'Too late', paragraphs: PARAGRAPHS })));
  server.routes.set(
    '/cookie-wall',
    html(
      '<html><head><title>Before you continue</title></head><body><nav>Home</nav><div id="consent"><button>Accept all</button></div></body></html>',
    ),
  );
  server.routes.set('/file.pdf', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
  });
});
afterAll(async () => {
  await server.close();
  await store.close();
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

describe('web pages by URL', () => {
  it('ingests the main text with the page metadata; the canonical URL identifies it', async () => {
    const [a, b] = await ingestSources(
      [`${server.base}/politics/fuel-duty-freeze`, `${server.base}/amp/fuel-duty-freeze?utm_source=twitter`],
      {
        db: store.db,
        log: silentLog,
        timeoutMs: 2000,
        now: () => NOW,
        policy: allowOnly([server]),
      },
    );
    expect(a).toMatchObject({
      ok: true,
      status: 'added',
      title: 'Fuel duty to be frozen again',
      published: '2025-06-08',
      inferred: false,
    });
    // The AMP copy has the same canonical URL: the same article, not a duplicate.
    expect(b).toMatchObject({ ok: true, status: 'unchanged', id: (a as { id: string }).id });
    const row = await new ArticleStore(store.db).get((a as { id: string }).id);
    expect(row).toMatchObject({
      publication: 'The Shire Gazette',
      author: 'Ann Cole',
      url: `${server.base}/politics/fuel-duty-freeze`,
      published_precision: 'day',
      published_inferred: 0,
    });
    expect(row?.body).toContain(PARAGRAPHS[3]);
    expect(row?.body).not.toMatch(/Most read|Ten walks/);
  }, 60_000);

  it('a page with no date gets the ingestion date, marked inferred', async () => {
    const [o] = await ingestSources([`${server.base}/undated`], {
      db: store.db,
      timeoutMs: 2000,
      now: () => NOW,
      policy: allowOnly([server]),
    });
    expect(o).toMatchObject({ ok: true, published: '2025-06-10', inferred: true });
    const row = await new ArticleStore(store.db).get((o as { id: string }).id);
    expect(row?.published_note).toMatch(/no publication date/);
    expect(row?.url).toBe(`${server.base}/undated`);
  }, 30_000);

  it('failures name the source, store nothing, and do not stop the other sources', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/article`;
    const count = async () => (await store.db.selectFrom('articles').select('id').execute()).length;
    const before = await count();
    const sources = [
      `${server.base}/boom`,
      `${server.base}/slow`,
      dead,
      `${server.base}/cookie-wall`,
      `${server.base}/file.pdf`,
      `${server.base}/gone`,
    ];
    const t0 = Date.now();
    const out = await ingestSources(sources, {
      db: store.db,
      timeoutMs: 500,
      now: () => NOW,
      policy: allowOnly([server]),
    });
    expect(Date.now() - t0).toBeLessThan(2900); // the slow page was abandoned at the time limit
    expect(out.map((o) => (o.ok ? 'ok' : o.error))).toEqual([
      'HTTP 500 Internal Server Error',
      'timed out after 0.5s',
      'could not fetch URL: refused/unreachable',
      expect.stringMatching(/^no article text found/),
      'not a web page (content type application/pdf)',
      'HTTP 404 Not Found',
    ]);
    expect(out.map((o) => o.source)).toEqual(sources);
    expect(await count()).toBe(before);
  }, 30_000);
});
