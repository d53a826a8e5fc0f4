/**
 * The choice lane: an alternative question ("… openly or behind closed doors?", choice.ts) answered with the
 * alternative the evidence states — or contested, when close evidence from another source states the other; or
 * unknown, when no sentence states exactly one of them.
 */

import { stem } from '../../nlp/terms.js';
import type { Reply } from '../../reply.js';
import { ANSWER_THRESHOLD } from '../candidate.js';
import {
  type Alternative,
  type AlternativeStems,
  allStems,
  alternativeStems,
  PLACEHOLDERS,
  rankedChoice,
  stated,
} from '../choice.js';
import { answeredReply, contestedReply, type Side, unknownReply } from '../compose.js';
import { sentenceCase } from '../format.js';
import type { Knowledge } from '../knowledge.js';
import { coverage, type TermWeights } from '../match.js';
import type { ParsedQuestion } from '../parse.js';
import { readPolarity } from '../polarity.js';
import { findRebuttal } from '../rebuttal.js';
import type { ScoredSentence } from '../rescore.js';
import {
  CONTESTED_CONFIDENCE,
  confidenceOf,
  POLARITY_CLOSE,
  rebuttalSides,
  sourceKey,
  supporting,
} from './sentences.js';

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
    // alternative without saying that is not evidence for it (a ranking of both says it by itself). The words
    // that stand in for a parallel phrase's noun ("an open one or a secret one") are not asked about.
    const offered = new Set(alternatives.flatMap((a) => a.words.map(stem)));
    const rest = weights.terms.filter((t) => !offered.has(t.stem) && !PLACEHOLDERS.has(t.word));
    const asked: TermWeights = { terms: rest, total: rest.reduce((n, t) => n + t.weight, 0) };
    // Sentences naming both alternatives are read for a ranking when they are close to the best by how much of
    // the question they cover (the re-scorer's score also weighs a typed answer — "who …" wants a person — which
    // an alternative question does not ask for).
    const byCoverage = [...scored].sort((x, y) => y.cov - x.cov);
    const top = byCoverage[0];
    const close = new Set(
      top ? byCoverage.filter((c) => c.cov >= Math.max(ANSWER_THRESHOLD, top.cov * POLARITY_CLOSE)) : [],
    );
    // A sentence naming one alternative is weighed by how much of the rest of the question it covers: its
    // coverage of the whole question can never count the alternative it does not state, so a question whose
    // alternatives are most of its words ("… openly or behind closed doors?") left every sentence short of the bar.
    const found: { c: ScoredSentence; which: number; about: number }[] = [];
    for (const c of byCoverage) {
      const text = c.sentence.text;
      const info = this.k.textInfo(text);
      const says = stated(alternatives, stems, info);
      // An alternative named only to be denied ("the plan is not secret") is not what the sentence states.
      // (Not a name: "votes from the Conservatives to deny David Cameron a majority" denies the majority.)
      says.forEach((s, i) => {
        if (
          s &&
          !alternatives[i]?.entity &&
          readPolarity(p, text, allStems(stems[i] as AlternativeStems)).polarity === 'no'
        )
          says[i] = false;
      });
      if (says.filter(Boolean).length === 1) {
        // (The title and the paragraph count at half weight: "keep Clegg on" is in the seed's headline.)
        const about = rest.length ? coverage(asked, info.stems, () => this.contextOf(c)).score : 1;
        if (about >= ANSWER_THRESHOLD) found.push({ c, which: says.indexOf(true), about });
      } else if (says.every(Boolean) && close.has(c)) {
        // Both named: a ranking between them ("a narrow lead for Labour over the Conservatives") may say which.
        const which = rankedChoice(p, alternatives, stems, info);
        if (which !== undefined) found.push({ c, which, about: c.cov });
      }
    }
    // The evidence that covers most of what is asked, and what comes close to it (as for yes/no questions).
    const best = Math.max(0, ...found.map((x) => x.about));
    const picks = found
      .filter((x) => x.about >= best * POLARITY_CLOSE)
      .sort((x, y) => y.about - x.about || y.c.score - x.c.score)
      .slice(0, CANDIDATES);
    const [a, b] = alternatives;
    const first = picks[0];
    if (!first) {
      return unknownReply(q, `the evidence I found does not say which: ${a.text} or ${b.text}.`, this.suggest(p));
    }
    // The sentence chosen is a claim another source disputes next to it, or disputes one itself ("The Treasury
    // rejected the analysis, saying the accounting change …"): both sides, not one of them as the answer.
    const questionStems = new Set(weights.terms.flatMap((t) => [t.stem, ...t.synonyms]));
    const dispute = findRebuttal(first.c.article, first.c.sentence.i, questionStems);
    if (dispute)
      return contestedReply(
        q,
        'Contested: sources disagree',
        rebuttalSides(first.c.article, dispute),
        CONTESTED_CONFIDENCE.dispute,
      );
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
      // By the evidence for what is asked: the whole question's coverage counts the alternative not stated
      // against it (session 17: 5 development answers, mean confidence 46% against 80% right; now 65%).
      confidenceOf(first.about),
    );
  }
}
