/**
 * The choice lane: an alternative question ("… openly or behind closed doors?", choice.ts) answered with the
 * alternative the evidence states — or contested, when close evidence from another source states the other; or
 * unknown, when no sentence states exactly one of them.
 */
import type { Reply } from '../../reply.js';
import { ANSWER_THRESHOLD } from '../candidate.js';
import { type Alternative, alternativeStems, stated } from '../choice.js';
import { answeredReply, contestedReply, type Side, unknownReply } from '../compose.js';
import { sentenceCase } from '../format.js';
import type { Knowledge } from '../knowledge.js';
import type { ParsedQuestion } from '../parse.js';
import { readPolarity } from '../polarity.js';
import type { ScoredSentence } from '../rescore.js';
import { CONTESTED_CONFIDENCE, confidenceOf, POLARITY_CLOSE, sourceKey, supporting } from './sentences.js';

/** Candidate sentences looked at (the best few, as for yes/no questions). */
const CANDIDATES = 3;

export class ChoiceLane {
  constructor(
    private readonly k: Knowledge,
    private readonly suggest: (p?: ParsedQuestion) => string[],
  ) {}

  answer(p: ParsedQuestion, q: string, alternatives: [Alternative, Alternative], scored: ScoredSentence[]): Reply {
    const stems = alternatives.map(alternativeStems);
    const top = scored[0];
    const close = top
      ? scored.filter((c) => c.score >= Math.max(ANSWER_THRESHOLD, top.score * POLARITY_CLOSE)).slice(0, CANDIDATES)
      : [];
    const picks: { c: ScoredSentence; which: number }[] = [];
    for (const c of close) {
      const text = c.sentence.text;
      const says = stated(
        alternatives,
        stems,
        text,
        this.k.textInfo(text).mentions.map((m) => m.id),
      );
      // An alternative named only to be denied ("the plan is not secret") is not what the sentence states.
      says.forEach((s, i) => {
        if (s && readPolarity(p, text, stems[i] as Set<string>).polarity === 'no') says[i] = false;
      });
      if (says.filter(Boolean).length === 1) picks.push({ c, which: says.indexOf(true) });
    }
    const [a, b] = alternatives;
    const first = picks[0];
    if (!first) {
      return unknownReply(q, `the evidence I found does not say which: ${a.text} or ${b.text}.`, this.suggest(p));
    }
    const chosen = sentenceCase((alternatives[first.which] as Alternative).text);
    const other = picks.find((x) => x.which !== first.which && sourceKey(x.c) !== sourceKey(first.c));
    if (other) {
      const side = (x: { c: ScoredSentence; which: number }): Side => ({
        label: sentenceCase((alternatives[x.which] as Alternative).text),
        statement: '',
        evidence: [x.c.evidence],
      });
      return contestedReply(
        q,
        'Contested: sources disagree',
        [side(first), side(other)],
        CONTESTED_CONFIDENCE.polarity,
      );
    }
    return answeredReply(
      q,
      chosen,
      `${chosen}, as far as the knowledge base shows`,
      [first.c.evidence, ...supporting(first.c.article, first.c.sentence.i)],
      confidenceOf(first.c.score),
    );
  }
}
