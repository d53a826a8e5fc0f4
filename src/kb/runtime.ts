/**
 * Outside src/core because it wires the core to the store and to ingestion.
 *
 * Build the answer engine from the bundled KB and the store: check the curated layer (problems are reported as
 * `file:line: message` and cost only the broken items), sync bundled articles into the store, analyse any
 * article whose analysis is missing or stale (cached per content hash), then build the knowledge. On SQLite the
 * analyses stay in the store and are read on demand through a bounded LRU (src/store/analysisReader.ts); on
 * PostgreSQL they are read into the heap.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisSource } from '../core/answer/analyses.js';
import { Engine } from '../core/answer/engine.js';
import { buildKnowledge, type CuratedLayer, type Knowledge } from '../core/answer/knowledge.js';
import type { AsyncRetriever, Retriever } from '../core/answer/retriever.js';
import type { AnswerEngine } from '../core/answer/types.js';
import { KbProblem } from '../core/kb/errors.js';
import { defaultKbDir } from '../core/kb/paths.js';
import { ANALYSER_VERSION, analyseArticle } from '../core/nlp/analyse.js';
import { pacer } from '../core/pace.js';
import type { Logger } from '../log.js';
import { analysesInHeap, currentAnalysisIds, storeAnalyses } from '../store/analysisReader.js';
import { ArticleStore } from '../store/articles.js';
import type { Db } from '../store/db.js';
import { sqliteHandleOf } from '../store/db.js';
import { metaOf, unanalysedArticles } from '../store/derived.js';
import { FtsRetriever, storeRetriever } from '../store/ftsRetriever.js';
import { RowsRetriever } from '../store/rowsRetriever.js';
import { indexedArticles } from '../store/sentenceIndex.js';
import { storeKnowledge } from './derive.js';
import { kbFilesStamp, type PreparedInput, SnapshotCache } from './snapshot.js';

export interface LoadOptions {
  db: Db;
  log: Logger;
  kbDir?: string;
  /** Where to report KB problems as plain `file:line: message` lines (default stderr). */
  report?: (problem: KbProblem) => void;
  /** Where to keep the prepared-KB snapshot that makes later starts fast (default: none). */
  snapshotDir?: string;
}

export async function loadKnowledge(opts: LoadOptions): Promise<Engine> {
  // The checker (YAML, zod) and the NLP pipeline load only when the snapshot cannot be used.
  const dir = opts.kbDir ?? defaultKbDir();
  const report = opts.report ?? ((x: KbProblem) => process.stderr.write(`kb: ${x.toString()}\n`));
  const store = new ArticleStore(opts.db);
  // Where the store stands before anything is read from it (appendNewArticles starts from there).
  const mark = await storeMark(opts.db, dir);
  // Fast path: nothing changed since the last start (same kb/ files, same stored articles) -> reuse the snapshot.
  // Over SQLite the snapshot is the curated layer alone (the articles are read from the store's derived rows): it
  // stays good across article changes, as long as every article is analysed (analysing is the slow path's job).
  const sqlite = sqliteHandleOf(opts.db);
  const snapshots = opts.snapshotDir ? new SnapshotCache(opts.snapshotDir) : undefined;
  const fingerprint = snapshots ? await snapshots.fingerprint(dir, store, !sqlite) : '';
  const cached = snapshots?.load(fingerprint);
  if (cached && !(sqlite && unanalysedArticles(sqlite, ANALYSER_VERSION))) {
    for (const p of cached.problems) report(p);
    return engineOf(cached.input, opts.db, mark);
  }
  await ingestUnlisted(dir, opts.db, opts.log, report);
  const { input, problems, mark: prepared } = await prepareInput(dir, opts.db, store, opts.log);
  for (const p of problems) report(p);
  if (problems.length)
    opts.log.warn({ problems: problems.length, dir }, 'knowledge base has problems; broken items skipped');
  // Syncing bundled articles may have changed the store: fingerprint again after it. Over SQLite the knowledge
  // reads its articles from the store's derived rows: the snapshot keeps only the curated layer.
  const saved = sqlite ? { ...input, articles: [] } : input;
  if (snapshots) snapshots.save(await snapshots.fingerprint(dir, store, !sqlite), saved, problems);
  const engine = await engineOf(input, opts.db, prepared);
  opts.log.debug({ articles: engine.k.articles.length, claims: engine.k.claims.length }, 'knowledge loaded');
  return engine;
}

/**
 * The engine retrieves through the store's index (SQLite FTS5; PostgreSQL tsvector/GIN, awaited through
 * Engine.settle), and then no sentence index is built in the heap; else (a closed store) through MiniSearch in
 * memory. Analyses likewise: read from the store on demand where it can be read synchronously (SQLite), else
 * held in the heap (PostgreSQL).
 */
