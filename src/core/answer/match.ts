/**
 * How well a piece of evidence (a sentence, a claim, a quote) matches a question: weighted coverage of the
 * question's content terms (exact stems, then synonyms), agreement on the entities it names, and consistency of
 * years. Also the vocabulary gate: a question whose key term the KB never mentions is not answerable.
 */
import { distance } from 'fastest-levenshtein';
import { BoundedMemo } from '../memo.js';
import { inflections, isOrdinaryWord, lemma, related } from '../nlp/lexical.js';
import { contentStems, isGeneric, isStopword, stem, synonymStems } from '../nlp/terms.js';
import type { Knowledge } from './knowledge.js';
import type { ParsedQuestion } from './parse.js';

/** Nationality adjectives ("American strategist") qualify; they are not what a question is about. */
const DEMONYM = /^[a-z]+(?:ican|ian|ish|ese|ean)$/;

export interface TermWeights {
  terms: { stem: string; word: string; weight: number; known: boolean; synonyms: string[] }[];
  total: number;
}

/** Term weights (inverse document frequency); terms the KB never uses get the highest weight. */
export function weighTerms(p: ParsedQuestion, k: Knowledge): TermWeights {
  const n = Math.max(1, k.sentences.count);
  const terms = p.terms.map((s, i) => {
    const word = p.termWords[i] ?? s;
    // Irregular forms are the same word to the question ("lose" -> "lost"): the stemmer cannot join them.
    const forms = p.proper.includes(word) ? [] : inflectionStems(word);
    const variants = [...new Set([...synonymStems(s), ...(p.expansions?.[i] ?? []), ...forms])];
    const df = Math.max(...variants.map((v) => k.terms.df(v)));
    const known = variants.some((v) => k.terms.has(v)) || k.terms.has(word);
    const generic = isGeneric(word) || DEMONYM.test(word);
    const weight = (generic ? 0.35 : 1) * Math.log(1 + n / (1 + df));
    return { stem: s, word, weight: Math.max(0.1, weight), known, synonyms: variants.filter((v) => v !== s) };
  });
  return { terms, total: terms.reduce((a, t) => a + t.weight, 0) };
}

/**
 * The stems of a word's irregular forms, once per word (WordNet's exception lists never change): weighTerms reads
 * them for every term of every question. Kept up to INFLECTION_MEMO words, then started over.
 */
const INFLECTION_MEMO = 20_000;
const inflectionMemo = new BoundedMemo<string, readonly string[]>(INFLECTION_MEMO);
function inflectionStems(word: string): readonly string[] {
  let stems = inflectionMemo.get(word);
  if (!stems) {
    stems = inflections(word).map(stem);
    inflectionMemo.set(word, stems);
  }
  return stems;
}

/**
 * Correct a word the KB does not know to a KB word one or two edits away ("campain" -> "campaign"): the closest,
 * and among words as close the first in the vocabulary's order (the order a build first sees them in; the store
 * keeps that order, kb_vocab_order).
 */
export function correctTerm(word: string, k: Knowledge): string | undefined {
  if (word.length < 5 || /\d/.test(word)) return undefined;
  // A knowledge's vocabulary never changes (a KB change makes a new one): each word is looked up once.
  let memo = corrections.get(k);
  if (!memo) {
    memo = new Map();
    corrections.set(k, memo);
  }
  const known = memo.get(word);
  if (known !== undefined) return known ?? undefined;
  const found = closestTerm(word, k);
  if (memo.size >= CORRECTION_MEMO) memo.clear();
  memo.set(word, found ?? null);
  return found;
}

/** Words whose correction is remembered per knowledge before the memo starts over (a few thousand questions'). */
const CORRECTION_MEMO = 10_000;
const corrections = new WeakMap<Knowledge, Map<string, string | null>>();

