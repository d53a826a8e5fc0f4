/** Helpers for tests comparing knowledge built different ways. */
import type { Knowledge } from '../../src/core/answer/knowledge.js';

/** What a knowledge derived from its articles: every sentence's place and entities, the quotes, the stems' df. */
export function derivedOf(k: Knowledge) {
  const ids = [...Array(k.sentences.count).keys()];
  const stems = [...new Set(ids.flatMap((id) => [...k.sentenceStemsOf(id)]))].sort();
  return {
    sentences: ids.map((id) => ({ ...k.sentences.ref(id), ents: k.sentences.entities(id) })),
    quotes: k.quotes.all().map((q) => q.id),
    df: stems.map((t) => [t, k.terms.df(t)]),
    entityDf: [...k.entities.keys()].map((e) => [e, k.sentences.entityDf(e)]),
  };
}
