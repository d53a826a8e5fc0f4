/**
 * Does the answer's time fit the time asked? Three checks read after the verifier, each a reply's contract rather
 * than a model's judgement: a question about now or later is not answered by a year before its article; one about
 * what has happened not by a year after it; a year the question asks at must be one the evidence gives.
 */
import type { ParsedQuestion } from './parse.js';

/** The article and sentence an answer was read from (what the checks need of them). */
export interface TimedEvidence {
  article: { published: string; analysis: { sentences: readonly { text: string; p: number }[] } };
  sentence: { i: number; p: number; text: string };
}

/**
 * A "when" about now or later: "When do people vote?", "When will it take effect?" ("When is the first reference in
 * history to Warsaw?" asks about the past in the present tense: not "is").
 */
const FUTURE_WHEN = /^when\s+(?:will|do|does|shall)\b/i;
/** A "when" about what has happened: "When was he appointed?", "When did the council vote?". */
const PAST_WHEN = /^when\s+(?:was|were|did|had)\b/i;
/** Words before a year that make it a bound of the time asked, not the time itself. */
const YEAR_BOUNDS = 'before|after|since|until|till|by|from|pre|post';

/** The year of the article's publication date. */
function publishedYear(e: TimedEvidence): number {
  return Number(e.article.published.slice(0, 4));
}

/**
 * Why the answer's time does not fit the question's, if it does not:
 * - 'past-for-future': "When do the main parts of the new law actually take effect?" answered "2021" of "… when it
 *   tried and failed to buy a neighbouring estate in 2021" (a year alone, before its article's);
 * - 'future-for-past': "When was Daniel Whitcombe appointed minister for hospitals?" answered "by 2030" (probe round
 *   2): what has happened is not dated after its article;
 * - 'year-unsaid': "how many votes did northern voice get in carrow hill in 2024" answered "87" of a 2026
 *   by-election's headline (probe round 5): a year asked at that neither the answer's sentence, a neighbour of it in
 *   its paragraph, nor its article's date gives. A year that bounds the time asked ("How long had Labour been in
 *   government before 2010?") need not be said.
 */
export function timeMisfit(
  p: ParsedQuestion,
  answer: string,
  e: TimedEvidence,
): 'past-for-future' | 'future-for-past' | 'year-unsaid' | undefined {
  const year = FUTURE_WHEN.test(p.raw) ? /^(?:in\s+)?(\d{4})$/.exec(answer)?.[1] : undefined;
  if (year !== undefined && Number(year) < publishedYear(e)) return 'past-for-future';
  const later = PAST_WHEN.test(p.raw) ? /\b(\d{4})\b/.exec(answer)?.[1] : undefined;
  if (later !== undefined && Number(later) > publishedYear(e)) return 'future-for-past';
  const at = p.years.filter((y) => !new RegExp(`\\b(?:${YEAR_BOUNDS})[\\s-]+${y}\\b`, 'i').test(p.raw));
  if (at.length && !at.some((y) => saysYear(e, y))) return 'year-unsaid';
  return undefined;
}

/** Does the sentence, a neighbour of it in its paragraph, or its article's date give the year? */
function saysYear(e: TimedEvidence, year: string): boolean {
  if (e.article.published.startsWith(year)) return true;
  const ss = e.article.analysis.sentences;
  for (let j = e.sentence.i - 1; j <= e.sentence.i + 1; j++) {
    const x = ss[j];
    if (x && (j === e.sentence.i || x.p === e.sentence.p) && x.text.includes(year)) return true;
  }
  return false;
}
