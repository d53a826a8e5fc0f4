/**
 * The reader: from the retrieved passages (sentences) to a short answer span. Candidate spans come from the
 * analysis (noun-phrase chunks, proper-noun runs, typed entities, reason clauses; see nlp/chunks.ts) plus the
 * typed extractor's pick; each is described by features in the spirit of the feature-based SQuAD models
 * (question words matched around the span and their weight, distance to them, the span's kind against the
 * question's wh-word and expected type, span repeating the question, position, length, retrieval rank) and scored
 * by a linear model whose weights are learned (model/weights.json, `npm run train`). A softmax over the
 * question's candidates gives each span's probability.
 */
import type { AnalysedSentence } from '../nlp/analyse.js';
import { type ChunkKind, decodeChunks } from '../nlp/chunks.js';
import { isStopword, stem } from '../nlp/terms.js';
import type { ArticleInfo } from './knowledge.js';
import type { TermWeights } from './match.js';
import { type Features, type LinearModel, score } from './model/linear.js';
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
  spans: Span[];
  best?: Span;
  /** Logit margin between the best span and the runner-up with different text. */
  margin: number;
}

/** Passages the reader looks at. */
export const READER_PASSAGES = 5;
/** Candidates longer than this (characters) are not short answers (the reply's limit is 120). */
const MAX_SPAN_CHARS = 120;

interface Tok {
  start: number;
  end: number;
  lower: string;
  stem: string;
  /** Weight (share of total) of the question term this token matches, 0 when none. */
  match: number;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu;

function tokenise(text: string, qStems: Map<string, number>): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const lower = m[0].toLowerCase();
    const s = stem(lower);
    out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, lower, stem: s, match: qStems.get(s) ?? 0 });
  }
  return out;
}

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
  const i = p.words.findIndex((w) => w === 'what' || w === 'which');
  if (i < 0) return undefined;
  let j = i + 1;
  // "what kind of music", "which type of force": the noun after "of".
  if (['kind', 'type', 'sort', 'form'].includes(p.words[j] ?? '') && p.words[j + 1] === 'of') j += 2;
  const w = p.words[j];
  if (!w || isStopword(w)) return undefined;
  return stem(w);
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

