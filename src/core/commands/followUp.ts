/**
 * Messages in a conversation thread: small talk ("thanks!", "hello") is not a question (not answered, not logged
 * for `kb gaps`), and a follow-up is read against the thread's previous question — a pronoun takes the person
 * asked about before ("what did he say about Clegg?" after "who is Ed Miliband?"), an elliptical follow-up takes
 * the previous question's shape ("what about Clegg?"). Pure: the caller says how to find people in a text.
 */
import { escapeRegExp } from '../nlp/regexp.js';

const SMALL_TALK =
  /^(?:(?:thanks?|thank you|thx|ty|cheers|ta|great|cool|nice|ok(?:ay)?|got it|perfect|brilliant|awesome|lol|haha|wow|hello|hi|hey|hiya|morning|good (?:morning|afternoon|evening|night)|bye|goodbye|see you|nvm|never ?mind|no worries|np|sure|yes|no|yep|nope|much appreciated|that helps|that'?s (?:great|helpful|all))[\s,.!]*)+(?:whip)?[\s!.🙂😊👍🙏]*$/iu;

/** "thanks!", "hello", "ok great, thanks": a message that asks nothing. */
export function isSmallTalk(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  if (/\?\s*$/.test(t)) return false;
  return SMALL_TALK.test(t) || /^[\p{Extended_Pictographic}\s!.]+$/u.test(t);
}

/** Where a person is named in a text: the span and the name to use for them. */
export interface PersonMention {
  text: string;
  name: string;
}

export type FindPeople = (text: string) => PersonMention[];

const PRONOUN = /\b(he|she|him|her|his|hers)\b/gi;

/**
 * The question a follow-up means, given the previous question of its thread. A question that stands on its own
 * is returned unchanged.
 */
export function resolveFollowUp(previous: string | undefined, current: string, findPeople: FindPeople): string {
  const q = current.trim();
  if (!previous) return q;
  const before = findPeople(previous);
  const person = before[0];
  // "what about Clegg?", "and Clegg?", "how about the Lib Dems?": the previous question, about someone else.
  const elliptical = /^(?:and|what about|how about|same for|and what about)\s+(.+?)\s*\??$/i.exec(q);
  if (elliptical?.[1] && person) {
    // The mention may be folded ("ed miliband"): find it in the previous question whatever its case.
    const span = new RegExp(escapeRegExp(person.text).replace(/\s+/g, '\\s+'), 'i');
    return span.test(previous) ? previous.replace(span, elliptical[1]) : q;
  }
  if (!person || !new RegExp(PRONOUN.source, 'i').test(q)) return q;
  return q.replace(PRONOUN, (w) => {
    const lower = w.toLowerCase();
    return lower === 'his' || lower === 'hers' ? `${person.name}'s` : person.name;
  });
}
