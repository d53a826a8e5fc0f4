import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/answer/engine.js';
import { buildKnowledge } from '../../src/core/answer/knowledge.js';
import type { ArticleAnalysis } from '../../src/core/nlp/analyse.js';

function engineWith(n: number): Engine {
  const articles = Array.from({ length: n }, (_, i) => ({
    id: `article-${String(i).padStart(2, '0')}`,
    title: `Story number ${i}`,
    publication: i % 2 ? 'The Example' : null,
    publicationConfirmed: true,
    published: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
    precision: 'day' as const,
    inferred: false,
    url: null,
    author: null,
    origin: 'ingested',
    addedAt: '2025-02-01T00:00:00.000Z',
    text: `Story number ${i}. Something happened.`,
  }));
  const analyses = new Map<string, ArticleAnalysis>(
    articles.map((a) => [
      a.id,
      {
        version: 0,
        sentences: [
          {
            i: 0,
            p: 0,
            part: 'body',
            text: 'Something happened.',
            people: [],
            orgs: [],
            places: [],
            dates: [],
            numbers: [],
          },
        ],
        quotes: [],
        people: [],
        orgs: [],
        places: [],
        descriptions: [],
      },
    ]),
  );
  return new Engine(buildKnowledge({ articles, analyses, entities: [], scenarios: [], claims: [], quotes: [] }));
}

describe('sources listing', () => {
  it('pages through every article exactly once, newest first, with a next-page hint', () => {
    const engine = engineWith(25);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = engine.sources(page);
      const ids = [...r.text.matchAll(/\[(article-\d+)\]/g)].map((m) => m[1] as string);
      expect(ids.length).toBe(page < 3 ? 10 : 5);
      seen.push(...ids);
      expect(r.text).toContain(`Page ${page} of 3`);
      expect(r.text.includes('sources page:')).toBe(page < 3);
    }
    expect(new Set(seen).size).toBe(25);
    const dates = seen.map((id) => engine.k.articleById.get(id)?.published ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('clamps a page number past the end to the last page, and says when the KB is empty', () => {
    expect(engineWith(12).sources(99).text).toContain('Page 2 of 2');
    expect(engineWith(0).sources().text).toBe('No articles yet.');
  });
});
