/**
 * Who a statement comes from: classify a speaker description ("a spokesman for Mr Miliband", "senior Labour
 * figures", "Ed Miliband") and find the source of reported speech ("Party insiders insist that …",
 * "…, sources said."). Pure string work over one sentence or paragraph.
 */
import type { Attribution } from '../reply.js';
import { HONORIFIC, TITLE } from './titles.js';

const SPOKES = /\b(spokes(?:man|woman|person|people)|official spokesman|press secretary)\b/i;
/**
 * An institution speaking as one ("the commissioner's office said", "the Department of Health says", "the
 * whips' office denied"): an official statement, as a spokesman's is, though no person is named.
 */
const INSTITUTION =
  /\b(office|department|ministry|commission|committee|council|regulator|watchdog|authority|board|government|union|treasury|executive|agency|trust|institute|association|party|downing street|number 10|no 10)\b/i;
/** Nouns that make a description a person or group of people (an anonymous source unless named). */
const PERSONISH = new RegExp(
  String.raw`\b(figures?|sources?|insiders?|opponents?|supporters?|backers?|residents?|groups?|unions?|office|department|ministry|commission|committee|council|treasury|executive|agency|trust|institute|association|party|downing street|number 10|no 10|regulator|watchdog|authority|board|government|ministers?|MPs?|members?|colleagues?|aides?|allies|ally|officials?|officers?|activists?|advisers?|advisors?|strategists?|friends?|critics?|backbenchers?|people|person|servants?|economists?|analysts?|experts?|lawyers?|diplomats?|organisers?|solicitors?|barristers?|consultants?|doctors?|nurses?|surgeons?|clinicians?|teachers?|headteachers?|inspectors?|managers?|staff|workers?|employees?|researchers?|academics?|scientists?|professors?|veterans?|peers?|campaigners?|leaders?|spokes\w+|source|party figure|team|camp|campaign|chairman|chairwoman|chair|candidates?|secretary|governors?|mayors?|commissioners?|councillors?|${HONORIFIC})\b`,
  'i',
);

const REPORTING_VERBS =
  'said|say|says|told|tell|added|add|adds|insisted|insist|insists|disclosed|disclose|revealed|reveal|reveals|claimed|claim|claims|warned|warn|warns|argued|argue|argues|believe|believes|believed|fear|fears|feared|concede|concedes|conceded|admitted|admit|admits|suggested|suggest|suggests|acknowledged|confirmed|denied|predicted|predict|predicts|explained|stated|dismissed|dismisses|rejected|rejects|refused|accused|accuses|countered|played down|plays down|denies|deny|disputes|disputed';

const TITLED_NAME = new RegExp(`^${TITLE}\\s+[A-Z][\\w’'-]+(?:\\s+[A-Z][\\w’'-]+)*$`);

/** "Ed Miliband", "Mr Clegg", "Lord Adonis", "President Obama": looks like a named person. */
export function looksNamed(description: string): boolean {
  const d = description.trim();
  // A title and a name ("Lord Adonis"), or two or more capitalised words ("Ed Miliband"); one word is not enough
  // ("Polling suggests…").
  return TITLED_NAME.test(d) || FULL_NAME.test(d);
}
/** A capitalised name word: "Clegg", "Vaughan-Tudor", "McDonald", "O'Brien". */
const NAME_WORD = `(?:Mc|Mac|O['’])?[A-Z][a-z’'-]+(?:-[A-Z][a-z’'-]+)*`;
const FULL_NAME = new RegExp(`^(?!The\\s)${NAME_WORD}(?:\\s+${NAME_WORD})+$`);

/** People speaking, whatever body they belong to ("government sources", "council officials"): not the body itself. */
const PEOPLE_IN =
  /\b(figures?|sources?|insiders?|ministers?|MPs?|members?|colleagues?|aides?|allies|officials?|officers?|opponents?|supporters?|critics?|people|backbenchers?)\b/i;

/**
 * A description ending in a person's name after their role: "Shadow justice secretary Helen Marsh", "Its
 * president, Andrea Kell", "Labour MP Jo Smith", "council leader Sue Wright". The name is the speaker — unless the role relates them to someone else ("a senior
 * official close to the Justice Secretary, Tom Baker") or the capitals name a body ("the Conservative Party").
 */
