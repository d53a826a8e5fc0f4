/**
 * Replies of the kind asked, read after the verifier's decision (model-neutral: the reader's spans and features are
 * untouched, only whether a reply is given): a span that cuts a word or a number, a "when" answered with no time, a
 * how-much answered with the question's own figure, "how many" answered with a share, "What … for?" answered with a
 * figure, a figure the sentence dates to another relative year than the one asked ("next year" for "last year") or
 * gives another label ("Band D" for "band B"), and "Who is the X?" answered by a name the sentence gives another post
 * (session 21); a "when" answered by the year in a document's name, "What did X say?" answered by X, a total answered
 * by an additional amount, a "why" answered with no reason, a "who" answered with a time (session 22); a count of
 * another thing, a proportion's number or "millions of" something else for "how many", another stage's vote, the
 * question put to a speaker for their reply, a time for "which <thing>", a month or year asked and not given, a
 * vote's tally for its majority (and back), the name a speaker is described by for the speaker (session 23).
 * Each found by a probe round; each returns the guard's name, for the reply's diagnostics and the tests.
 */
import { descriptionsIn, isRoleTitle, namesPost } from '../nlp/analyse.js';
import { lemma, related } from '../nlp/lexical.js';
import { isStopword, stem } from '../nlp/terms.js';
import type { ParsedQuestion } from './parse.js';
import { numbersIn, questionNumbers } from './read.js';

/** Where a span stands in its sentence. */
interface SpanAt {
  text: string;
  start: number;
  end: number;
}

export type KindMismatch =
  | 'cut-word'
  | 'timeless'
  | 'restated'
  | 'share-for-count'
  | 'other-post'
  | 'former-post'
  | 'figure-for-what'
  | 'other-year'
  | 'other-label'
  | 'year-of-name'
  | 'restated-thing'
  | 'part-for-total'
  | 'difference-for-amount'
  | 'figure-for-who'
  | 'unitless'
  | 'reasonless'
  | 'time-for-who'
  | 'count-of-other'
  | 'asked-not-said'
  | 'time-for-which'
  | 'time-for-what'
  | 'thing-for-who'
  | 'owner-for-speaker'
  | 'tally-for-other'
  | 'other-unit'
  | 'time-for-count'
  | 'relative-for-name'
  | 'relation-for-holder'
  | 'ordinal-for-count'
  | 'time-for-size'
  | 'figure-of-other'
  | 'other-clock'
  | 'description-for-action'
  | 'other-owner';

