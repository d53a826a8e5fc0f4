import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/answer/engine.js';
import { buildKnowledge } from '../../src/core/answer/knowledge.js';
import type { ArticleAnalysis } from '../../src/core/nlp/analyse.js';

function inputWith(n: number) {
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
  return { articles, analyses, entities: [], scenarios: [], claims: [], quotes: [] };
}

async function engineWith(n: number): Promise<Engine> {
  return new Engine(await buildKnowledge(inputWith(n)));
}

describe('sources listing', () => {
  it('pages through every article exactly once, newest first, with a next-page hint', async () => {
    const engine = await engineWith(25);
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

  it('clamps a page number past the end to the last page, and says when the KB is empty', async () => {
    expect((await engineWith(12)).sources(99).text).toContain('Page 2 of 2');
    expect((await engineWith(0)).sources().text).toBe('No articles yet.');
  });
});

describe('building the knowledge base', () => {
  /** How many event-loop turns other work gets while the knowledge base is built with this slice. */
  async function turnsDuringBuild(sliceMs: number): Promise<number> {
    let turns = 0;
    let running = true;
    const spin = () => {
      turns += 1;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const k = await buildKnowledge(inputWith(30), { sliceMs });
    running = false;
    expect(k.articles).toHaveLength(30);
    return turns;
  }

  it('yields to the event loop while it builds, so a large reload does not stop the bot serving', async () => {
    // Slices of 0 ms: other work runs between them. One slice as long as the build: nothing else runs.
    expect(await turnsDuringBuild(0)).toBeGreaterThan(0);
    expect(await turnsDuringBuild(1e9)).toBe(0);
  });
});