const ROLE_THEN_NAME =
  /(?:\b(?!(?:for|of|and|the|on|in|to|at|by)\b)[a-z]+|,|\b[A-Z]{2,4})\s+(?:[A-Z][a-z’'-]+\s+)+[A-Z][a-z’'-]+$/;
const RELATED_TO =
  /\b(?:close to|near to|loyal to|allies of|ally of|friends? of|aides? to|advisers? to|supporters? of|colleagues? of|associates? of|spokes\w+ for|critics? of|opponents? of)\b/i;
/** A possessive word ("Minister's", "whips'"). */
const POSSESSIVE = /[\p{L}]+(?:['’]s|s['’])(?=\s|$)/gu;
const BODY_NOUN =
  /\b(?:Party|Office|Council|Committee|Department|Ministry|Association|Union|Trust|Commission|Authority|Board|Government|Service|Group|Institute|Society|Foundation|Agency|Bank|Court|Police|Federation|Alliance|Assembly|Parliament)$/;
/** A name's affiliation after it: "Jonathan Brisk *of Harcourt Lane LLP*", "Sue Wright *from the Conservative Party*". */
const AFFILIATION = /\s+(?:of|at|from)\s+(?:the\s+)?[A-Z][\w&’'-]*(?:\s+[A-Z][\w&’'-]*)*$/;
function endsInName(d: string): boolean {
  const named = (x: string) => ROLE_THEN_NAME.test(x) && !RELATED_TO.test(x) && !BODY_NOUN.test(x);
  return named(d) || (AFFILIATION.test(d) && named(d.replace(AFFILIATION, '')));
}

export function classifySpeaker(description: string, isKnownPerson = false): Attribution {
  const d = description.trim().replace(/\s+/g, ' ');
  if (SPOKES.test(d)) return { kind: 'spokesman', description: d };
  if (isKnownPerson || looksNamed(d)) return { kind: 'named', description: d };
  if (endsInName(d)) return { kind: 'named', description: d };
  // A possessive names whose body it is, not who speaks: "the First Minister's office" is an office.
  if (INSTITUTION.test(d) && !PEOPLE_IN.test(d.replace(POSSESSIVE, ''))) return { kind: 'spokesman', description: d };
  return { kind: 'anonymous', description: d };
}

/** The one suffix that says what kind of source a speaker is: " (anonymous)", " (official spokesman)" or "". */
export function speakerSuffix(kind: Attribution['kind']): string {
  return kind === 'anonymous' ? ' (anonymous)' : kind === 'spokesman' ? ' (official spokesman)' : '';
}

/**
 * A speaker as a reader sees them after a quote: "senior Labour figures (anonymous)", "the Downing Street press
 * office (official spokesman)"; a description that already says it is a spokesman is not told so twice ("a
 * spokesman for Mr Miliband").
 */
export function speakerLabel(a: Attribution): string {
  if (a.kind === 'reporter') return 'as reported';
  // A named body keeps its capitals but not a sentence-initial article ("the Treasury", "the Coastal Authority").
  const d = a.kind === 'named' ? a.description.replace(/^The\s/, 'the ') : inSentence(a.description);
  if (a.kind === 'spokesman' && /\bspokes(?:man|woman|person|people)\b/i.test(d)) return d;
  return `${d}${speakerSuffix(a.kind)}`;
}

/** How a reader should see an attribution: "according to senior Labour figures (anonymous)". */
export function attributionPhrase(a: Attribution): string {
  return a.kind === 'reporter' ? 'as reported' : `according to ${speakerLabel(a)}`;
}

/**
 * Common words that start a description only because it started a sentence ("Senior Labour figures said…"):
 * inside our own sentence they are lower case. Proper nouns (Labour, Mr, Lord…) keep their capital.
 */
