/**
 * The reader: from the retrieved passages (sentences) to a short answer span. Candidate spans come from the
 * analysis (noun-phrase chunks, proper-noun runs, typed entities, reason clauses; see nlp/chunks.ts) plus the
 * typed extractor's pick; each is described by features in the spirit of the feature-based SQuAD models
 * (question words matched around the span and their weight, distance to them, the span's kind against the
 * question's wh-word and expected type, span repeating the question, position, length, retrieval rank) and scored
 * by a linear model whose weights are learned (model/weights.json, `npm run train`). A softmax over the
 * question's candidates gives each span's probability.
 */

import { BoundedMemo } from '../memo.js';
import type { AnalysedSentence } from '../nlp/analyse.js';
import { type ChunkKind, decodeChunks } from '../nlp/chunks.js';
import { isStopword, stem } from '../nlp/terms.js';
import { HONORIFICS } from '../nlp/titles.js';
import type { ArticleInfo } from './knowledge.js';
import type { TermWeights } from './match.js';
import { Features, type LinearModel, score } from './model/linear.js';
import type { ParsedQuestion } from './parse.js';

export interface Passage {
  article: ArticleInfo;
  sentence: AnalysedSentence;
  /** Retrieval score (coverage × agreement × fit factors). */
  score: number;
  /** Weighted share of question terms in the sentence (with context credit). */
  cov: number;
  /** Share of the question's entities the sentence names. */
  agree: number;
  /** The typed extractor's answer from this sentence, if any. */
  typed?: string;
}

export interface Span {
  text: string;
  passage: number;
  start: number;
  end: number;
  kind: ChunkKind | 'typed';
  features: Features;
  logit: number;
  prob: number;
}

export interface Reading {
  /** Every candidate, best first, when features are kept (inspect, training); only the best when answering. */
  spans: Span[];
  best?: Span;
  /** Logit margin between the best span and the runner-up with different text. */
  margin: number;
}

/**
 * Passages the reader looks at. Session 10 retrained and evaluated 3, 5 and 8 (`npm run train` + `npm run eval`,
 * development rows only; over an eval cache where 5 retrains to 512 of 940 project questions and SQuAD
 * training-article F1 52.9 — docs/quality-history.md "Session 10"): 516 / 512 / 511, F1 51.8 / 52.9 / 52.7. Three passages trade
 * a point of SQuAD for four news answers (noise size); more passages give the reader distractors.
 */
export const READER_PASSAGES = 5;
/** Candidates longer than this (characters) are not short answers (the reply's limit is 120). */
const MAX_SPAN_CHARS = 120;

