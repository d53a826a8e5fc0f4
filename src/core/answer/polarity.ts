/**
 * Yes/no from the evidence, never from word overlap: does the sentence assert what the question asks, deny it,
 * or only hope, plan or speculate about it? Negation counts only near the words the question matched (a "not"
 * in another clause says nothing about them, and a word the question itself uses — "Did Miliband refuse …?" —
 * is part of what is asked, not a denial). Yes and no are about the proposition as stated positively. A hedge ("hopes
 * to", "could", "most likely") does not answer a question about what is or will be: unsure, so the engine says
 * it does not know rather than guess.
 */
import { antonyms, lemma, related } from '../nlp/lexical.js';
import { isStopword, stem } from '../nlp/terms.js';
import { BE_FORMS } from './parse.js';

export type Polarity = 'yes' | 'no' | 'unsure';

/** Tokens either side of the matched words searched for negation and hedges. */
const WINDOW = 4;

const NEGATION = new Set([
  'not',
  'cannot',
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
  'nobody',
  'none',
  // Left out of what is asked: "sexual offences are excluded" answers "can sex offenders get early release?".
  'excluded',
  'excludes',
  'barred',
  'ineligible',
]);
/**
 * Negations that after the last asked word state a condition or a circumstance, not a denial of what is asked: "would
 * not call off the strike without an improved offer" is a no to "Will the strike be called off?" ("without" between
 * the asked words still denies: "Labour can't win without the south").
 */
const CONDITION_NEGATION = new Set(['without']);
/**
 * An event called off or put off did not (or does not yet) happen: "A proposal to close three recycling centres was
 * postponed until the autumn" is a no to "Are recycling centres closing?", "The hustings … was postponed" to "Is
 * the hustings still on?". (Asked about — "Was the vote postponed?" — the word is part of what is asked.)
 */
const CALLED_OFF = new Set([
  'postponed',
  'postpones',
  'delayed',
  'delays',
  'shelved',
  'shelves',
  'suspended',
  'suspends',
  'cancelled',
  'canceled',
  'cancels',
  'halted',
  'halts',
  'paused',
  // A plan or pledge given up (session 21, round 6: "confirm that he had dropped his pledge to cap all bus fares
  // at £1" is a no to "is fairweather still promising £1 bus fares").
  'dropped',
  'drops',
  'abandoned',
  'abandons',
  'scrapped',
  'scraps',
  'ditched',
  'ditches',
  'withdrawn',
  'withdrew',
]);
/**
 * A clause that calls what follows untrue: "It is simply untrue that I or my officials have blocked any offer" denies
 * the blocking however far the frame stands from it.
 */
const DENIAL_FRAME =
  /\b(?:is|was|are|were|be)\s+(?:(?:simply|completely|entirely|totally|categorically|just|absolutely|plainly)\s+)?(?:untrue|false|not\s+true|nonsense|a\s+lie|baseless)\s+(?:to\s+(?:say|suggest|claim)\s+)?that\b/i;
/**
 * A denial of a that-clause: "He flatly denied that the change amounted to a climbdown", "He rejected claims that he
 * had arranged meetings", "Mr Oakhurst denied a suggestion from the committee member Gareth Pryce that …", "The
 * spokesperson also rejected Ms Strachan's claim that …" deny what follows however far the verb stands from the
 * asked words (the verb is then not counted again as a negation near them). Group 2: a claimant named as the
 * claim's owner (deniedClaimant).
 */
