/**
 * The in-memory Retriever (see retriever.ts): MiniSearch's BM25 over the built knowledge's sentence index for
 * the terms, and per-entity posting lists (from the mentions the alias matcher found) for the entities. Used
 * where there is no store index: tests, and a knowledge base built without a store.
 */
import type MiniSearch from 'minisearch';
import { type Knowledge, newSentenceIndex, type SentenceDoc } from './knowledge.js';
import {
  ENTITY_TIE_BONUS,
  ENTITY_WINDOW,
  type RetrievalQuery,
  type RetrievedSentence,
  type Retriever,
  termWeightIn,
} from './retriever.js';

/**
 * Query terms are already stems: searched as they are, never re-tokenised (the index's tokenizer would split
 * "auto-sir-vince-cable" into words no entry holds) nor re-stemmed.
 */
export const VERBATIM = { tokenize: (t: string) => [t], processTerm: (t: string) => t };

export class MemoryRetriever implements Retriever {
  private index?: MiniSearch<SentenceDoc>;

  /** `entityWindow`: ENTITY_WINDOW unless a test asks for a smaller one (to see the bound at work). */
  constructor(
    private readonly k: Knowledge,
    private readonly opts: { entityWindow?: number } = {},
  ) {}

  retrieve(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    const out = new Map<number, RetrievedSentence>();
    const add = (id: number, score: number, lane: RetrievedSentence['lane']) => {
      const ref = this.k.sentences.ref(id);
      const article = ref && this.k.articles[ref.article];
      if (ref && article && !out.has(id)) out.set(id, { article: article.id, sentence: ref.sentence, score, lane });
    };
    if (query.terms.length) {
      const search = { queries: query.terms, fields: ['text'], combineWith: 'OR' as const, ...VERBATIM };
      for (const hit of this.sentenceIndex().search(search).slice(0, limit)) add(hit.id as number, hit.score, 'terms');
    }
    const ents = query.entities.map((e) => e.id);
    if (ents.length) {
      // Rank the entities' sentences by the weight of question words they hold (ties: the most entities).
      const scored: [number, number][] = [];
      const seen = new Set<number>();
      for (const e of ents) for (const id of this.k.sentences.naming(e)) seen.add(id);
      // The latest ENTITY_WINDOW of them (sentence ids follow the knowledge's order).
      for (const id of [...seen].sort((a, b) => b - a).slice(0, this.opts.entityWindow ?? ENTITY_WINDOW)) {
        const stems = this.k.sentenceStemsOf(id);
        let score = termWeightIn(query.weights, (x) => stems.has(x));
        const named = this.k.sentences.entities(id);
        for (const x of ents) if (named.includes(x)) score += ENTITY_TIE_BONUS;
        scored.push([id, score]);
      }
      scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [id, score] of scored.slice(0, limit)) add(id, score, 'entities');
    }
    return [...out.values()];
  }

  /** The knowledge's sentence index, or one built now from its sentences (same documents, same tokens). */
  private sentenceIndex(): MiniSearch<SentenceDoc> {
    if (this.k.sentenceIndex) return this.k.sentenceIndex;
    if (!this.index) {
      const index = newSentenceIndex();
      for (let id = 0; id < this.k.sentences.count; id++) {
        const ref = this.k.sentences.ref(id);
        const text = ref ? (this.k.articles[ref.article]?.analysis.sentences[ref.sentence]?.text ?? '') : '';
        index.add({ id, text, ents: this.k.sentences.entities(id).join(' ') });
      }
      this.index = index;
    }
    return this.index;
  }
}