/** Why `span` (of `sentence`) is no answer of the kind `p` asks for, if it is not. */
export function kindMismatch(p: ParsedQuestion, span: SpanAt, sentence: string): KindMismatch | undefined {
  // "2" of "24 February": the analysis can report a number it found only inside another.
  if (WORD_CHAR.test(sentence[span.start - 1] ?? '') || WORD_CHAR.test(sentence[span.end] ?? '')) return 'cut-word';
  // "When did the watchdog fine Wendmoor?" answered "18.5 million".
  if (asksWhen(p) && !TIME_WORDS.test(span.text)) return 'timeless';
  // "When do MPs vote on the suspension?" is not "the Recall of MPs Act 2015": a year in a document's name dates
  // nothing (unless the question asks about that document: "When was the Recall of MPs Act passed?").
  const named = NAMED_YEAR.exec(sentence.slice(0, span.start));
  if (asksWhen(p) && /^\d{4}$/.test(span.text) && named && !p.words.includes((named[1] as string).toLowerCase()))
    return 'year-of-name';
  // "What did Okafor's 2019 post actually say?" answered "social media post": the thing asked about, not what it
  // says.
  if (p.words[0] === 'what' && SAYS.has(p.words.at(-1) ?? '') && p.words.includes(lastWord(span.text))) {
    return 'restated-thing';
  }
  // "How much would the £1 bus fare cap have cost?" answered "£1".
  const figures = numbersIn(span.text);
  if (p.type === 'howmany' && figures.length && figures.every((n) => questionNumbers(p).includes(n))) return 'restated';
  // "How old is the new education secretary?" answered "first" (of "Wales's first minister", probe round 2): an
  // ordinal ranks, it counts nothing.
  if (p.type === 'howmany' && ORDINAL_ONLY.test(span.text)) return 'ordinal-for-count';
  // "What time was the result finally announced?" answered "last week" (probe round 14): a time of day asked, none
  // given.
  if (CLOCK_ASKED.test(p.raw) && !CLOCK.test(span.text)) return 'other-clock';
  // "What does Lord Hebden plan to do in the Lords?" answered "Liberal Democrat peer" of "Lord Hebden, a Liberal
  // Democrat peer …, has said he will …" (probe round 13): what someone is, not what they will do.
  if (DOING_ASKED.test(p.raw) && APPOSED_BEFORE.test(sentence.slice(0, span.start))) return 'description-for-action';
  // "How many people did Meridian Research poll?" answered "38 per cent" (not "how many per cent/points").
  if (asksHowMany(p) && SHARE.test(span.text) && !p.words.some((w) => SHARE_UNITS.has(w))) return 'share-for-count';
  // "four out of five of the roads", "one in five prisoners": either number alone is a proportion's, not a count.
  if (
    asksHowMany(p) &&
    (RATIO_BEFORE.test(sentence.slice(0, span.start)) || RATIO_AFTER.test(sentence.slice(span.end))) &&
    !p.words.some((w) => SHARE_UNITS.has(w))
  )
    return 'share-for-count';
  // "What did council tax go up by last year?" is not "… raise council tax by 4.99% next year": the sentence dates
  // its figure to another relative year and never to the one asked.
  const askedYear = RELATIVE_YEAR.exec(p.raw)?.[1]?.toLowerCase();
  const said = [...sentence.matchAll(RELATIVE_YEAR_ALL)].map((m) => (m[1] as string).toLowerCase());
  if (askedYear && said.length && !said.includes(askedYear)) return 'other-year';
  // "What will a band B home pay?" is not "a typical Band D home", nor "the stage 1 vote" "approved at stage 3": the
  // sentence labels the thing asked otherwise.
  const label = LABELLED.exec(p.raw);
  if (label) {
    const noun = label[1] ?? label[3] ?? '';
    const asked = label[2] ?? label[4] ?? '';
    const mark = label[1] ? '[A-Za-z]|\\d{1,3}' : '\\d{1,3}';
    const labels = [...sentence.matchAll(new RegExp(`\\b${noun}\\s+(${mark})\\b`, 'gi'))].map((m) =>
      (m[1] as string).toLowerCase(),
    );
    if (labels.length && !labels.includes(asked.toLowerCase())) return 'other-label';
  }
  // "Why would this trigger a recall petition?" answered "in the member's constituency": a reason is given with a
  // word that gives one, in the span ("because the local MP had voted against …", "after a row over his expenses",
  // "to change the conversation") or just before it ("resigned because of *ill health*").
  if (p.type === 'why' && !REASON.test(span.text) && !REASON_BEFORE.test(sentence.slice(0, span.start)))
    return 'reasonless';
  // "Why was the public interest test dropped?" is not "to block sales …" of "a test that would have allowed them to
  // block sales …": what something lets someone do is what it is for, not why anything happened to it.
  if (p.type === 'why' && /^to\s/i.test(span.text) && LETS_BEFORE.test(sentence.slice(0, span.start)))
    return 'reasonless';
  // "who poured cold water on the idea of a job for Clegg" answered "Mr Miliband" of "A spokesman for Mr Miliband
  // played down …": the name a speaker is described by is not the speaker.
  if (p.type === 'who' && SPEAKER_OF_BEFORE.test(sentence.slice(0, span.start))) return 'owner-for-speaker';
  // "Who is Scotland's first minister?" is not "Allies" of "Allies of the first minister privately acknowledged …"
  // (probe round 16): people described by the post asked about are not its holder.
  if (holderRelation(p, span, sentence)) return 'relation-for-holder';
  // "who won the glenallan and kirkmuir by-election" answered "Holyrood seat": a thing is nobody.
  if (p.type === 'who' && THING_NOUN.test(span.text)) return 'thing-for-who';
  // "Who accused the authority of exaggerating the problem?" answered "9%": a figure is nobody.
  if ((p.type === 'who' || p.type === 'whosaid') && FIGURE_ONLY.test(span.text)) return 'figure-for-who';
  // "who replaced trask as housing minister" answered "Monday evening": a time is nobody.
  if (p.type === 'who' && TIME_WORDS.test(span.text) && TIME_ONLY.test(span.text)) return 'time-for-who';
  // "What is the trust's total budget?" is not "an additional £18m": an extra amount is a part, not the total.
  // Nor is "How much did the council pay to buy the Riverside Mall?" answered by "a further £22m of borrowing … to
  // refurbish" it (round 15): an amount asked plainly is not one said to be on top of another, unless the question
  // asks for the extra.
  if (
    (p.words.includes('total') || (p.quantity === 'money' && !p.words.some((w) => PART_ASKED.has(w)))) &&
    PART_BEFORE.test(sentence.slice(0, span.start))
  )
    return 'part-for-total';
  // "How much will phase one cost?" is not "£60m" of "could cost almost £60m more than members were told": an amount
  // more (or less) than another is a difference, an answer only when a difference is asked.
  if (p.type === 'howmany' && DIFFERENCE_AFTER.test(sentence.slice(span.end)) && !DIFFERENCE_ASKED.test(p.raw))
    return 'difference-for-amount';
  // "how long had Trask been housing minister?" is not "days" of "after days of pressure": a unit of time with no
  // number says the length of nothing unless it is one ("For years, Mr Miliband is said to have refused …").
  if (asksHowLong(p) && BARE_UNIT.test(span.text) && !/\bfor\s+$/i.test(sentence.slice(0, span.start)))
    return 'unitless';
  // "What was the company fined for?" asks what for, not how much: "18.5 million" is no answer.
  // So "What are rural councils allowed to spend their share on?" is not "£720 million" (probe round 4): what money
  // is spent on is a thing, not a figure.
  const end = p.words.at(-1) ?? '';
  if (
    p.words[0] === 'what' &&
    (end === 'for' || (end === 'on' && p.words.some((w) => SPEND.has(w)))) &&
    FIGURE_ONLY.test(span.text)
  )
    return 'figure-for-what';
  // "How big a majority is Labour defending?" is not "in May 2015" (probe round 12): a size asked, a time given.
  if (SIZE_ASKED.test(p.raw) && TIME_WORDS.test(span.text) && TIME_ALONE.test(span.text)) return 'time-for-size';
  // "Who is the local government secretary?" is not "Peter Langshaw, the MP for Wexholme East, said he had written to
  // the local government secretary": the sentence gives the name another post and names the post asked apart.
  const post = askedPost(p);
  if (
    post !== undefined &&
    sentence.toLowerCase().includes(post) &&
    descriptionsIn(span.text, sentence).some((d) => namesPost(d) && !d.toLowerCase().includes(post))
  )
    return 'other-post';
  if (formerHolder(p, span, sentence)) return 'former-post';
  if (otherOwner(p, span, sentence)) return 'other-owner';
  if (countsAnotherThing(p, span, sentence)) return 'count-of-other';
  if (p.type === 'howmany' && figureOfAnother(p, span, sentence)) return 'figure-of-other';
  // "How many people signed the petition in its first few days?" answered "four days" (of "more than 11,000
  // signatures in its first four days", probe round 14): a length of time counts no people, only time asked for.
  if (asksHowMany(p) && DURATION_ONLY.test(span.text) && !countedStems(p).some((x) => TIME_UNIT_STEMS.has(x)))
    return 'time-for-count';
  // "which party finished runner-up?" answered "whose party" (of "Ms Lowther, whose party finished second", probe
  // round 14): a relative pronoun opens a clause about someone named before it and names nobody itself.
  if (['who', 'which', 'where'].includes(p.type) && RELATIVE_OPENING.test(span.text)) return 'relative-for-name';
  // "What are the Lib Dems demanding?" answered "13 years": a length of time for a "what" that asks for none.
  if (
    p.words[0] === 'what' &&
    DURATION_ONLY.test(span.text) &&
    !TIME_WORDS.test(p.raw) &&
    !p.words.some((w) => LENGTH_WORDS.has(w))
  )
    return 'time-for-what';
  // "which region is easiest to get an NHS dentist in" answered "two years": a thing asked, a time or a length given.
  const which = p.words[0] === 'which' ? p.words[1] : undefined;
  if (which && !TIME_WORDS.test(which) && (TIME_ONLY.test(span.text) || DURATION_ONLY.test(span.text)))
    return 'time-for-which';
  // A vote's tally ("311 votes to 288") is neither its majority ("23") nor how someone voted, and a majority is no
  // tally: "how big was the majority …?", "what was the final tally …?", "how did plaid vote on the motion?".
  const tally = TALLY.test(span.text);
  if (tally && (MARGIN_ASKED.test(p.raw) || asksStance(p))) return 'tally-for-other';
  if (!tally && TALLY_ASKED.test(p.raw) && /^\D*\d[\d,.]*\D*$/.test(span.text)) return 'tally-for-other';
  if (asksStance(p) && FIGURE_ONLY.test(span.text)) return 'tally-for-other';
  // "which month is the general election in?" answered "next year": the unit asked is not in the answer.
  const unit = ASKED_UNIT.exec(p.raw)?.[1]?.toLowerCase();
  if (unit === 'month' && !MONTH.test(span.text)) return 'other-unit';
  if (unit === 'year' && !/\b\d{4}\b|\b(?:last|this|next)\s+year\b/i.test(span.text)) return 'other-unit';
  // "How did Ashworth respond when asked if Farooq had threatened to quit?" is not "over the issue" of "Asked whether
  // Ms Farooq had threatened to resign over the issue, Ms Ashworth said: …": the lead-in is the question put to the
  // speaker, never the reply asked for.
  const lead = ASKED_LEAD.exec(sentence);
  if (lead && span.start < lead[0].length && (p.type === 'whatsaid' || p.words.some((w) => RESPONSE_WORDS.has(w))))
    return 'asked-not-said';
  return undefined;
}