const DENIED_CLAUSE =
  /\b(denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes)\s+(?:(?:the\s+|a\s+|an\s+|any\s+|([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})[’']s?\s+)?(?:claims?|suggestions?|reports?|allegations?|accusations?|idea|speculation)\s+(?:(?:from|by|made\s+by|in)\s+[^,;.“”"]{2,60}?\s+)?)?that\b/i;
/**
 * Who made the claim a sentence denies, when it names them as its owner: "rejected Ms Strachan's claim that …" ->
 * "Ms Strachan" (a capitalised owner: "rejected the party's claim" names no one).
 */
export function deniedClaimant(sentence: string): string | undefined {
  const owner = DENIED_CLAUSE.exec(sentence)?.[2];
  return owner && /^\p{Lu}/u.test(owner) ? owner : undefined;
}
/** A plan that was in place and, the past perfect says, did not hold: "had been due to begin on 6 January". */
const PAST_PLAN = /\bhad\s+been\s+(?:due|scheduled|expected|planned|set|meant)\s+to\b/i;
/** Two words that form one of `pairs` (a word and the words that may follow it). */
type WordPairs = Readonly<Record<string, readonly string[]>>;
function isPair(pairs: WordPairs, token: string, next: string | undefined): boolean {
  return next !== undefined && (pairs[token]?.includes(next) ?? false);
}
/**
 * Two-word denials: "has yet to publish", "failed to meet", "far from close" say no as "not" does, though neither
 * word does alone ("yet" and "far" in other places, "failed" as the asked word's own verb).
 */
const DENYING_PAIRS: WordPairs = {
  yet: ['to'],
  failed: ['to'],
  fails: ['to'],
  far: ['from'],
  // "He repeatedly declined to say which schemes would slip": he did not say.
  declined: ['to'],
  declines: ['to'],
};
/**
 * What was chosen instead of what is asked: "would pay the fine in full rather than appeal" is a no to "Is the party
 * going to appeal?" — only when the asked word follows the pair within ALTERNATIVE_REACH words ("would appeal rather
 * than pay" says yes to it).
 */
const ALTERNATIVE_PAIRS: WordPairs = { rather: ['than'], instead: ['of'] };
/** How far after "rather than" the asked word may stand: its own word, or one between ("rather than simply appeal"). */
const ALTERNATIVE_REACH = 3;
/**
 * Two-word hedges: a call for something is not its happening ("called for a replacement vessel to be leased" says
 * nothing of whether one was found), as "urged" and "demanded" are not (HEDGES).
 */
const HEDGING_PAIRS: WordPairs = { called: ['for'], calls: ['for'], calling: ['for'] };
/** How far before the first asked word a call for it may stand: what is called for ("a replacement vessel") between. */
const CALL_REACH = 8;
/**
 * Two-word forms of CALLED_OFF: "has been put back to Wednesday", "called off", "pushed back" (read at the second
 * word, so a window starting between the two still sees them).
 */
const CALLED_OFF_PAIRS: WordPairs = {
  put: ['back', 'off'],
  pushed: ['back'],
  called: ['off'],
  // "Finch turned down the request for a full recount": there was none.
  turned: ['down'],
  turns: ['down'],
};
/** Verbs that carry tense or voice, never a meaning of their own that could oppose an asked word. */
const AUXILIARIES = new Set([...BE_FORMS, 'have', 'has', 'had', 'having', 'do', 'does', 'did']);
const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'this', 'that', 'these', 'those']);

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
  // "Ilesley and her allies are expected to table further amendments": what is expected has not happened.
  'expected',
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
  // Asking for something is not its happening: "his agent requested a full recount" (which was turned down).
  'requested',
  'requests',
  'demanded',
  'demands',
  'urged',
  'urges',
  'sought',
]);
/**
 * Words of planning: a hedge for what is or will be done ("plans to raise taxes" does not say it will), but the
 * very thing asked by a question about getting ready (PREPARING).
 */
const PLANNING = new Set(['plan', 'plans', 'planning', 'planned', 'aim', 'aims', 'aiming']);
/**
 * Question words that ask about preparation ("Is Labour getting ready for a coalition?", "lining up a deal",
 * "preparing for talks"): a plan answers them ("the party is already planning for a coalition").
 */
const PREPARING = new Set([
  'ready',
  'prepare',
  'prepares',
  'preparing',
  'prepared',
  'lining',
  'plotting',
  'planning',
  'plans',
]);
/**
 * Hedges that qualify what comes before them too ("a deal is likely", "… if it falls short"): the rest (a modal, a
 * hope, a plan) govern the verb after them, so after the last asked word they hedge another clause ("the party
 * is already planning for a coalition after the election, and could let Clegg stay" is sure of the plan).
 */
