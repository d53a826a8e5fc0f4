/**
 * The Retriever stage as the engine uses it: a question's search keys (its informative words and entities),
 * the Retriever's hits (retriever.ts: in memory, SQLite FTS5 or PostgreSQL) turned into the knowledge's sentence
 * ids, and settle(), which lets the synchronous stages after it run over an asynchronous retriever.
 */

import { BoundedMemo } from '../memo.js';
import { words } from '../nlp/terms.js';
import type { Knowledge } from './knowledge.js';
import type { TermWeights } from './match.js';
import { MemoryRetriever } from './memoryRetriever.js';
import type { ParsedQuestion } from './parse.js';
import {
  type AsyncRetriever,
  ENTITY_TIE_BONUS,
  isSyncRetriever,
  type RetrievalQuery,
  type RetrievedSentence,
  type Retriever,
  termWeightIn,
} from './retriever.js';

/**
 * Passes of settle() before it gives up: a question retrieves once or twice (quote lane, evidence lane) and
 * `claims` asks once more; the bound only turns a replay that never settles (a bug) into an error.
 */
const SETTLE_PASSES_MAX = 16;

/**
 * Articles whose stems are memoised (each a few hundred strings): the articles of the last few hundred questions.
 * Unbounded, per-article memos held most of a running bot's 1 GB after 1,000 questions at 100,000 articles.
 */
export const ARTICLE_MEMO = 5000;

/** Thrown inside a settle() pass at a retrieval not fetched yet: settle awaits it and runs the pass again. */
class RetrievalPending extends Error {
  constructor(
    readonly key: string,
    readonly query: RetrievalQuery,
    readonly limit: number,
  ) {
    super('retrieval pending (an engine call made through settle() outside it?)');
  }
}

/**
 * Sentences of the question's best article added to the candidates (Search.expandArticle). Each value retrained
 * (session 15, `npm run train` + `npm run eval` over fresh caches, development rows of 940): 4 → 553 (ten more
 * reader traps, SQuAD training below always-abstain), 8 → 556, 16 → 553. Two articles with 4 each gained three
 * answers at 8's weights but, retrained, answered nine more traps: one article.
 */
const ARTICLE_SENTENCES = 8;

export class Search {
  constructor(
    private readonly k: Knowledge,
    private readonly retriever: Retriever | AsyncRetriever = new MemoryRetriever(k),
  ) {}

  /**
   * Candidate sentences for a question: the best by BM25 over its informative words, plus the sentences naming
   * its people, parties, places or roles ranked by the question words they contain. Hits the built knowledge does
   * not hold (an article another process just added, not loaded yet) are skipped until the next reload.
   */
  retrieve(p: ParsedQuestion, weights: TermWeights, limit: number): { id: number }[] {
    const { terms, ents } = retrievalKeys(p, weights, this.k);
    const entities = ents.map((id) => ({ id, names: this.namesOf(id) }));
    const out: { id: number }[] = [];
    for (const hit of this.retrieved({ terms, entities, weights: weights.terms }, limit)) {
      const ai = this.articleIndexOf(hit.article);
      const first = ai >= 0 ? this.k.sentences.first(ai) : -1;
      const id = first + hit.sentence;
      // The index may hold a newer version of the article than the one loaded: only a sentence it has.
      if (first >= 0 && this.k.sentences.ref(id)?.article === ai) out.push({ id });
    }
    this.expandArticle(p, weights, out);
    return out;
  }

