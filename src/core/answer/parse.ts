/**
 * Question understanding: normalisation (typos, shorthand, aliases), question type and expected answer type,
 * mentioned entities and roles, the scenario slot ("under Lib-Lab", "if Labour and the Lib Dems formed a
 * coalition"), a quoted phrase ("who said …"), years, modality and the content terms left to match.
 */
import type { Mention } from '../nlp/aliases.js';
import type { QuantityKind } from '../nlp/analyse.js';
import { ACRONYMS } from '../nlp/lexicon.js';
import { isStopword, stem, words } from '../nlp/terms.js';
import { type Alternative, alternativesOf } from './choice.js';
import type { Knowledge } from './knowledge.js';

export type QuestionType =
  | 'who'
  | 'whosaid'
  | 'describe'
  | 'whatsaid'
  | 'what'
  | 'when'
  | 'where'
  | 'howmany'
  | 'howlong'
  | 'why'
  | 'yesno'
  | 'which'
  | 'how';

export type Expect =
  | 'person'
  | 'party'
  | 'entity'
  | 'number'
  | 'duration'
  | 'date'
  | 'place'
  | 'reason'
  | 'phrase'
  | 'yesno'
  | 'speaker'
  | 'description'
  | 'quote'
  | 'role';

export interface ScenarioSlot {
  /** The KB scenario it names, if any. */
  id?: string;
  parties: string[];
  form?: string;
  /** The words that expressed it, for replies ("a Conservative majority"). */
  text: string;
  /** Token span [from, to) of those words in the question. */
  from: number;
  to: number;
}

export interface ParsedQuestion {
  raw: string;
  words: string[];
  type: QuestionType;
  expect: Expect;
  mentions: Mention[];
  /** Ids of mentioned people, parties, places, organisations. */
  entities: string[];
  roles: string[];
  scenario?: ScenarioSlot;
  quoted?: string;
  /** Content stems not covered by mentions or question words. */
  terms: string[];
  /** Indexes (into terms) of terms inside the scenario slot ("formed", "coalition"). */
  slotTerms: number[];
  /** Extra stems for a term the KB lacks, by term index: its lemma and related words the KB does use. */
  expansions?: Record<number, string[]>;
  /** Content words (unstemmed) matching `terms`, for messages. */
  termWords: string[];
  /** Capitalised words inside the question (lower-cased): names, never typo-corrected into common words. */
  proper: string[];
  years: string[];
  hypothetical: boolean;
  /** For how-many/how-much/how-long: the kind of quantity asked for. */
  quantity?: QuantityKind;
  /** "How old is X?": an age ("Sir Vince, 74,", "aged 74", "a 74-year-old"). */
  age?: boolean;
  /** "What was Labour's majority?": the noun whose value is asked for; evidence must be about it. */
  quantityNoun?: string;
  /** For "what did X say": the entities and roles naming X (the rest of the question is the topic). */
  speakerIds: string[];
  /**
   * For "what did X say": the stems of X's words that name no known entity or role ("the prison governors
   * association", "the ministry of justice"); a quote's speaker must be described with all of them.
   */
  speakerTerms: string[];
  /** For "what did X say": X's words as asked, less determiners ("justice", "secretary"). */
  speakerPhrase: string[];
  /** For "what did X say": whether X is a named person/organisation (possibly "X's spokesman"). */
  namedSpeaker: boolean;
  /** "Who VERBed…" (answer is the subject) rather than "Who did X VERB" (answer is the object). */
  subjectQuestion: boolean;
  negated: boolean;
  /** "… openly or behind closed doors?": the two alternatives offered (choice.ts); the answer is one of them. */
  alternatives?: [Alternative, Alternative];
}

/**
 * Words that pick one of several speakers rather than describe one ("what did one shadow minister say", "another
 * aide"): articles write "a shadow Cabinet minister" for the same person, so they are not required of a speaker.
 */
const SPEAKER_DETERMINERS = new Set([
  'one',
  'another',
  'certain',
  'several',
  'two',
  'three',
  'same',
  'other',
  'fellow',
]);