const TOKEN = /[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu;

/** The wh-class of a question, for crossing with span kinds. */
export function whClass(p: ParsedQuestion): string {
  if (p.type === 'howmany')
    return p.quantity === 'money' ? 'howmuch' : p.quantity === 'percent' ? 'percent' : 'howmany';
  if (p.type === 'describe' || p.type === 'whatsaid') return 'what';
  if (p.type === 'whosaid') return 'who';
  return p.type;
}

/** The noun a what/which question asks for ("what country", "which year"), stemmed. */
export function focusOf(p: ParsedQuestion): string | undefined {
  const w = focusWord(p);
  return w === undefined ? undefined : stem(w);
}

/** The noun a what/which question asks for, as written (lower case). */
export function focusWord(p: ParsedQuestion): string | undefined {
  const i = p.words.findIndex((w) => w === 'what' || w === 'which');
  if (i < 0) return undefined;
  let j = i + 1;
  // "what kind of music", "which type of force": the noun after "of".
  if (['kind', 'type', 'sort', 'form'].includes(p.words[j] ?? '') && p.words[j + 1] === 'of') j += 2;
  const w = p.words[j];
  if (!w || isStopword(w)) return undefined;
  return w;
}

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

/** A number as the question and the span both write it, without thousands separators ("20,000" -> "20000"). */
export function numberKey(word: string): string {
  return /^\d[\d,]*(?:\.\d+)?$/.test(word) ? word.replace(/,/g, '') : word;
}

/**
 * The numbers a question states, by value ("how many of the promised 20,000 places …", "a £10,800 cap"): its
 * words split them at the comma, so a span restating one ("20,000") did not count as repeating the question.
 */
export function questionNumbers(p: ParsedQuestion): string[] {
  return numbersIn(p.raw);
}

/** The numbers a text writes in digits, by value (numberKey). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((m) => numberKey(m[0].replace(/[,.]$/, '')));
}

/** Term weights as shares of the total, by stem (synonyms count as the term). */
export function questionStems(weights: TermWeights): Map<string, number> {
  const out = new Map<string, number>();
  const total = weights.total || 1;
  for (const t of weights.terms) {
    const w = t.weight / total;
    out.set(t.stem, Math.max(out.get(t.stem) ?? 0, w));
    for (const s of t.synonyms) out.set(s, Math.max(out.get(s) ?? 0, w * 0.75));
  }
  return out;
}

function lenBin(n: number): string {
  return n <= 1 ? '1' : n === 2 ? '2' : n === 3 ? '3' : n <= 5 ? '4-5' : n <= 9 ? '6-9' : '10+';
}

/** The entity type of a span, from the sentence's people / places / organisations. */
function entityType(text: string, s: AnalysedSentence): string | undefined {
  const has = (xs: string[]) => xs.some((x) => x === text || (x.length > 3 && text.includes(x)));
  if (has(s.people)) return 'person';
  if (has(s.places)) return 'place';
  if (has(s.orgs)) return 'org';
  return undefined;
}

const CURRENCY_BEFORE = /[£$€¥]\s?$/;
const COUNT = String.raw`(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)`;
/** "263 votes to 171", "seven to three", "38 votes to 31". */
const TALLY = new RegExp(String.raw`\b${COUNT}\s+(?:votes?\s+)?to\s+${COUNT}\b`, 'gi');
const TALLY_ALL = new RegExp(String.raw`^${COUNT}\s+(?:votes?\s+)?to\s+${COUNT}$`, 'i');

/**
 * Feature ids: every feature name the reader sets gets a number once (a registry shared by all models), so
 * scoring a candidate adds weights from an array instead of looking ~35 names up in a 400-key object — the
 * lookups were the largest single cost of the slowest questions. Names come back for training and the verifier.
 */
const featureIds = new Map<string, number>();
const featureNames: string[] = [];
function featureId(name: string): number {
  let id = featureIds.get(name);
  if (id === undefined) {
    id = featureNames.length;
    featureNames.push(name);
    featureIds.set(name, id);
  }
  return id;
}
/** The id of `${prefix}${rest}` ("ent.person", "part.headline"), built once per pair. */
const namedIds = new Map<string, Map<string, number>>();
function namedId(prefix: string, rest: string): number {
  let byRest = namedIds.get(prefix);
  if (!byRest) {
    byRest = new Map();
    namedIds.set(prefix, byRest);
  }
  let id = byRest.get(rest);
  if (id === undefined) {
    id = featureId(`${prefix}${rest}`);
    byRest.set(rest, id);
  }
  return id;
}

/** Where a candidate's features go: kept by name (training, the verifier) or only summed into a score (ask). */
export interface FeatureSink {
  set(id: number, value: number): unknown;
}

/** Keeps a candidate's features by name. */
class FeatureCollector implements FeatureSink {
  readonly features = new Features();
  set(id: number, value: number): this {
    this.features.set(featureNames[id] as string, value);
    return this;
  }
}

/**
 * A model's weights by feature id (0 for a feature it has no weight for), extended as ids are registered. Models
 * are never changed in place (training makes new ones), so an array stays right for its model.
 */
const weightsById = new WeakMap<LinearModel, number[]>();
function weightArray(model: LinearModel): number[] {
  let w = weightsById.get(model);
  if (!w) {
    w = [];
    weightsById.set(model, w);
  }
  for (let id = w.length; id < featureNames.length; id++) w.push(model.weights[featureNames[id] as string] ?? 0);
  return w;
}

/** Sums a linear model's score as features are set, keeping nothing (no garbage per candidate). */
class ScoreSink implements FeatureSink {
  /**
   * The running sum. Declared with a fractional value so V8 stores the field as an unboxed double updated in place:
   * a field that starts undefined (a bare class field) holds a boxed number, and every `+=` would allocate one.
   */
  z = 0.5;
  private w: number[];
  constructor(private readonly model: LinearModel) {
    this.z = model.bias;
    this.w = weightArray(model);
  }
  /** Ready for the next candidate: the sum back to the bias. */
  reset(): this {
    this.z = this.model.bias;
    return this;
  }
  set(id: number, value: number): this {
    // An id registered after this sink was made (a new kind's names): extend the weights first.
    if (id >= this.w.length) this.w = weightArray(this.model);
    const w = this.w[id] as number;
    if (w !== 0) this.z += w * value;
    return this;
  }
}

/** The reader's fixed feature names, and their ids. */
const FIXED = [
  'ctx.bigram',
  'ctx.density',
  'ctx.dist',
  'ctx.left1',
  'ctx.left3',
  'ctx.left8',
  'ctx.near',
  'ctx.nomatch',
  'ctx.right1',
  'ctx.right3',
  'ctx.right8',
  'pos.after',
  'pos.before',
  'pos.between',
  'ret.agree',
  'ret.cov',
  'ret.covTop',
  'ret.rel',
  'span.allq',
  'span.capital',
  'span.commaAfter',
  'span.commaBefore',
  'span.det',
  'span.focus',
  'span.focusNext',
  'span.paren',
  'span.prep',
  'span.prepNear',
  'span.qent',
  'span.qoverlap',
  'span.qword',
  'span.typed',
  'verb.after',
  'verb.before',
] as const;
const FID = Object.fromEntries(FIXED.map((n) => [n, featureId(n)])) as Record<(typeof FIXED)[number], number>;

/** Candidate spans of every passage, with their features by name (no scores yet). */
export function candidateSpans(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  mentionsOf: (text: string) => string[] = () => [],
): Omit<Span, 'logit' | 'prob'>[] {
  return spansWith(p, weights, passages, mentionsOf);
}

type SpanWith<S> = Omit<Span, 'features'> & { features: S };

/**
 * The question word right next to the span ("their leader Rollo", "in 1066"), or one function word away ("the
 * capital of X"): the strongest single cue of the classic feature-based readers.
 */
function adjacent(toks: PreparedToken[], match: Float64Array, i: number, step: number): number {
  const t = toks[i];
  if (!t) return 0;
  const m = match[i] ?? 0;
  if (m > 0) return m;
  const u = match[i + step] ?? 0;
  return t.stop && u > 0 ? u * 0.5 : 0;
}

/** Every candidate with its features set into a sink of its own; `only` skips the others. */
function spansWith(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  mentionsOf: (text: string) => string[],
  only?: { passage: number; start: number; end: number; kind: string },
): SpanWith<Features>[] {
  const out: SpanWith<Features>[] = [];
  eachSpan(
    p,
    weights,
    passages,
    mentionsOf,
    () => new FeatureCollector(),
    only,
    (c, passage, f) => {
      out.push({
        text: c.text,
        passage,
        start: c.start,
        end: c.end,
        kind: c.kind,
        features: f.features,
        logit: 0,
        prob: 0,
      });
    },
  );
  return out;
}

/**
 * Sets every candidate's features into `sinkFor()` and hands the candidate, its passage and the sink to `emit`
 * (in passage order, each passage's spans in order, its typed answer last): what spansWith collects, and what the
 * answering path scores without keeping anything per candidate.
 */
function eachSpan<S extends FeatureSink>(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  mentionsOf: (text: string) => string[],
  sinkFor: () => S,
  only: { passage: number; start: number; end: number; kind: string } | undefined,
  emit: (c: PreparedSpan, passage: number, features: S) => void,
): void {
  const qStems = questionStems(weights);
  const wh = whClass(p);
  const expect = p.expect;
  const focus = focusOf(p);
  const qWords = new Set(p.words);
  for (const n of questionNumbers(p)) qWords.add(n);
  const qBigrams = questionBigrams(p);
  const qPrep = questionPreposition(p);
  const top = passages[0]?.score || 1;
  const names = nameBundle(wh, expect);
  passages.forEach((ps, pi) => {
    if (only && only.passage !== pi) return;
    const prep = prepare(ps.sentence);
    const toks = prep.toks;
    const match = matchBuffer(toks.length);
    const matched: number[] = [];
    toks.forEach((t, i) => {
      const m = qStems.get(t.stem) ?? 0;
      match[i] = m;
      if (m > 0) matched.push(i);
    });
    // Where two question words follow each other in the sentence as they do in the question.
    const bigrams: number[] = [];
    let prev = -1;
    toks.forEach((t, i) => {
      if (t.stop) return;
      if (prev >= 0 && qBigrams.get(toks[prev]?.stem ?? '')?.has(t.stem)) bigrams.push(i);
      prev = i;
    });
    const firstMatch = matched.length ? (matched[0] as number) : -1;
    const lastMatch = matched.length ? (matched[matched.length - 1] as number) : -1;
    const matchedVerb = prep.verbs.find((v) =>
      toks.some((t, i) => t.start >= v.start && t.end <= v.end && (match[i] ?? 0) > 0),
    );
    const spans = prep.spans;
    let typedSpan: PreparedSpan | undefined;
    if (ps.typed) typedSpan = preparedTyped(ps.sentence, toks, ps.typed);
    const common = (f: S) => {
      f.set(FID['ret.rel'], ps.score / top);
      f.set(FID['ret.cov'], ps.cov);
      f.set(FID['ret.agree'], ps.agree);
      f.set(RANK[Math.min(pi, 3)] as number, 1);
      if (ps.sentence.part !== 'body') f.set(namedId('part.', ps.sentence.part), 1);
      f.set(FID['ret.covTop'], pi === 0 ? ps.cov : 0);
    };
    // The sentence's spans, then the typed extractor's answer (no array built per passage).
    const count = spans.length + (typedSpan ? 1 : 0);
    for (let si = 0; si < count; si++) {
      const c = (si < spans.length ? spans[si] : typedSpan) as PreparedSpan;
      if (only && (only.start !== c.start || only.end !== c.end || only.kind !== c.kind)) continue;
      const { a, b, content, text: spanText } = c;
      const typedToo = ps.typed !== undefined && spanText === ps.typed;
      const f = sinkFor();
      let inQ = 0;
      let anyQ = false;
      let titles = 0;
      for (const i of content) {
        const t = toks[i] as PreparedToken;
        // "Ms Trask" for "who replaced Trask …?" restates the question: a title is no word of its own.
        if (content.length > 1 && HONORIFIC_WORDS.has(t.lower)) {
          titles++;
          continue;
        }
        const asked = qWords.has(t.lower) || qWords.has(numberKey(t.lower));
        if ((match[i] ?? 0) > 0 || asked) inQ++;
        if (asked) anyQ = true;
      }
      inQ /= Math.max(1, content.length - titles);
      f.set(FID['span.qoverlap'], inQ);
      if (inQ === 1) f.set(FID['span.allq'], 1);
      else if (anyQ) f.set(FID['span.qword'], 1);
      // A span naming what the question names ("Mr Miliband" for "… to get Miliband in?") restates it.
      if (p.entities.length && namesAsked(p, mentionsIn(c, mentionsOf))) f.set(FID['span.qent'], 1);
      let left = 0;
      let right = 0;
      let leftFar = 0;
      let rightFar = 0;
      for (let i = Math.max(0, a - 8); i < a; i++) {
        const m = match[i] ?? 0;
        if (a - i <= 3) left += m;
        else leftFar += m;
      }
      for (let i = b + 1; i <= Math.min(toks.length - 1, b + 8); i++) {
        const m = match[i] ?? 0;
        if (i - b <= 3) right += m;
        else rightFar += m;
      }
      // The question word right next to the span ("their leader Rollo", "in 1066"), or one function word away
      // ("the capital of X"), is the strongest single cue of the classic feature-based readers.
      const left1 = adjacent(toks, match, a - 1, -1);
      const right1 = adjacent(toks, match, b + 1, 1);
      f.set(FID['ctx.left1'], left1);
      f.set(FID['ctx.right1'], right1);
      // Two question words in a row next to the span: a firmer anchor than single words.
      f.set(FID['ctx.bigram'], bigramNear(bigrams, a, b));
      let density = 0;
      for (let i = Math.max(0, a - 6); i <= Math.min(toks.length - 1, b + 6); i++)
        if (i < a || i > b) density += match[i] ?? 0;
      f.set(FID['ctx.density'], density);
      f.set(FID['ctx.left3'], left);
      f.set(FID['ctx.right3'], right);
      f.set(FID['ctx.left8'], leftFar);
      f.set(FID['ctx.right8'], rightFar);
      let dist = Number.POSITIVE_INFINITY;
      for (const i of matched) if (i < a || i > b) dist = Math.min(dist, i < a ? a - i : i - b);
      if (Number.isFinite(dist)) f.set(FID['ctx.dist'], Math.min(dist, 20) / 20);
      else f.set(FID['ctx.nomatch'], 1);
      if (firstMatch >= 0 && b < firstMatch) f.set(FID['pos.before'], 1);
      else if (lastMatch >= 0 && a > lastMatch) f.set(FID['pos.after'], 1);
      else if (firstMatch >= 0) f.set(FID['pos.between'], 1);
      if (matchedVerb) f.set(c.start >= matchedVerb.end ? FID['verb.after'] : FID['verb.before'], 1);
      f.set(c.lenId, 1);
      const k = names.kinds(c.featureKind);
      f.set(k.kind, 1);
      // Where the span sits matters differently by kind (a name right after "leader", a clause after "to").
      f.set(k.left1, left1);
      f.set(k.right1, right1);
      f.set(k.density, density);
      f.set(k.len[c.lenBin] as number, 1);
      f.set(k.x, 1);
      f.set(k.e, 1);
      if (typedToo || c.kind === 'typed') {
        f.set(FID['span.typed'], 1);
        f.set(names.xTyped, 1);
      }
      if (c.entity) {
        f.set(namedId('ent.', c.entity), 1);
        f.set(names.xEnt(c.entity), 1);
        f.set(names.eEnt(c.entity), 1);
      }
      if (c.year) f.set(names.xYear, 1);
      if (c.det) f.set(FID['span.det'], 1);
      if (focus) {
        for (const i of content) {
          if (toks[i]?.stem !== focus) continue;
          f.set(FID['span.focus'], 1);
          break;
        }
        if (toks[b + 1]?.stem === focus) f.set(FID['span.focusNext'], 1);
      }
      if (qPrep) {
        let j = a - 1;
        if (OBJECT_DETERMINERS.has(toks[j]?.lower ?? '')) j--;
        if (j >= 0 && toks[j]?.lower === qPrep) {
          f.set(FID['span.prep'], 1);
          for (let i = Math.max(0, j - PREP_ANCHOR_REACH); i < j; i++) {
            if ((match[i] ?? 0) <= 0) continue;
            f.set(FID['span.prepNear'], 1);
            break;
          }
        }
      }
      if (c.capital) f.set(FID['span.capital'], 1);
      if (c.paren) f.set(FID['span.paren'], 1);
      if (c.commaBefore) f.set(FID['span.commaBefore'], 1);
      if (c.commaAfter) f.set(FID['span.commaAfter'], 1);
      common(f);
      f.set(FID['ctx.near'], (left + right) * ps.cov);
      emit(c, pi, f);
    }
  });
}

/**
 * The question-word weight at each token of the passage being read (eachSpan), in one buffer kept between passages
 * and questions (reading is synchronous) and grown by doubling: a Float64Array per passage had its backing store
 * outside the heap, and sweeping those stores was a fifth of every young-generation collection's pause. Every
 * token's slot is written before it is read; the slot after the last reads 0 (adjacent() looks one past the end),
 * as a fresh array's out-of-range index reads as missing.
 */
let matchScratch = new Float64Array(64);
function matchBuffer(tokens: number): Float64Array {
  if (matchScratch.length <= tokens) matchScratch = new Float64Array(2 * (tokens + 1));
  matchScratch[tokens] = 0;
  return matchScratch;
}

/**
 * The entity ids a span's text names, as `mentionsOf` finds them, remembered on the prepared span (a sentence's
 * spans, and its typed answers, are prepared once) for the last `mentionsOf` asked: the same span is read by many
 * questions.
 */
const spanMentions = new WeakMap<PreparedSpan, { of: (text: string) => string[]; ids: string[] }>();
function mentionsIn(c: PreparedSpan, mentionsOf: (text: string) => string[]): string[] {
  const known = spanMentions.get(c);
  if (known && known.of === mentionsOf) return known.ids;
  const ids = mentionsOf(c.text);
  spanMentions.set(c, { of: mentionsOf, ids });
  return ids;
}

/** Does the list name one of the question's entities? */
function namesAsked(p: ParsedQuestion, ids: string[]): boolean {
  for (const id of ids) if (p.entities.includes(id)) return true;
  return false;
}

/** Consecutive content words of the question, stemmed ("prime minist", "minist resign"): first → seconds. */
function questionBigrams(p: ParsedQuestion): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const content = p.words.filter((w) => !isStopword(w)).map(stem);
  for (let i = 1; i < content.length; i++) {
    const first = content[i - 1] as string;
    const seconds = out.get(first) ?? new Set<string>();
    seconds.add(content[i] as string);
    out.set(first, seconds);
  }
  return out;
}

