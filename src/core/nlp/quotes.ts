/**
 * Direct quotes and their speakers, paragraph by paragraph, following newspaper conventions:
 * “…,” a spokesman said. / X said: “…” / “…” he said (the pronoun resolved to the last subject) / a quote that
 * runs over several paragraphs (opening mark, no closing mark) / scare quotes (“hate”) attributed to the
 * sentence's source.
 */
import type { Attribution } from '../reply.js';
import { classifySpeaker, cleanSpeaker, reportedSource, reportingVerbPattern } from './attribution.js';
import { FEMALE_TITLE, HONORIFIC, MALE_TITLE } from './titles.js';

export interface ExtractedQuote {
  /** Verbatim quoted text, without the quote marks. */
  text: string;
  speaker: Attribution;
  paragraph: number;
  /** Fewer than four words: a scare quote inside reported speech, not a statement. */
  scare: boolean;
}

const QUOTE_SPAN = /“([^”]+)”?|"([^"]+)"?/g;
const VERBS = reportingVerbPattern;
const AFTER = new RegExp(`^\\s*,?\\s*((?:[^.“”"]){1,80}?)\\s+(?:${VERBS})\\b`, 'i');
const AFTER_INVERTED = new RegExp(`^\\s*,?\\s*(?:${VERBS})\\s+([A-Z][^.,;“”"]{1,60})`);
const BEFORE = new RegExp(`([^.“”"]{2,160}?)\\s+(?:${VERBS})(?:\\s+that)?\\s*[:,]?\\s*$`, 'i');
/**
 * A quote inside the words of someone a relative clause says spoke: "the party's treasurer, Priya Raman, who
 * warned that raising the threshold would “entrench a closed shop …”" (probe round 4). The name right before
 * ", who" and a reporting verb, nothing but the reported clause between it and the quote.
 */
const RELATIVE_SPEAKER = new RegExp(
  String.raw`((?:${HONORIFIC}\s+)?[A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+)+|${HONORIFIC}\s+[A-Z][\p{L}’'-]+),\s+who\s+(?:${VERBS})\b[^.“”"]{0,160}$`,
  'u',
);
/**
 * The nearest speaker before a quote in its own clause: "…, to which Ms Dunstan replied that her challenger had
 * “never run anything bigger than a press release”" — a name, then a verb of speech or reply, then only the
 * reported clause up to the quote.
 */
const NEAREST_SPEAKER = new RegExp(
  String.raw`((?:${HONORIFIC}\s+)?[A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+)+|${HONORIFIC}\s+[A-Z][\p{L}’'-]+)\s+(?:${VERBS}|replied|responded|retorted|described\s+(?:it\s+|them\s+)?as|called\s+it)\b(?:\s+that)?[^.“”",;]{0,120}$`,
  'u',
);
const PRONOUN = /^(?:he|she|they|it)$/i;
/** Words no speaker's description starts with (a preposition or a conjunction). */
const NOT_A_SPEAKER_START = /^(?:at|in|on|for|with|by|from|to|of|after|before|during|as|and|but|or|while|when)\s/i;
/**
 * A claim named after a quote is not who spoke it: "… was “on the brink of bankruptcy”, a charge disputed by the
 * council's chief finance officer" (the claim's disputer follows it; the claimant came before).
 */
const CLAIM_NOT_SPEAKER =
  /^(?:a|an|the|that|this)\s+(?:[\w-]+\s+)?(?:claim|charge|figure|number|estimate|forecast|suggestion|allegation|accusation|assertion|prediction|warning)\b/i;
