import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/renderText.js';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import type { Services } from '../../src/core/services.js';
import { collectDigest, digestWindow, renderDigest } from '../../src/digest/compose.js';
import { createLogger } from '../../src/log.js';
import { ArticleStore } from '../../src/store/articles.js';
import { addArticle, claim, fakeKnowledge, fieldsText, quote, type TestEnv, testEnv } from './helpers.js';

const DAY = 86_400_000;
const UNTIL = '2026-01-10T08:00:00.000Z';
const opts = { timezone: 'Europe/London', lookbackDays: 7 } as const;

describe('digest window', () => {
  it('a first digest covers the look-back window; later ones start at the last digest', () => {
    expect(digestWindow(null, UNTIL, 7)).toEqual({
      since: new Date(Date.parse(UNTIL) - 7 * DAY).toISOString(),
      until: UNTIL,
      first: true,
    });
    expect(digestWindow('2026-01-09T08:00:00.000Z', UNTIL, 7)).toEqual({
      since: '2026-01-09T08:00:00.000Z',
      until: UNTIL,
      first: false,
    });
  });
});

describe('composition', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv();
    await addArticle(env.db, 'old', '2025-12-01T00:00:00.000Z', { title: 'Old news' });
    await addArticle(env.db, 'recent', '2026-01-06T09:00:00.000Z', {
      title: 'Pact talks resume',
      publication: 'The Guardian',
    });
    await addArticle(env.db, 'today', '2026-01-10T07:00:00.000Z', { title: 'Clegg to stay' });
    await addArticle(env.db, 'future', '2026-01-10T09:00:00.000Z', { title: 'After the slot' });
  });
  afterAll(() => env.cleanup());

  const k = () =>
    fakeKnowledge(
      [
        { id: 'old', addedAt: '2025-12-01T00:00:00.000Z' },
        { id: 'recent', addedAt: '2026-01-06T09:00:00.000Z' },
        { id: 'today', addedAt: '2026-01-10T07:00:00.000Z' },
        { id: 'future', addedAt: '2026-01-10T09:00:00.000Z' },
      ],
      [
        claim('c-old', 'old'),
        claim('c-new-1', 'today', {
          statement: 'Clegg would stay Deputy Prime Minister',
          proposition: 'clegg-stays',
          stance: 'for',
        }),
        claim('c-new-2', 'recent', { kind: 'role' }),
        claim('c-new-3', 'recent'),
        claim('c-new-4', 'recent'),
        // "clegg-stays" was one-sided before; the new article adds the other side -> newly contested.
        claim('c-against-old', 'old', { statement: 'Clegg would go', proposition: 'clegg-stays', stance: 'against' }),
        // Already contested before the window: not "newly" contested.
        claim('p2-for', 'old', { proposition: 'p2', stance: 'for' }),
        claim('p2-against', 'old', { proposition: 'p2', stance: 'against' }),
        claim('p2-more', 'today', { proposition: 'p2', stance: 'for' }),
      ],
      [
        quote('q-old', 'old'),
        quote('q-anon', 'today', {
          speaker: { kind: 'anonymous', description: 'senior Labour figures' },
          curated: false,
        }),
        quote('q-named', 'recent', { text: '“We will work with anyone”' }),
      ],
    );

  it('lists only what was added in the window, with claims, quotes and newly contested questions', async () => {
    const content = await collectDigest(new ArticleStore(env.db), k(), digestWindow(null, UNTIL, 7));
    expect(content.articles.map((a) => a.id)).toEqual(['recent', 'today']);
    expect(content.totals.claims).toBe(5);
    expect(content.claims.map((c) => c.id)).toHaveLength(3);
    expect(content.claims.map((c) => c.id)).not.toContain('c-old');
    // newest article first
    expect(content.claims[0]?.id).toMatch(/c-new-1|p2-more/);
    expect(content.quotes.map((q) => q.id)).toEqual(['q-named', 'q-anon']);
    expect(content.contested.map((c) => c.proposition)).toEqual(['clegg-stays']);
  });

  it('renders an info reply with fields and citations (attribution on every item)', async () => {
    const kn = k();
    const content = await collectDigest(new ArticleStore(env.db), kn, digestWindow(null, UNTIL, 7));
    const reply = renderDigest(content, kn, { ...opts, whenEmpty: 'skip' });
    expect(reply).not.toBeNull();
    if (!reply) return;
    expect(reply.kind).toBe('info');
    const text = fieldsText(reply);
    expect(text).toContain('the last 7 days');
    expect(text).toContain('“Pact talks resume” — The Guardian, 2 January 2026');
    expect(text).toContain('“Clegg to stay” — The Test Gazette');
    expect(text).not.toContain('Old news');
    expect(text).not.toContain('After the slot');
    expect(text).toMatch(/New claims \(top 3 of 5\)/);
    expect(text).toContain('according to senior Labour figures (anonymous)');
    expect(text).toContain('“We will work with anyone” — Ed Miliband');
    expect(text).toContain('senior Labour figures (anonymous)');
    expect(text).toMatch(
      /Newly contested: • For: Clegg would stay Deputy Prime Minister .*\n {2}Against: Clegg would go/,
    );
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(reply.citations.length).toBeLessThanOrEqual(6);
    expect(reply.citations[0]).toMatchObject({ title: expect.any(String), asOf: expect.any(String) });
    expect(reply.citations.some((c) => c.attribution?.includes('according to'))).toBe(true);
    for (const f of reply.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
  });

  it('a later digest covers only what is new since the last one', async () => {
    const kn = k();
    const content = await collectDigest(
      new ArticleStore(env.db),
      kn,
      digestWindow('2026-01-08T00:00:00.000Z', UNTIL, 7),
    );
    expect(content.articles.map((a) => a.id)).toEqual(['today']);
    const reply = renderDigest(content, kn, { ...opts, whenEmpty: 'skip' });
    expect(fieldsText(reply as NonNullable<typeof reply>)).toContain(
      'since the last digest (Thu 8 Jan 2026, 00:00 GMT)',
    );
  });

  it('nothing new: skip -> null, note -> a short note', async () => {
    const window = digestWindow('2026-01-10T07:30:00.000Z', UNTIL, 7);
    const content = await collectDigest(new ArticleStore(env.db), k(), window);
    expect(renderDigest(content, k(), { ...opts, whenEmpty: 'skip' })).toBeNull();
    const note = renderDigest(content, k(), { ...opts, whenEmpty: 'note' });
    expect(note?.title).toBe('Digest: nothing new');
    expect(note?.text).toBe('Nothing new in the knowledge base since the last digest (Sat 10 Jan 2026, 07:30 GMT).');
  });

  it('works without the engine’s knowledge (articles only)', async () => {
    const content = await collectDigest(new ArticleStore(env.db), undefined, digestWindow(null, UNTIL, 7));
    const reply = renderDigest(content, undefined, { ...opts, whenEmpty: 'skip' });
    expect(content.claims).toEqual([]);
    expect(reply?.fields?.map((f) => f.name)).toEqual(['New articles (2)']);
  });
});

describe('composition over the bundled knowledge base', () => {
  let services: Services;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whip-digest-kb-'));
    services = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
      log: createLogger('silent'),
    });
  }, 60_000);
  afterAll(async () => {
    await closeServices(services);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a first digest after start reports the bundled article with cited, attributed claims and quotes', async () => {
    const k = services.engine.k;
    const added = k.articles[0]?.addedAt as string;
    const window = digestWindow(null, Date.parse(added) + 60_000, 7);
    const content = await collectDigest(new ArticleStore(services.db), k, window);
    expect(content.articles).toHaveLength(k.articles.length);
    expect(content.claims.length).toBeGreaterThan(0);
    expect(content.quotes.length).toBeGreaterThan(0);
    const reply = renderDigest(content, k, { ...opts, whenEmpty: 'skip' });
    const text = renderText(reply as NonNullable<typeof reply>);
    expect(text).toContain('Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact');
    expect(text).toContain('The Daily Telegraph');
    expect(text).toContain('according to');
    expect(text).toContain('Sources:');
  });
});