/**
 * Prepositions a question can hang its wh-phrase on: pied-piped ("In what country is Normandy?") or stranded at
 * the end ("Who did Rollo sign the treaty with?", "What is Axelrod going to advise Labour on?"). The answer is
 * then usually the object of the same preposition in the sentence ("… in France", "… on next year's campaign").
 */
const WH_PREPOSITIONS = new Set([
  'about',
  'after',
  'against',
  'among',
  'as',
  'at',
  'before',
  'between',
  'by',
  'during',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'over',
  'since',
  'through',
  'to',
  'under',
  'with',
  'within',
]);
const WH_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'how']);
/** The preposition the question's wh-phrase hangs on, if any. */
export function questionPreposition(p: ParsedQuestion): string | undefined {
  const [first, second] = p.words;
  if (first && WH_PREPOSITIONS.has(first) && second && WH_WORDS.has(second)) return first;
  const last = p.words[p.words.length - 1];
  return last && WH_PREPOSITIONS.has(last) && p.words.length > 2 ? last : undefined;
}
/** Courtesy titles, lower case, as the reader's tokens have them. */
const HONORIFIC_WORDS = new Set(HONORIFICS.map((t) => t.toLowerCase()));

/** Determiners between a preposition and its object ("on the campaign"). */
const OBJECT_DETERMINERS = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their']);
/** How far before the preposition a question word counts as anchoring it ("advise the party on …"). */
const PREP_ANCHOR_REACH = 4;

