/**
 * Taking changes to the articles into the running knowledge (issue #12): only what changed is derived into the
 * store, the new engine answers as a full derivation does, and the engine it came from is left untouched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import type { Engine } from '../../src/core/answer/engine.js';
import { toJsonContract } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { KnowledgeReloader } from '../../src/ingest/reload.js';
import { appendNewArticles, isExact, loadKnowledge } from '../../src/kb/runtime.js';
import { ArticleStore } from '../../src/store/articles.js';
import { sqliteHandleOf } from '../../src/store/db.js';
import { resetIfBasisChanged } from '../../src/store/derived.js';
import { derivedOf } from '../support/knowledge.js';
import { loadCases } from '../support/score.js';
import { silentLog } from './helpers.js';

const article = (published: string, name: string, place: string) => `---
title: ${name} named chair of the ${place} transport board
published: ${published}
publication: The ${place} Courier
---

${name}, the former leader of ${place} council, was named chair of the ${place} transport board on Tuesday. Mr ${name.split(' ')[1]} said the board would publish its first plan for ${place} in the spring, and that buses would come first.
`;

const QUESTIONS = [
  'Who is Quillon Farthingale?',
  'Who chairs the Fenmoor transport board?',
  'What will the Fenmoor transport board publish in the spring?',
  'What did Mr Farthingale say?',
];

describe('appendNewArticles', () => {
  let dir: string;
  let s: Services;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whip-append-'));
    s = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }), { log: silentLog });
  }, 120_000);

  afterAll(async () => {
    await closeServices(s);
    rmSync(dir, { recursive: true, force: true });
  });

  const ingest = async (file: string, text: string): Promise<string> => {
    const path = join(dir, file);
    writeFileSync(path, text);
    const [o] = await ingestSources([path], { db: s.db, timeoutMs: 10_000 });
    if (!o?.ok) throw new Error(`not ingested: ${JSON.stringify(o)}`);
    return o.id;
  };

  /** A full derivation of every article in one batch (what a first start does), as an engine. */
  const fullyDerived = async () => {
    const sqlite = sqliteHandleOf(s.db);
    if (!sqlite) throw new Error('a SQLite store');
    resetIfBasisChanged(sqlite, 'another basis: derive everything again');
    return loadKnowledge({ db: s.db, log: silentLog, ...(s.kbDir ? { kbDir: s.kbDir } : {}) });
  };
  const answers = (e: Engine, questions: string[]) => questions.map((q) => JSON.stringify(toJsonContract(e.ask(q), q)));

  it('appends a new article by deriving it alone: as a full derivation, the old engine untouched', async () => {
    const before = s.engine as Engine;
    const n = before.k.articles.length;
    const entities = before.k.entities.size;
    expect(await appendNewArticles(before, { db: s.db, kbDir: s.kbDir })).toBeUndefined(); // nothing new
    const id = await ingest('fenmoor.md', article('2026-11-28', 'Quillon Farthingale', 'Fenmoor'));
    const appended = await appendNewArticles(before, { db: s.db, kbDir: s.kbDir });
    if (!appended) throw new Error('a new article is appended');
    expect(isExact(appended)).toBe(true);
    expect(appended.k.articles.map((a) => a.id)).toEqual([...before.k.articles.map((a) => a.id), id]);
    expect(before.k.articles.length).toBe(n);
    expect(before.k.entities.size).toBe(entities);
    expect([...appended.k.entities.keys()]).toContain('auto-quillon-farthingale');
    expect([...before.k.entities.keys()]).not.toContain('auto-quillon-farthingale');
    expect(JSON.stringify(appended.ask(QUESTIONS[0] as string))).toMatch(/leader of Fenmoor council/);
    expect(JSON.stringify(before.ask(QUESTIONS[0] as string))).not.toMatch(/leader of Fenmoor council/);

    const full = await fullyDerived();
    const questions = [...QUESTIONS, ...loadCases(join('tests', 'data', 'seed-dev.jsonl')).map((c) => c.q)];
    expect(answers(appended, questions)).toEqual(answers(full, questions));
    expect([...appended.k.entities.keys()]).toEqual([...full.k.entities.keys()]);
    expect(derivedOf(appended.k)).toEqual(derivedOf(full.k));
    s.engine = full;
  }, 120_000);

  it('the reloader takes an ingested article by appending alone: no full load follows', async () => {
    const reloader = new KnowledgeReloader(s, {
      append: (x) => appendNewArticles(x.engine, { db: x.db, kbDir: x.kbDir }),
      load: async () => {
        throw new Error('a full load was not needed');
      },
    });
    await reloader.init();
    const id = await ingest('wrenhaven.md', article('2026-11-29', 'Tamsin Ollerenshaw', 'Wrenhaven'));
    expect(await reloader.check()).toBe(true);
    expect(s.engine.k.articles.some((a) => a.id === id)).toBe(true);
    expect(JSON.stringify(s.engine.ask('Who is Tamsin Ollerenshaw?'))).toMatch(/leader of Wrenhaven council/);
    expect(await reloader.check()).toBe(false); // nothing changed since
  }, 120_000);

  it('takes an earlier article, a changed one and a removed one by deriving only what changed', async () => {
    let current = s.engine as Engine;
    const next = async () => {
      const e = await appendNewArticles(current, { db: s.db, kbDir: s.kbDir });
      if (!e) throw new Error('the change is appended');
      current = e;
      return e;
    };
    // Published before every other article: derived after them all the same.
    const early = await ingest('early.md', article('2001-02-03', 'Orla Penhaligon', 'Tregarth'));
    expect((await next()).k.articles.at(-1)?.id).toBe(early);
    expect(JSON.stringify(current.ask('Who is Orla Penhaligon?'))).toMatch(/leader of Tregarth council/);
    // Changed: the article's new content replaces what was derived from the old one.
    const fenmoor = await ingest(
      'fenmoor.md',
      article('2026-11-28', 'Quillon Farthingale', 'Fenmoor').replace('buses', 'trams'),
    );
    await next();
    expect(current.k.articles.filter((a) => a.id === fenmoor)).toHaveLength(1);
    const text = JSON.stringify(current.k.articleById.get(fenmoor)?.analysis.sentences);
    expect(text).toMatch(/trams/);
    expect(text).not.toMatch(/buses/);
    expect(current.k.sentences.count).toBe(current.k.articles.reduce((n, a) => n + a.analysis.sentences.length, 0));
    expect(JSON.stringify(current.ask(QUESTIONS[0] as string))).toMatch(/leader of Fenmoor council/);
    // Removed: its sentences, quotes and descriptions leave with it.
    await new ArticleStore(s.db).remove(early);
    await next();
    expect(current.k.articleById.has(early)).toBe(false);
    expect(current.k.quotes.ofArticle(early)).toEqual([]);
    expect(current.k.entities.get('auto-orla-penhaligon')?.found).toBeUndefined();
    expect(JSON.stringify(current.ask('Who is Orla Penhaligon?'))).not.toMatch(/Tregarth/);
  }, 120_000);
});
