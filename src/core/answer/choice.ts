/**
 * Alternative questions: "Is the plan an open one or a secret one?", "Who's ahead in the polls, Labour or the
 * Tories?", "Is Adonis pressing him in public or behind closed doors?". The answer is whichever of the two
 * alternatives the evidence states; a yes or a no does not answer such a question, and neither does a span the
 * reader found that is neither alternative. Where the evidence names both, neither, or denies the one it names,
 * the honest reply is that it does not say which.
 *
 * Parsing (alternativesOf) works on the question's tokens and its mentions: the words either side of a single
 * "or", as many content words on the left as the right alternative has, a name (a mention) taken whole. An "or"
 * inside a yes/no question is read as alternatives; in a wh-question only after a comma or a dash ("who is
 * ahead, Labour or the Tories?"): "Which seats did Labour or the Tories win?" asks for seats.
 */
import type { Mention } from '../nlp/aliases.js';
import { lemma, related } from '../nlp/lexical.js';
import { MANNER_PHRASES } from '../nlp/lexicon.js';
import { isStopword, stem, synonymStems } from '../nlp/terms.js';

export interface Alternative {
  /** The alternative as the question words it ("closed doors", "tories"), for the reply. */
  text: string;
  /** Its content words, lower case. */
  words: string[];
  /** The entity it names, when it is a name ("labour" → the party). */
  entity?: string;
}

/** Words that stand in for the noun of a parallel phrase ("an open one or a secret one"): not the alternative. */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['one', 'ones', 'thing', 'things', 'way']);
/** Prepositions kept at the front of an alternative's wording ("in public or behind closed doors"). */
const PREPOSITIONS = new Set(['in', 'on', 'at', 'by', 'with', 'without', 'behind', 'under', 'over', 'before', 'after']);
/** Words that open a noun phrase. */
const DETERMINERS = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'our', 'your']);
/** An object pronoun right after the right-hand alternative: the alternatives are verbs ("… or reject it"). */
const OBJECT_PRONOUNS = new Set(['it', 'them', 'him', 'her', 'this', 'that']);
/** An alternative is a short phrase: more content words than this is a clause, not a choice. */
const MAX_WORDS = 3;

const isContent = (w: string) => !isStopword(w) && !PLACEHOLDERS.has(w) && !PREPOSITIONS.has(w) && /\p{L}/u.test(w);