/** Question bigrams ending within BIGRAM_REACH tokens of the span [a, b], outside it. */
const BIGRAM_REACH = 8;
function bigramNear(bigrams: number[], a: number, b: number): number {
  let n = 0;
  for (const i of bigrams) if ((i < a && a - i <= BIGRAM_REACH) || (i - 1 > b && i - 1 - b <= BIGRAM_REACH)) n++;
  return Math.min(n, 3) / 3;
}

const RANK = ['ret.rank0', 'ret.rank1', 'ret.rank2', 'ret.rank3'].map(featureId);
const LEN_BINS = ['1', '2', '3', '4-5', '6-9', '10+'];

interface PreparedToken {
  start: number;
  end: number;
  lower: string;
  stem: string;
  stop: boolean;
}

interface PreparedSpan {
  start: number;
  end: number;
  kind: ChunkKind | 'typed';
  /** The kind its features use ("money" for a number after a currency sign). */
  featureKind: string;
  text: string;
  /** Token range [a, b] and the content tokens' indexes. */
  a: number;
  b: number;
  content: number[];
  lenBin: string;
  /** The id of its length feature (`len.<bin>`). */
  lenId: number;
  entity?: string;
  year: boolean;
  det: boolean;
  capital: boolean;
  paren: boolean;
  commaBefore: boolean;
  commaAfter: boolean;
}

