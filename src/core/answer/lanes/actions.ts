/**
 * The actions lane: "What would Thorne do about the freight levy?", "What does Labour hope to do after one term?",
 * "What would Ed Miliband let Clegg do?" ask for what someone does, would do or is let do — a verb phrase, which
 * the span reader never offers (its candidates are names, noun phrases, numbers and reason clauses). The answer is
 * read off the best-matching sentence that names the doer: the verb phrase after a modal or "to" that follows them
 * ("… led by him would scrap the proposed £2bn freight levy"), or the verb straight after them ("would let Nick
 * Clegg keep his job"), up to the end of its clause. A condition that follows ("if it won control") stays with it
 * when the short answer has room: a promise made on a condition is not made outright.
 */
import { decodeChunks } from '../../nlp/chunks.js';
import { isStopword, stem, words } from '../../nlp/terms.js';
import type { Reply } from '../../reply.js';
import { MAX_ANSWER } from '../../reply.js';
import { ANSWER_THRESHOLD } from '../candidate.js';
import { answeredReply } from '../compose.js';
import type { Knowledge } from '../knowledge.js';
import type { TermWeights } from '../match.js';
import type { ParsedQuestion } from '../parse.js';
import type { ScoredSentence } from '../rescore.js';

/** Words after "do" that end the question or open its topic or time: "do about the levy", "do after one term". */
const AFTER_DO = new Set([
  'about',
  'with',
  'after',
  'before',
  'in',
  'on',
  'if',
  'to',
  'for',
  'under',
  'next',
  'now',
  'first',
  'instead',
  'differently',
  'according',
  'there',
  'then',
]);
/** Words that introduce the doer's verb phrase ("would scrap", "to bounce back", "can win"). */
const INTRODUCERS = new Set(['would', 'will', 'could', 'can', 'should', 'must', 'may', 'might', 'to', "'d", 'shall']);
/** "let Clegg do", "make Labour do": the doer's verb then stands straight after them, with no "to". */
const CAUSATIVES = new Set(['let', 'make', 'help', 'have']);
/** Verbs that report or qualify rather than say what is done. */
const NOT_THE_ACTION = new Set(
  [
    'say',
    'said',
    'says',
    'claim',
    'insist',
    'tell',
    'told',
    'add',
    'be',
    'is',
    'was',
    'were',
    'are',
    'been',
    'have',
    'has',
    'had',
    'do',
    'does',
    'did',
    'led',
    'let',
    'allow',
    'help',
    'make',
    'want',
    'hope',
    'plan',
    'need',
    'try',
    'seek',
    'expect',
    'going',
    'able',
  ].map(stem),
);
/** How far (characters) after the doer the verb phrase may start. */
const DOER_REACH = 80;
/** The most words of a verb phrase given as the short answer. */
const ACTION_WORDS_MAX = 14;
/** Where a verb phrase's clause ends. */
const CLAUSE_END = /[,;:.!?“”"()]|\s[—–-]\s|\s(?:but|and that|while|although|which|who|if|unless)\s/;
/** A condition kept with the action when it fits: "if it won control of the council". */
const CONDITION = /^\s*,?\s*(?:if|unless|provided|as long as)\s[^,;.]+/;
/** Reply confidence: the sentence's retrieval score, at most this (no learned probability reads a verb phrase). */
const ACTION_CONFIDENCE_MAX = 0.75;

/** The index of the "do" a question asks about as its main verb ("what would X do about Y"), if any. */
export function actionAsked(p: ParsedQuestion): number | undefined {
  if (p.words[0] !== 'what' && !(p.words[0] === 'whats' || p.words[1] === 's')) return undefined;
  for (let i = 2; i < p.words.length; i++) {
    if (p.words[i] !== 'do') continue;
    const next = p.words[i + 1];
    if (next === undefined || AFTER_DO.has(next)) return i;
  }
  return undefined;
}

export class ActionLane {
  constructor(private readonly k: Knowledge) {}

  answer(p: ParsedQuestion, q: string, weights: TermWeights, scored: readonly ScoredSentence[]): Reply | undefined {
    const at = actionAsked(p);
    if (at === undefined) return undefined;
    // The doer: the last entity named before "do" ("let Clegg do" — Clegg, not Miliband).
    const doer = [...p.mentions].filter((m) => m.end <= at && m.type !== 'role').pop();
    if (!doer) return undefined;
    const causative = CAUSATIVES.has(p.words[doer.start - 1] ?? '');
    // The topic after "do" must be in the sentence: "do about the freight levy".
    const topic = p.words
      .slice(at + 1)
      .filter((w) => !isStopword(w) && !AFTER_DO.has(w))
      .map(stem);
    const synonyms = new Map(weights.terms.map((t) => [t.stem, new Set([t.stem, ...t.synonyms])]));
    for (const c of scored) {
      if (c.score < ANSWER_THRESHOLD) break;
      const text = c.sentence.text;
      const stems = new Set(words(text).map(stem));
      if (!topic.every((t) => [...(synonyms.get(t) ?? [t])].some((s) => stems.has(s)))) continue;
      // The doer named in the sentence, or its source ("Labour's housing spokesman, Imran Qureshi, said it would
      // restore the national target …": what the speaker says their side would do).
      const named = this.k.textInfo(text).mentions.find((m) => m.id === doer.id);
      const where = named ? new RegExp(named.text.split(/\s+/).join('\\W+'), 'i').exec(text) : null;
      const speaks =
        !where &&
        c.sentence.source !== undefined &&
        this.k.textInfo(c.sentence.source.description).mentions.some((m) => m.id === doer.id);
      if (!where && !speaks) continue;
      const action = actionAfter(text, c.sentence.chunks, where ? where.index + where[0].length : 0, speaks, causative);
      if (!action) continue;
      const evidence = { article: c.article, quote: text, attribution: c.sentence.source };
      const short = action.length <= MAX_ANSWER ? action : action.slice(0, MAX_ANSWER - 1).replace(/\s+\S*$/, '…');
      return answeredReply(q, short, short, [evidence], Math.min(ACTION_CONFIDENCE_MAX, c.score));
    }
    return undefined;
  }
}

/**
 * The verb phrase a sentence gives whoever it names just before `from`: after a modal or "to" within reach, or the
 * verb right after them; to the end of its clause, with a following condition when it fits.
 */
export function actionAfter(
  text: string,
  chunks: string | undefined,
  from: number,
  spoken = false,
  causative = false,
): string | undefined {
  // Said by the doer's side: anywhere in the sentence, after a modal or "to" only.
  const reach = spoken ? text.length : DOER_REACH;
  const verbs = decodeChunks(chunks).filter((c) => c.kind === 'verb' && c.start >= from && c.start - from <= reach);
  for (const v of verbs) {
    const verb = text.slice(v.start, v.end);
    if (NOT_THE_ACTION.has(stem(verb.toLowerCase()))) continue;
    // The words between the doer and the verb, quote marks aside ("to “bounce back”").
    const before = text.slice(from, v.start).toLowerCase().replace(/[“”"]/g, ' ').split(/\s+/).filter(Boolean);
    const introduced = INTRODUCERS.has(before[before.length - 1] ?? '');
    // "let Nick Clegg keep his job": a verb straight after the doer, when the question lets or makes them do it.
    const adjacent = causative && !spoken && before.length === 0;
    if (!introduced && !adjacent) continue;
    // A quoted verb phrase keeps its opening mark.
    const opening = /[“"]\s*$/.exec(text.slice(0, v.start));
    const start = opening ? opening.index : v.start;
    const rest = text.slice(start);
    const end = CLAUSE_END.exec(rest.slice(1));
    let phrase = rest.slice(0, end ? end.index + 1 : rest.length).trim();
    const tokens = phrase.split(/\s+/);
    if (tokens.length > ACTION_WORDS_MAX) phrase = tokens.slice(0, ACTION_WORDS_MAX).join(' ');
    // A quoted verb ("to “bounce back”"): the closing mark belongs to it.
    if (/^[“"]/.test(phrase) && !/[”"]/.test(phrase.slice(1))) {
      const close = rest.slice(phrase.length).match(/^[^”"]{0,20}[”"]/);
      if (close) phrase += close[0];
    }
    const condition = CONDITION.exec(text.slice(start + phrase.length))?.[0];
    const withCondition = condition ? `${phrase}, ${condition.replace(/^\s*,?\s*/, '')}` : phrase;
    return withCondition.length <= MAX_ANSWER ? withCondition : phrase;
  }
  return undefined;
}
