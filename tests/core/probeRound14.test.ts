/**
 * Session 25, probe round 14 (tests/fixtures/probes/round14, written at session 24's end, scored unread four times
 * at 27/60, read in session 25): a sentence the splitter cut inside a time.
 */
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/core/nlp/analyse.js';
import { decodeChunks } from '../../src/core/nlp/chunks.js';

describe('a sentence cut inside a figure', () => {
  it('is one sentence again: "declared at 5.12am on Friday at the Riverside Arena"', async () => {
    const a = await analyseArticle(
      'The result was declared at 5.12am on Friday at the Riverside Arena, where counting had begun shortly after polls closed at 10pm.',
    );
    const texts = a.sentences.map((s) => s.text);
    expect(texts[0]).toBe(
      'The result was declared at 5.12am on Friday at the Riverside Arena, where counting had begun shortly after polls closed at 10pm.',
    );
    expect(texts).toHaveLength(1);
    // The second half's chunks moved along with it: "Riverside Arena" is still a chunk, at its place.
    const s = a.sentences[0] as (typeof a.sentences)[number];
    const chunks = decodeChunks(s.chunks).map((c) => s.text.slice(c.start, c.end));
    expect(chunks).toContain('Riverside Arena');
  });
  it('keeps two sentences where a figure ends one and the next opens with a number after a space', async () => {
    const a = await analyseArticle('Turnout rose to 41.5. 12 seats changed hands.');
    expect(a.sentences.map((s) => s.text)).toEqual(['Turnout rose to 41.5.', '12 seats changed hands.']);
  });
});
