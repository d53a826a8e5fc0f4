/**
 * The question sets themselves (tests/data): well-formed, and every pattern that names article text finds it, so a
 * set scores the engine, not its own typos. A set's articles are its own folder's (or the seed article's).
 * Nothing is printed but the failing case's id and pattern.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRA_SETS } from '../../eval/lib.js';
import { loadCases, norm } from '../support/score.js';

const DATA = join(import.meta.dirname, '..', 'data');
const SEED = join(import.meta.dirname, '..', '..', 'kb', 'articles');
const STATUSES = new Set(['answered', 'contested', 'unknown']);

/**
 * Session 10's sets (eval/lib.ts): written as training data, each with its own articles or about the seed; and
 * session 14's blind sets (a failure names only the case's id and pattern).
 */
const SETS = [...EXTRA_SETS, 'paraphrase4', 'news6'];

describe.each(SETS)('question set %s', (set) => {
  const dir = join(DATA, set);
  const cases = loadCases(join(dir, 'questions.jsonl')) as (ReturnType<typeof loadCases>[number] & {
    article: string;
  })[];
  const articleText = (name: string) => {
    const own = join(dir, 'articles', name);
    return norm(readFileSync(existsSync(own) ? own : join(SEED, name), 'utf8'));
  };

  it('has unique ids, known statuses and patterns where the status needs them', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const bad = cases.filter(
      (c) =>
        !STATUSES.has(c.status) ||
        !c.q?.trim() ||
        (c.status === 'answered' && !c.answer_any?.length) ||
        (c.status === 'contested' && !c.text_all?.length) ||
        (c.status === 'unknown' && (c.answer_any?.length || c.cite_any?.length)),
    );
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it("finds every cite_any / text_all pattern in the case's article, and an answer pattern there too", () => {
    const misses: string[] = [];
    for (const c of cases) {
      const text = articleText(c.article);
      for (const p of c.cite_any ?? []) if (!new RegExp(p, 'i').test(text)) misses.push(`${c.id} cite ${p}`);
      for (const p of c.text_all ?? []) if (!new RegExp(p, 'i').test(text)) misses.push(`${c.id} text ${p}`);
      if (c.status === 'answered' && !c.answer_any?.some((p) => new RegExp(p, 'i').test(text)))
        misses.push(`${c.id} answer`);
    }
    expect(misses).toEqual([]);
  });

  it('lists only articles it ships (news sets) and every one of them is asked about', () => {
    const articles = existsSync(join(dir, 'articles')) ? readdirSync(join(dir, 'articles')) : [];
    const asked = new Set(cases.map((c) => c.article));
    for (const a of articles) expect(asked.has(a)).toBe(true);
    for (const a of asked) expect(articles.includes(a) || existsSync(join(SEED, a))).toBe(true);
  });
});
