/**
 * The choice lane: an alternative question ("… openly or behind closed doors?", choice.ts) answered with the
 * alternative the evidence states — or contested, when close evidence from another source states the other; or
 * unknown, when no sentence states exactly one of them.
 */

import { stem } from '../../nlp/terms.js';
import type { Reply } from '../../reply.js';
import { ANSWER_THRESHOLD } from '../candidate.js';
import { type Alternative, alternativeStems, rankedChoice, stated } from '../choice.js';
import { answeredReply, contestedReply, type Side, unknownReply } from '../compose.js';
import { sentenceCase } from '../format.js';
import type { Knowledge } from '../knowledge.js';
import { coverage, type TermWeights } from '../match.js';
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

  /** A sentence's context: its article's title and the other sentences of its paragraph. */
  private contextOf(c: ScoredSentence): Set<string> {
    const out = new Set(this.k.textInfo(c.article.title).stems);
    for (const x of c.article.analysis.sentences)
      if (x.p === c.sentence.p && x.i !== c.sentence.i) for (const st of this.k.textInfo(x.text).stems) out.add(st);
    return out;
  }

  answer(
    p: ParsedQuestion,
    q: string,
    alternatives: [Alternative, Alternative],
    scored: ScoredSentence[],
    weights: TermWeights,
  ): Reply {
    const stems = alternatives.map(alternativeStems);
    // What the question asks about the alternatives ("ahead", "agreed the levy"): a sentence that names one
    // alternative without saying that is not evidence for it (a ranking of both says it by itself).
    const offered = new Set(alternatives.flatMap((a) => a.words.map(stem)));
    const rest = weights.terms.filter((t) => !offered.has(t.stem));
    const asked: TermWeights = { terms: rest, total: rest.reduce((n, t) => n + t.weight, 0) };
    // By how much of the question a sentence covers: the re-scorer's score also weighs a typed answer ("who …"
    // wants a person), which an alternative question does not ask for.
    const byCoverage = [...scored].sort((x, y) => y.cov - x.cov);
    const top = byCoverage[0];
    const close = top
      ? byCoverage.filter((c) => c.cov >= Math.max(ANSWER_THRESHOLD, top.cov * POLARITY_CLOSE)).slice(0, CANDIDATES)
      : [];
    const picks: { c: ScoredSentence; which: number }[] = [];
    for (const c of close) {
      const text = c.sentence.text;
      const info = this.k.textInfo(text);
      const says = stated(alternatives, stems, info);
      // An alternative named only to be denied ("the plan is not secret") is not what the sentence states.
      // (Not a name: "votes from the Conservatives to deny David Cameron a majority" denies the majority.)
      says.forEach((s, i) => {
        if (s && !alternatives[i]?.entity && readPolarity(p, text, stems[i] as Set<string>).polarity === 'no')
          says[i] = false;
      });
      if (says.filter(Boolean).length === 1) {
        // (The title and the paragraph count at half weight: "keep Clegg on" is in the seed's headline.)
        const about = coverage(asked, info.stems, () => this.contextOf(c));
        if (!rest.length || about.score >= ANSWER_THRESHOLD) picks.push({ c, which: says.indexOf(true) });
      } else if (says.every(Boolean)) {
        // Both named: a ranking between them ("a narrow lead for Labour over the Conservatives") may say which.
        const which = rankedChoice(p, alternatives, stems, info);
        if (which !== undefined) picks.push({ c, which });
      }
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