const COMMON_LEAD =
  /^(A|An|The|One|Some|Senior|Several|Many|Most|Two|Three|Four|Other|Another|Party|Government|Close|Leading|Top|Former|Shadow|Cabinet|Insiders?|Sources?|Allies|Aides?|Friends?|Critics?|Officials?|Ministers?|Members?|Colleagues?|Activists?|Figures?|Advisers?|Strategists?|People|Backbenchers?|Spokes(?:man|woman|person))\b/;

/** A speaker description placed inside a sentence: "Senior Labour figures" -> "senior Labour figures". */
export function inSentence(description: string): string {
  return description.replace(COMMON_LEAD, (m) => m.toLowerCase());
}

/** Strip a relative clause or apposition from a speaker phrase: "One minister, who is close to X," -> "One minister". */
export function cleanSpeaker(raw: string): string {
  return (
    raw
      // A clause of the narrator's joined before the speaker: "The council has not issued such a notice, and Ms
      // Vaughan-Price" -> "Ms Vaughan-Price" (probe round 13; a list of names keeps its "and": no lower-case word).
      .replace(/^(.*),\s+(?:and|but)\s+(?=[A-Z])/, (m, before: string) => (/\b[a-z]{3,}\b/.test(before) ? '' : m))
      // "Asked whether she had lost the confidence of her group, she" -> "she" (before the appositions go).
      .replace(/^\s*(?:asked|pressed|questioned)\b[^,]*,\s*/i, '')
      .replace(/,\s*(?:who|which|whose)\b[^,]*,?/gi, '')
      .replace(/,\s*(?:the|a|an)\s[^,]*,?$/i, '')
      .replace(/^[\s,;:“”"']+|[\s,;:“”"']+$/g, '')
      .replace(/^(?:but|and|however|meanwhile),?\s+/i, '')
      // "Speaking in Halifax, Nigel Farage" -> "Nigel Farage"; "Sir Ed, 51" -> "Sir Ed";
      // "Ms Whitfield, speaking after the declaration" -> "Ms Whitfield".
      .replace(/^(?:speaking|writing|appearing|interviewed)\b[^,]*,\s*/i, '')
      // "In a statement, his solicitor" -> "his solicitor"; "In a letter to members, Ms Royce" -> "Ms Royce".
      .replace(
        /^(?:in|on)\s+(?:a|an|the|his|her|their|its)\s+(?:(?:joint|written|brief|short)\s+)?(?:statement|letter|interview|email|post|blog|video|speech|article|message|note|report|submission|briefing)\b[^,]*,\s*/i,
        '',
      )
      .replace(/,\s*(?:speaking|writing|appearing|interviewed)\b.*$/i, '')
      // "Labour, citing figures from the Department for Energy Security" -> "Labour".
      .replace(/^([A-Z][^,]*),\s+[a-z]+ing\s[^,]*,?$/, '$1')
      .replace(/,\s*\d{1,3}$/, '')
      // A passive lead: "The letter was organised by Caroline Penhale" -> "Caroline Penhale".
      .replace(/^.*\b(?:was|were|is|are|has been|had been)\s+\w+ed\s+by\s+(?=[A-Z])/, '')
      .trim()
  );
}

const REPORTED_LEAD = new RegExp(
  `^(?:However,\\s+|But\\s+|And\\s+)?([A-Z][^.;:“”"]{2,80}?)\\s+(?:have\\s+|has\\s+|had\\s+)?(?:(?:also|now|still|[a-z]+ly)\\s+)?(?:${REPORTING_VERBS})\\b(?:\\s+that\\b|:|,|\\s+(?=\\S))`,
);
/**
 * A name and its apposition longer than REPORTED_LEAD's 80 characters before the reporting verb: "Councillor Gareth
 * Pellow, the Conservative who chairs the authority's overview and scrutiny committee, said …" (98). Only this shape
 * runs longer: any other subject that long has run past a verb of its own ("Cobalt Omnibus Group, which operates …,
 * puts the fall at 9%, and argues …").
 */
const APPOSED_LEAD = new RegExp(
  `^((?:[A-Z][\\p{L}’'-]+\\s+){1,4}[A-Z][\\p{L}’'-]+,\\s+(?:the|a|an)\\s[^.;:,“”"]{3,120}),\\s+(?:${REPORTING_VERBS})\\b`,
  'u',
);
const REPORTED_TAIL = new RegExp(
  `,\\s*((?:[a-z]+\\s){0,4}?(?:sources?|insiders?|aides?|allies|officials?|figures?|colleagues?|friends?|MPs?))\\s+(?:${REPORTING_VERBS})\\.?\\s*$`,
  'i',
);

/**
 * A subject with a relative clause too long for REPORTED_LEAD, the reporting verb straight after it: "One prison
 * governor, who asked not to be named because they were not authorised to speak to the press, said …" (the usual
 * wording of an anonymous source). A verb of its own after the clause is no report ("Cobalt Omnibus Group, which
 * operates …, puts the fall at 9%, and argues …" is not read as far as "argues").
 */
const RELATIVE_LEAD = new RegExp(
  `^((?:One|Two|A|An|The|[A-Z][\\p{L}’'-]*)(?:\\s+[\\p{L}’'-]+){0,6}),\\s+(?:who|which)\\s[^,;:“”"]{3,140},\\s+(?:${REPORTING_VERBS})\\b`,
  'u',
);

/** A reporting verb and its subject opening a sentence, in any of the three shapes above (group 1: the subject). */
function reportedLead(s: string): RegExpExecArray | null {
  return REPORTED_LEAD.exec(s) ?? APPOSED_LEAD.exec(s) ?? RELATIVE_LEAD.exec(s);
}

/**
 * A lead that is a clause of its own, not a speaker: "The central point in dispute is whether Ms Trask told civil
 * servants …", "The question is what the minister told MPs", "Nobody knows if …" — the reporting verb belongs to
 * the embedded question, which the sentence asks rather than reports.
 */
const EMBEDDED_CLAUSE = /\b(?:whether|if|what|why|how|is|are|was|were)\b/i;

/**
 * The narrator's own hedge, not anyone's words: "Mr Miliband is said to have refused…", "…reportedly refused…".
 * Such a sentence is the article's (as reported), never the speaker of a neighbouring quote's.
 */
const HEDGE =
  /\b(?:is|are|was|were|has been|have been|had been)\s+(?:said|reported|understood|believed|thought|known|rumoured|alleged|claimed)\s+to\b|\b(?:reportedly|allegedly|supposedly|apparently|it is (?:said|understood|believed|thought))\b/i;

export function isNarratorHedge(sentence: string): boolean {
  return HEDGE.test(sentence) && !/[“"]/.test(sentence);
}

/** The source of reported speech in a sentence, if it names one (a person or group, not "polling"). */
export function reportedSource(sentence: string): Attribution | undefined {
  const s = sentence.trim();
  const lead = reportedLead(s);
  // "Mr Miliband is said to have refused", "Mr Miliband reportedly refused": the narrator's hedge, no source.
  if (lead?.[1] && !HEDGE.test(s.slice(0, lead[0].length + 6))) {
    const who = subjectOf(cleanSpeaker(lead[1]));
    if (who === undefined) return undefined;
    if (!EMBEDDED_CLAUSE.test(who) && (PERSONISH.test(who) || looksNamed(who) || endsInName(who)))
      return classifySpeaker(who);
    // Two sources saying it together: "Ridgeway Buses and Cllr Ashdown-Reyes say …".
    const both = who.split(/\s+and\s+/);
    if (both.length === 2 && both.every((x) => looksNamed(x)) && !EMBEDDED_CLAUSE.test(who))
      return { kind: 'named', description: who };
  }
  const tail = REPORTED_TAIL.exec(s);
  if (tail?.[1]) return classifySpeaker(cleanSpeaker(tail[1]));
  // "The trust disputes that figure: Dr Laidlaw said the true number was 212": who speaks after the colon.
  const colon = AFTER_COLON.exec(s);
  return colon ? reportedSource(s.slice(colon.index + colon[0].length)) : undefined;
}

/** Auxiliaries and modals: a lead holding one before another word is a clause, not a speaker's name. */
const AUXILIARY = 'has|have|had|is|are|was|were|will|would|could|can|cannot|did|does|do|should|may|might|must';
/** A clause of the narrator's ending where the speaker starts: "…, and whips", "…, but the report", "… as the leader". */
const CLAUSE_THEN_SPEAKER = /^(.*)(?:,\s+(?:and|but)|\s+(?:as|while|whereas))\s+(?!(?:who|whom|which|that)\b)(?=\S)/;
const FINITE = new RegExp(`\\b(?:${AUXILIARY})\\b`);
/** A clause before ", and" / "as": an auxiliary, or a verb in the past ("Three Tory councillors abstained"). */
const CLAUSE_BEFORE = new RegExp(`\\b(?:${AUXILIARY})\\b|\\b[a-z]{3,}ed\\b`);
/** A relative clause without commas after the speaker: "Campaigners who backed the petition", "One MP who voted …". */
const BARE_RELATIVE = /\s+(?:who|whom|whose|that)\s.*$/;
/** First and second persons are nobody the narrator reports ("…, and your own officials cannot tell …"). */
const NOT_REPORTED = /^(?:your|our|my|you|we|I)\b/i;
const TRAILING_AUXILIARY = new RegExp(`(?:\\s+(?:${AUXILIARY}|not|be|been|being))+$`);
const REPORTING_INSIDE = new RegExp(`\\s(?:${REPORTING_VERBS})\\b`);
const PASSIVE_END = /\s(?:be|been|being|is|are|was|were)$/;

/**
 * The speaker a reporting lead names, or undefined when the lead is a clause of the narrator's (a sweep of the
 * development and probe articles found these leads cited as speakers): "He has not given up the party whip, and
 * whips" -> "whips"; "Councillors approved the maximum increase as the county's leader" -> "the county's leader";
 * "Mr Varley would not" (say) -> "Mr Varley"; "MPs have" -> "MPs"; "He said the party would reflect on its campaign
 * but" (insisted) -> "He"; "The mayor … has been" (accused) -> none (a passive names who is accused, not who speaks);
 * "Her authority will receive £64 million" -> none. (cleanSpeaker has already taken the speaker after ", and" when
 * a capital opens it, for every caller; this also reads "…, and whips", "… as the county's leader".) Quote speakers
 * (quotes.ts) do not go through it: doing so moved a training row and was rejected by a retrain (session 25).
 */
function subjectOf(lead: string): string | undefined {
  let who = lead;
  const joined = CLAUSE_THEN_SPEAKER.exec(who);
  if (joined?.[1] && CLAUSE_BEFORE.test(joined[1])) who = who.slice(joined[0].length);
  if (NOT_REPORTED.test(who)) return undefined;
  const reporting = REPORTING_INSIDE.exec(who);
  if (reporting && reporting.index > 0) who = who.slice(0, reporting.index);
  const aux = TRAILING_AUXILIARY.exec(who);
  if (aux) {
    if (PASSIVE_END.test(aux[0])) return undefined;
    who = who.slice(0, aux.index);
  }
  who = who.trim();
  // "A senior Conservative MP who has not yet declared for any candidate": the relative clause may hold a verb.
  if (!who || FINITE.test(who.replace(BARE_RELATIVE, ''))) return undefined;
  return who;
}

/** A colon opening a clause of its own (not a time, "10:30", nor a quote's introduction, "said: “…”"). */
const AFTER_COLON = /(?<!\d):\s+(?=[A-Z])/;

export const reportingVerbPattern = REPORTING_VERBS;

/**
 * The last word of a source's description: one named person however described ("The health minister, Simon
 * Arkwright" and "Simon Arkwright" are both "Arkwright").
 */
export function lastWordOf(description: string): string | undefined {
  return description
    .split(/[\s,]+/)
    .filter(Boolean)
    .pop();
}

/**
 * Where a sentence's reported speech begins, after the lead naming its source ("Mr Lyle, who has had the whip
 * suspended since November, disputes …" -> after "disputes"): what comes before, the relative clause included,
 * is the narrator's. 0 when the sentence has no such lead.
 */
export function reportedSpeechStart(sentence: string): number {
  const lead = reportedLead(sentence.trim());
  return lead ? sentence.indexOf(lead[0]) + lead[0].length : 0;
}