/** A speech verb right after a name ("Helen Marsh said …"). */
const SPOKE_AFTER = /^\s+(?:said|says|told|added|claimed|insisted|argued|warned|admitted|denied)\b/;
/** The same after an apposition ("Mr Pemberton, the MP for Harlow Vale, said …"). */
const SPOKE_AFTER_APPOSED =
  /^(?:,[^,.;“”"]{1,80},)?\s+(?:said|says|told|added|claimed|insisted|argued|warned|admitted|denied)\b/;
const SUBJECT_LEAD = new RegExp(
  String.raw`^(?:However,\s+|But\s+)?((?:A|An|The|One|Some)\s+[^,.;:“”"]{2,60}?|${HONORIFIC}\s+[A-Z]\w+|[A-Z]\w+\s+[A-Z]\w+)(?:,\s[^,“”"]{2,80},){0,2}\s+(?:has|have|had|was|were|is|are|said|told|says|[a-z]{3,}ed)\b`,
);

/** A capitalised name, with a title or of two or more words ("Sir Vince Cable", "Layla Moran", "Mr Farron"). */
const NAME_IN_TEXT = new RegExp(
  String.raw`\b((?:${HONORIFIC}\s+)?[A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+)+|${HONORIFIC}\s+[A-Z][\p{L}’'-]+)`,
  'gu',
);
/** Does a speaker's description use the noun ("One prison governor" for "the governor", "spokesperson" for "spokesman")? */
function describes(description: string, noun: string): boolean {
  const words = description.toLowerCase().split(/[\s,]+/);
  const base = noun.replace(/(?:man|woman|person)$/, '');
  return words.includes(noun) || (base !== noun && words.some((w) => w.startsWith(base)));
}
/**
 * Nouns that say what kind of speaker someone is: "the governor", "the source" is the one this paragraph or a recent
 * one described so, never merely the last speaker. Other words are checked the same way first and fall back to the
 * last speaker, as before session 24: "the minister" after "Ms Ellison, the housing minister", and "the MP" after "a
 * senior shadow Cabinet minister" (a minister is an MP: the seed's own wording).
 */
const ROLE_NOUN_WORD =
  /^(?:governor|source|sources|official|officials|officer|insider|insiders|aide|aides|ally|allies|spokes(?:man|woman|person)|adviser|analyst|economist|campaigner|activist|critic|critics|union|unions|company|firm)$/;

/** One capitalised word: a surname, when the article named its owner in full before ("Delaney" of "Marcus Delaney"). */
const ONE_NAME = /\b([A-Z][\p{L}’'-]+)\b/gu;
const MALE_NAME = new RegExp(`^${MALE_TITLE}\\s`);
const FEMALE_NAME = new RegExp(`^${FEMALE_TITLE}\\s`);

/** Where the sentence holding offset `at` of a paragraph starts: after the last sentence end before it. */
function sentenceStart(para: string, at: number): number {
  let start = 0;
  for (const m of para.slice(0, at).matchAll(SENTENCE_END)) start = (m.index ?? 0) + m[0].length;
  return start;
}
/** A sentence's end: a full stop, question or exclamation mark (a closing quote after it) and a capital or quote next. */
const SENTENCE_END = /[.!?][”"’]?\s+(?=[“"A-Z])/g;

function wordCount(s: string): number {
  return s.trim().split(/\s+/).filter(Boolean).length;
}

export function extractQuotes(
  paragraphs: string[],
  isKnownPerson: (name: string) => boolean = () => false,
  /** A surname's full name, when the article names one person of that surname in full ("Delaney"). */
  fullNameOf: (surname: string) => string | undefined = () => undefined,
): ExtractedQuote[] {
  const out: ExtractedQuote[] = [];
  let lastSpeaker: Attribution | undefined;
  let lastSpeakerParagraph = -10;
  let lastSubject: Attribution | undefined;
  let openQuoteSpeaker: Attribution | undefined;

  paragraphs.forEach((para, pi) => {
    const spans: { text: string; start: number; end: number; closed: boolean }[] = [];
    for (const m of para.matchAll(QUOTE_SPAN)) {
      const inner = (m[1] ?? m[2] ?? '').trim();
      const closed = m[0].endsWith('”') || (m[0].startsWith('"') && m[0].length > 1 && m[0].endsWith('"'));
      if (inner) spans.push({ text: inner, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, closed });
    }
    const source = reportedSource(para);
    const lead = SUBJECT_LEAD.exec(para);
    /**
     * "he"/"she": the last person named before the quote in this paragraph whose title does not contradict the
     * pronoun ("… is backing Sir Vince. “…,” she said" is not Sir Vince).
     */
    const nearestNamed = (pronoun: string, before: string): Attribution | undefined => {
      const she = /^she$/i.test(pronoun);
      const he = /^he$/i.test(pronoun);
      const named: { at: number; name: string; spoke: boolean }[] = [];
      const spokeAfter = (m: RegExpMatchArray) => SPOKE_AFTER_APPOSED.test(before.slice((m.index ?? 0) + m[0].length));
      for (const m of before.matchAll(NAME_IN_TEXT)) {
        const name = (m[1] as string).replace(/[’']s$/, '');
        // A name the NER did not know is still the speaker when the text says it spoke ("Helen Marsh said the
        // government had … “…,” she said"): otherwise "she" fell back to the previous paragraph's speaker.
        if (!isKnownPerson(name) && !SPOKE_AFTER.test(before.slice((m.index ?? 0) + m[0].length))) continue;
        if ((she && MALE_NAME.test(name)) || (he && FEMALE_NAME.test(name))) continue;
        named.push({ at: m.index ?? 0, name, spoke: spokeAfter(m) });
      }
      // A surname alone, as reporting names someone after the first mention ("Delaney conceded defeat … “…,” he
      // said"): its owner, named in full earlier in the article.
      for (const m of before.matchAll(ONE_NAME)) {
        const full = fullNameOf((m[1] as string).replace(/[’']s$/, ''));
        if (full) named.push({ at: m.index ?? 0, name: full, spoke: spokeAfter(m) });
      }
      // Who spoke in the paragraph before the quote, over someone merely named since ("Ms Ellison told MPs … against
      // the leader, Daniel Okafor, who has survived two challenges. “…,” she said"); else the last one named.
      named.sort((a, b) => a.at - b.at);
      const pick = (named.filter((n) => n.spoke).at(-1) ?? named.at(-1))?.name;
      return pick ? classifySpeaker(pick, true) : undefined;
    };
    // The paragraph's subject; with its name when the paragraph's source gives it in apposition ("The prisons
    // minister, Callum Redfern, rejected …" is Callum Redfern, not an anonymous minister).
    const subject = lead?.[1] ? cleanSpeaker(lead[1]) : '';
    const leadSubject =
      lead?.[1] && !/^[“"]/.test(para)
        ? source?.kind === 'named' && source.description.startsWith(`${subject},`)
          ? source
          : classifySpeaker(subject, isKnownPerson(subject))
        : undefined;
    const resolve = (raw: string, before: string): Attribution | undefined => {
      const who = cleanSpeaker(raw);
      // A stray conjunction or article is nobody ("…, but “never been natural territory”").
      if (!who || /^(?:but|and|or|so|then|yet|the|a|an|it|this|that)$/i.test(who)) return undefined;
      // Nor is a phrase that opens with a preposition or a conjunction: "“a timetable of fiction” at a bruising
      // hearing, and admits …" is said by the sentence's subject, not by "at a bruising hearing, and".
      if (NOT_A_SPEAKER_START.test(who) || CLAIM_NOT_SPEAKER.test(who)) return undefined;
      // …or that ends with one: "he said he would not “pre-empt” that plan, but insisted that …" — the clause before
      // the verb is what was said, and the verb's subject is the sentence's.
      if (/(?:,|\s)(?:but|and|or)$/i.test(who)) return undefined;
      // "Liz Truss, the Chief Secretary, defended the plan. “…,” she said.": this paragraph's subject first.
      // A paragraph that opens with the quote ("“…,” he said.") points back at the paragraph before.
      if (PRONOUN.test(who)) {
        return (
          nearestNamed(who, before) ??
          leadSubject ??
          (before.trim() ? undefined : nearestNamed(who, paragraphs[pi - 1] ?? '')) ??
          lastSubject ??
          lastSpeaker
        );
      }
      // "“…,” the governor said": the paragraph's own source or subject, or the last speaker, that is one ("One
      // prison governor, who asked not to be named, said …"); a speaker of another kind is not ("The prisons
      // minister, Callum Redfern, …" two paragraphs before). Else the words as written.
      if (/^the\s/i.test(who)) {
        const noun = (who.split(/\s+/).pop() ?? '').toLowerCase();
        const recent = pi - lastSpeakerParagraph <= 3 ? lastSpeaker : undefined;
        const same = [source, leadSubject, recent].find((a) => a && describes(a.description, noun));
        if (same) return same;
        if (recent && !ROLE_NOUN_WORD.test(noun)) return recent;
        return classifySpeaker(who);
      }
      const full = fullNameOf(who);
      return full ? classifySpeaker(full, true) : classifySpeaker(who, isKnownPerson(who));
    };

    let paragraphSpeaker: Attribution | undefined;
    const ownSpeaker = new Map<number, Attribution>();
    for (const [si, span] of spans.entries()) {
      const after = para.slice(span.end, spans[si + 1]?.start ?? para.length);
      const before = para.slice(spans[si - 1]?.end ?? 0, span.start);
      const a = AFTER.exec(after);
      const inv = AFTER_INVERTED.exec(after);
      const b = BEFORE.exec(before);
      const upTo = para.slice(0, span.start);
      const relative = RELATIVE_SPEAKER.exec(before)?.[1];
      const found =
        (a?.[1] && resolve(a[1], upTo)) ||
        (inv?.[1] && resolve(inv[1], upTo)) ||
        (b?.[1] && resolve(b[1], upTo)) ||
        (relative && resolve(relative, upTo)) ||
        undefined;
      if (found) paragraphSpeaker = found;
      // A quote whose clause names its own speaker ("…, to which Ms Dunstan replied that …", "a target Ms Marchbank
      // described as “…”") is theirs alone, not the paragraph's.
      // The first quote keeps the paragraph's and its sentence's sources but for "X described as “…”", which
      // neither reads.
      const nearest = found ? undefined : NEAREST_SPEAKER.exec(before);
      const near = nearest && (si > 0 || /\b(?:described|called)\b/.test(nearest[0])) ? nearest[1] : undefined;
      const nearSpeaker = near ? resolve(near, upTo) : undefined;
      if (nearSpeaker) ownSpeaker.set(si, nearSpeaker);
    }
    if (!spans.length) {
      if (lead?.[1]) lastSubject = classifySpeaker(cleanSpeaker(lead[1]), isKnownPerson(cleanSpeaker(lead[1])));
      if (source) {
        lastSpeaker = source;
        lastSpeakerParagraph = pi;
      }
      openQuoteSpeaker = undefined;
      return;
    }
    // A paragraph that opens with a quote and names nobody continues the previous speaker's quote.
    const startsWithQuote = /^\s*[“"]/.test(para);
    const continuing =
      startsWithQuote && !paragraphSpeaker
        ? (openQuoteSpeaker ?? (pi - lastSpeakerParagraph === 1 ? lastSpeaker : undefined))
        : undefined;
    for (const [si, span] of spans.entries()) {
      const scare = wordCount(span.text) < 4;
      // The quote's own sentence names its source before the paragraph's first one does: "The union said up to 400
      // jobs could go. Its regional organiser, Carol Whitcombe, said staff were “being asked to pay twice …”".
      const own = reportedSource(para.slice(sentenceStart(para, span.start)));
      const speaker =
        (scare ? source : undefined) ?? ownSpeaker.get(si) ?? paragraphSpeaker ?? continuing ?? own ?? source;
      out.push({
        text: span.text,
        speaker: speaker ?? { kind: 'reporter', description: 'unattributed' },
        paragraph: pi,
        scare,
      });
    }
    const speaker = paragraphSpeaker ?? continuing;
    if (speaker) {
      lastSpeaker = speaker;
      lastSpeakerParagraph = pi;
    }
    const last = spans[spans.length - 1];
    openQuoteSpeaker = last && !last.closed ? speaker : undefined;
    if (lead?.[1]) lastSubject = classifySpeaker(cleanSpeaker(lead[1]));
  });
  return out;
}