interface Prepared {
  toks: PreparedToken[];
  verbs: { start: number; end: number }[];
  spans: PreparedSpan[];
}

/**
 * What the reader needs of a sentence whatever the question: its tokens, verbs and candidate spans with their
 * question-independent properties. Computed once per sentence (the analysis objects live as long as the KB).
 */
const prepared = new WeakMap<AnalysedSentence, Prepared>();
function prepare(sentence: AnalysedSentence): Prepared {
  let out = prepared.get(sentence);
  if (out) return out;
  const text = sentence.text;
  const toks: PreparedToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const lower = m[0].toLowerCase();
    const start = m.index ?? 0;
    toks.push({ start, end: start + m[0].length, lower, stem: stem(lower), stop: isStopword(lower) });
  }
  const chunks = decodeChunks(sentence.chunks);
  const raw: { start: number; end: number; kind: ChunkKind }[] = chunks.filter((c) => c.kind !== 'verb');
  // Quantities found by the analysis, with their currency sign and scale ("£4.2 billion", "68-mile").
  for (const qn of sentence.quantities ?? []) {
    const at = text.indexOf(qn.text);
    const kind = qn.kind === 'money' || qn.kind === 'percent' || qn.kind === 'duration' ? qn.kind : 'number';
    if (at >= 0) raw.push({ start: at, end: at + qn.text.length, kind });
  }
  // Vote tallies ("by 263 votes to 171", "seven votes to three"): one answer, though the tagger sees two numbers.
  for (const m of text.matchAll(TALLY))
    raw.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'number' });
  // Names the entity recogniser found (a town the tagger took for a verb is still a place), and two of them
  // joined by "and" ("between Bradford and Hull").
  const named = [...sentence.people, ...sentence.places, ...sentence.orgs]
    .map((n) => ({ at: text.indexOf(n), n }))
    .filter((x) => x.at >= 0)
    .sort((x, y) => x.at - y.at);
  named.forEach(({ at, n }, i) => {
    raw.push({ start: at, end: at + n.length, kind: 'proper' });
    const next = named[i + 1];
    if (next && /^\s+(?:and|or)\s+$/.test(text.slice(at + n.length, next.at)))
      raw.push({ start: at, end: next.at + next.n.length, kind: 'proper' });
  });
  const seen = new Set<string>();
  const spans: PreparedSpan[] = [];
  for (const c of raw) {
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const span = prepareSpan(text, toks, c.start, c.end, c.kind, sentence);
    if (span) spans.push(span);
  }
  out = { toks, verbs: chunks.filter((c) => c.kind === 'verb'), spans };
  prepared.set(sentence, out);
  return out;
}