/** The two alternatives a question offers, or undefined when it offers none. */
export function alternativesOf(q: {
  raw: string;
  words: string[];
  mentions: Mention[];
  type: string;
}): [Alternative, Alternative] | undefined {
  const w = q.words;
  const at = w.indexOf('or');
  if (at <= 0 || at === w.length - 1 || w.indexOf('or', at + 1) >= 0) return undefined;
  // "Which seats did Labour or the Tories win?" asks for seats: outside a yes/no question an "or" offers a
  // choice only after a comma or a dash ("who is ahead, Labour or the Tories?", "describe it – big or small?").
  // (A hyphen inside a word — "by-election" — is not a dash.)
  if (q.type !== 'yesno' && !/(?:[,;:–—]|\s-\s)[^,;:–—]*\bor\b/i.test(q.raw)) return undefined;
  const mentionAt = (i: number, edge: 'start' | 'end') =>
    q.mentions.find((m) => (edge === 'start' ? m.start === i : m.end === i + 1));

  // Right of "or": a name whole, or the content words up to the first function word after one (at most MAX_WORDS).
  let i = at + 1;
  while (i < w.length && !isContent(w[i] as string) && !mentionAt(i, 'start')) i++;
  const rightFrom = i;
  let right: string[] = [];
  let rightMention = mentionAt(i, 'start');
  // "the Green group": a name with a noun of its own is that phrase, not the name's entity.
  if (rightMention && isContent(w[rightMention.end] ?? '') && !mentionAt(rightMention.end, 'start')) {
    right.push(...w.slice(rightMention.start, rightMention.end));
    i = rightMention.end;
    rightMention = undefined;
  }
  if (rightMention) right.push(...w.slice(rightMention.start, rightMention.end));
  else
    for (; i < w.length && right.length < MAX_WORDS; i++) {
      const x = w[i] as string;
      if (PLACEHOLDERS.has(x)) continue;
      if (!isContent(x) || mentionAt(i, 'start')) break;
      right.push(x);
    }
  // "approve the levy, or reject it": verb phrases whose object sits between the verbs are not parsed here.
  if (OBJECT_PRONOUNS.has(w[i] ?? '')) return undefined;
  // Left of "or": a name whole, or the content words before it (never across a function word or a name) — all of
  // them when a preposition opens them ("behind closed doors or in public"), else as many as the right has
  // ("are things getting better or worse" offers "better").
  let j = at - 1;
  while (j >= 0 && PLACEHOLDERS.has(w[j] as string)) j--;
  let left: string[] = [];
  const leftMention = mentionAt(j, 'end');
  if (leftMention) left.push(...w.slice(leftMention.start, leftMention.end));
  else {
    for (; j >= 0 && left.length < MAX_WORDS; j--) {
      const x = w[j] as string;
      if (!isContent(x) || mentionAt(j, 'end')) break;
      left.unshift(x);
    }
    // "the Green group or …": the name before the words belongs to the alternative — unless the right one is a
    // prepositional phrase ("his plan for Clegg openly or behind closed doors"): the words are then how, and the
    // name is what the verb is about.
    const rightIsPhrase = w.slice(at + 1, rightFrom).some((x) => PREPOSITIONS.has(x));
    const nameBefore = left.length && !rightIsPhrase ? mentionAt(j, 'end') : undefined;
    if (nameBefore) {
      left.unshift(...w.slice(nameBefore.start, nameBefore.end));
      j = nameBefore.start - 1;
    } else if (!PREPOSITIONS.has(w[j] ?? '')) left = left.slice(-Math.max(1, right.length));
    // "the wall or the slipway needs work": two noun phrases, each after a determiner — the right one ends where
    // the left one's length says (what follows it is the verb).
    if (
      !rightMention &&
      DETERMINERS.has(w[j] ?? '') &&
      w.slice(at + 1, rightFrom).some((x) => DETERMINERS.has(x)) &&
      right.length > left.length
    )
      right = right.slice(0, left.length);
  }
  // "raise the levy or cut spending": a shorter left cut off by a function word is not the right's parallel (a
  // prepositional right — "openly or behind closed doors" — may face a single word).
  if (
    !leftMention &&
    !rightMention &&
    left.length < right.length &&
    !w.slice(at + 1, rightFrom).some((x) => PREPOSITIONS.has(x))
  )
    return undefined;
  if (!left.length || !right.length) return undefined;
  // A preposition that opens an alternative is part of how it is said: "in public", "behind closed doors".
  const rightLead = w.slice(at + 1, rightFrom).filter((x) => PREPOSITIONS.has(x));
  const leftFrom = leftMention ? leftMention.start : at - left.length - countPlaceholders(w, at);
  const leftLead = PREPOSITIONS.has(w[leftFrom - 1] ?? '') ? [w[leftFrom - 1] as string] : [];
  // "doctored or edited", "sacked or dismissed": two words for one thing ask a yes/no, not a choice.
  if (left.some((a) => right.some((b) => sameThing(a, b)))) return undefined;
  const alt = (ws: string[], lead: string[], m?: Mention): Alternative => ({
    text: [...lead, ...(m ? [m.text] : ws)].join(' '),
    words: ws.filter(isContent),
    ...(m ? { entity: m.id } : {}),
  });
  const a = alt(left, leftLead, leftMention);
  const b = alt(right, rightLead, rightMention);
  if (!a.words.length || !b.words.length || a.text === b.text) return undefined;
  return [a, b];
}

/** Placeholder words right before position `at` ("an open one or …"). */
function countPlaceholders(w: string[], at: number): number {
  let n = 0;
  while (PLACEHOLDERS.has(w[at - 1 - n] ?? '')) n++;
  return n;
}

/** Two words for the same thing: one stem, a curated synonym, or WordNet's synonyms and derivations. */
function sameThing(a: string, b: string): boolean {
  if (stem(a) === stem(b) || synonymStems(stem(a)).includes(stem(b))) return true;
  const la = lemma(a);
  const lb = lemma(b);
  return la === lb || related(la).includes(lb) || related(lb).includes(la);
}

/** The manner idiom an alternative says ("behind closed doors", "in secret", "privately"), if any. */
function mannerOf(a: Alternative): (typeof MANNER_PHRASES)[number] | undefined {
  const text = a.text.toLowerCase();
  return MANNER_PHRASES.find((m) => m.phrases.includes(text) || (a.words.length === 1 && m.words.includes(text)));
}

/**
 * What counts as saying an alternative: for each of its content words, the word, its synonyms and related words
 * (a multi-word alternative is stated only by a sentence holding every one of its words: "close" alone does not
 * say "behind closed doors"); and, for a manner idiom, the words that state that manner ("secretly").
 */
