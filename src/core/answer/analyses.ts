/**
 * Where the knowledge reads its articles' analyses (issue #12): all of them in the heap (a Map: tests, PostgreSQL
 * for now) or read on demand from the store through a bounded LRU, so the heap holds only the articles recently
 * answered from however large the knowledge base grows. The core never sees the store: the store hands in a
 * synchronous loader (src/store/analysisReader.ts, better-sqlite3), so answering stays synchronous.
 */
import type { ArticleAnalysis } from '../nlp/analyse.js';

/** The names an analysis found (people, organisations, places): all the first pass of the build reads. */
export type AnalysisNames = Pick<ArticleAnalysis, 'people' | 'orgs' | 'places'>;

export interface AnalysisSource {
  /** Whether the article has an analysis (an article without one is left out of the knowledge). */
  has(id: string): boolean;
  /** The article's analysis; undefined when it has none (any more: removed since the knowledge was built). */
  get(id: string): ArticleAnalysis | undefined;
  /** Only the names found in the article, when the source can read them without the rest (faster). */
  names?(id: string): AnalysisNames | undefined;
  /** Drop what is cached of an article whose content changed. */
  forget?(id: string): void;
}

/**
 * Analyses kept per process by default: one ask reads the articles of at most a few dozen candidate sentences
 * (20 per retrieval lane, the reader's top five, the lanes' descriptions), so this keeps the articles of the last
 * hundred-odd questions warm, at about 10 KiB of heap each (98 MiB for 10,000 measured): ~20 MiB.
 */
export const ANALYSIS_CACHE_ARTICLES = 2000;

/**
 * A bounded least-recently-used cache in front of a loader. A Map keeps insertion order: a hit is moved to the
 * end, and the first entry is the least recently used.
 */
export class AnalysisLru implements AnalysisSource {
  private readonly cache = new Map<string, ArticleAnalysis>();
  /** The key inserted last (the end of the Map's order), while it is in the cache. */
  private newest?: string;
  /** Loads from the loader (misses): lets tests and benchmarks see that the bound holds. */
  loads = 0;

  constructor(
    private readonly loader: {
      has(id: string): boolean;
      load(id: string): ArticleAnalysis | undefined;
      names?(id: string): AnalysisNames | undefined;
    },
    readonly capacity = ANALYSIS_CACHE_ARTICLES,
  ) {
    if (capacity < 1) throw new RangeError('an analysis cache holds at least one article');
    const names = loader.names?.bind(loader);
    if (names) this.names = (id) => this.cache.get(id) ?? names(id);
  }

  names?: (id: string) => AnalysisNames | undefined;

  has(id: string): boolean {
    return this.cache.has(id) || this.loader.has(id);
  }

  get(id: string): ArticleAnalysis | undefined {
    const hit = this.cache.get(id);
    if (hit) {
      // Already the most recent (an answer reads one article many times in a row): nothing to move. Moving it
      // anyway re-inserts into the Map, whose table V8 then reallocates every few reads: garbage on every answer.
      if (this.newest !== id) {
        this.cache.delete(id);
        this.cache.set(id, hit);
        this.newest = id;
      }
      return hit;
    }
    const loaded = this.loader.load(id);
    this.loads++;
    if (!loaded) return undefined;
    if (this.cache.size >= this.capacity) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(id, loaded);
    this.newest = id;
    return loaded;
  }

  /** Drop an article's analysis (its content changed: the next read loads the new one). */
  forget(id: string): void {
    this.cache.delete(id);
    if (this.newest === id) this.newest = undefined;
  }

  /** Analyses held now (at most `capacity`). */
  get size(): number {
    return this.cache.size;
  }
}

/** What an article removed since the knowledge was built reads as until the next reload: nothing. */
export const EMPTY_ANALYSIS: ArticleAnalysis = Object.freeze({
  version: 0,
  sentences: [],
  quotes: [],
  people: [],
  orgs: [],
  places: [],
  descriptions: [],
}) as ArticleAnalysis;
