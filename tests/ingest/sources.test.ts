/**
 * File sources (Markdown with front matter, plain text, HTML), validation, stable ids, dates, and the
 * all-or-nothing store: a bad source stores nothing (no article, no analysis) and the others still ingest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSER_VERSION } from '../../src/core/nlp/analyse.js';
import { articleId, buildArticle, canonicalUrl } from '../../src/ingest/article.js';
import { parseDate } from '../../src/ingest/dates.js';
import { extractHtmlArticle } from '../../src/ingest/html.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { parseMarkdownArticle, parsePlainText } from '../../src/ingest/sources.js';
import { markdownToText } from '../../src/ingest/text.js';
import { ArticleStore } from '../../src/store/articles.js';
import { FIXTURES, silentLog, type TempStore, tempStore } from './helpers.js';

const ARTICLES = join(FIXTURES, 'articles');
const NOW = new Date('2025-06-10T12:00:00Z');
const BODY = [
  'The Welsh Government will publish its plan for a new M4 relief road consultation next month, ministers in Cardiff said on Monday.',
  '“We will listen to every community along the route before anything is decided,” a Welsh Government spokeswoman said.',
  'The consultation is expected to last twelve weeks and will include public meetings in Newport and Magor.',
].join('\n\n');

let dir: string;
let store: TempStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whip-src-'));
  store = await tempStore();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('dates', () => {
  it('keeps the precision and the publisher’s calendar day', () => {
    expect(parseDate('2025-03-04', NOW)).toEqual({ published: '2025-03-04', precision: 'day' });
    expect(parseDate('2025-03-04T23:30:00-05:00', NOW)).toEqual({ published: '2025-03-04', precision: 'day' });
    expect(parseDate('Tue, 10 Jun 2025 09:00:00 GMT', NOW)).toEqual({ published: '2025-06-10', precision: 'day' });
    expect(parseDate('4 March 2025', NOW)).toEqual({ published: '2025-03-04', precision: 'day' });
    expect(parseDate('March 4th, 2025', NOW)).toEqual({ published: '2025-03-04', precision: 'day' });
    expect(parseDate('2025-03', NOW)).toEqual({ published: '2025-03', precision: 'month' });
    expect(parseDate('April 2014', NOW)).toEqual({ published: '2014-04', precision: 'month' });
    expect(parseDate(2014, NOW)).toEqual({ published: '2014', precision: 'year' });
  });
  it('rejects what is not a plausible date', () => {
    for (const bad of ['sometime', '2025-02-30', '2025-13', '31/31/2025', '3025-01-01', '', 'yesterday']) {
      expect(parseDate(bad, NOW), bad).toBeUndefined();
    }
  });
});

describe('ids', () => {
  it('come from the canonical URL when known, whatever the title', () => {
    const a = articleId({ url: 'https://News.example/politics/tram-plan/?utm_source=x#top', title: 'One' });
    const b = articleId({ url: 'https://news.example/politics/tram-plan', title: 'Two' });
    expect(a).toBe(b);
    expect(a).toMatch(/^tram-plan-[0-9a-f]{10}$/);
    expect(canonicalUrl('https://news.example/a/?utm_medium=rss&id=3')).toBe('https://news.example/a?id=3');
  });
  it('come from title and date otherwise', () => {
    const a = articleId({ title: 'Mayor backs tram plan', published: '2025-03-04' });
    expect(a).toBe(articleId({ title: '  Mayor  backs tram plan ', published: '2025-03-04' }));
    expect(a).not.toBe(articleId({ title: 'Mayor backs tram plan', published: '2025-03-05' }));
    expect(a).toMatch(/^mayor-backs-tram-plan-[0-9a-f]{10}$/);
  });
});

describe('Markdown with front matter', () => {
  it('reads the fields and the text', () => {
    const raw = parseMarkdownArticle(
      `---\ntitle: "M4 relief road: consultation to open"\nurl: https://wales.example/news/m4\npublished: 2025-05-12\npublication: The Cardiff Chronicle\nauthor: [Gwen Evans, Rhys Morgan]\n---\n\n# M4 relief road: consultation to open\n\n${BODY.replace('twelve weeks', '**twelve weeks**').replace('Newport', '[Newport](https://x.example/newport)')}\n`,
      'm4.md',
      NOW,
    );
    expect(raw).toMatchObject({
      title: 'M4 relief road: consultation to open',
      url: 'https://wales.example/news/m4',
      published: { published: '2025-05-12', precision: 'day' },
      publication: 'The Cardiff Chronicle',
      author: 'Gwen Evans and Rhys Morgan',
    });
    const a = buildArticle(raw, { source: 'm4.md', now: NOW });
    expect(a.body).toBe(`M4 relief road: consultation to open\n\n${BODY}`);
    expect(a.parts).toEqual({ headline: 'M4 relief road: consultation to open' });
    expect(a.inferred).toBe(false);
    expect(a.origin).toBe('ingested');
  });

  it('reduces Markdown to the text a reader sees', () => {
    expect(
      markdownToText(
        '## A *big* [win](http://x) for `them`\n\n> “Quote,” she said.\n\n- one\n- two\n\n---\n\nsnake_case stays',
      ),
    ).toBe('A big win for them\n\n“Quote,” she said.\n\none\ntwo\n\nsnake_case stays');
  });

  it.each([
    ['unparseable YAML', '---\ntitle: "unclosed\npublished: 2025-01-01\n---\n', /malformed front matter/],
    ['a YAML list instead of fields', '---\n- a\n- b\n---\n', /malformed front matter: expected fields/],
    ['no closing ---', '---\ntitle: Something\n\nText that never ends the front matter.\n', /no closing ---/],
    ['a title that is not text', '---\ntitle: [a, b]\n---\n', /`title` must be text/],
    ['a bad date', '---\ntitle: A title\npublished: last Tuesday\n---\n', /`published` "last Tuesday" is not a date/],
    ['a bad url', '---\ntitle: A title\nurl: not-a-url\n---\n', /`url` must be an http\(s\) URL/],
    [
      'JavaScript front matter',
      '---js\n{ title: (() => { throw new Error("ran") })() }\n---\n',
      /malformed front matter: only YAML/,
    ],
  ])('rejects %s with a clear error', (_what, front, re) => {
    expect(() => parseMarkdownArticle(`${front}\n${BODY}\n`, 'bad.md', NOW)).toThrow(re);
  });

  it('without a title field, takes the first heading', () => {
    const raw = parseMarkdownArticle(`# Heading title\n\n${BODY}`, 'x.md', NOW);
    expect(raw.title).toBe('Heading title');
    expect(buildArticle(raw, { source: 'x.md', now: NOW }).body.startsWith('Heading title\n\nThe Welsh')).toBe(true);
  });
});

describe('plain text and HTML files', () => {
  it('plain text: first line is the title; no date, so the ingestion date, inferred, with a note', () => {
    const a = buildArticle(parsePlainText(`M4 consultation to open\n\n${BODY}\n`), { source: 'm4.txt', now: NOW });
    expect(a.title).toBe('M4 consultation to open');
    expect(a).toMatchObject({ published: '2025-06-10', precision: 'day', inferred: true, url: null });
    expect(a.note).toMatch(/no publication date.*ingestion date \(2025-06-10\)/);
  });

  it('plain text: a line after the title that is only a date is the publication date, not text', () => {
    for (const dateline of ['2 December 2024', 'Monday, 2 December 2024', '2024-12-02', 'December 2, 2024']) {
      const raw = parsePlainText(`M4 consultation to open\n${dateline}\n\n${BODY}\n`, NOW);
      const a = buildArticle(raw, { source: 'm4.txt', now: NOW });
      expect(a).toMatchObject({ published: '2024-12-02', precision: 'day', inferred: false, note: null });
      expect(a.body).not.toContain(dateline);
      expect(a.body.split('\n\n')[1]).toBe(BODY.split('\n\n')[0]);
    }
    // A blank line between title and dateline is the same dateline; a month alone is a month's precision.
    expect(parsePlainText(`Title\n\nMarch 2025\n\n${BODY}`, NOW).published).toEqual({
      published: '2025-03',
      precision: 'month',
    });
  });

  it('Markdown without a date in its front matter: a dateline opening the text is its date', () => {
    const raw = parseMarkdownArticle(`# M4 consultation to open\n\n3 June 2025\n\n${BODY}\n`, 'm4.md', NOW);
    expect(raw.published).toEqual({ published: '2025-06-03', precision: 'day' });
    expect(raw.paragraphs.join('\n')).not.toContain('3 June 2025');
    // The front matter's date wins; the line stays text.
    const fm = parseMarkdownArticle(
      `---\npublished: 2025-06-01\n---\n# Title\n\n3 June 2025\n\n${BODY}\n`,
      'x.md',
      NOW,
    );
    expect(fm.published).toEqual({ published: '2025-06-01', precision: 'day' });
    expect(fm.paragraphs.join('\n')).toContain('3 June 2025');
  });

  it('plain text: a sentence that starts with a date, or an implausible date, is text and no dateline', () => {
    for (const first of [
      '2 December 2024 was the day the Welsh Government opened its consultation on the new road.',
      '2 December 2099',
      'Updated: see below',
    ]) {
      const raw = parsePlainText(`M4 consultation to open\n${first}\n\n${BODY}\n`, NOW);
      expect(raw.published).toBeUndefined();
      expect(raw.paragraphs[0]).toContain(first);
    }
  });

  it('HTML: Readability main text, metadata from meta tags, byline and page furniture dropped', async () => {
    const { readFileSync } = await import('node:fs');
    const raw = extractHtmlArticle(
      readFileSync(join(ARTICLES, 'northern-arc-shelved.html'), 'utf8'),
      { source: 'x.html' },
      NOW,
    );
    expect(raw).toMatchObject({
      title: 'Treasury set to shelve Northern Arc rail link',
      url: 'https://www.westminstercourier.example/news/treasury-shelve-northern-arc',
      published: { published: '2025-03-18', precision: 'day' },
      publication: 'The Westminster Courier',
      author: 'James Okafor',
      captions: ['Hull Paragon station, the planned eastern end of the line'],
    });
    const text = raw.paragraphs.join('\n');
    expect(text).toContain(
      '“The money simply isn’t there for the Northern Arc, whatever the Department for Transport says,” a senior Treasury source said.',
    );
    expect(text).not.toMatch(/Most read|All rights reserved|Home \|/);
    expect(raw.paragraphs[0]).not.toMatch(/^By /);
  });

  it('HTML with no article body is refused', () => {
    const page =
      '<html><head><title>Cookies</title></head><body><nav>Home | News</nav><div>Accept cookies?</div></body></html>';
    expect(() =>
      buildArticle(extractHtmlArticle(page, { source: 'empty.html' }, NOW), { source: 'empty.html', now: NOW }),
    ).toThrow(/no article text/);
  });
});

describe('ingesting into the store', () => {
  it('is all-or-nothing per source: bad ones store nothing, good ones in the same run still ingest', async () => {
    const good = file('good.md', `---\ntitle: M4 consultation to open\npublished: 2025-05-12\n---\n${BODY}\n`);
    const bad = file('bad.md', '---\ntitle: "broken\n---\nbody\n');
    const empty = file('empty.html', '<html><body><nav>Home</nav></body></html>');
    const short = file('short.txt', 'A title\n\nToo short to be an article.');
    const missing = join(dir, 'missing.md');
    const before = await store.db.selectFrom('articles').select('id').execute();
    const out = await ingestSources([bad, good, empty, short, missing], {
      db: store.db,
      log: silentLog,
      timeoutMs: 1000,
      now: () => NOW,
    });
    expect(out.map((o) => o.ok)).toEqual([false, true, false, false, false]);
    expect(out[0]).toMatchObject({ source: bad, error: expect.stringMatching(/malformed front matter/) });
    expect(out[2]).toMatchObject({ source: empty, error: expect.stringMatching(/no article text/) });
    expect(out[3]).toMatchObject({ source: short, error: expect.stringMatching(/no article text/) });
    expect(out[4]).toMatchObject({ source: missing, error: 'no such file' });
    const after = await store.db.selectFrom('articles').select('id').execute();
    expect(after.length).toBe(before.length + 1);
    // The good article was analysed and its analysis saved with it.
    const ok = out[1] as { id: string };
    const row = await new ArticleStore(store.db).get(ok.id);
    expect(row?.origin).toBe('ingested');
    const analyses = await store.db.selectFrom('article_analysis').selectAll().execute();
    expect(analyses.map((a) => a.article_id).sort()).toEqual(after.map((a) => a.id).sort());
    expect(await new ArticleStore(store.db).analysis(ok.id, row?.content_hash ?? '', ANALYSER_VERSION)).toBeTruthy();
  }, 60_000);

  it('re-ingesting the same article updates it instead of duplicating it', async () => {
    const p = file(
      'reingest.md',
      `---\ntitle: Senedd votes on M4 plan\nurl: https://wales.example/news/senedd-m4\npublished: 2025-05-20\n---\n${BODY}\n`,
    );
    const first = await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => NOW });
    expect(first[0]).toMatchObject({ ok: true, status: 'added' });
    const n = (await store.db.selectFrom('articles').select('id').execute()).length;
    const again = await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => NOW });
    expect(again[0]).toMatchObject({ ok: true, status: 'unchanged' });
    // Corrected copy, new title, same URL: the same article, updated.
    writeFileSync(
      p,
      `---\ntitle: Senedd backs M4 plan\nurl: https://wales.example/news/senedd-m4?utm_source=rss\npublished: 2025-05-20\n---\n${BODY}\n\nThe vote was 31 to 29.\n`,
    );
    const later = new Date('2025-06-11T09:00:00Z');
    const updated = await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => later });
    expect(updated[0]).toMatchObject({
      ok: true,
      status: 'updated',
      id: (first[0] as { id: string }).id,
      title: 'Senedd backs M4 plan',
    });
    expect((await store.db.selectFrom('articles').select('id').execute()).length).toBe(n);
    const row = await new ArticleStore(store.db).get((first[0] as { id: string }).id);
    expect(row?.title).toBe('Senedd backs M4 plan');
    expect(row?.added_at).toBe(NOW.toISOString());
    expect(row?.updated_at).toBe(later.toISOString());
    const analysis = await new ArticleStore(store.db).analysis(
      row?.id ?? '',
      row?.content_hash ?? '',
      ANALYSER_VERSION,
    );
    expect(analysis).toContain('The vote was 31 to 29.');
  }, 60_000);

  it('an undated file keeps the date it was first ingested with', async () => {
    const p = file('undated.txt', `Undated story about the M4\n\n${BODY}\n`);
    const first = await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => NOW });
    const later = await ingestSources([p], {
      db: store.db,
      timeoutMs: 1000,
      now: () => new Date('2025-07-01T00:00:00Z'),
    });
    expect(first[0]).toMatchObject({ ok: true, status: 'added', published: '2025-06-10', inferred: true });
    expect(later[0]).toMatchObject({
      ok: true,
      status: 'unchanged',
      id: (first[0] as { id: string }).id,
      published: '2025-06-10',
    });
  }, 60_000);

  it('a file first ingested undated, then with a dateline, is replaced, not kept twice', async () => {
    const p = file('dateline.txt', `Senedd clears M4 relief road\n\n${BODY}\n`);
    const first = await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => NOW });
    expect(first[0]).toMatchObject({ ok: true, status: 'added', inferred: true });
    const n = (await store.db.selectFrom('articles').select('id').execute()).length;
    writeFileSync(p, `Senedd clears M4 relief road\n3 June 2025\n\n${BODY}\n`);
    const dated = await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => NOW });
    expect(dated[0]).toMatchObject({ ok: true, published: '2025-06-03', inferred: false });
    const ids = (await store.db.selectFrom('articles').select('id').execute()).map((r) => r.id);
    expect(ids.length).toBe(n);
    expect(ids).toContain((dated[0] as { id: string }).id);
    expect(ids).not.toContain((first[0] as { id: string }).id);
    // Another file with the same title and no dateline is not that copy: it stays.
    const other = file('dateline-other.txt', `Senedd clears M4 relief road\n\n${BODY}\n`);
    expect((await ingestSources([other], { db: store.db, timeoutMs: 1000, now: () => NOW }))[0]).toMatchObject({
      ok: true,
      status: 'added',
    });
    writeFileSync(p, `Senedd clears M4 relief road\n4 June 2025\n\n${BODY}\n`);
    await ingestSources([p], { db: store.db, timeoutMs: 1000, now: () => NOW });
    expect((await store.db.selectFrom('articles').select('id').execute()).length).toBe(n + 2);
  }, 60_000);

  it('expands directories to the article files in them', async () => {
    const out = await ingestSources([ARTICLES], { db: store.db, timeoutMs: 1000, now: () => NOW });
    expect(out.map((o) => o.source.split('/').pop())).toEqual([
      'northern-arc-approved.md',
      'northern-arc-shelved.html',
      'wokingham-north-by-election.txt',
    ]);
    expect(out.every((o) => o.ok)).toBe(true);
  }, 60_000);
});