const FILLERS =
  /^(?:(?:hey|hi|ok|okay|so|um|please|pls)[,\s]+)*(?:(?:can|could|would) you (?:please )?(?:tell me|say|explain|find out)\s*|do you know\s*|tell me\s*|i (?:want|would like|'d like) to know\s*|i wonder\s*|any idea\s*|please\s*)+/i;

const AUX = new Set([
  'is',
  'are',
  'was',
  'were',
  'will',
  'would',
  'could',
  'can',
  'does',
  'do',
  'did',
  'has',
  'have',
  'had',
  'should',
  'might',
  'may',
  'shall',
  'must',
]);
const OBJECT_AUX = new Set([
  'has',
  'have',
  'had',
  'did',
  'does',
  'do',
  'will',
  'would',
  'could',
  'should',
  'can',
  'might',
  'may',
]);
const EVENT_NOUNS = new Set(
  'election elections contest contests race races bid bids challenge challenges hustings ballot ballots campaign campaigns candidate candidates debate debates vote votes'.split(
    ' ',
  ),
);
const QUESTION_WORDS = new Set(['who', 'whom', 'whose', 'what', 'when', 'where', 'why', 'how', 'which']);
/** "What year …", "which month …": a when-question by its noun. */
const WHEN_NOUNS = new Set(['date', 'year', 'month', 'day', 'time']);

const FORM_WORDS: Record<string, string> = {
  coalition: 'coalition',
  coalitions: 'coalition',
  pact: 'coalition',
  deal: 'coalition',
  alliance: 'coalition',
  partnership: 'coalition',
  majority: 'majority',
  minority: 'minority',
  hung: 'hung-parliament',
};
/** How many words from the form word a party may stand and still qualify it ("a Labour-led minority"). */
const SLOT_REACH = 3;
const SLOT_OPENERS = new Set(['under', 'in', 'with', 'if', 'after', 'during', 'within', 'for']);
/** Forms of "be": after one, a participle is passive ("what is the plan called?" asks a name). */
const BE = new Set(['is', 's', 'are', 're', 'was', 'were', 'be', 'been']);
/** Say-verbs that a "be" makes passive naming or making, not speech ("what is it called", "was made chairman"). */
const PASSIVE_NOT_SAID = new Set(['called', 'described', 'made']);

/**
 * Does word `x` (at `i`) make a what-question ask what someone said? "What did Labour make of it?" does; "What
 * was Fyfe's job before he was made chairman?" and "what's the strategy called?" do not (passive), nor does
 * "make" without "of".
 */
function saysHere(w: string[], aux: string, x: string, i: number): boolean {
  if (!SAY_VERBS.has(x)) return false;
  if ((x === 'make' || x === 'made') && w[i + 1] !== 'of') return false;
  if (PASSIVE_NOT_SAID.has(x) && (BE.has(aux) || BE.has(w[i - 1] ?? ''))) return false;
  return true;
}

const SAY_VERBS = new Set([
  'say',
  'said',
  'says',
  'call',
  'called',
  'calls',
  'think',
  'thinks',
  'tell',
  'told',
  'claim',
  'claimed',
  'describe',
  'described',
  'make',
  'made',
  'reveal',
  'revealed',
  'admit',
  'admitted',
  'insist',
  'insisted',
  'warn',
  'warned',
  'add',
  'added',
  // "Who accused her opponents of trying to kill the project?": an accusation is said by someone (round 11).
  'accuse',
  'accused',
]);
/** Nouns whose value is a number: "what was the majority / lead / turnout / total". */
export const QUANTITY_NOUNS = new Set(
  'majority majorities lead margin share turnout total tally age deficit surplus amount sum salary swing'.split(' '),
);
const MONEY_WORDS = new Set([
  'raise',
  'raised',
  'raising',
  'raises',
  'pay',
  'paid',
  'donated',
  'donations',
  'fee',
  'fees',
  'salary',
  'deficit',
  'cost',
  'costs',
  'costing',
  'spend',
  'spent',
  'spending',
  'price',
  'worth',
  'funding',
  'budget',
  'money',
  'pounds',
  'dollars',
  'euros',
  'expensive',
  'cheap',
  'afford',
]);
const TIME_CONTEXT = new Set(
  'before after since until power office government served serve been ago take takes last lasted'.split(' '),
);
const TIME_WORDS = new Set([
  'years',
  'year',
  'months',
  'month',
  'weeks',
  'week',
  'days',
  'day',
  'hours',
  'hour',
  'decades',
  'decade',
  'minutes',
]);
const NEGATIONS = new Set(['not', 'no', 'never', "n't", 'nobody', 'none']);
const PARTY_WORDS = new Set(['party', 'parties']);
const PLACE_WORDS = new Set(
  'region regions area areas part parts place places city cities town towns country countries constituency constituencies county counties village villages station stations seat seats'.split(
    ' ',
  ),
);
const PERSON_WORDS = new Set([
  'person',
  'people',
  'politician',
  'politicians',
  'minister',
  'ministers',
  'mp',
  'mps',
  'leader',
  'leaders',
  'man',
  'woman',
  'member',
  'members',
  'figure',
  'figures',
]);

/**
 * What the first replacements of normaliseQuestion look for: chat markup (mentions, channel and link markup) holds
 * "<" or "@", and the contractions an apostrophe. Most questions hold none, and skip those ten passes.
 */
const MARKUP_OR_APOSTROPHE = /[<@'’]/;

export function normaliseQuestion(raw: string): string {
  return (
    (MARKUP_OR_APOSTROPHE.test(raw) ? withoutMarkupOrContractions(raw) : raw)
      .replace(/\s+/g, ' ')
      .trim()
      .replace(FILLERS, '')
      // Addressing the bot ("Whip, who is …", "@whip who is …") is not part of the question.
      .replace(/^@?whip\b[,:]?\s+(?=\S)/i, '')
      .trim()
  );
}

const ACRONYM = new RegExp(`\\b(?:${Object.keys(ACRONYMS).join('|')})\\b`, 'gi');

/**
 * "what did the moj say?" -> "what did the Ministry of Justice say?": an acronym of a government body the
 * knowledge base never writes itself is asked as articles write the body (lexicon.ts ACRONYMS); otherwise the
 * vocabulary gate would answer that the KB has nothing about "moj".
 */
export function expandAcronyms(text: string, k: Knowledge): string {
  return text.replace(ACRONYM, (m) => {
    const word = m.toLowerCase();
    return k.terms.has(word) ? m : (ACRONYMS[word] ?? m);
  });
}

/**
 * "what did the CQC rate the trust?" -> "what did the Care Quality Commission rate the trust?": an acronym among
 * `gating` (words the knowledge base never writes, that would stop the question) spelt out as the organisation whose
 * initials it is, if one is; the question unchanged otherwise. Only at the gate, where the question would get no
 * answer at all: a question the knowledge base can already read is read as typed.
 */
export function spellOutInitials(question: string, gating: readonly string[], k: Knowledge): string {
  return question.replace(CAPITALS, (m) => (gating.includes(m.toLowerCase()) ? (initialsOf(k).get(m) ?? m) : m));
}

/** An acronym as typed: three to six capitals ("CQC", "RCN"; two, "GE" or "US", are too ambiguous). */
const CAPITALS = /\b[A-Z]{3,6}\b/g;
/** Words an acronym skips ("Office *for* Budget Responsibility" is OBR). */
const ACRONYM_SKIPS = new Set(['of', 'for', 'and', 'the', 'on', 'in', '&']);
const initialsMemo = new WeakMap<Knowledge, Map<string, string>>();
/**
 * The knowledge base's organisations by their initials ("CQC" -> "Care Quality Commission"), for an acronym the
 * articles never write: one an article does write is matched as written. Initials two organisations share are
 * left out (no guess between them).
 */
function initialsOf(k: Knowledge): Map<string, string> {
  let out = initialsMemo.get(k);
  if (!out) {
    const found = new Map<string, string | null>();
    for (const e of k.entities.values()) {
      if (e.type !== 'organisation') continue;
      const ws = e.name.split(/\s+/).filter((w) => !ACRONYM_SKIPS.has(w.toLowerCase()));
      if (ws.length < 2 || ws.some((w) => !/^\p{Lu}/u.test(w))) continue;
      const initials = ws.map((w) => w[0]).join('');
      found.set(initials, found.has(initials) && found.get(initials) !== e.name ? null : e.name);
    }
    out = new Map([...found].filter((x): x is [string, string] => x[1] !== null));
    initialsMemo.set(k, out);
  }
  return out;
}

/** Chat markup out (mentions, channel links, links with their label kept), contractions spelt out. */
function withoutMarkupOrContractions(raw: string): string {
  return (
    raw
      .replace(/<@[!&]?\w+>|<!\w+(?:\^\w+)?(?:\|[^>]*)?>|@(?:everyone|here)\b/g, ' ')
      .replace(/<#\w+(?:\|[^>]*)?>/g, ' ')
      .replace(/<(?:https?:|mailto:)[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<(https?:[^>]*)>/g, '$1')
      .replace(/\b(who|what|where|when|how|which)['’]s\b/gi, '$1 is')
      .replace(/\b(who|what|where|when|how|which)['’]re\b/gi, '$1 are')
      // Negative contractions, so "won't" is not the verb "won": won't -> will not, can't -> can not, isn't -> is not.
      .replace(/\bwon['’]t\b/gi, 'will not')
      .replace(/\bcan['’]t\b/gi, 'can not')
      .replace(/\bshan['’]t\b/gi, 'shall not')
      .replace(/\b(\w+)n['’]t\b/gi, '$1 not')
  );
}

/**
 * "used to" before a verb marks past habit ("Axelrod used to be a strategist for …" = "was"), and "(be) supposed
 * to" an expectation: no word of the answer's sentence. "used" after a form of "be" is a passive ("What was the
 * money used to build?") and keeps its verb.
 */
/** The forms of "be" (a passive's auxiliary: "was used", "was postponed"). */
export const BE_FORMS: ReadonlySet<string> = new Set(['is', 'was', 'were', 'are', 'be', 'been', 'being']);
function tenseMarker(w: string[], i: number): boolean {
  if (w[i + 1] !== 'to') return false;
  if (w[i] === 'supposed') return true;
  return w[i] === 'used' && !w.slice(0, i).some((x) => BE_FORMS.has(x));
}

export function parseQuestion(raw: string, k: Knowledge): ParsedQuestion {
  const text = expandAcronyms(normaliseQuestion(raw.slice(0, 2000)), k);
  const quotedMatch = /["“‘']([^"”’]{6,})["”’']/.exec(text);
  const quoted = quotedMatch?.[1]?.trim();
  const w = words(text);
  // A role word qualifying an event ("the leadership election", "a leadership race") names the event, not
  // whoever holds the role: keep it as a plain term.
  // "Labour's majority" is a number, not the scenario "a Labour majority" (which would follow "under", "if"…).
  const mentions = k.matcher
    .findInWords(w, true)
    .filter((m) => !(m.type === 'role' && m.end - m.start === 1 && EVENT_NOUNS.has(w[m.end] ?? '')))
    .flatMap((m) => {
      const possessive = m.type === 'scenario' && w.slice(m.start, m.end).includes('s');
      // "did Labour win" is a question about what happened, not the scenario "a Labour win".
      const clause = m.type === 'scenario' && AUX.has(w[m.start - 1] ?? '');
      if ((!possessive && !clause) || SLOT_OPENERS.has(w[m.start - 1] ?? '') || SLOT_OPENERS.has(w[m.start - 2] ?? ''))
        return [m];
      return k.matcher
        .findInWords(w.slice(m.start, m.end))
        .filter((x) => x.type !== 'scenario')
        .map((x) => ({ ...x, start: x.start + m.start, end: x.end + m.start }));
    });
  // A bare "who"/"what" word can collide with nothing in the alias table, but a role alias like "leads" can be a
  // plain verb; keep role mentions, the engine decides whether the question is about the role.
  const inMention = new Set<number>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) inMention.add(i);

  const first = w[0] ?? '';
  const entities = [...new Set(mentions.filter((m) => m.type !== 'role' && m.type !== 'scenario').map((m) => m.id))];
  const roles = [...new Set(mentions.filter((m) => m.type === 'role').map((m) => m.id))];
  const years = w.filter((x) => /^(1[89]|20)\d\d$/.test(x));
  const hypothetical = w.some((x) => ['would', 'could', 'might', 'if', 'under'].includes(x));
  const negated = w.some((x) => NEGATIONS.has(x)) || /n't\b/.test(text);

  let type: QuestionType = 'what';
  let expect: Expect = 'phrase';
  // The question word may follow a fronted clause ("In a Lib-Lab coalition, who would be DPM?"); a leading
  // auxiliary makes it a yes/no question whatever follows ("Is Miliband said to have refused…").
  const qIndex = AUX.has(first) ? -1 : w.findIndex((x) => QUESTION_WORDS.has(x));
  const lead = qIndex >= 0 ? (w[qIndex] as string) : first;
  const lead0 = Math.max(qIndex, 0);
  const next = w[lead0 + 1] ?? '';
  const restAfter = (start: number) => mentions.filter((m) => m.start >= start);

  if ((lead === 'who' || lead === 'whom') && (SAY_VERBS.has(next) || (quoted && AUX.has(next) === false))) {
    type = 'whosaid';
    expect = 'speaker';
  } else if (lead === 'who' || lead === 'whom' || lead === 'whose') {
    type = 'who';
    expect = 'person';
  } else if (lead === 'when' || ((lead === 'what' || lead === 'which') && WHEN_NOUNS.has(next))) {
    type = 'when';
    expect = 'date';
  } else if (lead === 'where') {
    type = 'where';
    expect = 'place';
  } else if (lead === 'why' || (lead === 'what' && ['reason', 'reasons', 'cause'].includes(next))) {
    type = 'why';
    expect = 'reason';
  } else if (lead === 'how' && ['many', 'much'].includes(next)) {
    type = 'howmany';
    expect = 'number';
  } else if (lead === 'how' && next === 'long') {
    type = 'howlong';
    expect = 'duration';
  } else if (lead === 'how') {
    type = 'how';
    expect = 'phrase';
  } else if (
    lead === 'which' ||
    (lead === 'what' && (PARTY_WORDS.has(next) || PLACE_WORDS.has(next) || PERSON_WORDS.has(next)))
  ) {
    type = 'which';
    expect = PARTY_WORDS.has(next)
      ? 'party'
      : PLACE_WORDS.has(next)
        ? 'place'
        : PERSON_WORDS.has(next)
          ? 'person'
          : 'entity';
  } else if (lead === 'what' && w.slice(0, 6).some((x) => ['number', 'count', 'total', 'tally'].includes(x))) {
    type = 'howmany';
    expect = 'number';
  } else if (lead === 'what') {
    type = 'what';
    expect = 'phrase';
  } else if (AUX.has(first)) {
    type = 'yesno';
    expect = 'yesno';
  }

  // "What did X say/call …": the answer is a quote by X.
  if (type === 'what' && AUX.has(next) && w.slice(2).some((x, i) => saysHere(w, next, x, i + 2))) {
    type = 'whatsaid';
    expect = 'quote';
  }
  // "Who is X?" / "What is X?" about a person, party or organisation: describe it.
  if ((type === 'who' || type === 'what') && ['is', 'are', 'was', 'were'].includes(next)) {
    const start = w[2] === 'the' ? 3 : 2;
    const rest = restAfter(start);
    const tail = w.slice(start).filter((x) => x !== 's');
    const m = rest[0];
    if (m && m.start === start && m.end >= start + tail.length && m.type !== 'role' && m.type !== 'scenario') {
      type = 'describe';
      expect = 'description';
    }
  }
  // A "who" question naming a person and asking for a job is a role question answered with a role.
  if (type === 'what' && w.some((x) => ['job', 'role', 'post', 'position'].includes(x)) && entities.length) {
    expect = 'role';
  }
  // "What does Gethin do?" (nothing after the verb but "for a living"): a person's job, not an action of theirs.
  const person = mentions.find((m) => m.start === 2 && m.type === 'person');
  const after = person ? w.slice(person.end).join(' ') : '';
  if (type === 'what' && (w[1] === 'does' || w[1] === 'do') && (after === 'do' || after === 'do for a living')) {
    expect = 'role';
  }

  // "What was Labour's majority?", "What lead does Cable claim?", "How old is Cable?": the answer is a number.
  const quantityNoun =
    type === 'what' || type === 'describe' ? w.slice(1, 7).find((x) => QUANTITY_NOUNS.has(x)) : undefined;
  const age = lead === 'how' && next === 'old';
  if (quantityNoun || age) {
    type = 'howmany';
    expect = 'number';
  }
  let quantity: QuantityKind | undefined;
  if (type === 'howmany' || type === 'howlong' || (type === 'what' && w.some((x) => MONEY_WORDS.has(x)))) {
    // "How long is the line?" asks for a length; "How long was Labour in power?" for a duration.
    const aboutActor = mentions.some((m) => ['person', 'party', 'organisation', 'role'].includes(m.type));
    const timeContext = w.some((x) => TIME_CONTEXT.has(x));
    const copula =
      type === 'howlong' && ['is', 'are', 'was', 'were', 'will'].includes(w[2] ?? '') && !aboutActor && !timeContext;
    const percent =
      w.some((x) => ['percent', 'percentage', 'proportion', '%', 'share', 'turnout', 'swing'].includes(x)) ||
      /per cent/.test(text);
    if (w.some((x) => MONEY_WORDS.has(x)) || /[£$€]/.test(text)) quantity = 'money';
    else if (percent) quantity = 'percent';
    // "How much …" with no other cue asks for money ("How much would it raise?").
    else if (lead === 'how' && next === 'much') quantity = 'money';
    else if (
      w.some((x) => ['miles', 'mile', 'km', 'distance', 'length', 'far', 'kilometres'].includes(x)) ||
      (copula && !w.some((x) => TIME_WORDS.has(x)))
    )
      quantity = 'length';
    else if (type === 'howlong' || w.some((x) => TIME_WORDS.has(x))) quantity = 'duration';
    else quantity = 'count';
    if (quantity === 'money' && type === 'what') {
      type = 'howmany';
      expect = 'number';
    }
  }
  // "Who did X VERB?" asks for the object, and so does "Who was X negotiating with?" (a stranded preposition).
  const PREPS = ['with', 'to', 'for', 'against', 'from', 'about', 'by'];
  const stranded = w.some(
    (x, i) =>
      PREPS.includes(x) &&
      (i === w.length - 1 || ['after', 'before', 'in', 'on', 'during', 'since', 'at'].includes(w[i + 1] ?? '')),
  );
  // "Which party did Clegg enable…": the auxiliary may follow the asked-about noun.
  const auxAt = [1, 2, 3].map((d) => lead0 + d).find((i) => OBJECT_AUX.has(w[i] ?? ''));
  const afterAux = auxAt === undefined ? '' : (w[auxAt + 1] ?? '');
  // …and it is followed by the subject ("did Clegg", "has Labour", "would the party"), not by a verb ("could deny").
  const subjectFollows =
    auxAt !== undefined &&
    (mentions.some((m) => m.start === auxAt + 1) ||
      ['the', 'a', 'an', 'he', 'she', 'they', 'it', 'his', 'her', 'their', 'its', 'we', 'you', 'i'].includes(afterAux));
  const objectAux =
    auxAt !== undefined && subjectFollows && (auxAt === lead0 + 1 || lead === 'which' || lead === 'what');
  const subjectQuestion = !stranded && !objectAux;
  // "What did Ed Miliband('s spokesman) say": the words between the auxiliary and the verb are a named speaker.
  let namedSpeaker = false;
  const speakerIds: string[] = [];
  const speakerTerms: string[] = [];
  const speakerPhrase: string[] = [];
  if (type === 'whatsaid') {
    const auxAt = w.findIndex((x, i) => i > 0 && AUX.has(x));
    const verbAt = w.findIndex((x, i) => i > auxAt && SAY_VERBS.has(x));
    const span = w.slice(auxAt + 1, verbAt).filter((x) => !['the', 's', 'a', 'his', 'her', 'their'].includes(x));
    speakerPhrase.push(...span.filter((x) => !SPEAKER_DETERMINERS.has(x)));
    const covered = new Set<number>();
    for (const m of mentions) {
      if (
        m.start > auxAt &&
        m.end <= verbAt &&
        (m.type === 'person' || m.type === 'organisation' || m.type === 'party' || m.id === 'spokesman')
      ) {
        for (let i = m.start; i < m.end; i++) covered.add(i);
      }
    }
    const uncovered = w
      .slice(auxAt + 1, verbAt)
      .filter((x, i) => !covered.has(auxAt + 1 + i) && !['the', 's', 'a', 'his', 'her', 'their'].includes(x));
    namedSpeaker =
      span.length > 0 &&
      uncovered.length === 0 &&
      mentions.some((m) => m.start > auxAt && m.end <= verbAt && m.type !== 'role');
    for (const m of mentions) if (m.start > auxAt && m.end <= verbAt) speakerIds.push(m.id);
    const inAnyMention = (i: number) => mentions.some((m) => i >= m.start && i < m.end);
    for (let i = auxAt + 1; i < verbAt; i++) {
      const x = w[i] as string;
      if (!inAnyMention(i) && !isStopword(x) && !SPEAKER_DETERMINERS.has(x) && x.length > 1) speakerTerms.push(stem(x));
    }
  }

  const scenario = findScenario(w, mentions, k);

  const questionWordIdx = new Set<number>();
  w.forEach((x, i) => {
    if (QUESTION_WORDS.has(x) || (i <= 3 && AUX.has(x))) questionWordIdx.add(i);
    if (type === 'howmany' && ['many', 'much', 'number', 'count', 'total', 'tally'].includes(x)) questionWordIdx.add(i);
    if (type === 'howlong' && x === 'long') questionWordIdx.add(i);
  });
  const termWords: string[] = [];
  const terms: string[] = [];
  const slotTerms: number[] = [];
  w.forEach((x, i) => {
    if (inMention.has(i) || questionWordIdx.has(i) || isStopword(x) || x.length < 2) return;
    if (/^(1[89]|20)\d\d$/.test(x)) return; // years are matched separately
    if (age && x === 'old') return; // the question form, not a word the answer contains
    if (tenseMarker(w, i)) return;
    if ((type === 'whatsaid' || type === 'whosaid') && SAY_VERBS.has(x)) return;
    if (scenario && i >= scenario.from && i < scenario.to) slotTerms.push(terms.length);
    termWords.push(x);
    terms.push(stem(x));
  });

  const alternatives = alternativesOf({ raw, words: w, mentions, type });
  return {
    raw,
    words: w,
    type,
    ...(alternatives ? { alternatives } : {}),
    expect,
    mentions,
    entities,
    roles,
    ...(scenario ? { scenario } : {}),
    ...(quoted ? { quoted } : {}),
    terms,
    termWords,
    slotTerms,
    proper: properWords(text),
    years,
    hypothetical,
    namedSpeaker,
    speakerIds,
    speakerTerms,
    speakerPhrase,
    ...(quantity ? { quantity } : {}),
    ...(age ? { age } : {}),
    ...(quantityNoun ? { quantityNoun } : {}),
    subjectQuestion,
    negated,
  };
}

/** Capitalised words after the first ("Who is Ed Balls?" -> ed, balls), lower-cased. */
function properWords(text: string): string[] {
  const out: string[] = [];
  const re = /(?<=[\s(“"'‘-])([A-Z][a-z]+)(?:['’]s)?\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(0, m.index).trimEnd();
    if (!before || /[.?!:]$/.test(before)) continue; // sentence-initial: capitalised anyway
    out.push((m[1] as string).toLowerCase());
  }
  return out;
}

/**
 * The scenario a question is conditional on: a named scenario ("Lib-Lab"), or parties plus a form of
 * government after "under/in/if/with…" ("under a Conservative majority", "if Labour and the Lib Dems formed a
 * coalition"). Unknown arrangements come back without an id, so the engine can say it knows nothing about them.
 */
function findScenario(w: string[], mentions: Mention[], k: Knowledge): ScenarioSlot | undefined {
  const named = mentions.find((m) => m.type === 'scenario');
  if (named) {
    const s = k.scenarios.get(named.id);
    return {
      id: named.id,
      parties: s?.parties ?? [],
      form: s?.form,
      text: named.text,
      from: named.start,
      to: named.end,
    };
  }
  const formIdx = w.findIndex((x, i) => FORM_WORDS[x] && !(x === 'hung' && w[i + 1] !== 'parliament'));
  const opener = w.findIndex((x) => SLOT_OPENERS.has(x));
  const parties = mentions.filter((m) => m.type === 'party');
  if (formIdx < 0) {
    // Two parties joined ("a Labour-Lib Dem government", "Labour and the Lib Dems together") read as a coalition.
    const joined =
      parties.length >= 2 &&
      w.slice(parties[0]?.end ?? 0, parties[1]?.start ?? 0).every((x) => ['and', 'the', '-', 'with'].includes(x));
    if (!joined || opener < 0) return undefined;
  }
  const form = formIdx >= 0 ? FORM_WORDS[w[formIdx] as string] : 'coalition';
  // Parties that belong to the slot: those near the form word or after the opener.
  const lo = Math.min(opener >= 0 ? opener : formIdx, formIdx >= 0 ? formIdx : Number.MAX_SAFE_INTEGER);
  // With no opener, only parties that qualify the form word are the slot's: right before it ("a Conservative
  // majority") or after "of" ("a coalition of Labour and …"); "robbed of a majority by UKIP" names no arrangement.
  const qualifies = (p: Mention) =>
    opener >= 0 ||
    (p.end <= formIdx && p.end >= formIdx - SLOT_REACH) ||
    (w[formIdx + 1] === 'of' && p.start > formIdx && p.start <= formIdx + SLOT_REACH);
  const slotParties = [...new Set(parties.filter((p) => p.start >= lo - 3 && qualifies(p)).map((p) => p.id))];
  // "If Ed ends up in No 10 thanks to a deal with the Lib Dems": a coalition needs two sides, and a person named
  // as the one making the deal brings their party (the KB's entities know it) as the other.
  if (form === 'coalition' && slotParties.length === 1) {
    const sides = new Set(
      mentions
        .filter((m) => m.type === 'person')
        .map((m) => k.entities.get(m.id)?.party)
        .filter((party): party is string => party !== undefined && party !== slotParties[0]),
    );
    if (sides.size === 1) slotParties.push(...sides);
  }
  if (formIdx >= 0 && opener < 0 && !slotParties.length && form !== 'coalition') return undefined;
  // "Labour's majority" (a possessive, no "under"/"if"…) is a number about a party, not an arrangement.
  if (formIdx > 0 && opener < 0 && w[formIdx - 1] === 's') return undefined;
  const from = Math.max(0, Math.min(lo, ...parties.filter((p) => p.start >= lo - 3).map((p) => p.start)));
  const to = Math.max(formIdx + 1, ...parties.filter((p) => p.start >= lo - 3).map((p) => p.end));
  const text = w.slice(from, to).join(' ');
  const candidates = [...k.scenarios.values()].filter((s) => {
    const formOk = s.form === form || (form === 'coalition' && s.form === 'pact');
    if (!formOk) return false;
    if (!slotParties.length) return true;
    return slotParties.length === s.parties.length && slotParties.every((p) => s.parties.includes(p));
  });
  const id = candidates.length === 1 ? candidates[0]?.id : undefined;
  return { ...(id ? { id } : {}), parties: slotParties, form, text, from, to };
}
