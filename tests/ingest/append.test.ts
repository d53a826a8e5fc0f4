/**
 * Appending newly ingested articles to the running knowledge (issue #12): the appended engine answers as a full
 * rebuild does, leaves the engine it came from untouched, and refuses whatever only a rebuild can do right.
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
import { appendNewArticles, loadKnowledge } from '../../src/kb/runtime.js';
import { ArticleStore } from '../../src/store/articles.js';
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

  it('appends a new article: answers as a full rebuild, the old engine untouched', async () => {
    const before = s.engine as Engine;
    const n = before.k.articles.length;
    const entities = before.k.entities.size;
    expect(await appendNewArticles(before, { db: s.db, kbDir: s.kbDir })).toBeUndefined(); // nothing new
    const id = await ingest('fenmoor.md', article('2026-11-28', 'Quillon Farthingale', 'Fenmoor'));
    const appended = await appendNewArticles(before, { db: s.db, kbDir: s.kbDir });
    if (!appended) throw new Error('an article published after all others is appended');
    expect(appended.k.articles.map((a) => a.id)).toEqual([...before.k.articles.map((a) => a.id), id]);
    expect(before.k.articles.length).toBe(n);
    expect(before.k.entities.size).toBe(entities);
    expect([...appended.k.entities.keys()]).toContain('auto-quillon-farthingale');
    expect([...before.k.entities.keys()]).not.toContain('auto-quillon-farthingale');

    const full = await loadKnowledge({ db: s.db, log: silentLog, ...(s.kbDir ? { kbDir: s.kbDir } : {}) });
    const questions = [...QUESTIONS, ...loadCases(join('tests', 'data', 'seed-dev.jsonl')).map((c) => c.q)];
    const differing = questions.filter(
      (q) => JSON.stringify(toJsonContract(appended.ask(q), q)) !== JSON.stringify(toJsonContract(full.ask(q), q)),
    );
    expect(differing).toEqual([]);
    expect(JSON.stringify(appended.ask(QUESTIONS[0] as string))).toMatch(/leader of Fenmoor council/);
    expect(JSON.stringify(before.ask(QUESTIONS[0] as string))).not.toMatch(/leader of Fenmoor council/);
    expect([...appended.k.entities.keys()]).toEqual([...full.k.entities.keys()]);
    expect(derivedOf(appended.k)).toEqual(derivedOf(full.k));
    s.engine = appended;
  }, 120_000);

  it('the reloader serves the appended engine while the full rebuild runs, then the rebuilt one', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let rebuilding = false;
    const reloader = new KnowledgeReloader(s, {
      append: (x) => appendNewArticles(x.engine, { db: x.db, kbDir: x.kbDir }),
      load: async (x) => {
        rebuilding = true;
        await held;
        return loadKnowledge({ db: x.db, log: silentLog, ...(x.kbDir ? { kbDir: x.kbDir } : {}) });
      },
    });
    await reloader.init();
    const id = await ingest('wrenhaven.md', article('2026-11-29', 'Tamsin Ollerenshaw', 'Wrenhaven'));
    const check = reloader.check();
    while (!rebuilding) await new Promise((r) => setTimeout(r, 5));
    // The full rebuild has not finished, yet the new article answers.
    expect(s.engine.k.articles.some((a) => a.id === id)).toBe(true);
    expect(JSON.stringify(s.engine.ask('Who is Tamsin Ollerenshaw?'))).toMatch(/leader of Wrenhaven council/);
    const appended = s.engine;
    release();
    expect(await check).toBe(true);
    expect(s.engine).not.toBe(appended);
    expect(s.engine.k.articles.map((a) => a.id)).toEqual(appended.k.articles.map((a) => a.id));
  }, 120_000);

  it('refuses what only a rebuild does right: an earlier article, a changed one, a removed one', async () => {
    const current = s.engine as Engine;
    // Published before the last known article: it belongs in the middle, where appending cannot put it.
    const early = await ingest('early.md', article('2001-02-03', 'Orla Penhaligon', 'Tregarth'));
    expect(await appendNewArticles(current, { db: s.db, kbDir: s.kbDir })).toBeUndefined();
    const rebuilt = await loadKnowledge({ db: s.db, log: silentLog, ...(s.kbDir ? { kbDir: s.kbDir } : {}) });
    expect(rebuilt.k.articleById.has(early)).toBe(true);
    // Removed since: the count of articles falls short.
    await new ArticleStore(s.db).remove(early);
    expect(await appendNewArticles(rebuilt, { db: s.db, kbDir: s.kbDir })).toBeUndefined();
    // Changed since: a known article with new content.
    const again = await loadKnowledge({ db: s.db, log: silentLog, ...(s.kbDir ? { kbDir: s.kbDir } : {}) });
    await ingest('fenmoor.md', article('2026-11-28', 'Quillon Farthingale', 'Fenmoor').replace('buses', 'trams'));
    expect(await appendNewArticles(again, { db: s.db, kbDir: s.kbDir })).toBeUndefined();
  }, 120_000);
});