const TRAILING_HEDGES = new Set(['likely', 'possible', 'possibly', 'perhaps', 'if', 'whether']);
/** Question words that already ask about a possibility ("Could Labour win?"), so a hedge answers them. */
const HEDGED_QUESTION = new Set(['could', 'might', 'may', 'would', 'likely', 'possible', 'hope', 'hopes', 'plan']);

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** Where a clause starts: what comes after the last of these before the asked words is the clause holding them. */
const CLAUSE_BREAK = /[,;:—–(]/g;
/** The same, tested once (no global state). */
const CLAUSE_BREAK_AT = /[,;:—–(]/;
/**
 * An indirect question or a condition opening the clause that holds the asked words ("Asked whether he had been
 * offered another post, he said …", "It is unclear if the deal will hold"): what follows is asked or supposed,
 * not asserted, however far the "whether" stands from the matched words.
 */
const INDIRECT = /\b(?:whether|if)\b/i;
/**
 * An indirect question answered in the same sentence by a quoted yes or no: "Asked whether a wealth tax would feature
 * in the party's next manifesto, she replied: “No. Full stop.”" (probe round 9).
 */
/** The indirect question put to a speaker and the speaker's reply opening: "Asked whether …, Mr Oakhurst said". */
const ASKED_THEN = String.raw`\b(?:asked|pressed|questioned)\b[^.;]*?\b(?:whether|if)\b[^;]*,\s+(?:[\p{L}’'.-]+\s+){1,4}`;
const ANSWERED_YES_NO = new RegExp(
  String.raw`${ASKED_THEN}(?:said|says|replied|answered|insisted)[:,]?\s+[“"‘']?(No|Yes)\b(?!\s+comment)`,
  'iu',
);
/**
 * An indirect question answered in the same sentence by an auxiliary alone ("Pressed repeatedly on whether he would
 * hand back any of his bonus, Mr Oakhurst said he would not."; "Asked if the council would appeal, she said it
 * would."): the reply's "not" is the answer. Only a reply that ends at its auxiliary (a "he said he did not know"
 * answers nothing asked).
 */
const ANSWERED_INDIRECT = new RegExp(
  String.raw`${ASKED_THEN}(?:said|says|replied|insisted|told\s+[\p{L}]+)\s+(?:that\s+)?(?:he|she|it|they|we|I)\s+(?:would|will|did|does|had|has|was|is|were|are|could|can|should)(\s+not|n['’]t)?(?:\s+do\s+so)?[.!]?[”"]?$`,
  'iu',
);

/**
 * Where a sentence splits into clauses that can say opposite things: a semicolon, and the conjunctions that join
 * a contrasting clause ("The Tories can win without the North, but Labour can't …"). Commas alone do not split
 * (an apposition — "Mr Hammond, the MP for Runnymede, has said …" — sits inside one statement), and "yet" only
 * after one (", yet the party …"): "has not yet started" and "has yet to publish" are one statement. "… and that …"
 * starts a second reported statement ("figures disclosed that the offices are in contact and that Mr Miliband is
 * determined not to repeat …"): its negation and hedges are not the first one's.
 */
const CONTRAST =
  /;|,?\s+(?:but|while|whereas|although|though)\s+|,\s+yet\s+|,?\s+and\s+that\s+|,\s+and\s+(?=(?:[\p{L}’'-]+\s+){1,4}(?:said|says|told|added)\b)/giu;

/**
 * Is the evidence word an antonym of an asked word, or a synonym of one ("retains" for "lost": WordNet's antonym
 * of "lose" is "keep", and "retain" is a synonym of "keep")?
 */
function isOpposite(token: string, opposites: Set<string>): boolean {
  const l = lemma(token);
  return opposites.has(l) || related(l).some((r) => opposites.has(r));
}

/** "until (next) April", "put back to Wednesday": the time a plan was put off until. */
const UNTIL = /\b(?:until|(?:back|off)\s+(?:to|until))\s+(?:next\s+|the\s+)?([\p{L}\p{N}]+)/iu;

/** Words after a past perfect that make it a state lasting until the reported event ("had held since 1997"). */
const SINCE = new Set(['since', 'for']);
/** How far after the participle the "since" may stand: its object between ("had held the seat since"). */
const STATE_REACH = 4;

/** Where a second clause joins the first: a semicolon or a comma with "and" ("…, and there never has been"). */
const JOINED_CLAUSE = /;|,\s+and\s/;
/** A clause decides a sentence's yes or no over a clause saying the opposite when it holds this many more asked words. */
const CLAUSE_MARGIN = 2;

/** Auxiliaries that open a yes/no question whose subject comes next ("Did Okafor ask …?", "Was the report backed …?"). */
const QUESTION_AUX = new Set([
  'did',
  'does',
  'do',
  'will',
  'would',
  'can',
  'could',
  'should',
  'has',
  'have',
  'had',
  'is',
  'are',
  'was',
  'were',
]);
/** A plural noun as a question's whole subject ("packets", "ministers"), not "news" or "this". */
const PLURAL_SUBJECT = /^[a-z]{3,}[^s]s$/;
/** Verbs that ask what someone said, not what happened: whether it was said is the source's business (saidBy). */
const SPEECH_PREDICATES = new Set(['say', 'said', 'tell', 'told', 'claim', 'claimed', 'think', 'believe', 'want']);
/**
 * A past participle: a regular "-ed" form, or an irregular form WordNet reduces to another lemma ("held", "won").
 * Not an "-ing" form: "Is Hammond going to ditch …?", "Is Labour backing a rise …?" ask about a plan or a stance
 * the evidence words its own way ("would not commit to any rise"), and lost three development rows when required.
 */
function isParticiple(word: string): boolean {
  return (
    (/[a-z]{3}ed$/.test(word) && word !== 'need') ||
    (lemma(word) !== word && /^[a-z]+$/.test(word) && !word.endsWith('s') && !word.endsWith('ing'))
  );
}
/** An adverb between an auxiliary and the participle: "-ly" words and a few others ("been already published"). */
const ADVERB = /^(?:[a-z]{3,}ly|already|yet|now|still|ever|just|also|even|actually|really)$/;
/** A capitalised run of words or a pronoun straight after the auxiliary: the question's subject is a name. */
const NAMED_SUBJECT = /^\s*\S+\s+(?:(?:[A-Z][\p{L}’'.-]*\s+)+|(?:he|she|they|it|He|She|They|It)\s+)([a-z]+)\b/u;

/**
 * The word that says what a yes/no question asks happened: the participle after "been" ("Has the timetable been
 * *published*?"), a participle after the subject ("Was the report *backed* unanimously?"), or the verb after a named
 * subject ("Did Daniel Okafor *ask* for the rule change?"). A clause without it, or a word opposite to it, is about
 * the subject, not about what is asked of it. Undefined when the question's shape gives none (a copula with a noun
 * — "Is Sir Vince the leader?" — or a subject of several common words before a base verb), or when the word asks what
 * someone said.
 */
export function questionPredicate(question: {
  words: string[];
  raw?: string;
  /** Names the question mentions, as word spans: a lower-case name is a subject too ("did aquarel win …"). */
  mentions?: readonly { start: number; end: number; type?: string }[];
}): string | undefined {
  const w = question.words;
  if (!QUESTION_AUX.has(w[0] ?? '')) return undefined;
  const pick = (x: string | undefined) => (x && !SPEECH_PREDICATES.has(x) && !isStopword(x) ? x : undefined);
  const be = w.findIndex((x, i) => i > 1 && (x === 'been' || x === 'being' || x === 'be'));
  if (be > 0) {
    // "Has the budget been *finally* signed off?": an adverb between stands outside what is asked.
    const next = w.findIndex((x, i) => i > be && !ADVERB.test(x));
    return next > 0 && isParticiple(w[next] as string) ? pick(w[next]) : undefined;
  }
  // After a form of "be" the word after the name is a predicate only as a participle ("Was Okafor elected?"), not
  // in "Is Hammond going to …?" or "Is Labour backing …?".
  const named = question.raw ? NAMED_SUBJECT.exec(question.raw) : null;
  if (named?.[1] && (!BE_FORMS.has(w[0] as string) || isParticiple(named[1]))) return pick(named[1]);
  // The subject a name or post ends: "did aquarel …", "did the council leader …" (a determiner and up to two words
  // before the post).
  // A party or place there is a modifier, not the subject's end: "did the Tory motion to ditch … get through".
  const subject = question.mentions?.find(
    (m) =>
      m.start === 1 ||
      (DETERMINERS.has(w[1] ?? '') && m.start <= 3 && (m.type === undefined || ['role', 'person'].includes(m.type))),
  );
  // A bare plural subject: "Can packets ever collide …?", "Did ministers approve …?" (not after a form of "be").
  if (!subject && !BE_FORMS.has(w[0] as string) && PLURAL_SUBJECT.test(w[1] ?? '') && !isStopword(w[1] as string)) {
    const at = w.findIndex((x, i) => i >= 2 && !ADVERB.test(x));
    const verb = at > 0 ? w[at] : undefined;
    if (verb && /^[a-z]+$/.test(verb)) return pick(verb);
  }
  const verbAt = subject ? w.findIndex((x, i) => i >= subject.end && !ADVERB.test(x)) : -1;
  const after = verbAt > 0 ? w[verbAt] : undefined;
  // Only a word that can say what happened: "the independent adviser *on* ministers' interests" goes on past "on".
  const picked = after && /^[a-z]+$/.test(after) ? pick(after) : undefined;
  if (picked && (!BE_FORMS.has(w[0] as string) || isParticiple(picked))) return picked;
  for (let i = 2; i < w.length; i++)
    // After a determiner or a possessive a participle is an adjective of the subject ("the revised timetable").
    if (isParticiple(w[i] as string) && !DETERMINERS.has(w[i - 1] as string) && w[i - 1] !== 's') return pick(w[i]);
  return undefined;
}

/** Why a reading is unsure: a hope or forecast, an indirect question or condition, clauses saying both, no match. */
export type Unsure = 'hedge' | 'indirect' | 'mixed' | 'unmatched' | 'before' | 'other';

export interface PolarityReading {
  polarity: Polarity;
  /** When unsure, why. */
  why?: Unsure;
  /** The clause holding the asked words (verbatim, trimmed): what the yes or no rests on. */
  clause?: string;
}

/**
 * Polarity of the clause that holds what is asked: a "but" clause about something else neither confirms nor
 * denies it. The clause with most of the question's terms (or of words opposite to them) decides; `names`, the
 * stems of the names asked about, count only after those — a clause that holds nothing but the name says nothing
 * about what is asked ("Mr Polworth has stepped down …, but he retains the Labour whip" answers "has Polworth
 * lost the whip?" from its second clause). A word the question itself uses ("Can the Tories win *without* the
 * North?", "Is Labour *planning* …?") is part of what is asked, not a negation or a hedge.
 */
export function readPolarity(
  question: { words: string[] },
  sentence: string,
  questionStems: Set<string>,
  names: Set<string> = new Set(),
  /** The names' other spellings the KB knows ("Liberal Democrats" for "Lib Dems"): the name is in the clause too. */
  aliases: Set<string> = new Set(),
  /** The stems that say what is asked happened (questionPredicate's word and its synonyms); none: not required. */
  predicate: Set<string> = new Set(),
): PolarityReading {
  const opposites = oppositesOf(
    question,
    new Set([...sentence.matchAll(TOKEN)].map((m) => stem(m[0].toLowerCase()))),
    WENT_THROUGH.test(sentence),
  );
  const clauses: { text: string; matched: number; asked: number; own: number; added: boolean; next?: string }[] = [];
  // The question's own words (not their synonyms): a clause asked about only through a synonym ("council seats" for
  // "MPs") does not stand against one saying the asked word itself ("has no MPs but holds 27 council seats").
  const ownStems = new Set(question.words.map(stem));
  let from = 0;
  let added = false;
  const cuts = [...sentence.matchAll(CONTRAST)].map(
    (m) => [m.index ?? 0, (m.index ?? 0) + m[0].length, /\band\b/i.test(m[0])] as const,
  );
  for (const [end, next, and] of [...cuts, [sentence.length, sentence.length, false] as const]) {
    const text = sentence.slice(from, end).trim();
    const stems = new Set<string>();
    const asked = new Set<string>();
    const own = new Set<string>();
    for (const m of text.matchAll(TOKEN)) {
      const t = m[0].toLowerCase();
      const st = stem(t);
      // What is asked: a question term, or a word opposite to one ("retains" for "lost").
      // A stance word is asked for all it is a function word ("voted against" for "did she support it?").
      const oppositeWord = opposites.size && (!isStopword(t) || AGAINST_SIDE.includes(t)) && isOpposite(t, opposites);
      if ((questionStems.has(st) && !names.has(st)) || oppositeWord) asked.add(st);
      if ((ownStems.has(st) && !names.has(st)) || oppositeWord) own.add(st);
      if (questionStems.has(st) || names.has(st)) stems.add(st);
    }
    // The clause after it, matched or not: "…, but it was defeated" is what became of it.
    const after = sentence.slice(next, cuts.find(([e]) => e >= next)?.[0] ?? sentence.length).trim();
    if (stems.size || asked.size)
      clauses.push({ text, matched: stems.size, asked: asked.size, own: own.size, added, next: after });
    from = next;
    added = and;
  }
  // With a predicate asked, only the clauses saying it (or its opposite) are about it: "… would not rule out
  // sending some patients to private hospitals in England, but said no contracts had yet been signed" answers
  // "Has Wales signed contracts with private hospitals in England?" from its second clause alone.
  const saying = predicate.size ? clauses.filter((c) => saysPredicate(c.text, predicate, opposites)) : [];
  const about = saying.length ? saying : clauses;
  // The clause with most of what is asked, then most of the asked words and names (the first on a tie).
  const best = about.reduce<(typeof clauses)[number] | undefined>(
    (a, c) => (!a || c.asked > a.asked || (c.asked === a.asked && c.matched > a.matched) ? c : a),
    undefined,
  );
  if (!best?.matched) return { polarity: 'unsure', why: 'unmatched' };
  // A sentence holding only the names asked about says nothing about what is asked of them ("Labour said the
  // government had broken a manifesto promise" for "Will Labour restore the national target?").
  if (!best.asked) return { polarity: 'unsure', why: 'unmatched', clause: best.text };
  // A clause about the subject that never says what is asked happened ("… said it would be wrong to pre-empt a
  // revised timetable" for "Has the revised timetable been published?"): neither yes nor no. A word opposite to it
  // or calling it off says something about it. (The best clause is one saying it whenever any does.)
  if (predicate.size && !saying.length) return { polarity: 'unsure', why: 'unmatched', clause: best.text };
  // The clause says it of someone else: "Did Labour come third?" — "Reform UK's Trevor Gaskin came third with 6,215
  // votes, while Labour's candidate … was squeezed into fourth".
  if (names.size && aboutSomeoneElse(best.text, questionStems, new Set([...names, ...aliases])))
    return { polarity: 'unsure', why: 'other', clause: best.text };
  const all = new Set([...questionStems, ...names]);
  const read = clausePolarity(question, best.text, all, opposites);
  const pol = read.polarity;
  // "Did the combined authority's board approve the scheme unanimously?" — "approved the scheme in September by seven
  // votes to three" (probe round 3): a tally with votes against is not unanimous, one with none is.
  const against = UNANIMOUS_ASKED.test(question.words.join(' ')) ? TALLY_AGAINST.exec(best.text)?.[1] : undefined;
  if (pol === 'yes' && against !== undefined) return { polarity: NONE.test(against) ? 'yes' : 'no', clause: best.text };
  // "Did Reid's alternative budget get through?" — "Mr Reid put forward an alternative budget …, but it was
  // defeated": the clause after the one asked about says what became of it.
  const outcome = OUTCOME_ASKED.test(question.words.join(' '));
  if (pol === 'yes' && best.next && outcome && FAILED_AFTER.test(best.next))
    return { polarity: 'no', clause: best.next };
  // "… a Conservative motion calling for the default to be scrapped was defeated in the Senedd": the clause itself
  // says it failed (and nothing in it went through).
  if (pol === 'yes' && outcome && FAILED_IN.test(best.text) && !WENT_THROUGH.test(best.text))
    return { polarity: 'no', clause: best.text };
  // Two clauses that each hold the asked words and say opposite things ("the document urges …, but the party
  // insists it was never approved"): the one with clearly more of the asked words decides, otherwise neither. A
  // statement added with "and that" is another thing said, not the other side of this one.
  const rival = about.some(
    (c) =>
      c !== best &&
      !c.added &&
      !best.added &&
      c.asked > 0 &&
      (c.own > 0 || best.own === 0) &&
      c.matched > best.matched - CLAUSE_MARGIN &&
      clausePolarity(question, c.text, all, opposites).polarity !== pol,
  );
  if (rival) return { polarity: 'unsure', why: 'mixed', clause: best.text };
  return { ...read, clause: best.text };
}

/** A question asking whether a vote was unanimous. */
const UNANIMOUS_ASKED = /\bunanimous(?:ly)?\b/;
/** A vote's tally, group 1 the votes against: "by seven votes to three", "by 51 votes to 42", "by 9-0". */
const TALLY_AGAINST =
  /\bby\s+(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:votes?\s+)?(?:to|-|–)\s*(\d[\d,]*|zero|nil|none|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i;
/** No votes against. */
const NONE = /^(?:0|zero|nil|none)$/i;
/** A question asking whether something went through: "did … get through / pass / win / succeed / go ahead?". */
const OUTCOME_ASKED =
  /\b(?:get|got|go|went|gone|come|came)\s+through\b|\b(?:pass|passed|approved?|adopted?|carried|succeed(?:ed)?|win|won|go\s+ahead|went\s+ahead)\b/;
/** Verbs saying a motion, bill or budget failed: "defeated", "voted down". */
const FAILED = 'defeated|rejected|voted\\s+down|thrown\\s+out|blocked|overturned';
/** A clause with a pronoun or noun subject saying it failed: "it was defeated", "the motion was voted down". */
const FAILED_AFTER = new RegExp(
  `^(?:it|they|this|that|the\\s+\\w+(?:\\s+\\w+)?)\\s+(?:was|were|has\\s+been|had\\s+been|is)\\s+(?:\\w+ly\\s+)?(?:${FAILED}|lost|withdrawn|abandoned|dropped|scrapped)\\b`,
  'i',
);

/** A clause saying something failed: "was defeated", "were voted down". */
const FAILED_IN = new RegExp(`\\b(?:was|were|been)\\s+(?:\\w+ly\\s+)?(?:${FAILED})\\b`, 'i');
/** A clause saying something went through: then a failure in it is of something else. */
const WENT_THROUGH = /\b(?:passed|approved|carried|adopted|won|backed|went\s+through|got\s+through)\b/i;

/** Does the clause hold the predicate (a stem of it), a word opposite to it, or a word calling an event off? */
function saysPredicate(clause: string, predicate: Set<string>, opposites: Set<string>): boolean {
  const toks = [...clause.matchAll(TOKEN)].map((m) => m[0].toLowerCase());
  return toks.some(
    (t, i) =>
      (!isParticle(toks, i) && (predicate.has(stem(t)) || predicate.has(stem(lemma(t))))) ||
      CALLED_OFF.has(t) ||
      isPair(CALLED_OFF_PAIRS, t, toks[i + 1]) ||
      (opposites.size > 0 && !isStopword(t) && isOpposite(t, opposites)),
  );
}

/**
 * Verbs "back" is the particle of, not the verb "to back" ("would call Lady Ogilvie back to give evidence", "hit
 * back at", "pushed back", "scaled back"): lemmas, within PARTICLE_REACH words before it.
 */
const BACK_PARTICLE_VERBS = new Set([
  'call',
  'come',
  'go',
  'bring',
  'give',
  'pay',
  'get',
  'cut',
  'hold',
  'fight',
  'hit',
  'push',
  'scale',
  'roll',
  'send',
  'write',
  'report',
  'win',
  'step',
  'turn',
  'look',
  'bounce',
  'claw',
  'put',
  'set',
  'pull',
  'move',
  'head',
  'be',
]);
/** Words after which "back" is the verb ("going to back", "would not back", "did back"). */
const VERB_BEFORE = new Set([
  'to',
  'not',
  'will',
  'would',
  'could',
  'should',
  'may',
  'might',
  'must',
  'did',
  'does',
  'do',
]);
/** "call Lady Harriet Ogilvie back": the object between the verb and its particle, up to three words. */
const PARTICLE_REACH = 4;
/** Is token i the particle "back" of a verb before it rather than the verb "back"? */
function isParticle(toks: readonly string[], i: number): boolean {
  if (toks[i] !== 'back' || VERB_BEFORE.has(toks[i - 1] ?? '')) return false;
  for (let j = Math.max(0, i - PARTICLE_REACH); j < i; j++)
    if (BACK_PARTICLE_VERBS.has(lemma(toks[j] as string))) return true;
  return false;
}

/**
 * Does the clause name someone other than who is asked about before the last of what is asked, and not them at
 * all? A name is a capitalised word, not the clause's first alone (a sentence opens with a capital: "Turnout rose").
 */
function aboutSomeoneElse(clause: string, questionStems: Set<string>, names: Set<string>): boolean {
  const toks = [...clause.matchAll(TOKEN)].map((m) => m[0].replace(/['’]s$/, ''));
  const stems = toks.map((t) => stem(t.toLowerCase()));
  if (stems.some((st) => names.has(st))) return false;
  // A clause whose subject is a pronoun is about whom the article was just talking about, which a sentence ranked
  // for the question's words mostly is ("He also denied that the programme was being quietly scaled back, after a
  // Department of Health and Social Care source said …" for "Did the minister deny …?", probe round 2).
  if (/^(?:He|She)\s/.test(clause.trim())) return false;
  // Before the last asked word, not the first: an asked word can describe the other person ("the party's
  // treasurer, Priya Raman, who warned that raising the threshold would “entrench a closed shop”" for "Did
  // Pemberton say the change would entrench a closed shop at the top of the party?").
  const lastAsked = stems.findLastIndex((st) => questionStems.has(st));
  const capital = (i: number) => /^\p{Lu}/u.test(toks[i] ?? '') && !isStopword((toks[i] as string).toLowerCase());
  for (let i = 0; i < lastAsked; i++) if (capital(i) && (i > 0 || capital(1))) return true;
  return false;
}

/**
 * The sides taken on a bill, a motion or a policy. WordNet gives "support", "back" and "oppose" no antonyms, and
 * a preposition none at all, yet in a politics article "the Health Secretary voted against" denies "Did the
 * Health Secretary support the bill?" as plainly as a "not" would. Lemmas; a question word on one side makes the
 * other side's words its opposites (only near the matched words, as WordNet's are).
 */
const FOR_SIDE = ['support', 'back', 'favour', 'favor', 'endorse', 'approve'];
const AGAINST_SIDE = ['against', 'oppose', 'reject', 'block'];
/**
 * The same for what happens to a bill or a seat, where WordNet has no antonym either: a bill passes or is
 * defeated ("pass" has only the exam sense's "fail"), a seat is held or lost, a policy is scrapped or kept, a
 * candidate elected or defeated, a plan going ahead or put off.
 */
const OUTCOME_PAIRS: readonly (readonly [readonly string[], readonly string[]])[] = [
  [
    ['pass', 'carry'],
    ['defeat', 'reject', 'fail'],
  ],
  [['hold', 'retain'], ['lose']],
  [
    ['scrap', 'abolish', 'axe', 'ditch'],
    ['keep', 'retain', 'save'],
  ],
  [['elect'], ['defeat', 'lose']],
  // A promise or a pledge is kept or broken ("had broken a manifesto promise" for "did it keep its promise?").
  [
    ['keep', 'honour', 'honor', 'fulfil', 'fulfill'],
    ['break', 'breach', 'renege'],
  ],
  // A plan goes ahead or is put off: "will the rise go ahead in January?" against "would now be delayed".
  [
    ['proceed', 'ahead'],
    ['delay', 'postpone', 'defer', 'cancel', 'shelve', 'halt', 'pause'],
  ],
];
const VOTE = /^vot(?:e|es|ed|ing)$/;
/** Verbs that with "through" mean passing (OUTCOME_ASKED's "get through"). */
const THROUGH_VERBS = new Set(['get', 'got', 'gets', 'go', 'goes', 'went', 'gone']);
function stanceOpposites(word: string): readonly string[] {
  const l = lemma(word);
  if (FOR_SIDE.includes(l)) return AGAINST_SIDE;
  if (AGAINST_SIDE.includes(l)) return FOR_SIDE;
  const out: string[] = [];
  for (const [a, b] of OUTCOME_PAIRS) {
    if (a.includes(l)) out.push(...b);
    if (b.includes(l)) out.push(...a);
  }
  return out;
}

/**
 * WordNet antonyms of the question's words that the evidence does not use itself ("Did the talks succeed?"
 * against "the failed talks": "fail"), and the other side of a stance the question asks about (stanceOpposites).
 */
function oppositesOf(question: { words: string[] }, present: Set<string>, passed = false): Set<string> {
  const out = new Set<string>();
  question.words.forEach((w, i) => {
    // "vote for" is the support side ("for" alone is too common a word to be one).
    const afterVote = VOTE.test(question.words[i - 1] ?? '');
    if (afterVote && w === 'for' && !present.has('for')) out.add('against');
    if (afterVote && w === 'against' && !present.has('against')) out.add('for');
    // "get through" is passing ("Did the Glen Fada get through its sea trials?" — "which failed sea trials"), unless
    // the sentence says something passed ("The amendment was defeated, and the bill was passed": FAILED_IN's rule).
    if (w === 'through' && THROUGH_VERBS.has(question.words[i - 1] ?? '') && !passed)
      for (const a of stanceOpposites('pass')) out.add(a);
    if (w.length < 3 || present.has(stem(w)) || HEDGED_QUESTION.has(w)) return;
    for (const a of stanceOpposites(w)) out.add(a);
    if (isStopword(w)) return;
    for (const a of antonyms(w)) out.add(a);
  });
  return out;
}

/** `opposites`: the antonyms of the question's words that the sentence lacks (oppositesOf). */
function clausePolarity(
  question: { words: string[] },
  sentence: string,
  questionStems: Set<string>,
  opposites: Set<string>,
): { polarity: Polarity; why?: Unsure } {
  const found = [...sentence.matchAll(TOKEN)];
  const tokens = found.map((m) => m[0].toLowerCase());
  const matched = tokens.flatMap((t, i) => (questionStems.has(stem(t)) ? [i] : []));
  if (!matched.length) return { polarity: 'unsure', why: 'unmatched' };
  const head = sentence.slice(0, found[matched[0] as number]?.index ?? 0);
  let clauseStart = 0;
  for (const m of head.matchAll(CLAUSE_BREAK)) clauseStart = (m.index ?? 0) + 1;
  if (INDIRECT.test(head.slice(clauseStart))) {
    const reply = ANSWERED_INDIRECT.exec(sentence.trim());
    if (reply) return { polarity: reply[1] ? 'no' : 'yes' };
    const word = ANSWERED_YES_NO.exec(sentence)?.[1]?.toLowerCase();
    return word ? { polarity: word === 'no' ? 'no' : 'yes' } : { polarity: 'unsure', why: 'indirect' };
  }
  const denial = DENIED_CLAUSE.exec(head);
  const deniedFrame = DENIAL_FRAME.test(head) || denial !== null;
  // The denying verb's own token, counted once by the frame.
  const denialAt = denial
    ? [...sentence.slice(0, denial.index + (denial[1] ?? '').length).matchAll(TOKEN)].length - 1
    : -1;
  // "postponed until next April" for "will it go ahead in April?": put off until the time asked is going ahead then.
  const until = UNTIL.exec(sentence)?.[1]?.toLowerCase();
  const untilAsked = until !== undefined && question.words.includes(until);
  const from = Math.max(0, (matched[0] as number) - WINDOW);
  const to = Math.min(tokens.length - 1, (matched[matched.length - 1] as number) + WINDOW);
  // "Did the talks succeed?" against "the failed talks": a question word the evidence lacks whose antonym
  // (WordNet) stands near the matched words is denied, as a "not" would deny it.
  let negated = false;
  let hedged = false;
  let opposed = false;
  const asked = new Set(question.words);
  const preparing = question.words.some((w) => PREPARING.has(w));
  // What is put off follows what is asked about in the passive ("The hustings … was postponed") and precedes it in
  // the active ("turned down the recount"); a passive before it is about something else ("The count was delayed
  // when his agent requested a recount").
  const first = matched[0] as number;
  const calledOff = (i: number) => {
    const pair = isPair(CALLED_OFF_PAIRS, tokens[i - 1] ?? '', tokens[i] as string);
    if (!CALLED_OFF.has(tokens[i] as string) && !pair) return false;
    const verbAt = pair ? i - 1 : i;
    return i > first || !BE_FORMS.has(tokens[verbAt - 1] ?? '');
  };
  const last = matched[matched.length - 1] as number;
  // A negation in a clause joined after the asked words negates that clause, not them: "There is no plan to scrap
  // Corvid, and there never has been" repeats the denial (read twice, the two cancelled into a yes). An apposition's
  // commas join no clause ("A statement …, scheduled for Tuesday afternoon, has been put back").
  const lastEnd = (found[last]?.index ?? 0) + (found[last]?.[0].length ?? 0);
  const ownClause = (i: number) => i > last && JOINED_CLAUSE.test(sentence.slice(lastEnd, found[i]?.index ?? 0));
  for (let i = from; i <= to; i++) {
    const t = tokens[i] as string;
    if (matched.includes(i) || asked.has(t)) continue;
    // One word denies once: "rejected" is a negation and also the antonym of an asked "accept"; counted twice, the
    // two denials cancelled ("Did the government accept …?" against "the government rejected …" read yes).
    if (i === denialAt) continue;
    if (
      (NEGATION.has(t) && !(i > last && CONDITION_NEGATION.has(t)) && !ownClause(i)) ||
      (calledOff(i) && !untilAsked) ||
      ((t.endsWith("n't") || t.endsWith('n’t')) && !ownClause(i)) ||
      isPair(DENYING_PAIRS, t, tokens[i + 1]) ||
      (isPair(ALTERNATIVE_PAIRS, t, tokens[i + 1]) && matched.some((m) => m > i + 1 && m <= i + ALTERNATIVE_REACH))
    )
      negated = !negated;
    // An auxiliary is no opposite ("had" is WordNet-related to "hold" and "keep", the antonyms of "lose": "Labour had
    // not lost the seat" read as a double denial); a preposition taking a side is ("voted against").
    else if (!opposed && opposites.size && !AUXILIARIES.has(t) && isOpposite(t, opposites)) opposed = true;
    // "the plan", "their aim": a noun after a determiner is a thing talked about, not a hope or a plan; a
    // capitalised hedge word inside a sentence is a name or a month ("in May").
    // "had not yet decided whether to re-tender the work": a "whether" right after an asked verb is that verb's
    // object (what was not decided), not a hedge on it — the question asked whether it was decided.
    if (
      HEDGES.has(t) &&
      !(t === 'whether' && matched.includes(i - 1)) &&
      !(preparing && PLANNING.has(t)) &&
      (i < last || TRAILING_HEDGES.has(t)) &&
      !DETERMINERS.has(tokens[i - 1] ?? '') &&
      !(i > 0 && /^\p{Lu}/u.test(found[i]?.[0] ?? ''))
    )
      hedged = true;
  }
  // A call for what is asked, before it in its clause ("called for a replacement vessel to be leased").
  const callFrom = Math.max(0, first - CALL_REACH);
  const called = tokens.some(
    (t, i) =>
      i >= callFrom &&
      i < first &&
      isPair(HEDGING_PAIRS, t, tokens[i + 1]) &&
      !CLAUSE_BREAK_AT.test(sentence.slice(found[i]?.index ?? 0, found[first]?.index ?? 0)),
  );
  if (called) hedged = true;
  if (opposed && !untilAsked) negated = !negated;
  if (deniedFrame) negated = !negated;
  // "taking a seat Labour had held since 1997": a state that lasted until what the sentence reports (the past
  // perfect with "since" or "for"), which may have ended it — neither a yes nor a no to "Did Labour hold the seat?".
  const lasted = (i: number) =>
    tokens[i - 1] === 'had' && tokens.slice(i + 1, i + 1 + STATE_REACH).some((t) => SINCE.has(t));
  if (!negated && matched.some(lasted)) return { polarity: 'unsure', why: 'before' };
  const questionHedged = question.words.some((w) => HEDGED_QUESTION.has(w));
  if ((hedged || PAST_PLAN.test(sentence)) && !questionHedged) return { polarity: 'unsure', why: 'hedge' };
  return { polarity: negated ? 'no' : 'yes' };
}
