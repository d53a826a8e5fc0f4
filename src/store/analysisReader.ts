/**
 * Articles' analyses for the knowledge (src/core/answer/analyses.ts), read from the store's article_analysis
 * table (issue #12):
 * - SQLite: on demand, synchronously on the store's own better-sqlite3 connection, through a bounded LRU — the
 *   heap holds the analyses of the articles recently answered from, not all of them (98 MiB per 10,000 articles).
 * - PostgreSQL: all of them read into the heap once per build (its driver is asynchronous and answering is not);
 *   bounded there too once answering can wait for the store (issue #13).
 * Only analyses of the current analyser version for the article's current content count (what prepareInput in
 * src/kb/runtime.ts brings up to date before every build).
 */
import type Database from 'better-sqlite3';
import { ANALYSIS_CACHE_ARTICLES, AnalysisLru, type AnalysisNames } from '../core/answer/analyses.js';
import type { ArticleAnalysis } from '../core/nlp/analyse.js';
import { type Db, sqliteHandleOf } from './db.js';

/** Ids of the articles whose stored analysis is of `version` and of their current content. */
export async function currentAnalysisIds(db: Db, version: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('article_analysis as x')
    .innerJoin('articles as a', (j) =>
      j.onRef('a.id', '=', 'x.article_id').onRef('a.content_hash', '=', 'x.content_hash'),
    )
    .select('x.article_id as id')
    .where('x.version', '=', version)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Every current analysis, parsed (PostgreSQL, whose reads cannot be synchronous). */
export async function analysesInHeap(db: Db, version: number): Promise<Map<string, ArticleAnalysis>> {
  const rows = await db
    .selectFrom('article_analysis as x')
    .innerJoin('articles as a', (j) =>
      j.onRef('a.id', '=', 'x.article_id').onRef('a.content_hash', '=', 'x.content_hash'),
    )
    .select(['x.article_id as id', 'x.data as data'])
    .where('x.version', '=', version)
    .execute();
  return new Map(rows.map((r) => [r.id, JSON.parse(r.data) as ArticleAnalysis]));
}

/**
 * The store's analyses read on demand through an LRU of `capacity` articles, or undefined on PostgreSQL. Which
 * articles have one is read once, now; an article not among them is looked up when asked about. An analysis is read by article id, so between a change and the reload that follows it an article reads as its
 * newest analysis, or as none once removed.
 */
export function storeAnalyses(db: Db, version: number, capacity = ANALYSIS_CACHE_ARTICLES): AnalysisLru | undefined {
  const sqlite = sqliteHandleOf(db);
  return sqlite ? new AnalysisLru(new SqliteAnalyses(sqlite, version), capacity) : undefined;
}

class SqliteAnalyses {
  private readonly ids = new Set<string>();
  private readonly one: Database.Statement<[string, number], { data: string }>;
  private readonly current: Database.Statement<[string, number], { id: string }>;
  private readonly namesOf: Database.Statement<[string, number], { people: string; orgs: string; places: string }>;

  constructor(sqlite: Database.Database, version: number) {
    this.version = version;
    this.current = sqlite.prepare(`
      select x.article_id as id from article_analysis x
      join articles a on a.id = x.article_id and a.content_hash = x.content_hash
      where x.article_id = ? and x.version = ?`);
    this.one = sqlite.prepare('select data from article_analysis where article_id = ? and version = ?');
    // The first pass of the build needs only the names: SQLite extracts them without parsing the rest in JS.
    this.namesOf = sqlite.prepare(`
      select json_extract(data, '$.people') as people, json_extract(data, '$.orgs') as orgs,
        json_extract(data, '$.places') as places
      from article_analysis where article_id = ? and version = ?`);
  }

  private readonly version: number;

  /**
   * Whether the article has a current analysis, looked up on first ask and remembered (reading every id up front
   * cost a second at 100,000 articles, for a start that asks about none of them).
   */
  has(id: string): boolean {
    if (this.ids.has(id)) return true;
    if (!this.current.get(id, this.version)) return false;
    this.ids.add(id);
    return true;
  }

  load(id: string): ArticleAnalysis | undefined {
    const row = this.one.get(id, this.version);
    return row ? (JSON.parse(row.data) as ArticleAnalysis) : undefined;
  }

  names(id: string): AnalysisNames | undefined {
    const row = this.namesOf.get(id, this.version);
    if (!row) return undefined;
    const list = (json: string | null) => (json ? (JSON.parse(json) as string[]) : []);
    return { people: list(row.people), orgs: list(row.orgs), places: list(row.places) };
  }
}
