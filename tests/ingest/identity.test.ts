/**
 * Article identity and size (issue #14): a page's canonical URL on another site cannot take over that site's
 * article; a different file with the same title and date cannot silently replace an article; a feed item's
 * javascript: link cites no URL; oversize articles are refused with a clear message, nothing stored; a symlink
 * loop is named as such.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFeedDocument } from '../../src/ingest/feedDocument.js';
import { extractHtmlArticle, sameSite } from '../../src/ingest/html.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { ArticleStore } from '../../src/store/articles.js';
import { allowOnly, articlePage, html, type Loopback, loopback, type TempStore, tempStore } from './helpers.js';

const PARAGRAPHS = [
  'The Chancellor will freeze fuel duty for another year, Treasury sources said on Sunday, at a cost of about £3 billion.',
  '“Families in rural areas have no choice but to drive, and we will not make that harder,” a Treasury spokesman said.',
  'The Institute for Fiscal Studies said the freeze would leave a gap in the public finances that would have to be filled elsewhere.',
];
const NOW = new Date('2025-06-10T12:00:00Z');

let server: Loopback;
let other: Loopback;
let store: TempStore;
let dir: string;

beforeAll(async () => {
  server = await loopback();
  other = await loopback();
  other.routes.set(
    '/politics/fuel-duty',
    html(articlePage({ title: 'Fuel duty to be frozen again', paragraphs: PARAGRAPHS, published: '2025-06-08' })),
  );
  server.routes.set(
    '/hijack',
    html(
      articlePage({
        title: 'Fuel duty to rise sharply',
        paragraphs: [
          'In a reversal, the Chancellor will raise fuel duty by twenty pence a litre from next month, according to this page.',
          'This text claims to be the other site’s article by declaring its canonical URL as that site’s address.',
        ],
        published: '2025-06-08',
        canonical: `${other.base}/politics/fuel-duty`,
      }),
    ),
  );
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(async () => {
  store = await tempStore();
  dir = mkdtempSync(join(tmpdir(), 'whip-identity-'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = () => ({ db: store.db, timeoutMs: 5000, now: () => NOW, policy: allowOnly([server, other]) });

describe('canonical URLs', () => {
  it('same site means the same registrable domain', () => {
    expect(sameSite('https://www.bbc.co.uk/news/1', 'https://bbc.co.uk/x')).toBe(true);
    expect(sameSite('https://a.example.co.uk/', 'https://b.example.co.uk/')).toBe(true);
    expect(sameSite('https://example.co.uk/', 'https://other.co.uk/')).toBe(false);
    expect(sameSite('http://127.0.0.1:8080/a', 'http://127.0.0.1:9090/b')).toBe(true);
    expect(sameSite('http://127.0.0.1/a', 'http://127.0.0.2/b')).toBe(false);
  });

  it('a canonical URL on another site is ignored when extracting a page', () => {
    const page = articlePage({ title: 'T', paragraphs: PARAGRAPHS, canonical: 'https://victim.example/politics/a' });
    expect(extractHtmlArticle(page, { source: 's', url: 'https://attacker.example/x' }, NOW).url).toBeUndefined();
    expect(extractHtmlArticle(page, { source: 's', url: 'https://www.victim.example/amp/a' }, NOW).url).toBe(
      'https://victim.example/politics/a',
    );
  });

  it('a page cannot overwrite another site’s article by declaring its URL canonical', async () => {
    // The two loopback servers stand for two sites: they differ by host so the test uses a local alias.
    const [victim] = await ingestSources([`${other.base}/politics/fuel-duty`], opts());
    expect(victim).toMatchObject({ ok: true, status: 'added' });
    const victimId = (victim as { id: string }).id;
    // The hijacker is fetched as http://localhost:PORT — a different host from the victim's 127.0.0.1.
    const hijackUrl = `http://localhost:${new URL(server.base).port}/hijack`;
    const [hijack] = await ingestSources([hijackUrl], {
      ...opts(),
      policy: {
        ...allowOnly([server, other]),
        allowHosts: new Set([other.host, `localhost:${new URL(server.base).port}`]),
      },
    });
    expect(hijack).toMatchObject({ ok: true, status: 'added' });
    expect((hijack as { id: string }).id).not.toBe(victimId);
    const row = await new ArticleStore(store.db).get(victimId);
    expect(row?.body).toContain('freeze fuel duty');
    expect(row?.body).not.toContain('twenty pence');
  });
});

describe('title-and-date identity', () => {
  const md = (title: string, body: string) =>
    `---\ntitle: ${title}\npublished: 2025-06-01\n---\n\n${body} ${PARAGRAPHS.join(' ')}\n`;

  it('a different file with the same title and date is refused, not a silent replacement', async () => {
    const a = join(dir, 'a.md');
    const b = join(dir, 'b.md');
    writeFileSync(a, md('Budget day', 'The first file.'));
    writeFileSync(b, md('Budget day', 'A different file.'));
    const [first] = await ingestSources([a], opts());
    expect(first).toMatchObject({ ok: true, status: 'added' });
    const [second] = await ingestSources([b], opts());
    expect(second).toMatchObject({ ok: false });
    expect((second as { error: string }).error).toMatch(/same title and date was already ingested from .*a\.md/);
    const row = await new ArticleStore(store.db).get((first as { id: string }).id);
    expect(row?.body).toContain('The first file.');
    // The same file, edited, still updates its article.
    writeFileSync(a, md('Budget day', 'The first file, corrected.'));
    const [again] = await ingestSources([a], opts());
    expect(again).toMatchObject({ ok: true, status: 'updated' });
  });
});

describe('feed items', () => {
  it('a javascript: link cites no URL (none invented from the GUID)', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>https://feed.example/</link><description>d</description>
<item><title>Bad link</title><guid>item-42</guid><link>javascript:alert(1)</link></item>
<item><title>Relative GUID</title><guid>item-43</guid></item>
<item><title>Permalink GUID</title><guid>https://feed.example/a/44</guid></item></channel></rss>`;
    const { items } = parseFeedDocument(xml, 'https://feed.example/rss');
    expect(items.map((i) => i.url)).toEqual([undefined, undefined, 'https://feed.example/a/44']);
  });
});

describe('size limits', () => {
  it('an article above WHIP_MAX_ARTICLE_BYTES is refused with a clear message, nothing stored', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, `A very long report\n\n${'The committee heard evidence on the budget. '.repeat(2000)}`);
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, `Huge\n\n${'x '.repeat(300_000)}`);
    const out = await ingestSources([big, huge], { ...opts(), maxArticleBytes: 50_000 });
    expect(out[0]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^too large: 89 KB of text \(at most 50 KB; see WHIP_MAX_ARTICLE_BYTES\)/),
    });
    expect(out[1]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^too large: the file is 601 KB \(at most 200 KB for a 50 KB article/),
    });
    expect(await store.db.selectFrom('articles').select('id').execute()).toHaveLength(0);
    const [ok] = await ingestSources([big], { ...opts(), maxArticleBytes: 200_000 });
    expect(ok).toMatchObject({ ok: true });
  });

  it('a fetched page is held to the same limit after extraction', async () => {
    server.routes.set(
      '/long',
      html(articlePage({ title: 'Long', paragraphs: Array.from({ length: 400 }, (_, i) => `${PARAGRAPHS[i % 3]}`) })),
    );
    const [o] = await ingestSources([`${server.base}/long`], { ...opts(), maxArticleBytes: 10_000 });
    expect(o).toMatchObject({ ok: false, error: expect.stringMatching(/^too large: \d+ KB of text/) });
  });
});

describe('symlinks', () => {
  it('a symlink loop is named as such, and a directory link to an ancestor is not walked forever', async () => {
    const loop = join(dir, 'loop.md');
    symlinkSync(loop, loop);
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'up'));
    writeFileSync(join(dir, 'sub', 'ok.md'), `---\ntitle: Fine\n---\n\n${PARAGRAPHS.join(' ')}\n`);
    const [o] = await ingestSources([loop], opts());
    expect(o).toMatchObject({ ok: false, error: 'symlink loop' });
    const all = await ingestSources([dir], opts());
    expect(all.filter((x) => x.ok)).toHaveLength(1);
  });
});