/** Candidate spans of every passage, with features (no scores yet). */
export function candidateSpans(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  mentionsOf: (text: string) => string[] = () => [],
): Omit<Span, 'logit' | 'prob'>[] {
  const qStems = questionStems(weights);
  const wh = whClass(p);
  const expect = p.expect;
  const focus = focusOf(p);
  const qWords = new Set(p.words);
  const top = passages[0]?.score || 1;
  const out: Omit<Span, 'logit' | 'prob'>[] = [];
  passages.forEach((ps, pi) => {
    const text = ps.sentence.text;
    const toks = tokenise(text, qStems);
    const matched = toks.flatMap((t, i) => (t.match > 0 ? [i] : []));
    const firstMatch = matched.length ? (matched[0] as number) : -1;
    const lastMatch = matched.length ? (matched[matched.length - 1] as number) : -1;
    const chunks = decodeChunks(ps.sentence.chunks);
    const verbs = chunks.filter((c) => c.kind === 'verb');
    const matchedVerb = verbs.find((v) => toks.some((t) => t.start >= v.start && t.end <= v.end && t.match > 0));
    const spans: { start: number; end: number; kind: ChunkKind | 'typed' }[] = chunks.filter((c) => c.kind !== 'verb');
    // Quantities found by the analysis, with their currency sign and scale ("£4.2 billion", "68-mile").
    for (const qn of ps.sentence.quantities ?? []) {
      const at = text.indexOf(qn.text);
      const kind =
        qn.kind === 'money'
          ? 'money'
          : qn.kind === 'percent'
            ? 'percent'
            : qn.kind === 'duration'
              ? 'duration'
              : 'number';
      if (at >= 0) spans.push({ start: at, end: at + qn.text.length, kind });
    }
    // Names the entity recogniser found (a town the tagger took for a verb is still a place), and two of them
    // joined by "and" ("between Bradford and Hull").
    const named = [...ps.sentence.people, ...ps.sentence.places, ...ps.sentence.orgs]
      .map((n) => ({ at: text.indexOf(n), n }))
      .filter((x) => x.at >= 0)
      .sort((x, y) => x.at - y.at);
    named.forEach(({ at, n }, i) => {
      spans.push({ start: at, end: at + n.length, kind: 'proper' });
      const next = named[i + 1];
      if (next && /^\s+(?:and|or)\s+$/.test(text.slice(at + n.length, next.at)))
        spans.push({ start: at, end: next.at + next.n.length, kind: 'proper' });
    });
    if (ps.typed) {
      const at = text.indexOf(ps.typed);
      if (at >= 0) spans.push({ start: at, end: at + ps.typed.length, kind: 'typed' });
    }
    const seen = new Set<string>();
    for (const c of spans) {
      const spanText = text.slice(c.start, c.end).trim();
      if (!spanText || spanText.length > MAX_SPAN_CHARS) continue;
      const key = `${c.start}:${c.end}`;
      const typedToo = ps.typed !== undefined && spanText === ps.typed;
      if (seen.has(key) && c.kind !== 'typed') continue;
      seen.add(key);
      const a = toks.findIndex((t) => t.end > c.start);
      let b = a;
      while (b + 1 < toks.length && (toks[b + 1]?.start ?? Number.POSITIVE_INFINITY) < c.end) b++;
      if (a < 0) continue;
      const inside = toks.slice(a, b + 1);
      const content = inside.filter((t) => !isStopword(t.lower));
      if (!content.length) continue;
      const f: Features = new Map();
      const inQ = content.filter((t) => t.match > 0 || qWords.has(t.lower)).length / content.length;
      f.set('span.qoverlap', inQ);
      if (inQ === 1) f.set('span.allq', 1);
      else if (content.some((t) => qWords.has(t.lower))) f.set('span.qword', 1);
      // A span naming what the question names ("Mr Miliband" for "… to get Miliband in?") restates it.
      if (p.entities.length && mentionsOf(spanText).some((id) => p.entities.includes(id))) f.set('span.qent', 1);
      let left = 0;
      let right = 0;
      let leftFar = 0;
      let rightFar = 0;
      for (let i = Math.max(0, a - 8); i < a; i++) {
        const m = toks[i]?.match ?? 0;
        if (a - i <= 3) left += m;
        else leftFar += m;
      }
      for (let i = b + 1; i <= Math.min(toks.length - 1, b + 8); i++) {
        const m = toks[i]?.match ?? 0;
        if (i - b <= 3) right += m;
        else rightFar += m;
      }
      // The question word right next to the span ("their leader Rollo", "in 1066"), or one function word away
      // ("the capital of X"), is the strongest single cue of the classic feature-based readers.
      const adjacent = (i: number, step: number) => {
        const t = toks[i];
        if (!t) return 0;
        if (t.match > 0) return t.match;
        const u = toks[i + step];
        return isStopword(t.lower) && u && u.match > 0 ? u.match * 0.5 : 0;
      };
      f.set('ctx.left1', adjacent(a - 1, -1));
      f.set('ctx.right1', adjacent(b + 1, 1));
      let density = 0;
      for (let i = Math.max(0, a - 6); i <= Math.min(toks.length - 1, b + 6); i++)
        if (i < a || i > b) density += toks[i]?.match ?? 0;
      f.set('ctx.density', density);
      f.set('ctx.left3', left);
      f.set('ctx.right3', right);
      f.set('ctx.left8', leftFar);
      f.set('ctx.right8', rightFar);
      let dist = Number.POSITIVE_INFINITY;
      for (const i of matched) if (i < a || i > b) dist = Math.min(dist, i < a ? a - i : i - b);
      if (Number.isFinite(dist)) f.set('ctx.dist', Math.min(dist, 20) / 20);
      else f.set('ctx.nomatch', 1);
      if (firstMatch >= 0 && b < firstMatch) f.set('pos.before', 1);
      else if (lastMatch >= 0 && a > lastMatch) f.set('pos.after', 1);
      else if (firstMatch >= 0) f.set('pos.between', 1);
      if (matchedVerb) f.set(c.start >= matchedVerb.end ? 'verb.after' : 'verb.before', 1);
      f.set(`len.${lenBin(inside.length)}`, 1);
      const kind = c.kind;
      const money = (kind === 'number' || kind === 'noun') && CURRENCY_BEFORE.test(text.slice(0, c.start));
      const k2 = money ? 'money' : kind;
      f.set(`kind.${k2}`, 1);
      // Where the span sits matters differently by kind (a name right after "leader", a clause after "to").
      f.set(`k.${k2}.left1`, f.get('ctx.left1') ?? 0);
      f.set(`k.${k2}.right1`, f.get('ctx.right1') ?? 0);
      f.set(`k.${k2}.density`, density);
      f.set(`k.${k2}.len${lenBin(inside.length)}`, 1);
      f.set(`x.${wh}.${k2}`, 1);
      f.set(`e.${expect}.${k2}`, 1);
      if (typedToo || kind === 'typed') {
        f.set('span.typed', 1);
        f.set(`x.${wh}.typed`, 1);
      }
      const et = entityType(spanText, ps.sentence);
      if (et) {
        f.set(`ent.${et}`, 1);
        f.set(`x.${wh}.ent.${et}`, 1);
        f.set(`e.${expect}.ent.${et}`, 1);
      }
      if (/\b(1[0-9]|20)\d\d\b/.test(spanText)) f.set(`x.${wh}.year`, 1);
      if (/^(?:the|a|an)\b/i.test(spanText)) f.set('span.det', 1);
      if (focus) {
        if (content.some((t) => t.stem === focus)) f.set('span.focus', 1);
        if (toks[b + 1]?.stem === focus) f.set('span.focusNext', 1);
      }
      if (inside.some((t, i) => i + a > 0 && /^\p{Lu}/u.test(text.slice(t.start, t.end)))) f.set('span.capital', 1);
      const before = text.slice(0, c.start);
      const after = text.slice(c.end);
      if (/\(\s*$/.test(before)) f.set('span.paren', 1);
      if (/,\s*$/.test(before)) f.set('span.commaBefore', 1);
      if (/^\s*,/.test(after)) f.set('span.commaAfter', 1);
      f.set('ret.rel', ps.score / top);
      f.set('ret.cov', ps.cov);
      f.set('ret.agree', ps.agree);
      f.set(`ret.rank${Math.min(pi, 3)}`, 1);
      if (ps.sentence.part !== 'body') f.set(`part.${ps.sentence.part}`, 1);
      f.set('ret.covTop', pi === 0 ? ps.cov : 0);
      f.set('ctx.near', (left + right) * ps.cov);
      out.push({ text: spanText, passage: pi, start: c.start, end: c.end, kind, features: f });
    }
  });
  return out;
}

/** Score the candidates with the reader model; softmax over the question's spans. */
export function readSpans(
  p: ParsedQuestion,
  weights: TermWeights,
  passages: Passage[],
  model: LinearModel,
  mentionsOf?: (text: string) => string[],
): Reading {
  const raw = candidateSpans(p, weights, passages, mentionsOf);
  const logits = raw.map((c) => score(model, c.features));
  const max = Math.max(...logits, 0);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((x, y) => x + y, 0) || 1;
  const spans: Span[] = raw.map((c, i) => ({ ...c, logit: logits[i] ?? 0, prob: (exps[i] ?? 0) / sum }));
  spans.sort((x, y) => y.logit - x.logit);
  const best = spans[0];
  const second = spans.find((s) => best && s.text !== best.text);
  return { spans, ...(best ? { best } : {}), margin: best && second ? best.logit - second.logit : 10 };
}
