/**
 * The Retriever stage of the answering pipeline: from a question's search keys to a bounded list of candidate
 * sentences, which the engine then re-scores (coverage, entity agreement, years, fit) and reads.
 *
 * The contract is data in, data out, so any index can implement it with the same meaning: the in-memory one
 * (MiniSearch over the built knowledge, memoryRetriever.ts), SQLite FTS5 in the store (src/store/ftsRetriever.ts),
 * PostgreSQL tsvector/GIN in the store (src/store/pgRetriever.ts). The first two answer synchronously
 * (`Retriever`); PostgreSQL only asynchronously (`AsyncRetriever`): the engine then awaits each retrieval a
 * question needs before its synchronous stages run (Engine.settle). Two lanes, merged (term hits first, then entity hits, each sentence once):
 * - terms: content stems (already stemmed, synonyms already added, never re-tokenised), ranked by BM25 over each
 *   sentence's stems; the best `limit`.
 * - entities: the latest ENTITY_WINDOW sentences naming one of the entities, ranked by the summed weight of the
 *   question terms (or their synonyms) they hold, then by how many of the asked entities they name, then by
 *   position in the KB; the best `limit`. An index that stores no entity ids finds an entity by its names (`names`: each alias as
 *   lower-cased words, `words()` of the alias) as phrases.
 */
import type { TermWeights } from './match.js';

export interface RetrievalEntity {
  id: string;
  /** Each name or alias of the entity as `words()` tokens ("sir vince cable" -> ['sir', 'vince', 'cable']). */
  names: string[][];
}

export interface RetrievalQuery {
  /** Content stems to rank by BM25 (synonyms included). */
  terms: string[];
  /** Entities whose sentences are candidates. */
  entities: RetrievalEntity[];
  /** The question's weighted terms: rank an entity's sentences by the question words they hold. */
  weights: TermWeights['terms'];
}

/** A candidate sentence: which (article id, index in its analysis) and what it holds. */
export interface RetrievedSentence {
  article: string;
  /** Index of the sentence in its article's analysis (AnalysedSentence.i). */
  sentence: number;
  /** The lane's own score (BM25 for terms, question-term weight for entities); higher is better. */
  score: number;
  lane: 'terms' | 'entities';
}

export interface Retriever {
  /** Candidates for a question, at most `limit` per lane, synchronously (an in-process index, SQLite). */
  retrieve(query: RetrievalQuery, limit: number): RetrievedSentence[];
}

/** The same contract for an index reached over a network (PostgreSQL): the same candidates, later. */
export interface AsyncRetriever {
  retrieveAsync(query: RetrievalQuery, limit: number): Promise<RetrievedSentence[]>;
}

export function isSyncRetriever(r: Retriever | AsyncRetriever): r is Retriever {
  return typeof (r as Partial<Retriever>).retrieve === 'function';
}

/** Summed weight of the question terms (or a synonym of each) found among a sentence's stems. */
export function termWeightIn(weights: RetrievalQuery['weights'], has: (stem: string) => boolean): number {
  let score = 0;
  for (const t of weights) if (has(t.stem) || t.synonyms.some(has)) score += t.weight;
  return score;
}

/**
 * Does the space-separated token string `s` hold `token` (itself one or more space-separated tokens) as whole
 * tokens? What ` ${s} `.includes(` ${token} `) answers, without building either string (it runs for every
 * sentence of the entity window, for every question term).
 */
export function containsToken(s: string, token: string): boolean {
  if (!token.length) return false;
  for (let at = s.indexOf(token); at >= 0; at = s.indexOf(token, at + 1)) {
    const end = at + token.length;
    if ((at === 0 || s.charCodeAt(at - 1) === 32) && (end === s.length || s.charCodeAt(end) === 32)) return true;
  }
  return false;
}

/** Per asked entity it names, a sentence gains this much: ties among equal term weights go to the most named. */
export const ENTITY_TIE_BONUS = 0.01;

/**
 * The entity lane weighs only the latest this many sentences naming any asked entity ("latest": last indexed —
 * the store's sentence ids grow as articles are indexed; in memory, the knowledge's order). Why a window: ranking
 * every sentence that names a town or a minister costs in proportion to how often the name has been in the news
 * (10,000 sentences for a town at 100,000 articles: 40% of the warm ask time before this bound); the window makes
 * it cost the same as a name in 2,000. Why 2,000: a hundred times the lane's 20 picks, and months of coverage for
 * a name in the news every day; every knowledge base the quality sets build stays below it, so answers on them
 * are unchanged. Older mentions still reach the reader through the terms lane (BM25 over every sentence).
 */
export const ENTITY_WINDOW = 2000;
