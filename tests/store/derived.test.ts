/**
 * The derived knowledge in the store (migration 011, issue #12): a save on top of a state another derivation has
 * moved past writes nothing; a change of basis (curated layer, analyser) derives everything again; term counts
 * follow the sentence index through changes and removals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { loadKnowledge } from '../../src/kb/runtime.js';
import { ArticleStore } from '../../src/store/articles.js';
import { sqliteHandleOf } from '../../src/store/db.js';
import { derivedState, resetIfBasisChanged, saveDerived } from '../../src/store/derived.js';
import { silentLog } from '../ingest/helpers.js';

const ARTICLE = `---
title: Ysolde Marchbank to chair the Caerwen harbour board
published: 2026-11-20
publication: The Caerwen Gazette
---

Ysolde Marchbank, the former harbour master, will chair the Caerwen harbour board from January, the council
said on Tuesday. "We will dredge the channel first, and then we will talk to the fishing fleet about the fees,"
Ms Marchbank said. The board meets monthly in the old customs house on the quay.
`;

describe('derived knowledge in the store', () => {
  let dir: string;
  let s: Services;
  const count = (table: string) =>
    (sqliteHandleOf(s.db)?.prepare(`select count(*) as n from ${table}`).get() as { n: number } | undefined)?.n;
  const df = (term: string, kind: string) =>
    (
      sqliteHandleOf(s.db)?.prepare('select df from kb_terms where term = ? and kind = ?').get(term, kind) as
        | { df: number }
        | undefined
    )?.df ?? 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whip-derived-'));
    s = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }), { log: silentLog });
  }, 120_000);

  afterAll(async () => {
    await closeServices(s);
    rmSync(dir, { recursive: true, force: true });
  });

  const load = () => loadKnowledge({ db: s.db, log: silentLog, ...(s.kbDir ? { kbDir: s.kbDir } : {}) });

  it('a save on top of a state that has moved on writes nothing', async () => {
    const sqlite = sqliteHandleOf(s.db);
    if (!sqlite) throw new Error('a SQLite store');
    const before = derivedState(sqlite);
    const articles = count('kb_derived_articles');
    expect(articles).toBeGreaterThan(0);
    // Another derivation (a second process) takes a new article first.
    const path = join(dir, 'caerwen.md');
    writeFileSync(path, ARTICLE);
    const [o] = await ingestSources([path], { db: s.db, timeoutMs: 10_000 });
    if (!o?.ok) throw new Error('ingested');
    const engine = await load();
    expect(engine.k.articleById.has(o.id)).toBe(true);
    expect(count('kb_derived_articles')).toBe(articles + 1);
    // This one's save, derived from the older state, is refused whole.
    const stale = {
      articles: [{ id: o.id, ents: [], topics: [] }],
      quotes: [],
      found: [],
      entities: [{ id: 'auto-x', type: 'person' as const, name: 'X Y', aliases: [] }],
      names: [],
      titleTerms: ['zzz'],
    };
    expect(saveDerived(sqlite, stale, before.mark, new Map())).toBe(false);
    expect(count('kb_derived_articles')).toBe(articles + 1);
    expect(count("kb_auto_entities where id = 'auto-x'")).toBe(0);
    expect(count("kb_terms where term = 'zzz'")).toBe(0);
  }, 120_000);

  it('another basis derives everything again, to the same rows', async () => {
    const sqlite = sqliteHandleOf(s.db);
    if (!sqlite) throw new Error('a SQLite store');
    const rows = () =>
      sqlite.prepare('select article_id, seq, ents, topics from kb_derived_articles order by seq').all();
    const quotes = () => sqlite.prepare('select id, seq, n, speaker from kb_found_quotes order by seq, n').all();
    const before = { rows: rows(), quotes: quotes(), entities: count('kb_auto_entities') };
    expect(resetIfBasisChanged(sqlite, 'another curated layer')).toBe(true);
    expect(count('kb_derived_articles')).toBe(0);
    expect(count('kb_found_quotes')).toBe(0);
    await load();
    expect({ rows: rows(), quotes: quotes(), entities: count('kb_auto_entities') }).toEqual(before);
    expect(before.quotes.length).toBeGreaterThan(0);
  }, 120_000);

  it('term counts follow the sentence index: a changed article, then a removed one', async () => {
    const path = join(dir, 'caerwen.md');
    expect(df('dredge', 'w')).toBe(1);
    expect(df('channel', 'w')).toBe(1);
    writeFileSync(path, ARTICLE.replace('dredge the channel', 'widen the slipway'));
    const [o] = await ingestSources([path], { db: s.db, timeoutMs: 10_000 });
    if (!o?.ok) throw new Error('ingested');
    expect(df('dredge', 'w')).toBe(0);
    expect(df('slipway', 'w')).toBe(1);
    const engine = await load();
    expect(JSON.stringify(engine.k.articleById.get(o.id)?.analysis.sentences)).toMatch(/slipway/);
    await new ArticleStore(s.db).remove(o.id);
    expect(df('slipway', 'w')).toBe(0);
    expect(count(`kb_derived_articles where article_id = '${o.id}'`)).toBe(0);
    expect(count(`kb_found_quotes where article_id = '${o.id}'`)).toBe(0);
    expect((await load()).k.articleById.has(o.id)).toBe(false);
  }, 120_000);
});