function closestTerm(word: string, k: Knowledge): string | undefined {
  const max = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestD = max + 1;
  for (const v of k.terms.near(word[0] as string, word.length, max)) {
    if (/\d/.test(v)) continue;
    const d = distance(v, word);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best;
}

/**
 * Terms of the question the KB never mentions (after synonyms, WordNet lemmas and related words, and typo
 * correction), ignoring generic words. A word the KB lacks but knows by another form or a related word ("won" ->
 * win, "blame" -> blamed, "region" -> area) gets those as its expansions (`p.expansions`), so retrieval and
 * coverage match them. The lexicon loads only here, for a question with a word the KB does not use.
 */
export function unknownTerms(p: ParsedQuestion, k: Knowledge): string[] {
  const out: string[] = [];
  p.terms.forEach((s, i) => {
    const word = p.termWords[i] ?? s;
    if (isGeneric(word) || /^\d+$/.test(word) || DEMONYM.test(word)) return;
    if (synonymStems(s).some((v) => k.terms.has(v)) || k.terms.has(word)) return;
    // "186m" where the article writes "£186 million" (or the reverse): the same amount. The bare number and the
    // other spellings of its scale stand for it (any scale, for "£186" before a "million"); an amount the KB has in
    // none of them is a word it lacks (never "corrected" into another amount).
    const amount = AMOUNT.exec(word);
    if (amount) {
      const [, n, unit] = amount as unknown as [string, string, string | undefined];
      const scales = SCALE_FORMS.filter((f) => !unit || f.includes(unit)).flat();
      const bare = [n, ...scales.map((u) => `${n}${u}`)];
      const forms = [...bare, ...bare.flatMap((x) => CURRENCY.map((c) => `${c}${x}`))];
      const known = [...new Set(forms.map(stem).filter((v) => v !== s && k.terms.has(v)))];
      if (known.length) p.expansions = { ...p.expansions, [i]: known };
      else out.push(word);
      return;
    }
    if (!p.proper.includes(word)) {
      const alternatives = [lemma(word), ...related(word)]
        .filter((w) => w !== word && !isStopword(w) && !w.includes(' '))
        .map(stem)
        .filter((v) => v !== s && k.terms.has(v));
      if (alternatives.length) {
        p.expansions = { ...p.expansions, [i]: [...new Set(alternatives)] };
        return;
      }
    }
    // A name the KB does not know ("Balls") is not a typo of a common word ("bills").
    const fixed = p.proper.includes(word) ? undefined : correctTerm(word, k);
    if (fixed) {
      p.terms[i] = stem(fixed);
      p.termWords[i] = fixed;
      return;
    }
    out.push(word);
  });
  return out;
}

/** An amount: a number with its scale ("186m", "2.5bn", "40k") or its currency ("£186"). */
const AMOUNT = /^[£$€]?(\d+(?:\.\d+)?)(m|mn|bn|b|k|million|billion)?$/;
/** Currency signs a token keeps ("£186m" is one token). */
const CURRENCY = ['£', '$', '€'];
/** The spellings of one scale. */
const SCALE_FORMS = [['m', 'mn', 'million'], ['bn', 'b', 'billion'], ['k']];

/** A word the KB lacks stops a question only if it is a name, a number or a rare word (not ordinary English). */
export function isGatingWord(p: ParsedQuestion, word: string): boolean {
  return p.proper.includes(word) || /\d/.test(word) || !isOrdinaryWord(word);
}

export interface Coverage {
  /** 0..1 share of term weight matched. */
  score: number;
}

/**
 * Weighted share of the question's terms found in `stems` (exact 1, synonym 0.75), else in `context` (0.5,
 * synonym 0.35). Runs for every candidate sentence, so it allocates nothing but its result.
 */
export function coverage(
  weights: TermWeights,
  stems: Set<string>,
  context?: Set<string> | (() => Set<string>),
): Coverage {
  if (!weights.terms.length) return { score: 1 };
  let got = 0;
  let ctx: Set<string> | undefined;
  for (const t of weights.terms) {
    let m = 0;
    if (stems.has(t.stem)) m = 1;
    else if (hasAny(stems, t.synonyms)) m = 0.75;
    else if (context) {
      ctx ??= typeof context === 'function' ? context() : context;
      if (ctx.has(t.stem)) m = 0.5;
      else if (hasAny(ctx, t.synonyms)) m = 0.35;
    }
    got += m * t.weight;
  }
  return { score: weights.total ? got / weights.total : 1 };
}

function hasAny(set: Set<string>, xs: string[]): boolean {
  for (const x of xs) if (set.has(x)) return true;
  return false;
}

/** Share of the question's entities that the evidence names (1 when the question names none). */
export function entityAgreement(
  p: ParsedQuestion,
  ents: Iterable<string>,
  soft?: Set<string>,
  typeOf?: (id: string) => string | undefined,
): number {
  const have = Array.isArray(ents) ? (ents as string[]) : [...ents];
  let need = 0;
  let hits = 0;
  // Plain loops (no closures): this runs for every candidate sentence and claim of every question.
  for (let i = 0; i < p.entities.length + p.roles.length; i++) {
    const e = i < p.entities.length ? (p.entities[i] as string) : (p.roles[i - p.entities.length] as string);
    if (i >= p.entities.length && e === 'party-leader') continue;
    need += 1;
    if (have.includes(e)) {
      hits += 1;
      continue;
    }
    // The evidence names another party/person where the question names this one: about someone else.
    const t = typeOf?.(e);
    if ((t === 'party' || t === 'person') && namesAnother(p, have, t, typeOf)) continue;
    // Entities the surrounding article is about ("the party" in a Labour story) count for half.
    if (soft?.has(e)) hits += 0.5;
  }
  return need ? hits / need : 1;
}

/** Does the evidence name an entity of type `t` the question does not ask about? */
function namesAnother(
  p: ParsedQuestion,
  have: readonly string[],
  t: string,
  typeOf: ((id: string) => string | undefined) | undefined,
): boolean {
  for (const x of have) if (typeOf?.(x) === t && !isAsked(p, x)) return true;
  return false;
}

function isAsked(p: ParsedQuestion, id: string): boolean {
  return p.entities.includes(id) || p.roles.includes(id);
}

/** The evidence names another party or person where the question names one: it is about someone else. */
export function entityConflict(
  p: ParsedQuestion,
  ents: Iterable<string>,
  typeOf: (id: string) => string | undefined,
  answerType?: string,
): boolean {
  const have = Array.isArray(ents) ? (ents as string[]) : [...ents];
  // Plain loops (no closures): this runs for every candidate sentence and claim of every question.
  for (const e of p.entities) {
    if (have.includes(e)) continue;
    const t = typeOf(e);
    if (t === answerType || (t !== 'party' && t !== 'person')) continue;
    for (const x of have) if (!p.entities.includes(x) && typeOf(x) === t) return true;
  }
  return false;
}

/**
 * Years: the evidence must not be about a different year than the question asks about. 1 when consistent,
 * 0 when it names other years and not the asked one, 0.75 when it names no year.
 */
export function yearFactor(p: ParsedQuestion, text: string, context = '', published?: string): number {
  if (!p.years.length) return 1;
  const ys = yearsIn(text);
  if (p.years.some((y) => ys.has(y))) return 1;
  // A text that names other years is about them, whatever its neighbours name ("won … on 14 March 2024" does not
  // answer "who won in 2019?" because the next paragraph is about 2019).
  if (ys.size) return 0;
  const cs = yearsIn(context);
  if (p.years.some((y) => cs.has(y))) return 0.9;
  // Nothing nearby names a year: an article published in the year asked about still speaks of it; one from
  // another year (or of unknown date) probably does not.
  if (published && p.years.some((y) => published.startsWith(y))) return 0.9;
  return 0.6;
}

/**
 * The years a text names, once per text: yearFactor reads KB texts (sentences, their paragraphs, claims, quotes),
 * the same ones for question after question. Kept up to YEARS_MEMO texts, then started over.
 */
const YEARS_MEMO = 20_000;
const yearsMemo = new BoundedMemo<string, ReadonlySet<string>>(YEARS_MEMO);
function yearsIn(text: string): ReadonlySet<string> {
  let ys = yearsMemo.get(text);
  if (!ys) {
    ys = new Set(text.match(/\b(?:1[89]|20)\d\d\b/g) ?? []);
    yearsMemo.set(text, ys);
  }
  return ys;
}

export function stemsOf(text: string): Set<string> {
  return new Set(contentStems(text));
}