  /**
   * The article the question is most about, read further (DrQA's document stage, in small): of the articles the
   * hits come from, the one holding the largest weight of the question's words anywhere (title and every sentence;
   * ties: the most hits), and its sentences holding the most of that weight join the candidates. A sentence that
   * shares only a common word with the question ("a private group of 17 Labour MPs" for "how many MPs were in the
   * WhatsApp group?") is outranked by every other article's sentence with the rare word, though its article is
   * about exactly that; the re-scorer then weighs the missing word against the article's title.
   */
  private expandArticle(p: ParsedQuestion, weights: TermWeights, out: { id: number }[]): void {
    if (!weights.terms.length || !out.length) return;
    const hitsPer = new Map<number, number>();
    for (const { id } of out) {
      const ai = this.k.sentences.ref(id)?.article;
      if (ai !== undefined) hitsPer.set(ai, (hitsPer.get(ai) ?? 0) + 1);
    }
    let best = -1;
    let bestWeight = 0;
    for (const [ai, hits] of hitsPer) {
      const article = this.k.articles[ai];
      if (!article) continue;
      const stems = this.articleStems(article.id);
      const w = termWeightIn(weights.terms, (x) => stems.has(x));
      if (w > bestWeight || (w === bestWeight && best >= 0 && hits > (hitsPer.get(best) ?? 0))) {
        best = ai;
        bestWeight = w;
      }
    }
    if (best < 0) return;
    const have = new Set(out.map((h) => h.id));
    const asked = [...p.entities, ...p.roles];
    const scored: [number, number][] = [];
    for (let id = this.k.sentences.first(best); id >= 0 && this.k.sentences.ref(id)?.article === best; id++) {
      if (have.has(id)) continue;
      const stems = this.k.sentenceStemsOf(id);
      let score = termWeightIn(weights.terms, (x) => stems.has(x));
      if (score <= 0) continue;
      const named = this.k.sentences.entities(id);
      for (const e of asked) if (named.includes(e)) score += ENTITY_TIE_BONUS;
      scored.push([id, score]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [id] of scored.slice(0, ARTICLE_SENTENCES)) out.push({ id });
  }

  /**
   * The Retriever's candidates: from a synchronous retriever directly; from an asynchronous one (PostgreSQL) only
   * inside settle(), where what is not fetched yet stops the pass (RetrievalPending) so settle can await it.
   */
  private retrieved(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    if (this.settling) {
      const key = JSON.stringify([query, limit]);
      const hits = this.settling.fetched.get(key);
      if (hits) return hits;
      throw new RetrievalPending(key, query, limit);
    }
    if (isSyncRetriever(this.retriever)) return this.retriever.retrieve(query, limit);
    throw new Error('this engine retrieves asynchronously (PostgreSQL): call it through settle()');
  }

  /** The retrievals fetched so far for the settle() pass running now (set only while a pass runs). */
  private settling?: { fetched: Map<string, RetrievedSentence[]> };

  /**
   * Run synchronous engine calls (`ask`, `claims`, `citationsFor`, …) whose retrieval may be asynchronous, and
   * resolve to exactly what they return when every retrieval they need has been awaited. With a synchronous
   * retriever (SQLite FTS5, in memory) `run` runs once, unchanged. With an asynchronous one (PostgreSQL), `run` is
   * replayed: a pass stops at the first retrieval not fetched yet, settle awaits it, and the next pass finds it
   * and goes on; answering is deterministic for given candidates, so the last pass returns what a synchronous
   * retriever would have given. A question retrieves once or twice (the quote lane, then the evidence lane), so
   * this costs a pass or two of the synchronous stages (well under a millisecond each) and one round trip per
   * distinct retrieval. Passes are synchronous, so concurrent settles never see each other's state.
   * `run` must only call the engine this search serves (it may run more than once).
   */
  async settle<T>(run: () => T): Promise<T> {
    const retriever = this.retriever;
    if (isSyncRetriever(retriever)) return run();
    const fetched = new Map<string, RetrievedSentence[]>();
    for (let pass = 0; pass < SETTLE_PASSES_MAX; pass++) {
      let pending: RetrievalPending;
      this.settling = { fetched };
      try {
        return run();
      } catch (e) {
        if (!(e instanceof RetrievalPending)) throw e;
        pending = e;
      } finally {
        this.settling = undefined;
      }
      fetched.set(pending.key, await retriever.retrieveAsync(pending.query, pending.limit));
    }
    throw new Error(`an engine call needed more than ${SETTLE_PASSES_MAX} retrievals`);
  }

  /** An entity's names as words, for an index that finds entities by name. */
  private namesOf(id: string): string[][] {
    let names = this.names.get(id);
    if (!names) {
      const e = this.k.matcher.named.get(id);
      names = e ? [e.name, ...e.aliases].map((x) => words(x)).filter((x) => x.length) : [];
      this.names.set(id, names);
    }
    return names;
  }
  /** Entities' names as words, once per entity (at most the knowledge's entities; they never change). */
  private readonly names = new Map<string, string[][]>();

  private articleIndex?: Map<string, number>;
  /** The article's position in the knowledge (-1 when it holds no such article). */
  articleIndexOf(articleId: string): number {
    this.articleIndex ??= new Map(this.k.articles.map((a, i) => [a.id, i]));
    return this.articleIndex.get(articleId) ?? -1;
  }

  private readonly stemsOfArticle = new BoundedMemo<string, Set<string>>(ARTICLE_MEMO);
  /** Every content stem of an article (its title and sentences), built on first use. */
  articleStems(articleId: string): Set<string> {
    let out = this.stemsOfArticle.get(articleId);
    if (!out) {
      out = new Set<string>();
      const ai = this.articleIndexOf(articleId);
      const article = this.k.articles[ai];
      if (article) for (const x of this.k.textInfo(article.title).stems) out.add(x);
      // Sentences are numbered article by article: this article's run starts at its first sentence.
      const first = ai >= 0 ? this.k.sentences.first(ai) : -1;
      for (let i = first; i >= 0 && this.k.sentences.ref(i)?.article === ai; i++) {
        for (const x of this.k.sentenceStemsOf(i)) out.add(x);
      }
      this.stemsOfArticle.set(articleId, out);
    }
    return out;
  }
}

/** What to retrieve by: content stems (with synonyms) and entity ids, the uninformative ones left out. */
function retrievalKeys(p: ParsedQuestion, weights: TermWeights, k: Knowledge): { terms: string[]; ents: string[] } {
  let ents = [...p.entities, ...p.roles, ...(p.scenario?.id ? [p.scenario.id] : [])];
  // Candidate retrieval only needs the informative words: a term or entity in more than 2% of all sentences
  // ("government", "Labour" in a politics KB) matches too much to narrow anything down, and makes the search
  // slow on a large KB. Re-scoring still weighs every term. Keep the rarest when all are common.
  const n = Math.max(1, k.sentences.count);
  const cap = Math.max(50, n * 0.02);
  const termDf = (t: string) => k.terms.df(t);
  const entDf = (e: string) => k.sentences.entityDf(e);
  // A word too common to retrieve by does not lend its synonyms either ("ahead" is no reason to fetch every
  // sentence with "lead"); a word the KB lacks is searched through its synonyms.
  let terms = [...new Set(weights.terms.flatMap((t) => (termDf(t.stem) > cap ? [t.stem] : [t.stem, ...t.synonyms])))];
  // Terms no sentence contains cannot retrieve anything.
  terms = terms.filter((t) => termDf(t) > 0);
  // The rarest words first, while their postings stay within a budget: one 2,000-sentence synonym ("MP" for
  // "seat") costs more to score than everything else and adds little to what the rare words find.
  const budget = Math.max(cap / 4, 50);
  let spent = 0;
  const rareTerms = terms
    .filter((t) => termDf(t) <= cap)
    .sort((a, b) => termDf(a) - termDf(b))
    .filter((t, i) => {
      spent += termDf(t);
      return i === 0 || spent <= budget;
    })
    .slice(0, 6);
  const rareEnts = ents.filter((e) => entDf(e) <= cap);
  if (rareTerms.length || rareEnts.length) {
    terms = rareTerms;
    ents = rareEnts;
  } else {
    // Everything is common: one posting list, the shortest, bounds the work.
    const bestTerm = [...terms].sort((a, b) => termDf(a) - termDf(b))[0];
    const bestEnt = [...ents].sort((a, b) => entDf(a) - entDf(b))[0];
    const useEnt = bestEnt !== undefined && (bestTerm === undefined || entDf(bestEnt) < termDf(bestTerm));
    terms = !useEnt && bestTerm !== undefined ? [bestTerm] : [];
    ents = useEnt && bestEnt !== undefined ? [bestEnt] : [];
  }
  return { terms, ents };
}