/**
 * An amount stated as a difference from another: "£60m more than members were told", "300 fewer than planned",
 * "350,000 more children in poverty than two years ago".
 */
const DIFFERENCE_AFTER =
  /^\s+(?:(?:more|less|higher|lower)\s+than\b|(?:more|fewer|extra)\s+(?:[\p{L}-]+\s+){1,4}?than\b)/iu;
/** A question asking for a difference ("how much more …", "by how much", "how far over budget", "what is the gap"). */
const DIFFERENCE_ASKED =
  /\b(?:more|less|fewer|extra|additional|gap|difference|higher|lower|over|above|below|rise|rose|risen|increase|increased|up|down|by|overspend|overrun|shortfall)\b/i;

/** A unit of time alone, or with only a vague quantifier: "days", "for years", "many months". */
const BARE_UNIT = /^(?:for\s+)?(?:(?:many|several|some)\s+)?(?:years|months|weeks|days|hours|decades)$/i;
/** "How long …?" */
function asksHowLong(p: ParsedQuestion): boolean {
  return p.words.some((w, i) => w === 'how' && p.words[i + 1] === 'long');
}

/** A sentence opening with the question put to its speaker: "Asked whether Ms Farooq had threatened to resign, …". */
const ASKED_LEAD = /^(?:When\s+)?(?:asked|pressed|questioned|challenged)\b[^,;:“”"]*,/i;
/** Question words asking for what someone replied. */
const RESPONSE_WORDS = new Set([
  'respond',
  'responded',
  'react',
  'reacted',
  'reply',
  'replied',
  'say',
  'said',
  'answer',
  'answered',
]);

/** Words after a count that may stand before what it counts ("two senior officials", "six ballot papers"). */
const COUNTED_REACH = 3;
/**
 * "How many officials are being investigated?" is not "two" of "a small number of officials in two departments":
 * the count is followed by another noun, what is counted is none of the words after it, and the sentence names the
 * thing asked elsewhere, or the count is of times. A count followed by a function word ("41 of the 63 seats") or by
 * nothing is left alone.
 */
function countsAnotherThing(p: ParsedQuestion, span: SpanAt, sentence: string): boolean {
  const counted = countedStems(p);
  if (!counted.length || !/^[\d\p{L}]/u.test(span.text)) return false;
  // "millions of leaseholders" counts what follows "of" ("41 of the 63 seats" is a part of a count: left alone).
  const of = VAGUE_COUNT.test(span.text)
    ? /^\s+of\s+(?:the\s+|these\s+|those\s+|their\s+|its\s+)?/i.exec(sentence.slice(span.end))
    : null;
  const at = of ? { ...span, end: span.end + of[0].length - 1 } : span;
  // "an 18-point lead" for "how many people did Meridian survey?": a number joined to a unit modifies the noun
  // after it, and counts only that unit.
  const joined = /^-([\p{L}]+)/u.exec(sentence.slice(span.end))?.[1]?.toLowerCase();
  if (joined && /^\d/.test(span.text)) return !counted.includes(stem(joined));
  const after = wordsAfter(at, sentence);
  const next = after[0]?.toLowerCase();
  if (countsAskedThing(counted, at, sentence) || !next || isStopword(next) || /^\d/.test(next)) return false;
  // "spilled sewage 4,310 times" counts occurrences, never the customers asked about.
  if (next === 'times') return true;
  const rest =
    `${sentence.slice(0, span.start)} ${sentence.slice(span.end)}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return rest.some((w) => counted.includes(stem(w)));
}

/** The stems of the units of time a count may count ("how many days …"). */
const TIME_UNIT_STEMS = new Set(['year', 'month', 'week', 'day', 'hour', 'minute', 'decade'].map(stem));
/** A span opening with a relative pronoun: "whose party", "which runs the trust", "who chairs it". */
const RELATIVE_OPENING = /^(?:whose|who|whom|which)\b/i;
/** The two numbers of a proportion: "four out of five", "one in five". */
const SMALL_NUMBER = '(?:\\d[\\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)';
const RATIO_BEFORE = new RegExp(`\\b${SMALL_NUMBER}\\s+(?:out\\s+of|in)\\s+$`, 'i');
const RATIO_AFTER = new RegExp(`^\\s+(?:out\\s+of|in)\\s+${SMALL_NUMBER}\\b`, 'i');
/** A count in words with no number: "millions", "hundreds", "dozens". */
const VAGUE_COUNT = /^(?:hundreds|thousands|millions|billions|dozens|scores|tens)$/i;
/** What "how many …?" counts: the words after it up to the verb's auxiliary ("how many hospital projects are …"). */
function countedStems(p: ParsedQuestion): string[] {
  if (!asksHowMany(p)) return [];
  const at = p.words.findIndex((w, i) => w === 'how' && p.words[i + 1] === 'many');
  const counted: string[] = [];
  for (const w of p.words.slice(at + 2, at + 2 + COUNTED_REACH)) {
    if (isStopword(w)) break;
    counted.push(stem(w));
  }
  return counted;
}

/** The words after a span, not hyphens ("a four-valve engine" counts valves). */
function wordsAfter(span: SpanAt, sentence: string): string[] {
  return (sentence.slice(span.end).match(/[\p{L}\p{N}’']+/gu) ?? []).slice(0, COUNTED_REACH);
}

/**
 * Does the span count what "how many …?" asks (its `counted` stems), in so many words: "1,500 members" for "How many members …?", "19
 * votes to 11" for "How many votes …?".
 */
function countsAskedThing(counted: readonly string[], span: SpanAt, sentence: string): boolean {
  const own = span.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return (
    counted.length > 0 &&
    [...own, ...wordsAfter(span, sentence).map((w) => w.toLowerCase())].some((w) => counted.includes(stem(w)))
  );
}

/** "How many …?" (anywhere in the question: "Exactly how many years …?"). */
export function asksHowMany(p: ParsedQuestion): boolean {
  return p.type === 'howmany' && p.words.some((w, i) => w === 'how' && p.words[i + 1] === 'many');
}

/** Words around a post asked about that are not part of it ("Who is the current chancellor?"). */
const POST_FILLERS = new Set(['the', 'a', 'an', 'current', 'currently', 'now', 'new']);
/** A figure in a sentence: digits (with separators), not a year. */
const FIGURE_IN = /[£$€]?(?:\d[\d,.]*\d|\d)(?:\s?(?:%|per\s+cent|bn|m\b|million|billion))?/g;
/** Which sort of figure: money, a share, or a count (a listing's figure given for another must be the span's sort). */
function figureSort(text: string): 'money' | 'share' | 'count' {
  return /^[£$€]/.test(text) ? 'money' : /%|per\s+cent/.test(text) ? 'share' : 'count';
}
const YEAR_LIKE = /^(?:19|20)\d\d$/;

/**
 * "How many votes did the Green Party candidate get?" is not "18,450" of "The Conservative candidate, Philippa
 * Lowther, came third with 18,450 votes, followed by the Greens' Kwame Amankwah with 9,812" (probe rounds 5 and 14):
 * in a sentence listing figures, each figure belongs to what is named between it and the figure before. A name the
 * question asks by (a word capitalised in the sentence, "Green") standing only before another figure makes the span
 * someone else's figure.
 */
function figureOfAnother(p: ParsedQuestion, span: SpanAt, sentence: string): boolean {
  return figureOwners(p, span, sentence)?.other === true;
}

/**
 * The figure of a listing sentence whose stretch names what the question asks by, when the span's figure is another
 * one's (figureOfAnother) and exactly one figure's stretch names it: "9,812" of "… 18,450 votes, followed by the
 * Greens' Kwame Amankwah with 9,812" for "How many votes did the Green Party candidate get?". The sentence says
 * whose each figure is; the reply gives the one asked, as written.
 */
export function askedFigure(p: ParsedQuestion, span: SpanAt, sentence: string): SpanAt | undefined {
  const owners = figureOwners(p, span, sentence);
  if (!owners?.other || owners.asking.length !== 1) return undefined;
  const m = owners.asking[0] as RegExpMatchArray;
  const start = m.index ?? 0;
  return { text: m[0], start, end: start + m[0].length };
}

/** Whose each figure of the sentence is (figureOfAnother): is the span's another's, and which figures are asked. */
function figureOwners(
  p: ParsedQuestion,
  span: SpanAt,
  sentence: string,
): { other: boolean; asking: RegExpMatchArray[] } | undefined {
  const figures = [...sentence.matchAll(FIGURE_IN)].filter((m) => !YEAR_LIKE.test(m[0]));
  if (figures.length < 2) return undefined;
  const own = figures.findIndex((m) => (m.index ?? 0) >= span.start && (m.index ?? 0) < span.end);
  if (own < 0) return undefined;
  const asked = new Set(p.words.filter((w) => !isStopword(w)).map(stem));
  // The names of each figure's stretch (from the figure before it): capitalised words, not a sentence's first nor
  // an acronym ("MPs" is no one's name).
  const names = figures.map((m, i) => {
    const from = i ? (figures[i - 1]?.index ?? 0) + (figures[i - 1]?.[0].length ?? 0) : 0;
    const stretch = sentence.slice(from, m.index ?? 0);
    return [...stretch.matchAll(NAME_WORD)].map((x) => stem(x[0].replace(/[’']s?$/, '').toLowerCase()));
  });
  const asks = (n: string[]) => n.some((x) => asked.has(x));
  const mine = names[own] as string[];
  const sort = figureSort((figures[own] as RegExpMatchArray)[0]);
  const asking = figures.filter((m, i) => i !== own && asks(names[i] as string[]) && figureSort(m[0]) === sort);
  // The span's own stretch names someone, none of them asked; another's names one asked.
  return { other: mine.length > 0 && !asks(mine) && asking.length > 0, asking };
}
/** A capitalised word with a lower-case letter after its capital, not opening the sentence. */
const NAME_WORD = /(?<![.!?]\s|^)\b\p{Lu}\p{Ll}[\p{L}’'-]*/gu;

/**
 * Verbs whose "on" takes what money goes to ("… spend their share on?"); elsewhere a final "on" may ask a figure
 * ("What did the poll have Labour on?").
 */
const SPEND = new Set(['spend', 'spent', 'spending', 'spends', 'use', 'used']);
/** "How big/large/high/wide …": a size asked. */
const SIZE_ASKED = /^how\s+(?:big|large|high|low|small|wide|narrow)\b/i;
/** A date or time and nothing else: "in May 2015", "last week", "on 3 September" (no figure of an amount). */
const TIME_ALONE =
  /^(?:(?:in|on|at|by|from|until|since|before|after|last|this|next|the|early|late|mid)\s+)*(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|autumn|winter|week|month|year|today|yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)?(?:\s+\d{4})?$|^(?:in\s+)?\d{4}$/i;
/** An ordinal alone ("first", "second", "3rd"). */
const ORDINAL_ONLY =
  /^(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))$/i;
/** A question asking a time of day ("What time was the result announced?"; not "what time of year"). */
const CLOCK_ASKED = /\bwhat\s+time\b(?!\s+of\s+(?:year|the\s+year))/i;
/** A time of day as written: "5.12am", "10:30", "noon", "midnight", "in the early hours", "on Friday evening". */
const CLOCK =
  /\d(?:[.:]\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[.:]\d\d\b|\b(?:noon|midday|midnight|o['’]clock|early\s+hours|morning|afternoon|evening|night|dawn|lunchtime)\b/i;
/** A question asking what someone will do: "What does Lord Hebden plan to do …?", "what will she do next". */
const DOING_ASKED =
  /\bwhat\s+(?:does|did|do|will|would|is|are|was)\b.*\b(?:(?:plan|plans|planning|intend|intends|intending|want|wants|hope|hopes|aim|aims|going|propose|proposes|proposing)\s+to\s+do|do\s+next)\b/i;
/** A span straight after a name and a comma: an apposition describing who they are ("Lord Hebden, a …"). */
const APPOSED_BEFORE = /[A-Z][\p{L}’'-]+,\s+(?:(?:a|an|the)\s+)?$/u;
/** A description of someone who held a post and no longer does: "a former chief executive of …", "the ex-leader". */
const FORMER_DESCRIPTION = /^(?:(?:a|an|the)\s+)?(?:former|ex-?|previous|one-time|erstwhile)\b/i;
/** Question words that ask about a past holder themselves ("Who was the former leader?"). */
const PAST_HOLDER = new Set(['former', 'ex', 'previous', 'was', 'erstwhile']);

/**
 * "Who is Brackenmoor council's chief executive?" is not "Sir Geoffrey Lant, a former chief executive of Weltonshire
 * County Council" (probe round 15): the name is described only as a former holder of the post asked about (a word
 * of the question's post in the description). "Who is leading the commissioners?" is still answered by him: the
 * description holds no word of what is asked.
 */
function formerHolder(p: ParsedQuestion, span: SpanAt, sentence: string): boolean {
  if (p.type !== 'who' || p.words[1] !== 'is' || p.words.some((w) => PAST_HOLDER.has(w))) return false;
  const descriptions = descriptionsIn(span.text, sentence);
  if (!descriptions.length || !descriptions.every((d) => FORMER_DESCRIPTION.test(d))) return false;
  const asked = new Set(
    p.words
      .slice(2)
      .filter((w) => !isStopword(w))
      .map(stem),
  );
  return descriptions.some((d) =>
    d
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .some((w) => w && !isStopword(w) && asked.has(stem(w))),
  );
}

/**
 * Is the span a relation noun ("Allies", "a spokesman") followed by "of/for/to" and the last word of what a "Who
 * is/was …?" question asks about ("… of the first minister" for "Who is Scotland's first minister?")?
 */
function holderRelation(p: ParsedQuestion, span: SpanAt, sentence: string): boolean {
  if (p.type !== 'who' || !['is', 'was'].includes(p.words[1] ?? '') || !RELATION_SPAN.test(span.text)) return false;
  const head = p.words.filter((w) => !isStopword(w)).at(-1);
  const after = RELATION_AFTER.exec(sentence.slice(span.end))?.[1];
  if (head === undefined) return false;
  return after?.toLowerCase().split(/\s+/).map(stem).includes(stem(head)) === true;
}

/** A body's post by a common noun's possessive: "the commission's director …", "the party's new finance director". */
const OWNED_POST = /\b(?:the|its|their)\s+([a-z]+)[’']s\s+(.+)$/;

/**
 * "Who is the party's new finance director?" is not "Louise Farrant, the commission's director of political finance
 * and regulation" (probe round 16): the name holds a post of the question's kind in another body. Both bodies are
 * named by a common noun, neither a synonym of the other (WordNet), and the description holds a word of the post.
 */
function otherOwner(p: ParsedQuestion, span: SpanAt, sentence: string): boolean {
  if (p.type !== 'who' || !['is', 'was'].includes(p.words[1] ?? '')) return false;
  const asked = OWNED_POST.exec(p.raw.toLowerCase().replace(/[?.!]+$/, ''));
  if (!asked?.[1] || !asked[2]) return false;
  const owner = asked[1];
  const post = new Set(
    asked[2]
      .split(/[^\p{L}]+/u)
      .filter((w) => w && !isStopword(w) && !POST_FILLERS.has(w))
      .map(stem),
  );
  const descriptions = descriptionsIn(span.text, sentence);
  if (!descriptions.length) return false;
  return descriptions.every((d) => {
    const held = OWNED_POST.exec(d.toLowerCase());
    if (!held?.[1] || !held[2] || held[1] === owner) return false;
    const other = lemma(held[1]);
    if (related(other).includes(lemma(owner)) || related(lemma(owner)).includes(other)) return false;
    return held[2].split(/[^\p{L}]+/u).some((w) => w && !isStopword(w) && post.has(stem(w)));
  });
}

/** The post a "Who is the X?" question asks about, as written (lower case), when X is a post (isRoleTitle). */
function askedPost(p: ParsedQuestion): string | undefined {
  if (p.type !== 'who' || !['is', 'was'].includes(p.words[1] ?? '')) return undefined;
  const phrase = p.words.slice(2).filter((x) => !POST_FILLERS.has(x));
  return phrase.length && isRoleTitle(phrase.join(' ')) ? phrase.join(' ') : undefined;
}

/**
 * What a time is written with: a year, a month or day, a season, a date or clock figure, or a word placing it
 * ("next year", "last autumn", "within weeks", "2027-28"). An answer to "when" holds one.
 */
const TIME_WORDS =
  /\b(?:[1-9]\d{2,3}s?|BC|AD|\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)|minutes?|hours?|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|spring|summer|autumn|winter|year|years|month|months|week|weeks|day|days|decade|century|today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|now|soon|ago|since|until|before|after|during|recess|Christmas|Easter|election|\d{1,2}(?:am|pm)|\d{1,2}(?:st|nd|rd|th)|\d{1,2}\/\d{1,2})\b/i;
/**
 * A question that asks for a time: "When did/was/will …?" (not "When B cells replicate, what …?") or "What
 * year/date/day/month/time …?".
 */
function asksWhen(p: ParsedQuestion): boolean {
  const [first, second] = p.words;
  return (
    p.type === 'when' &&
    ((first === 'when' && WHEN_AUX.has(second ?? '')) ||
      ((first === 'what' || first === 'which') && WHEN_NOUNS_ASKED.has(second ?? '')))
  );
}
/** Auxiliaries after "When" that make it a question about a time ("When did …?", not "When B cells …, what …?"). */
const WHEN_AUX = new Set([
  'did',
  'does',
  'do',
  'was',
  'were',
  'is',
  'are',
  'will',
  'would',
  'has',
  'have',
  'had',
  'can',
  'could',
  'should',
  'must',
  'might',
]);
/** "What year/date/day/month/time …?" asks for a time too. */
const WHEN_NOUNS_ASKED = new Set(['year', 'date', 'day', 'month', 'time']);
/** A share: "38 per cent", "38%", "a third". */
const SHARE = /\d\s*(?:%|per\s*cent|percent)|\b(?:half|third|quarter|fifth)s?\b/i;
/** Question words that ask for a count of a share ("how many per cent", "how many points ahead"). */
const SHARE_UNITS = new Set(['percent', 'cent', 'points', 'point', 'percentage']);

/** A figure and nothing else: "£18.5 million", "18.5 million", "40%", "1,150". */
const FIGURE_ONLY = /^[£$€]?\s?\d[\d,.]*\s?(?:bn|m|k|billion|million|thousand|per\s*cent|%)?$/i;
/**
 * A thing with a one-letter or numbered label: "band B", "tier 2", "clause 4", "phase 1", "route 7"; and with a
 * numbered one only, where a letter would be a word ("stage 1" — "stage a protest"; "article 50", "part 3").
 */
const LABELLED =
  /\b(?:(band|tier|category|grade|phase|clause|section|schedule|route|zone)\s+([A-Za-z]|\d{1,3})|(stage|article|part|round|step|level|wave)\s+(\d{1,3}))\b/i;
/** A year named relative to the article's date: "last year", "this year", "next year". */
const RELATIVE_YEAR = /\b(last|this|next)\s+year\b/i;
const RELATIVE_YEAR_ALL = new RegExp(RELATIVE_YEAR.source, 'gi');
/**
 * A span of time words and nothing else: "Monday evening", "last week", "this month" (not a month's name: "May",
 * "June" are people too).
 */
const TIME_ONLY =
  /^(?:(?:this|last|next|on|in|at|the|early|late|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|morning|afternoon|evening|night|week|month|year|today|tonight|yesterday|tomorrow)\b\s*)+$/i;
/** A speaker described by whose they are, right before a name: "A spokesman for", "allies of", "sources close to". */
const RELATION_NOUN =
  '(?:spokes(?:man|woman|person)|aides?|all(?:y|ies)|advisers?|friends?|sources?|colleagues?|supporters?|officials?)';
const SPEAKER_OF_BEFORE = new RegExp(`\\b${RELATION_NOUN}\\s+(?:for|of|to|close\\s+to)\\s+$`, 'i');
/** A span ending in one of those nouns, and what follows it: "Allies" of "Allies of the first minister …". */
const RELATION_SPAN = new RegExp(`\\b${RELATION_NOUN}$`, 'i');
const RELATION_AFTER = /^\s+(?:for|of|to|close\s+to)\s+(?:the\s+|a\s+|an\s+)?((?:[\p{L}’'-]+\s+){0,3}[\p{L}’'-]+)/iu;
/** A span ending in a noun for a thing, never for who did something: "Holyrood seat", "the draft budget". */
const THING_NOUN =
  /\b(?:seat|seats|bill|bills|scheme|schemes|plan|plans|report|reports|election|by-election|vote|votes|budget|budgets|policy|policies|motion|motions|document|documents|letter|letters|constituency|constituencies|ward|wards|figure|figures|amount|cost|costs|money|law|laws|legislation|deadline|target|targets)$/i;
/** A vote's tally: "311 votes to 288", "71 to 52". */
const TALLY = /\b\d[\d,]*\s+(?:votes?\s+)?to\s+\d[\d,]*\b/i;
/** Questions asking for a vote's majority or margin, for its tally, for how someone voted. */
const MARGIN_ASKED = /\b(?:majority|margin)\b/i;
const TALLY_ASKED = /\b(?:tally|tallies)\b/i;
const STANCE_ASKED = /^how\s+(?:did|do|does|will|would)\s+(.+?)\s+vote\b/i;
/** Voters that count as a body, whose vote is a tally ("How did the party's executive board vote …?"). */
const VOTING_BODY =
  /\b(?:board|committee|mps|msps|mss|peers|members|council|councillors|parliament|house|chamber|assembly|executive|senedd|holyrood|commons|lords|cabinet|jury|voters|electorate|delegates|conference)\b/i;
/** "how did plaid vote …?": how one party or person voted (a stance), not a body's tally. */
function asksStance(p: ParsedQuestion): boolean {
  const subject = STANCE_ASKED.exec(p.raw)?.[1];
  return subject !== undefined && !VOTING_BODY.test(subject);
}
/** A length of time and nothing else: "two years", "about six weeks". */
const DURATION_ONLY =
  /^(?:(?:about|around|some|over|nearly|almost|more than|less than)\s+)?(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|few)\s+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)$/i;
/** Question words that ask for a length of time without naming a unit: "What is the term?", "what sentence …". */
const LENGTH_WORDS = new Set([
  'long',
  'length',
  'term',
  'period',
  'age',
  'old',
  'sentence',
  'span',
  'duration',
  'time',
  'wait',
  'delay',
  'tenure',
  'lifespan',
  'life',
]);
/** A question asking for a month or a year by name: "Which month …?", "In what year …?". */
const ASKED_UNIT = /^(?:in\s+|during\s+)?(?:which|what)\s+(month|year)\b/i;
const MONTH =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b/i;
/** Words that give a reason or a purpose. */
const REASON =
  /\b(?:because|cause[sd]?|due|owing|after|following|amid|over|since|as|for|to|so|in order|given|thanks|result(?:ed|s)?|led|blamed|reason|why)\b/i;
/** A reason word within the three words before a span ("because of *ill health*"); "declined to *comment*" is none. */
const REASON_BEFORE =
  /\b(?:because(?:\s+of)?|due\s+to|owing\s+to|after|following|amid|over|since|as|for|given|thanks\s+to|blamed\s+on)\s+(?:\S+\s+){0,2}$/i;
/** A verb of letting and its object right before a "to …" span: "allowed them", "would enable councils". */
const LETS_BEFORE = /\b(?:allow|enable|permit|empower|entitle|let)(?:s|ed|ted|ting|ing)?\s+(?:\S+\s+){0,2}$/i;
/** Words before an amount that make it a part of a total: "an *additional* £18m", "a *further* 300 posts". */
const PART_BEFORE = /\b(?:additional|extra|further|another)\s+$/i;
/** Question words that ask for the part itself: "How much *extra* …?", "How much *more* …?". */
const PART_ASKED = new Set(['additional', 'extra', 'further', 'another', 'more', 'top', 'increase', 'rise']);
/** A document's name ending in its year ("the Recall of MPs Act 2015", "the Paris Agreement 2015"). */
const NAMED_YEAR = /\b(Act|Bill|Regulations?|Order|Treaty|Convention|Agreement|Accord)\s+$/;
/** The last word of a question asking what something says ("What did the report say?"). */
const SAYS = new Set(['say', 'says', 'said', 'show', 'shows', 'suggest', 'suggests', 'reveal', 'reveals']);
/** The last word of a span, lower case. */
function lastWord(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).at(-1) ?? '';
}
/** A letter or digit: a span whose neighbour is one starts or ends inside a word. */
const WORD_CHAR = /[\p{L}\p{N}]/u;
