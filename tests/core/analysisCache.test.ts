/**
 * Analyses read on demand (issue #12): the LRU holds at most its capacity, and knowledge built over the store's
 * analyses through a tiny LRU answers exactly as knowledge holding every analysis in the heap.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { AnalysisLru, EMPTY_ANALYSIS } from '../../src/core/answer/analyses.js';
import { Engine } from '../../src/core/answer/engine.js';
import { buildKnowledge, type Knowledge } from '../../src/core/answer/knowledge.js';
import { correctTerm } from '../../src/core/answer/match.js';
import { ANALYSER_VERSION, type ArticleAnalysis } from '../../src/core/nlp/analyse.js';
import { toJsonContract } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import type { PreparedInput } from '../../src/kb/snapshot.js';
import { analysesInHeap, storeAnalyses } from '../../src/store/analysisReader.js';
import { openDatabase, storeFile } from '../../src/store/db.js';
import { storeRetriever } from '../../src/store/ftsRetriever.js';
import { silentLog } from '../ingest/helpers.js';
import { derivedOf } from '../support/knowledge.js';
import { loadCases } from '../support/score.js';

const NEWS_SETS = ['other', 'other2', 'other3'];

const analysis = (people: string[]): ArticleAnalysis => ({ ...EMPTY_ANALYSIS, version: 1, people });

describe('AnalysisLru', () => {
  it('holds at most its capacity, evicting the least recently used, and reloads what it evicted', () => {
    const store = new Map(['a', 'b', 'c', 'd'].map((id) => [id, analysis([id])]));
    const loaded: string[] = [];
    const lru = new AnalysisLru(
      {
        has: (id) => store.has(id),
        load: (id) => {
          loaded.push(id);
          return store.get(id);
        },
      },
      2,
    );
    expect(lru.get('a')?.people).toEqual(['a']);
    expect(lru.get('b')?.people).toEqual(['b']);
    expect(lru.get('a')?.people).toEqual(['a']); // a hit: a is now the most recently used
    expect(lru.get('c')?.people).toEqual(['c']); // evicts b, not a
    expect(lru.size).toBe(2);
    expect(lru.get('a')?.people).toEqual(['a']);
    expect(lru.get('b')?.people).toEqual(['b']);
    expect(loaded).toEqual(['a', 'b', 'c', 'b']);
    expect(lru.loads).toBe(4);
    // Hits on the newest entry move nothing; the order still follows every read.
    lru.get('b');
    lru.get('b');
    lru.get('a'); // a is the most recent again
    lru.get('d'); // evicts b
    lru.get('a');
    expect(loaded).toEqual(['a', 'b', 'c', 'b', 'd']);
    lru.forget('a');
    lru.get('a');
    expect(loaded).toEqual(['a', 'b', 'c', 'b', 'd', 'a']);
    expect(lru.get('zz')).toBeUndefined();
    expect(lru.size).toBe(2);
    expect(lru.loads).toBe(7);
    expect(() => new AnalysisLru({ has: () => false, load: () => undefined }, 0)).toThrow(RangeError);
  });
});

describe('knowledge over the store through a bounded LRU', () => {
  let dir: string;
  let s: Services;
  let input: PreparedInput;
  let snapshot: PreparedInput;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whip-analyses-'));
    // The seed KB plus the news sets' articles: enough articles for a cache of three to churn.
    const db = await openDatabase(storeFile(dir));
    try {
      const outcomes = await ingestSources(
        NEWS_SETS.map((set) => join('tests', 'data', set, 'articles')),
        { db, timeoutMs: 20_000 },
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
    } finally {
      await db.destroy();
    }
    s = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }), { log: silentLog });
    // What the snapshot holds (written by the start above): the curated layer, without analyses or articles (a
    // knowledge over SQLite reads its articles from the store); the articles, as a full build orders them.
    snapshot = (JSON.parse(readFileSync(join(dir, 'kb-snapshot.json'), 'utf8')) as { input: PreparedInput }).input;
    const articles = (JSON.parse(JSON.stringify(s.engine.k.articles)) as PreparedInput['articles']).sort((a, b) =>
      a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    input = { ...snapshot, articles };
  }, 120_000);

  afterAll(async () => {
    await closeServices(s);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the prepared-KB snapshot holds no analyses, and over SQLite no articles', () => {
    expect(input.articles.length).toBeGreaterThan(3);
    expect(snapshot.articles).toEqual([]);
    expect(snapshot.entities.length).toBeGreaterThan(3);
    expect(Object.keys(snapshot)).not.toContain('analyses');
  });

  it('answers every seed and news question exactly as knowledge with every analysis in the heap', async () => {
    const CAPACITY = 3;
    const lru = storeAnalyses(s.db, ANALYSER_VERSION, CAPACITY);
    expect(lru).toBeDefined();
    const heap = await analysesInHeap(s.db, ANALYSER_VERSION);
    expect(heap.size).toBe(input.articles.length);
    const retriever = storeRetriever(s.db);
    if (!lru || !retriever) throw new Error('a SQLite store reads analyses and retrieves itself');
    const bounded = new Engine(await buildKnowledge({ ...input, analyses: lru }, { sentenceIndex: false }), retriever);
    const inHeap = new Engine(await buildKnowledge({ ...input, analyses: heap }, { sentenceIndex: false }), retriever);
    const questions = [
      ...['seed-dev', 'seed-heldout', 'seed-heldout2', 'seed-heldout3'].map((f) => `${f}.jsonl`),
      ...NEWS_SETS.map((set) => join(set, 'questions.jsonl')),
    ].flatMap((f) => loadCases(join('tests', 'data', f)).map((c) => c.q));
    expect(questions.length).toBeGreaterThan(200);
    let differing = 0;
    for (const q of questions) {
      const a = JSON.stringify(toJsonContract(bounded.ask(q), q));
      const b = JSON.stringify(toJsonContract(inHeap.ask(q), q));
      if (a !== b) differing++;
      expect(lru.size).toBeLessThanOrEqual(CAPACITY);
    }
    expect(differing).toBe(0);
    // The tiny cache really was exercised: far more reads than it holds.
    expect(lru.loads).toBeGreaterThan(input.articles.length);
    // Listings and profiles too (they walk quotes, descriptions and sentences).
    expect(bounded.sources().text).toBe(inHeap.sources().text);
    expect([...bounded.k.entities.keys()]).toEqual([...inHeap.k.entities.keys()]);
    expect(derivedOf(bounded.k)).toEqual(derivedOf(inHeap.k));
  }, 120_000);

  it('the knowledge derived into the store (what a start reads) is the one a heap build derives, and answers alike', async () => {
    const heap = await analysesInHeap(s.db, ANALYSER_VERSION);
    const retriever = storeRetriever(s.db);
    if (!retriever) throw new Error('a SQLite store retrieves itself');
    const stored = s.engine as Engine;
    const inHeap = new Engine(await buildKnowledge({ ...input, analyses: heap }, { sentenceIndex: false }), retriever);
    // Same articles in the same order, same entities, and per sentence, quote and term the same derived facts.
    expect(stored.k.articles.map((a) => a.id)).toEqual(inHeap.k.articles.map((a) => a.id));
    expect([...stored.k.entities.keys()]).toEqual([...inHeap.k.entities.keys()]);
    expect([...stored.k.entities.values()].map((e) => [e.aliases, e.found ?? []])).toEqual(
      [...inHeap.k.entities.values()].map((e) => [e.aliases, e.found ?? []]),
    );
    expect(derivedOf(stored.k)).toEqual(derivedOf(inHeap.k));
    for (const ai of stored.k.articles.keys())
      expect([...(stored.k.articleTopics(ai) ?? [])].sort()).toEqual([...(inHeap.k.articleTopics(ai) ?? [])].sort());
    const questions = [
      ...['seed-dev', 'seed-heldout', 'seed-heldout2', 'seed-heldout3'].map((f) => `${f}.jsonl`),
      join('paraphrase-dev', 'questions.jsonl'),
      ...NEWS_SETS.map((set) => join(set, 'questions.jsonl')),
    ].flatMap((f) => loadCases(join('tests', 'data', f)).map((c) => c.q));
    const differing = questions.filter(
      (q) => JSON.stringify(toJsonContract(stored.ask(q), q)) !== JSON.stringify(toJsonContract(inHeap.ask(q), q)),
    );
    expect(differing).toEqual([]);
    // Typo correction takes the first of equally close words in the vocabulary's order: the store keeps a build's.
    const typos = [...new Set(questions.flatMap((q) => q.toLowerCase().match(/[a-z]{6,}/g) ?? []))].flatMap((w) => [
      w.slice(0, -1),
      `${w.slice(0, 3)}${w.slice(4)}`,
      `${w.slice(0, -2)}x${w.slice(-1)}`,
    ]);
    const corrected = typos.filter((w) => correctTerm(w, inHeap.k) !== undefined);
    expect(corrected.length).toBeGreaterThan(100);
    expect(typos.map((w) => correctTerm(w, stored.k))).toEqual(typos.map((w) => correctTerm(w, inHeap.k)));
    expect(stored.sources().text).toBe(inHeap.sources().text);
    // The bounded reads: a speaker's latest quotes, distinct spokesmen, descriptions by word.
    const ids = (qs: readonly { id: string }[]) => qs.map((q) => q.id);
    const keys = ['spokesman', ...inHeap.k.entities.keys()];
    // Filed under a key (by speaker, about an entity): the latest `n` are the last n of all, on both.
    const latestOf = (read: (k: Knowledge, key: string, latest?: number) => readonly { id: string }[], n: number) => {
      const filed = keys.filter((key) => read(inHeap.k, key).length > n);
      expect(filed.length).toBeGreaterThan(3);
      for (const key of filed) {
        const all = ids(read(inHeap.k, key));
        expect(ids(read(inHeap.k, key, n))).toEqual(all.slice(-n));
        expect(ids(read(stored.k, key, n))).toEqual(all.slice(-n));
        expect(ids(read(stored.k, key))).toEqual(all);
      }
    };
    latestOf((k, key, latest) => k.quotes.bySpeaker(key, latest), 1);
    latestOf((k, key, latest) => k.quotes.about(key, latest), 2);
    const every = ids(inHeap.k.quotes.all());
    expect(every.length).toBeGreaterThan(10);
    for (const n of [1, 5, every.length - 1, every.length + 1]) {
      expect(ids(inHeap.k.quotes.all(n))).toEqual(every.slice(-n));
      expect(ids(stored.k.quotes.all(n))).toEqual(every.slice(-n));
    }
    // Distinct spokesmen: every curated one and those of the latest `within` found quotes.
    for (const [limit, within] of [
      [2, 10_000],
      [50, 10_000],
      [50, 1],
      [50, 0],
    ] as const)
      expect(stored.k.quotes.speakers('spokesman', limit, within)).toEqual(
        inHeap.k.quotes.speakers('spokesman', limit, within),
      );
    expect(inHeap.k.quotes.speakers('spokesman', 50, 10_000).length).toBeGreaterThan(
      inHeap.k.quotes.speakers('spokesman', 50, 1).length,
    );
    for (const words of [['leader'], ['secretary'], ['minister'], ['mayor'], ['chairman'], ['shadow', 'secretary']])
      expect(JSON.stringify(stored.k.descriptions(words))).toBe(JSON.stringify(inHeap.k.descriptions(words)));
    // Every word held: fewer than either word alone, more than none.
    const both = inHeap.k.descriptions(['shadow', 'secretary']);
    expect(both.length).toBeGreaterThan(0);
    expect(both.length).toBeLessThan(inHeap.k.descriptions(['secretary']).length);
    expect(both.every((d) => d.words.includes('shadow') && d.words.includes('secretary'))).toBe(true);
    expect(stored.k.descriptions([])).toEqual([]);
    // Whether an entity is described at all, without reading its descriptions.
    const described = [...inHeap.k.entities.keys()].map((id) => inHeap.k.isDescribed(id));
    expect([...inHeap.k.entities.keys()].map((id) => stored.k.isDescribed(id))).toEqual(described);
    expect(new Set(described)).toEqual(new Set([true, false]));
    expect(stored.k.isDescribed('no-such-entity')).toBe(false);
    // Listings and profiles read quotes by speaker, by topic and every description found.
    for (const e of ['Ed Miliband', 'Nick Clegg', 'Labour', 'Vince Cable']) {
      expect(JSON.stringify(stored.profile(e))).toBe(JSON.stringify(inHeap.profile(e)));
      expect(JSON.stringify(stored.quotes({ speaker: e }))).toBe(JSON.stringify(inHeap.quotes({ speaker: e })));
    }
    expect(JSON.stringify(stored.quotes({ topic: 'coalition' }))).toBe(
      JSON.stringify(inHeap.quotes({ topic: 'coalition' })),
    );
    expect(JSON.stringify(stored.quotes({}))).toBe(JSON.stringify(inHeap.quotes({})));
  }, 120_000);
});