async function engineOf(input: PreparedInput, db: Db, mark?: StoreMark): Promise<Engine> {
  const retriever = storeRetriever(db);
  const stored = storeAnalyses(db, ANALYSER_VERSION);
  const sqlite = sqliteHandleOf(db);
  if (stored && sqlite && retriever && mark) {
    // SQLite: the derived knowledge lives in the store; what is new is derived now, the rest is read on demand.
    const k = await storeKnowledge(sqlite, curatedOf(input), stored);
    const engine = new Engine(k, retrieverFor(db, k, retriever));
    storedFrom.set(engine, { ...mark, source: stored, curated: curatedOf(input) });
    return engine;
  }
  const analyses = stored ?? (await analysesInHeap(db, ANALYSER_VERSION));
  const knowledge = await buildKnowledge({ ...input, analyses }, { sentenceIndex: !retriever });
  return retriever ? new Engine(knowledge, retriever) : new Engine(knowledge);
}

/**
 * A SQLite knowledge base of at most this many sentences (a few dozen news articles) is searched through the
 * store's index rows held in the heap (RowsRetriever: read once per engine, FTS5's meaning and the same ranking
 * code); a larger one through FTS5 itself. Each FTS5 statement costs a fixed ~40–100 µs however few rows it
 * returns, and a question runs two to four: on the one-article seed KB that was half of a warm answer
 * (`BENCH=core`). Measured at the bound (1,008 rows, seed sentences repeated): ~2.3 MiB of heap, ~15 ms to read
 * and index when the engine is made (after every change to the knowledge) — the bound keeps that, and the scans of
 * whole posting lists the heap index makes, small.
 */
export const HEAP_INDEX_SENTENCES = 1000;

/** The retriever an engine over `k` uses: the store's, or for a small SQLite KB its rows in the heap. */
export function retrieverFor(
  db: Db,
  k: Knowledge,
  store: Retriever | AsyncRetriever,
  bound = HEAP_INDEX_SENTENCES,
): Retriever | AsyncRetriever {
  const sqlite = sqliteHandleOf(db);
  return sqlite && store instanceof FtsRetriever && k.sentences.count <= bound ? new RowsRetriever(sqlite) : store;
}

/**
 * Where the store stood when an engine's knowledge was read from it, for appendNewArticles: the latest
 * article change (ISO time), how many articles there were, and the kb/ files' stamp.
 */
interface StoreMark {
  updatedAt: string;
  count: number;
  kbFiles: string;
}

/** Engines over the store's derived knowledge (SQLite), with the curated layer they were built with. */
const storedFrom = new WeakMap<Engine, StoreMark & { source: AnalysisSource; curated: CuratedLayer }>();

/** Engines appendNewArticles made that are exactly what a full load would make: no rebuild needs to follow. */
const exact = new WeakSet<AnswerEngine>();

/** Whether `engine` (from appendNewArticles) is what a full load would make, so no rebuild needs to follow. */
export function isExact(engine: AnswerEngine): boolean {
  return exact.has(engine);
}

function curatedOf(input: PreparedInput): CuratedLayer {
  return { entities: input.entities, scenarios: input.scenarios, claims: input.claims, quotes: input.quotes };
}

/** Read before the articles are, so that any change made while the knowledge is built counts as after it. */
async function storeMark(db: Db, kbDir: string): Promise<StoreMark> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.max('updated_at').as('updatedAt'), eb.fn.countAll<number>().as('count')])
    .executeTakeFirst();
  return { updatedAt: String(row?.updatedAt ?? ''), count: Number(row?.count ?? 0), kbFiles: kbFilesStamp(kbDir) };
}

/**
 * The fast path of a reload (issue #12), for an engine over the store's derived knowledge (SQLite): when the kb/
 * files are as they were and every article is analysed, the articles added, changed or removed since `current`
 * was built are derived (only those: what was derived before stays in the store) and a new engine is made over
 * the result — exactly what a full load would make now, in well under a second plus the new articles' share.
 * Undefined when nothing changed, or when only a full load will do (kb/ files changed, an article to analyse, an
 * engine not over the store).
 */
export async function appendNewArticles(
  current: AnswerEngine,
  opts: { db: Db; kbDir?: string },
): Promise<Engine | undefined> {
  const dir = opts.kbDir ?? defaultKbDir();
  const stored = current instanceof Engine ? storedFrom.get(current) : undefined;
  const sqlite = sqliteHandleOf(opts.db);
  const retriever = storeRetriever(opts.db);
  if (!stored || !sqlite || !retriever) return undefined;
  if (kbFilesStamp(dir) !== stored.kbFiles || unanalysedArticles(sqlite, ANALYSER_VERSION)) return undefined;
  const mark = await storeMark(opts.db, dir);
  if (mark.updatedAt === stored.updatedAt && mark.count === stored.count) return undefined;
  const k = await storeKnowledge(sqlite, stored.curated, stored.source);
  const engine = new Engine(k, retrieverFor(opts.db, k, retriever));
  storedFrom.set(engine, { ...stored, ...mark });
  exact.add(engine);
  return engine;
}

