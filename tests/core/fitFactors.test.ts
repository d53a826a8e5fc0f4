/**
 * The re-scorer's fit factors (answer/fit.ts) on the real seed knowledge base: a role qualifier asked for must be
 * in the evidence, and one that makes another role ("shadow", "deputy") must not stand unasked before the asked
 * words; one that only dates the role ("former") may.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/answer/engine.js';
import { questionFit, sentenceFit } from '../../src/core/answer/fit.js';
import { weighTerms } from '../../src/core/answer/match.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import { contentStems } from '../../src/core/nlp/terms.js';
import { realServicesForFile } from './helpers.js';

const services = realServicesForFile();

function fitOf(question: string, sentence: string): number {
  const k = (services().engine as Engine).k;
  const p = parseQuestion(question, k);
  const fit = questionFit(p, weighTerms(p, k), k, (id) => k.entities.get(id)?.type);
  return sentenceFit(fit, {
    text: sentence,
    stems: new Set(contentStems(sentence)),
    ents: p.entities,
    soft: undefined,
    articleNames: () => true,
  });
}

describe('role qualifiers', () => {
  it('a qualifier that makes another role, unasked, marks the sentence as about someone else', () => {
    const q = 'Who is the minister for defence procurement?';
    expect(fitOf(q, 'Nia Gwynedd, the shadow defence procurement minister, criticised the delays.')).toBeLessThan(
      fitOf(q, 'Tom Ellery, the defence procurement minister, defended the delays.'),
    );
    expect(fitOf('Who is the Prime Minister?', 'Deputy Prime Minister Nick Clegg spoke first.')).toBeLessThan(
      fitOf('Who is the Prime Minister?', 'Prime Minister David Cameron spoke first.'),
    );
  });

  it('asked for, the same qualifier is what the evidence must have', () => {
    const q = 'Who is the shadow minister for defence procurement?';
    expect(fitOf(q, 'Nia Gwynedd, the shadow defence procurement minister, criticised the delays.')).toBeGreaterThan(
      fitOf(q, 'Tom Ellery, the defence procurement minister, defended the delays.'),
    );
  });

  it('a qualifier that only dates the role, or stands away from the asked words, changes nothing', () => {
    const q = 'Who was the party treasurer?';
    expect(fitOf(q, "Trevor Haslingden, the party's former treasurer, was referred to the police.")).toBe(
      fitOf(q, "Trevor Haslingden, the party's treasurer, was referred to the police."),
    );
    expect(
      fitOf('Who will advise Labour?', 'Labour hired the deputy editor of a newspaper, who will advise the party.'),
    ).toBe(fitOf('Who will advise Labour?', 'Labour hired the editor of a newspaper, who will advise the party.'));
  });
});
