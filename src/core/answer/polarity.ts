/**
 * Yes/no from the evidence, never from word overlap: does the sentence assert what the question asks, deny it,
 * or only hope, plan or speculate about it? Negation counts only near the words the question matched (a "not"
 * in another clause says nothing about them, and a word the question itself uses — "Did Miliband refuse …?" —
 * is part of what is asked, not a denial). Yes and no are about the proposition as stated positively. A hedge ("hopes
 * to", "could", "most likely") does not answer a question about what is or will be: unsure, so the engine says
 * it does not know rather than guess.
 */
import { antonyms, lemma } from '../nlp/lexical.js';
import { isStopword, stem } from '../nlp/terms.js';

export type Polarity = 'yes' | 'no' | 'unsure';

/** Tokens either side of the matched words searched for negation and hedges. */
const WINDOW = 4;

const NEGATION = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'neither',
  'nor',
  'denied',
  'denies',
  'deny',
  'rejected',
  'rejects',
  'refused',
  'refuses',
  'dismissed',
  'unlikely',
  'impossible',
  'without',
]);
/** Words that make a statement a hope, plan, possibility or forecast rather than an assertion. */
const HEDGES = new Set([
  'hope',
  'hopes',
  'hoped',
  'hoping',
  'want',
  'wants',
  'wanted',
  'aim',
  'aims',
  'aiming',
  'plan',
  'plans',
  'planning',
  'expect',
  'expects',
  'could',
  'might',
  'may',
  'likely',
  'possible',
  'possibly',
  'perhaps',
  'if',
  'whether',
  'believe',
  'believes',
  'predict',
  'predicts',
  'forecast',
]);
/** Question words that already ask about a possibility ("Could Labour win?"), so a hedge answers them. */
const HEDGED_QUESTION = new Set(['could', 'might', 'may', 'would', 'likely', 'possible', 'hope', 'hopes', 'plan']);

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** Where a clause starts: what comes after the last of these before the asked words is the clause holding them. */
const CLAUSE_BREAK = /[,;:—–(]/g;
/**
 * An indirect question or a condition opening the clause that holds the asked words ("Asked whether he had been
 * offered another post, he said …", "It is unclear if the deal will hold"): what follows is asked or supposed,
 * not asserted, however far the "whether" stands from the matched words.
 */
const INDIRECT = /\b(?:whether|if)\b/i;

export function polarity(question: { words: string[] }, sentence: string, questionStems: Set<string>): Polarity {
  const found = [...sentence.matchAll(TOKEN)];
  const tokens = found.map((m) => m[0].toLowerCase());
  const matched = tokens.flatMap((t, i) => (questionStems.has(stem(t)) ? [i] : []));
  if (!matched.length) return 'unsure';
  const head = sentence.slice(0, found[matched[0] as number]?.index ?? 0);
  let clauseStart = 0;
  for (const m of head.matchAll(CLAUSE_BREAK)) clauseStart = (m.index ?? 0) + 1;
  if (INDIRECT.test(head.slice(clauseStart))) return 'unsure';
  const from = Math.max(0, (matched[0] as number) - WINDOW);
  const to = Math.min(tokens.length - 1, (matched[matched.length - 1] as number) + WINDOW);
  // "Did the talks succeed?" against "the failed talks": a question word the evidence lacks whose antonym
  // (WordNet) stands near the matched words is denied, as a "not" would deny it.
  const present = new Set(tokens.map(stem));
  const opposites = new Set<string>();
  for (const w of question.words) {
    if (w.length < 3 || isStopword(w) || present.has(stem(w)) || HEDGED_QUESTION.has(w)) continue;
    for (const a of antonyms(w)) opposites.add(a);
  }
  let negated = false;
  let hedged = false;
  let opposed = false;
  for (let i = from; i <= to; i++) {
    const t = tokens[i] as string;
    if (matched.includes(i)) continue;
    if (NEGATION.has(t) || t.endsWith("n't") || t.endsWith('n’t')) negated = !negated;
    if (HEDGES.has(t)) hedged = true;
    if (!opposed && opposites.size && opposites.has(lemma(t))) opposed = true;
  }
  if (opposed) negated = !negated;
  const questionHedged = question.words.some((w) => HEDGED_QUESTION.has(w));
  if (hedged && !questionHedged) return 'unsure';
  return negated ? 'no' : 'yes';
}
