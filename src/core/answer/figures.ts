/**
 * Competing figures: the reader's answer is an amount one source gives ("The report says … 19 per cent were
 * recalled") and another source in the same article gives another amount of the same kind for what was asked
 * ("The Ministry of Justice says the true recall rate … is 11 per cent"). Reported as one figure, that answer
 * hides the disagreement; the reply is contested, each figure with its source. News states disputes over numbers
 * this way more often than with a verb of denial, which is what the rebuttal rules (rebuttal.ts) look for.
 */
import type { Quantity } from '../nlp/analyse.js';
import type { Side } from './compose.js';
import { claimantOf, disputesFigureBetween, sideAttribution } from './rebuttal.js';
import type { ScoredSentence } from './rescore.js';

/**
 * A competing sentence must score at least this share of the answer's sentence in the re-scorer's ranking: as
 * much about what was asked, not a figure from elsewhere in the article. Set by hand (session 11): the
 * rescorer's scores of two sentences stating the same fact from two sources sit within a few per cent of each
 * other (0.506 and 0.486 in the recall-rate example); half leaves room for wording, not for another topic.
 */
const COMPETING_SHARE = 0.5;
/**
 * Two sources' figures are a dispute, not two facts, when one of them says so: "the *true* recall rate", "*rather
 * than*", "*disputes*", "*overstates*", "very *different figures*", or contradicts the other with a verb of
 * rebuttal ("Allies of the chancellor *dismissed* that figure", "a figure the chief executive described as simply
 * *invented*"; session 17; "it did *not recognise* the 30-hour figure", session 22). Without such a word, "31 per cent live in a poor household" and "69 per cent … lived
 * in a household where an adult works" are figures of two things.
 */
const DISPUTE =
  /\b(?:true|actual(?:ly)?|real|correct|accurate|rather than|disput\w*|contrar\w*|overstat\w*|understat\w*|exaggerat\w*|wrong|misleading|insist\w*|counter\w*|different figures?|only|dismiss\w*|den(?:y|ies|ied|ying)|reject\w*|disagree\w*|invented|not\s+recogni[sz]e\w*)\b/i;
/**
 * A sentence earlier in the answer's paragraph that says the figure is disputed ("… the number turned away in
 * Brackenfield quickly became a point of *dispute*.", "The campaign ended in a *row over* money.", "The rebels *put the
 * figure considerably higher*."): the figures that follow are the sides.
 */
const DISPUTE_STATED =
  /\b(?:disput\w*|disagree\w*|row over|different figures?|contested|put(?:s|ting)?\s+the\s+(?:figure|number|total|tally)\s+(?:\w+\s+)?(?:higher|lower|closer|nearer))\b/i;
/**
 * Sentences either side of the answer's, in its paragraph, that may hold the other side's figure though the
 * re-scorer ranked them low: news gives a disputed figure and the answer to it in consecutive sentences ("Labour's
 * agent said more than 300 people had been refused … The council's electoral services office said … 41 voters").
 */
const NEIGHBOURS = 2;
/** Candidates looked at for a competing figure (the re-scorer's best; the reader reads five). */
const COMPETING_CANDIDATES = 10;

type Kind = Quantity['kind'];

/** The kind of the amount `text` is in this sentence (its analysis's quantities), if it is one. */
function kindOf(text: string, quantities: readonly Quantity[] | undefined): Kind | undefined {
  return quantities?.find((q) => q.text === text || q.text.includes(text) || text.includes(q.text))?.kind;
}

/**
 * The two sides when another source in the answer's article gives another figure of the same kind for what was
 * asked; undefined otherwise. `answer` is the reader's span, `from` the sentence it was read from.
 */
export function competingFigures(
  answer: string,
  from: ScoredSentence,
  scored: readonly ScoredSentence[],
): Side[] | undefined {
  const source = claimantOf(from.sentence);
  const kind = kindOf(answer, from.sentence.quantities);
  if (!source || !kind || kind === 'ordinal') return undefined;
  const ss = from.article.analysis.sentences;
  // A dispute stated earlier in the answer's paragraph covers the figures after it.
  let stated = false;
  for (let j = from.sentence.i - 1; j >= 0 && ss[j]?.p === from.sentence.p; j--)
    if (DISPUTE_STATED.test(ss[j]?.text ?? '')) stated = true;
  const disputed = (text: string) => stated || DISPUTE.test(text) || DISPUTE.test(from.sentence.text);
  const candidates: { sentence: ScoredSentence['sentence']; evidence: Side['evidence'][number] }[] = [];
  for (const c of scored.slice(0, COMPETING_CANDIDATES)) {
    if (c.article.id !== from.article.id || c.sentence.i === from.sentence.i) continue;
    if (c.score >= COMPETING_SHARE * from.score) candidates.push(c);
  }
  for (let j = from.sentence.i - NEIGHBOURS; j <= from.sentence.i + NEIGHBOURS; j++) {
    const s = ss[j];
    if (!s || j === from.sentence.i || s.p !== from.sentence.p || candidates.some((c) => c.sentence.i === j)) continue;
    candidates.push({ sentence: s, evidence: { article: from.article, quote: s.text, attribution: s.source } });
  }
  // A candidate that says the dispute itself ("dismissed the costing, claiming the true bill would be nearer £7bn")
  // before one that only differs from an answer that does ("His own headline pledge … £6.5bn").
  const own = (c: (typeof candidates)[number]) => (DISPUTE.test(c.sentence.text) ? 0 : 1);
  candidates.sort((a, b) => own(a) - own(b));
  for (const c of candidates) {
    const other = claimantOf(c.sentence);
    if (!other || other === source) continue;
    const figure = c.sentence.quantities?.find((q) => q.kind === kind && !q.text.includes(answer));
    if (!figure || (c.sentence.quantities ?? []).some((q) => q.text === answer)) continue;
    if (!disputed(c.sentence.text) || disputesFigureBetween(ss, from.sentence.i, c.sentence.i, answer)) continue;
    // Each side with who gives it, where the sentence names them though the analysis attributed it to no one.
    const named = (e: Side['evidence'][number], x: ScoredSentence['sentence']) => {
      const who = e.attribution ?? sideAttribution(x);
      return who ? { ...e, attribution: who } : e;
    };
    return [
      { label: answer, statement: '', evidence: [named(from.evidence, from.sentence)] },
      { label: figure.text, statement: '', evidence: [named(c.evidence, c.sentence)] },
    ];
  }
  return undefined;
}