/**
 * The typed extractor's answer as a span of the sentence (undefined when the sentence does not hold it), prepared
 * once per sentence and answer: both are KB text, and the same answers come back question after question. At
 * most TYPED_SPANS_MEMO answers per sentence are kept, then its memo starts over.
 */
const TYPED_SPANS_MEMO = 64;
const typedSpans = new WeakMap<AnalysedSentence, BoundedMemo<string, PreparedSpan | null>>();
function preparedTyped(sentence: AnalysedSentence, toks: PreparedToken[], typed: string): PreparedSpan | undefined {
  let bySentence = typedSpans.get(sentence);
  if (!bySentence) {
    bySentence = new BoundedMemo(TYPED_SPANS_MEMO);
    typedSpans.set(sentence, bySentence);
  }
  let span = bySentence.get(typed);
  if (span === undefined) {
    const at = sentence.text.indexOf(typed);
    span = (at >= 0 ? prepareSpan(sentence.text, toks, at, at + typed.length, 'typed', sentence) : undefined) ?? null;
    bySentence.set(typed, span);
  }
  return span ?? undefined;
}

function prepareSpan(
  text: string,
  toks: PreparedToken[],
  start: number,
  end: number,
  kind: ChunkKind | 'typed',
  sentence: AnalysedSentence,
): PreparedSpan | undefined {
  const spanText = text.slice(start, end).trim();
  if (!spanText || spanText.length > MAX_SPAN_CHARS) return undefined;
  const a = toks.findIndex((t) => t.end > start);
  if (a < 0) return undefined;
  let b = a;
  while (b + 1 < toks.length && (toks[b + 1]?.start ?? Number.POSITIVE_INFINITY) < end) b++;
  const content: number[] = [];
  for (let i = a; i <= b; i++) if (!toks[i]?.stop) content.push(i);
  if (!content.length) return undefined;
  const money = (kind === 'number' || kind === 'noun') && CURRENCY_BEFORE.test(text.slice(0, start));
  const bin = lenBin(b - a + 1);
  const before = text.slice(0, start);
  const after = text.slice(end);
  let capital = false;
  for (let i = a; i <= b; i++) {
    const t = toks[i] as PreparedToken;
    if (i > 0 && /^\p{Lu}/u.test(text.slice(t.start, t.end))) capital = true;
  }
  const entity = entityType(spanText, sentence);
  return {
    start,
    end,
    kind,
    featureKind: money ? 'money' : kind === 'number' && TALLY_ALL.test(spanText) ? 'tally' : kind,
    text: spanText,
    a,
    b,
    content,
    lenBin: bin,
    lenId: namedId('len.', bin),
    ...(entity ? { entity } : {}),
    year: /\b(1[0-9]|20)\d\d\b/.test(spanText),
    det: /^(?:the|a|an)\b/i.test(spanText),
    capital,
    paren: /\(\s*$/.test(before),
    commaBefore: /,\s*$/.test(before),
    commaAfter: /^\s*,/.test(after),
  };
}

interface KindNames {
  kind: number;
  left1: number;
  right1: number;
  density: number;
  len: Record<string, number>;
  x: number;
  e: number;
}

/** Feature ids for one wh-class and expected type, built once (no string building per candidate). */
const bundles = new Map<string, ReturnType<typeof makeBundle>>();
function nameBundle(wh: string, expect: string) {
  const key = `${wh}|${expect}`;
  let b = bundles.get(key);
  if (!b) {
    b = makeBundle(wh, expect);
    bundles.set(key, b);
  }
  return b;
}
function makeBundle(wh: string, expect: string) {
  const kinds = new Map<string, KindNames>();
  const ents = new Map<string, [number, number]>();
  const ent = (et: string) => {
    let n = ents.get(et);
    if (!n) {
      n = [featureId(`x.${wh}.ent.${et}`), featureId(`e.${expect}.ent.${et}`)];
      ents.set(et, n);
    }
    return n;
  };
  return {
    xTyped: featureId(`x.${wh}.typed`),
    xYear: featureId(`x.${wh}.year`),
    xEnt: (et: string) => ent(et)[0],
    eEnt: (et: string) => ent(et)[1],
    kinds(k: string): KindNames {
      let n = kinds.get(k);
      if (!n) {
        n = {
          kind: featureId(`kind.${k}`),
          left1: featureId(`k.${k}.left1`),
          right1: featureId(`k.${k}.right1`),
          density: featureId(`k.${k}.density`),
          len: Object.fromEntries(LEN_BINS.map((bin) => [bin, featureId(`k.${k}.len${bin}`)])),
          x: featureId(`x.${wh}.${k}`),
          e: featureId(`e.${expect}.${k}`),
        };
        kinds.set(k, n);
      }
      return n;
    },
  };
}

/** Score the candidates with the reader model; softmax over the question's spans. */
export function readSpans(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  model: LinearModel,
  mentionsOf: (text: string) => string[] = () => [],
  keepFeatures = false,
): Reading {
  if (!keepFeatures) return readBest(p, weights, passages, model, mentionsOf);
  const spans = spansWith(p, weights, passages, mentionsOf);
  for (const c of spans) c.logit = score(model, c.features);
  let max = 0;
  for (const c of spans) if (c.logit > max) max = c.logit;
  let sum = 0;
  for (const c of spans) {
    c.prob = Math.exp(c.logit - max);
    sum += c.prob;
  }
  for (const c of spans) c.prob /= sum || 1;
  spans.sort((x, y) => y.logit - x.logit);
  const best = spans[0];
  const second = spans.find((s) => best && s.text !== best.text);
  return { spans, ...(best ? { best } : {}), margin: best && second ? best.logit - second.logit : 10 };
}

/**
 * readSpans when answering: the same best span, probability and margin, computed without an object per candidate
 * (a question reads ~150; their garbage was a tenth of an answer's allocation). One sink is reset per candidate;
 * the logits, texts and candidates go into flat arrays, and the softmax runs over them in the same order as
 * readSpans's (the same floating-point sums). Only the best span's features are then rebuilt (the verifier reads
 * them); `spans` holds the best alone.
 */
function readBest(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  model: LinearModel,
  mentionsOf: (text: string) => string[],
): Reading {
  const sink = new ScoreSink(model);
  const sc = scratch;
  let n = 0;
  eachSpan(
    p,
    weights,
    passages,
    mentionsOf,
    () => sink.reset(),
    undefined,
    (c, passage, f) => {
      if (n === sc.logits.length) grow(sc);
      sc.logits[n] = f.z;
      sc.passages[n] = passage;
      sc.spans[n] = c;
      n++;
    },
  );
  const { logits, spans } = sc;
  let max = 0;
  for (let i = 0; i < n; i++) if ((logits[i] as number) > max) max = logits[i] as number;
  let sum = 0;
  // The first of the highest logits: what a stable sort by logit puts first.
  let at = -1;
  for (let i = 0; i < n; i++) {
    const z = logits[i] as number;
    sum += Math.exp(z - max);
    if (at < 0 || z > (logits[at] as number)) at = i;
  }
  if (at < 0) return { spans: [], margin: 10 };
  const c = spans[at] as PreparedSpan;
  const logit = logits[at] as number;
  let other = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const z = logits[i] as number;
    if (z > other && (spans[i] as PreparedSpan).text !== c.text) other = z;
  }
  const passage = sc.passages[at] as number;
  const only = { passage, start: c.start, end: c.end, kind: c.kind };
  const best: Span = {
    text: c.text,
    passage,
    start: c.start,
    end: c.end,
    kind: c.kind,
    features: spansWith(p, weights, passages, mentionsOf, only)[0]?.features ?? new Features(),
    logit,
    prob: Math.exp(logit - max) / (sum || 1),
  };
  return { spans: [best], best, margin: Number.isFinite(other) ? logit - other : 10 };
}

/**
 * readBest's candidates (logit, passage, span), in arrays kept between questions — answering is synchronous, so
 * one set serves every question — and grown by doubling: no arrays are built per question.
 */
const scratch = { logits: new Float64Array(256), passages: new Int32Array(256), spans: [] as PreparedSpan[] };
function grow(sc: typeof scratch): void {
  const logits = new Float64Array(sc.logits.length * 2);
  logits.set(sc.logits);
  const passages = new Int32Array(sc.passages.length * 2);
  passages.set(sc.passages);
  sc.logits = logits;
  sc.passages = passages;
}