/**
 * Article files dropped into kb/articles/ without an entry in articles.yaml are part of the KB too: they are
 * ingested the way `whip ingest kb/articles/FILE` would (title from the first line, no date of their own), once
 * per content — an unchanged file is not ingested again. A file that cannot be read is reported like any other
 * KB problem and skipped.
 */
async function ingestUnlisted(dir: string, db: Db, log: Logger, report: (p: KbProblem) => void): Promise<void> {
  const articlesDir = join(dir, 'articles');
  if (!existsSync(articlesDir)) return;
  const { listedArticleFiles } = await import('../core/kb/load.js');
  const listed = listedArticleFiles(dir);
  const unlisted = readdirSync(articlesDir)
    .filter((f) => /\.(?:txt|md|markdown|html?)$/i.test(f) && !listed.has(`articles/${f}`))
    .sort()
    .map((f) => join(articlesDir, f));
  if (!unlisted.length) return;
  const { ingestSources } = await import('../ingest/ingest.js');
  for (const outcome of await ingestSources(unlisted, { db, timeoutMs: 10_000 })) {
    if (!outcome.ok) report(new KbProblem(outcome.source, 1, `not added to the knowledge base: ${outcome.error}`));
  }
  log.debug({ files: unlisted.length }, 'article files without an articles.yaml entry ingested');
}

/** Check kb/, sync bundled articles into the store, analyse what is new: everything buildKnowledge needs. */
async function prepareInput(
  dir: string,
  db: Db,
  store: ArticleStore,
  log: Logger,
): Promise<{ input: PreparedInput; problems: KbProblem[]; mark: StoreMark }> {
  const { loadAndCheck } = await import('../core/kb/check.js');
  const { kb, problems } = loadAndCheck(dir);
  const bundledIds = new Set<string>();
  for (const a of kb.articles) {
    bundledIds.add(a.meta.id);
    await store.upsert({
      id: a.meta.id,
      origin: 'bundled',
      title: a.meta.title,
      publication: a.meta.publication?.name ?? null,
      publicationConfirmed: a.meta.publication?.confirmed ?? false,
      published: a.meta.published.date,
      precision: a.meta.published.precision,
      inferred: /infer/i.test(a.meta.published.note ?? '') || a.meta.published.confidence !== 'high',
      note: a.meta.published.note ?? null,
      author: a.meta.author,
      url: a.meta.url,
      body: a.text,
      parts: a.meta.parts,
    });
  }
  // The store answers synchronously under its promises: yield to the event loop now and then (see pace.ts).
  const pace = pacer();
  // After syncing the bundled articles, before listing: where the knowledge built from this listing starts.
  const mark = await storeMark(db, dir);
  // Ids and origins only: reading every article's body (a GB at 100,000 articles) is for the few to analyse.
  const rows = await db.selectFrom('articles').select(['id', 'origin']).execute();
  // Bundled articles removed from kb/ leave the store too (ingested ones stay).
  for (const r of rows)
    if (r.origin === 'bundled' && !bundledIds.has(r.id) && !problems.length) await store.remove(r.id);

  const live = rows.filter((r) => r.origin !== 'bundled' || bundledIds.has(r.id));
  // Which analyses are current is one query: the analyses themselves are read only by the build (on SQLite one
  // at a time, never all at once).
  const current = await currentAnalysisIds(db, ANALYSER_VERSION);
  // A store made before the retrieval index existed (migration 008): index the analyses it already holds.
  const indexed = await indexedArticles(db);
  for (const { id } of live) {
    await pace();
    if (current.has(id) && indexed.has(id)) continue;
    const r = await store.get(id);
    if (!r) continue;
    if (current.has(id)) {
      const cached = await store.analysis(r.id, r.content_hash, ANALYSER_VERSION);
      if (cached) {
        await store.indexAnalysis(r.id, cached);
        continue;
      }
    }
    const analysis = await analyseArticle(r.body, JSON.parse(r.parts_json));
    await store.saveAnalysis(r.id, r.content_hash, ANALYSER_VERSION, JSON.stringify(analysis));
  }
  log.debug({ articles: live.length }, 'articles prepared');
  // Over SQLite the knowledge reads its articles from the store's derived rows; elsewhere they are listed here.
  const liveIds = new Set(live.map((r) => r.id));
  const listed = sqliteHandleOf(db)
    ? []
    : (await store.listPaged(500, () => new Promise<void>((r) => setImmediate(r)))).filter((r) => liveIds.has(r.id));
  return {
    problems,
    mark,
    input: {
      articles: listed.map(metaOf),
      entities: kb.entities.map((e) => e.value),
      scenarios: kb.scenarios.map((s) => s.value),
      claims: kb.claims.map((c) => c.value),
      quotes: kb.quotes.map((q) => q.value),
    },
  };
}
