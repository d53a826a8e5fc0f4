/**
 * Short answers pulled out of one evidence sentence, by the type of answer the question expects: the person or
 * party in the right grammatical slot, the number next to the asked-about noun, a date (relative dates such as
 * "next year" resolved against the article's date), a place, a reason clause, or the phrase that completes the
 * question.
 */

import { BoundedMemo } from '../memo.js';
import type { Quantity } from '../nlp/analyse.js';
import { isOrdinaryWord } from '../nlp/lexical.js';
import { escapeRegExp } from '../nlp/regexp.js';
import { areSynonyms, stem, synonymStems, words } from '../nlp/terms.js';
import type { ArticleInfo, Knowledge } from './knowledge.js';
import type { ParsedQuestion } from './parse.js';

const PREPOSITIONS = new Set([
  'from',
  'to',
  'of',
  'with',
  'by',
  'for',
  'over',
  'against',
  'between',
  'than',
  'about',
  'into',
  'on',
  'at',
]);
const CLAUSE_BREAK = /(?<!\d),|,(?!\d)|[;:()“”"]|\s[–—-]\s/;

function matchedPositions(tokens: string[], p: ParsedQuestion): number[] {
  const out: number[] = [];
  const stems = stemsOfTokens(tokens);
  const asked = synonymsOfTerms(p.terms);
  // Plain loops: this runs over every candidate sentence's tokens for every extraction.
  for (let i = 0; i < stems.length; i++) if (asked.has(stems[i] as string)) out.push(i);
  return out;
}

/**
 * The question's terms and every stem synonymous with one (a stem matches a term exactly when it is among the
 * term's synonymStems), once per terms list rather than a synonym-group comparison per token and term. The list is
 * checked against the copy the set was made from: a typo fix (unknownTerms) changes a term in place.
 */
const termSynonyms = new WeakMap<readonly string[], { of: string[]; stems: Set<string> }>();
function synonymsOfTerms(terms: readonly string[]): Set<string> {
  const known = termSynonyms.get(terms);
  if (known && known.of.length === terms.length && known.of.every((t, i) => t === terms[i])) return known.stems;
  const stems = new Set<string>();
  for (const q of terms) for (const s of synonymStems(q)) stems.add(s);
  termSynonyms.set(terms, { of: [...terms], stems });
  return stems;
}

const tokenStems = new WeakMap<readonly string[], string[]>();
/** The stems of a token list (token lists are memoised per sentence, so this is too). */
function stemsOfTokens(tokens: readonly string[]): string[] {
  let out = tokenStems.get(tokens);
  if (!out) {
    out = tokens.map((t) => stem(t));
    tokenStems.set(tokens, out);
  }
  return out;
}

/** The entity filling the answer slot of a who/which question. */
export function extractEntity(sentence: string, p: ParsedQuestion, k: Knowledge, types: string[]): string | undefined {
  const info = k.textInfo(sentence);
  const tokens = info.tokens;
  const mentions = info.mentions.filter((m) => types.includes(m.type) && !p.entities.includes(m.id));
  if (!mentions.length) return undefined;
  const hits = matchedPositions(tokens, p);
  const firstHit = hits.length ? Math.min(...hits) : -1;
  const lastHit = hits.length ? Math.max(...hits) : -1;
  // Skip candidates that sit in a prepositional phrase or a possessive ("from the Conservatives", "Obama's").
  const inPP = (start: number) =>
    PREPOSITIONS.has(tokens[start - 1] ?? '') ||
    (tokens[start - 1] === 'the' && PREPOSITIONS.has(tokens[start - 2] ?? ''));
  const possessive = (end: number) => tokens[end] === 's';
  let pick = mentions[0];
  if (hits.length) {
    // Passive voice: "the mistake made by Gordon Brown" — the agent after "by" is the subject asked about.
    // "chaired by the Conservative MP Sarah Wollaston": the agent may follow a short description.
    const agent = p.subjectQuestion
      ? mentions.find((m) => m.start > firstHit && tokens.slice(Math.max(0, m.start - 5), m.start).includes('by'))
      : undefined;
    // An object pronoun right after the verb ("put up with him") stands for the nearest earlier person.
    const pronounAt = p.subjectQuestion
      ? -1
      : tokens.findIndex((t, i) => i > lastHit && i <= lastHit + 3 && ['him', 'her', 'them'].includes(t));
    if (agent) pick = agent;
    else if (pronounAt >= 0) {
      const earlier = mentions.filter((m) => m.end <= pronounAt && !possessive(m.end));
      pick = earlier[earlier.length - 1] ?? pick;
    } else if (p.subjectQuestion) {
      const before = mentions.filter((m) => m.end <= firstHit && !inPP(m.start) && !possessive(m.end));
      const beforeAny = mentions.filter((m) => m.end <= firstHit);
      pick =
        before[before.length - 1] ??
        beforeAny[beforeAny.length - 1] ??
        mentions.find((m) => !possessive(m.end)) ??
        pick;
    } else {
      // The object follows the verb: the nearest candidate after the first matched word.
      const after = mentions.filter((m) => m.start > firstHit && !possessive(m.end));
      pick = after[0] ?? mentions.filter((m) => m.start > firstHit)[0] ?? pick;
    }
  }
  if (!pick) return undefined;
  // A list answers together: "between Bradford and Hull" -> "Bradford and Hull".
  const names = [k.matcher.named.get(pick.id)?.name];
  let last = pick;
  for (const m of mentions) {
    if (m.start <= last.end || names.length >= 3) continue;
    const gap = tokens.slice(last.end, m.start);
    if (m.type === pick.type && gap.length === 1 && (gap[0] === 'and' || gap[0] === 'or')) {
      names.push(k.matcher.named.get(m.id)?.name);
      last = m;
    } else break;
  }
  const found = names.filter(Boolean) as string[];
  return found.length > 1 ? `${found.slice(0, -1).join(', ')} and ${found[found.length - 1]}` : found[0];
}

/** Numbers in the sentence, nearest to the asked-about noun; years are not counts. */
/**
 * The number that answers a how-many / how-much / how-long question: of the kind the question asks for (money
 * for "cost", a length for "how long is the line", a duration for "how long had…", otherwise a count), preferring
 * the one whose unit is the asked-about noun ("11,000 jobs"), else the one nearest the matched words.
 */
export function extractNumber(sentence: string, p: ParsedQuestion, quantities: Quantity[]): string | undefined {
  if (p.age) {
    const m = /(?:,\s*(\d{2,3}),)|\baged\s+(\d{2,3})\b|\b(\d{2,3})-year-old\b/.exec(sentence);
    return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  }
  const want = p.quantity ?? 'count';
  const candidates = quantities.filter((q) => {
    if (/^(1[89]|20)\d\d$/.test(q.text)) return false;
    // A lead, share or majority is as often a percentage as a count.
    if (q.kind !== want && !(want === 'count' && q.kind === 'percent')) return false;
    // "one" is more often a pronoun ("one shadow minister") than a count.
    return q.kind !== 'count' || !/^one$/i.test(q.text);
  });
  if (!candidates.length) return undefined;
  const unitHit = candidates.find((q) =>
    q.unit.split(/\s+/).some((u) => u && p.terms.some((t) => t === stem(u) || areSynonyms(t, stem(u)))),
  );
  if (unitHit) return unitHit.text;
  if (candidates.length === 1) return candidates[0]?.text;
  // A change "from 11,204 to 1,987": the new value, unless the question asks about before.
  const fromTo = /from\s+(\S+(?:\s+per cent)?)\s+(?:\S+\s+){0,3}?to\s+(?:just\s+|only\s+)?(\S+)/i.exec(sentence);
  if (fromTo) {
    const before = p.words.some((x) =>
      ['before', 'previous', 'previously', 'old', 'earlier', 'last', 'from', 'had'].includes(x),
    );
    const pick = (before ? fromTo[1] : fromTo[2])?.replace(/[,.;]$/, '');
    const hit = pick
      ? candidates.find((c) => c.text.startsWith(pick) || pick.startsWith(c.text.split(' ')[0] ?? ''))
      : undefined;
    if (hit) return hit.text;
  }
  const lower = sentence.toLowerCase();
  const tokens = tokensOf(sentence);
  const hitOffsets = matchedPositions(tokens, p).map((h) => lower.indexOf(tokens[h] as string));
  if (!hitOffsets.length) return candidates[0]?.text;
  let best = candidates[0];
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const at = lower.indexOf(c.text.toLowerCase());
    const d = Math.min(...hitOffsets.map((o) => Math.abs(o - at)));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best?.text;
}

const MONTH = /(January|February|March|April|May|June|July|August|September|October|November|December)/i;

/** A date in the sentence; relative years resolved against the article's date ("next year" -> 2015). */
export function extractDate(
  sentence: string,
  p: ParsedQuestion,
  dates: string[],
  article: ArticleInfo,
): string | undefined {
  const year = Number(article.published.slice(0, 4));
  const notAsked = dates.filter((d) => !p.years.includes(d));
  const resolved = (notAsked.length ? notAsked : dates).map((d) => {
    const rel = /^(next|last|this) year$/i.exec(d);
    if (rel && year) {
      const y = rel[1]?.toLowerCase() === 'next' ? year + 1 : rel[1]?.toLowerCase() === 'last' ? year - 1 : year;
      return `${d} (${y})`;
    }
    return d;
  });
  const lower = sentence.toLowerCase();
  const tokens = tokensOf(sentence);
  const hitOffsets = matchedPositions(tokens, p).map((h) => lower.indexOf(tokens[h] as string));
  const near = (d: string) => {
    const at = lower.indexOf(d.toLowerCase().replace(/ \(\d{4}\)$/, ''));
    return hitOffsets.length && at >= 0 ? Math.min(...hitOffsets.map((o) => Math.abs(o - at))) : 0;
  };
  // A date inside a relative clause describes someone ("Julian Smith, who was appointed earlier this month,"),
  // not the event asked about: use it only when there is no other.
  const clauses = [...sentence.matchAll(/,\s*(?:who|which|whose)\b[^,]*,/gi)].map((m) => [
    m.index ?? 0,
    (m.index ?? 0) + m[0].length,
  ]);
  const inClause = (d: string) => {
    const at = lower.indexOf(d.toLowerCase().replace(/ \(\d{4}\)$/, ''));
    return at >= 0 && clauses.some(([a, b]) => at >= (a as number) && at < (b as number));
  };
  const outside = resolved.filter((d) => !inClause(d));
  const ranked = [...(outside.length ? outside : resolved)].sort((a, b) => score(b) - score(a) || near(a) - near(b));
  return ranked[0];
  function score(d: string) {
    return (MONTH.test(d) ? 2 : 0) + (/\d{4}/.test(d) ? 1 : 0);
  }
}

/** A reason clause: "for enabling …", "because …". */
export function extractReason(sentence: string): string | undefined {
  const m = /\b(because|since|as a result of|due to|for|after)\s+([^,;.]{8,160})/i.exec(sentence);
  if (!m) return undefined;
  return `${m[1]} ${m[2]}`.trim();
}

/** A place in the sentence, nearest after the asked-about verb. */
/** "the MP for Kingston and Surbiton", "member for North Marlbury": a constituency, named in full. */
const CONSTITUENCY =
  /\b(?:MP|MPs|member|candidate)\s+for\s+((?:[A-Z][\w’'-]+)(?:\s+(?:(?:and|upon|on|under|in|the|of)\s+)?[A-Z][\w’'-]+)*)/;

/** Question words that ask for a seat. */
const SEAT_WORDS = new Set(['seat', 'constituency', 'represent', 'represents', 'mp']);

/** Does the question ask which seat someone holds ("What seat does X represent?", "X is MP for where?")? */
export function asksSeat(p: ParsedQuestion): boolean {
  return p.expect === 'place' && p.words.some((x) => SEAT_WORDS.has(x));
}

/** "Sir Ed, 51, the MP for Kingston and Surbiton": the seat right after one of these names, if any. */
export function seatAfterName(sentence: string, names: string[]): string | undefined {
  for (const name of names) {
    const at = sentence.indexOf(name);
    if (at < 0) continue;
    const m = /^(?:[’']s)?(?:,\s*\d{1,3})?,\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?(?:MP|member)\s+for\s+/.exec(
      sentence.slice(at + name.length),
    );
    if (m) return CONSTITUENCY.exec(sentence.slice(at))?.[1];
  }
  return undefined;
}

export function extractPlace(sentence: string, p: ParsedQuestion, k: Knowledge): string | undefined {
  const seat = CONSTITUENCY.exec(sentence)?.[1];
  if (seat && p.words.some((x) => SEAT_WORDS.has(x) || x === 'where')) {
    return seat;
  }
  // Places found by the NLP pass are entities of the KB (auto entities), so the alias matcher sees them, and a
  // place inside a longer name ("UK" in "UK Independence Party") is not taken for a place.
  return extractEntity(sentence, { ...p, subjectQuestion: false }, k, ['place']);
}

/**
 * The phrase that completes the question: the words after the last matched term up to a clause break
 * ("show" -> "a narrow lead for Labour over the Conservatives"), or, when the match ends the clause, the subject
 * before the copula ("A hung parliament, with Labour the largest party").
 */
/** Tokens of KB sentences, memoised: the same evidence sentences come back question after question. */
const tokenMemo = new Map<string, string[]>();
function tokensOf(text: string): string[] {
  let t = tokenMemo.get(text);
  if (!t) {
    if (tokenMemo.size >= 20_000) tokenMemo.clear();
    t = words(text);
    tokenMemo.set(text, t);
  }
  return t;
}

/**
 * A word starting with `word` ("labour" finds "labour's" and "labourites"), as a global pattern built once per word
 * and kept before the memo is cleared: the same answer words come back question after question.
 */
const WORD_PATTERN_MEMO = 20_000;
const wordPatterns = new BoundedMemo<string, RegExp>(WORD_PATTERN_MEMO);
function wordStartingWith(word: string): RegExp {
  let re = wordPatterns.get(word);
  if (!re) {
    re = new RegExp(`\\b${escapeRegExp(word)}\\w*\\b`, 'g');
    wordPatterns.set(word, re);
  }
  return re;
}

export function extractPhrase(sentence: string, p: ParsedQuestion): string | undefined {
  const text = sentence.replace(/^[“"‘']|[”"’']$/g, '');
  const tokens = tokensOf(text);
  const hits = matchedPositions(tokens, p);
  if (!hits.length) return undefined;
  const lastWord = tokens[Math.max(...hits)] as string;
  const lower = text.toLowerCase();
  const re = wordStartingWith(lastWord);
  let at = -1;
  // Where the last word starting with it ends (what iterating matchAll over a fresh copy gives).
  re.lastIndex = 0;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    at = m.index + m[0].length;
    if (!m[0].length) re.lastIndex++;
  }
  if (at < 0) return undefined;
  const after =
    text
      .slice(at)
      .split(CLAUSE_BREAK)[0]
      ?.replace(/[.!?]+$/, '')
      .trim() ?? '';
  const afterWords = after.split(/\s+/).filter(Boolean);
  if (afterWords.length >= 2 && !/^(is|are|was|were|the most|most)\b/i.test(after)) {
    // "majority of 4,312" -> "4,312": a linking preposition is not part of the answer.
    const trimmed = /^(?:of|is|was)\s/i.test(after) && afterWords.length >= 2 ? afterWords.slice(1) : afterWords;
    return trimmed.slice(0, 16).join(' ');
  }
  // The match closes the clause: answer with what precedes "is/are/was/were".
  const firstWord = tokens[Math.min(...hits)] as string;
  const start = lower.indexOf(firstWord);
  const before = text.slice(0, start);
  const cop = /^(.*?)\s+(?:is|are|was|were|will be|would be|may be|might be|could be|remains?)\s+(?:the\s+)?$/i.exec(
    before,
  );
  if (cop?.[1]) return cop[1].trim().split(/\s+/).slice(-16).join(' ');
  return afterWords.length ? afterWords.slice(0, 16).join(' ') : undefined;
}

/**
 * Does a short answer state a count: digits, a number word ("thirteen", "dozens", "a single"), or a word that
 * answers "how many" without one ("none", "all", "several")? "How many years …?" is never answered by "years".
 */
export function statesCount(answer: string): boolean {
  return /\d/.test(answer) || COUNT_WORDS.test(answer);
}
/**
 * Words that open a description of someone not named ("One shadow Cabinet minister", "a senior party figure",
 * "several Tory MPs"): a name does not start with them.
 */
const UNNAMED_OPENER = /^(?:one|a|an|some|several|another|two|three|four|five|many|various)\s/i;

/**
 * Does the answer describe someone without naming them ("One shadow Cabinet minister")? Its first word opens a
 * description and every other word is ordinary English (WordNet or the news vocabulary): no name among them.
 */
export function describesWithoutNaming(answer: string): boolean {
  if (!UNNAMED_OPENER.test(answer)) return false;
  return answer
    .split(/\s+/)
    .slice(1)
    .every((w) => {
      const word = w.replace(/[^\p{L}]/gu, '');
      return !word || isOrdinaryWord(word);
    });
}

/** Words of a how-many question that count money ("how many pounds …"), which an amount then answers. */
const MONEY_UNITS = new Set(['pounds', 'pound', 'dollars', 'dollar', 'euros', 'euro', 'pence']);

/** "£6,900", "$3m", "€1.2bn", "40 pounds": an amount of money. */
export function isAmountOfMoney(text: string): boolean {
  return /^[£$€]\s?\d|\d\s?(?:pounds|dollars|euros)\b/i.test(text);
}

/**
 * Can this answer be the count a how-many question asks for? It must state a count (statesCount), and an amount
 * of money counts only money ("how many universities …?" is not "£6,900"; "how many pounds …?" may be).
 */
export function countsWhatIsAsked(questionWords: readonly string[], answer: string): boolean {
  if (!statesCount(answer)) return false;
  return !isAmountOfMoney(answer) || questionWords.some((w) => MONEY_UNITS.has(w));
}

/** Could this answer be a name? Not a description of someone unnamed, an amount, a number or a share. */
export function isName(answer: string): boolean {
  return (
    !describesWithoutNaming(answer) && !isAmountOfMoney(answer) && !/^\d[\d,.]*(?:\s*(?:per cent|%))?$/.test(answer)
  );
}

const COUNT_WORDS =
  /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|score|half|quarter|third|single|once|twice|several|few|many|none|no|all|both|every|each|majority|minority|handful|couple)\b/i;

/** Yes/no polarity of evidence: does it negate what the question asks? */
export function negates(sentence: string): boolean {
  return /\b(not|no|never|nothing|neither|nor|denied|denies|deny|played down|ruled out|rules out|rejected|refused|dismissed|unlikely|impossible)\b|n[’']t\b/i.test(
    sentence,
  );
}

/** Characters between a short answer and the nearest question word in the sentence (0 when unknown). */
export function answerDistance(sentence: string, answer: string, p: ParsedQuestion): number {
  const lower = sentence.toLowerCase();
  const at = lower.indexOf(answer.toLowerCase().replace(/ \(\d{4}\)$/, ''));
  if (at < 0) return 0;
  const tokens = tokensOf(sentence);
  const hits = matchedPositions(tokens, p).map((h) => lower.indexOf(tokens[h] as string));
  if (!hits.length) return 0;
  return Math.min(...hits.map((o) => (o < at ? at - o : Math.max(0, o - (at + answer.length)))));
}