export interface AlternativeStems {
  /** One set per content word: the sentence must hold a stem of each. */
  each: Set<string>[];
  /** Any of these states the alternative by itself (the manner idiom's words). */
  any: Set<string>;
}

export function alternativeStems(a: Alternative): AlternativeStems {
  const each = a.words.map((x) => {
    const out = new Set<string>();
    const s = stem(x);
    out.add(s);
    for (const y of synonymStems(s)) out.add(y);
    for (const r of related(lemma(x))) out.add(stem(r));
    return out;
  });
  const manner = mannerOf(a);
  return { each, any: new Set(manner ? manner.words.map(stem) : []) };
}

/** Every stem of an alternative's words and what stands for them (polarity reads them as the asked words). */
export function allStems(set: AlternativeStems): Set<string> {
  return new Set([...set.any, ...set.each.flatMap((one) => [...one])]);
}

/** Does a sentence's stems say the alternative (alternativeStems)? */
export function saysAlternative(set: AlternativeStems, stems: Set<string>): boolean {
  for (const s of set.any) if (stems.has(s)) return true;
  return set.each.length > 0 && set.each.every((one) => [...one].some((s) => stems.has(s)));
}

/** Is this token one of the alternative's words (or what stands for them)? */
function inAlternative(set: AlternativeStems, token: string): boolean {
  const s = stem(token);
  return set.any.has(s) || set.each.some((one) => one.has(s));
}

/**
 * Which alternatives a sentence states: an alternative whose entity the sentence names, or whose words (or
 * their synonyms and related words) it uses. `sentence` is its memoised analysis (Knowledge.textInfo).
 */
export function stated(
  alternatives: readonly Alternative[],
  stemSets: readonly AlternativeStems[],
  sentence: { stems: Set<string>; mentions: readonly Mention[] },
): boolean[] {
  return alternatives.map((a, i) => {
    if (a.entity) return sentence.mentions.some((m) => m.id === a.entity);
    const set = stemSets[i];
    return set !== undefined && saysAlternative(set, sentence.stems);
  });
}

/** Words between two names that rank the first above the second ("Labour *over* the Tories", "*ahead of*", "*beat*"). */
const RANKS_FIRST = new Set(['over', 'ahead', 'than', 'beat', 'beats', 'defeated', 'outpolled', 'overtook', 'led']);
/** Question words asking for the one ranked above ("who is ahead", "which is bigger"), and below. */
const ASKS_HIGHER = new Set([
  'ahead',
  'lead',
  'leading',
  'leads',
  'winning',
  'won',
  'bigger',
  'larger',
  'more',
  'higher',
  'top',
  'first',
  'beat',
  'beating',
]);
const ASKS_LOWER = new Set([
  'behind',
  'trailing',
  'losing',
  'lost',
  'smaller',
  'fewer',
  'less',
  'lower',
  'last',
  'second',
]);
/** Tokens between the two names within which a ranking word relates them. */
const RANK_GAP = 4;

/**
 * A sentence naming both alternatives may rank them ("a narrow lead for Labour over the Conservatives"): for a
 * question asking which is ahead (or behind), the index of the alternative the ranking gives; undefined when
 * the sentence does not rank them or the question asks no ranking.
 */
export function rankedChoice(
  question: { words: string[] },
  alternatives: readonly Alternative[],
  stemSets: readonly AlternativeStems[],
  sentence: { tokens: string[]; mentions: readonly Mention[] },
): number | undefined {
  const higher = question.words.some((w) => ASKS_HIGHER.has(w));
  const lower = question.words.some((w) => ASKS_LOWER.has(w));
  if (higher === lower) return undefined;
  const at = alternatives.map((a, i) => {
    if (a.entity) {
      const m = sentence.mentions.find((x) => x.id === a.entity);
      return m ? { start: m.start, end: m.end } : undefined;
    }
    const set = stemSets[i];
    const inIt = (x: string | undefined) => x !== undefined && set !== undefined && inAlternative(set, x);
    const t = sentence.tokens.findIndex(inIt);
    if (t < 0) return undefined;
    let end = t + 1;
    while (inIt(sentence.tokens[end])) end++;
    return { start: t, end };
  });
  const [x, y] = at;
  if (!x || !y) return undefined;
  const [firstIdx, first, second] = x.start < y.start ? [0, x, y] : [1, y, x];
  const between = sentence.tokens.slice(first.end, second.start);
  if (between.length > RANK_GAP || !between.some((w) => RANKS_FIRST.has(w))) return undefined;
  return higher ? firstIdx : 1 - firstIdx;
}
