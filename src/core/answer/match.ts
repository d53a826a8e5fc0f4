/**
 * How well a piece of evidence (a sentence, a claim, a quote) matches a question: weighted coverage of the
 * question's content terms (exact stems, then synonyms), agreement on the entities it names, and consistency of
 * years. Also the vocabulary gate: a question whose key term the KB never mentions is not answerable.
 */
import { distance } from 'fastest-levenshtein';
import { contentStems, isGeneric, stem, synonymStems } from '../nlp/terms.js';
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
  const n = Math.max(1, k.sentenceRefs.length);
  const terms = p.terms.map((s, i) => {
    const word = p.termWords[i] ?? s;
    const variants = synonymStems(s);
    const df = Math.max(...variants.map((v) => k.df.get(v) ?? 0));
    const known = variants.some((v) => k.vocabulary.has(v)) || k.vocabulary.has(word);
    const generic = isGeneric(word) || DEMONYM.test(word);
    const weight = (generic ? 0.35 : 1) * Math.log(1 + n / (1 + df));
    return { stem: s, word, weight: Math.max(0.1, weight), known, synonyms: variants.filter((v) => v !== s) };
  });
  return { terms, total: terms.reduce((a, t) => a + t.weight, 0) };
}

/** Correct a word the KB does not know to a KB word one or two edits away ("campain" -> "campaign"). */
export function correctTerm(word: string, k: Knowledge): string | undefined {
  if (word.length < 5 || /\d/.test(word)) return undefined;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestD = max + 1;
  for (const v of k.vocabulary) {
    if (v[0] !== word[0] || Math.abs(v.length - word.length) > max || /\d/.test(v)) continue;
    const d = distance(v, word);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best;
}

/** Terms of the question the KB never mentions (after synonyms and typo correction), ignoring generic words. */
export function unknownTerms(p: ParsedQuestion, k: Knowledge): string[] {
  const out: string[] = [];
  p.terms.forEach((s, i) => {
    const word = p.termWords[i] ?? s;
    if (isGeneric(word) || /^\d+$/.test(word) || DEMONYM.test(word)) return;
    if (synonymStems(s).some((v) => k.vocabulary.has(v)) || k.vocabulary.has(word)) return;
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

export interface Coverage {
  /** 0..1 share of term weight matched. */
  score: number;
  matched: string[];
  missing: string[];
}

export function coverage(
  weights: TermWeights,
  stems: Set<string>,
  context?: Set<string> | (() => Set<string>),
): Coverage {
  if (!weights.terms.length) return { score: 1, matched: [], missing: [] };
  let got = 0;
  const matched: string[] = [];
  const missing: string[] = [];
  let ctx: Set<string> | undefined;
  const getContext = () => {
    ctx ??= typeof context === 'function' ? context() : context;
    return ctx;
  };
  for (const t of weights.terms) {
    let m = 0;
    if (stems.has(t.stem)) m = 1;
    else if (t.synonyms.some((v) => stems.has(v))) m = 0.75;
    else if (context) {
      const c = getContext() as Set<string>;
      if (c.has(t.stem)) m = 0.5;
      else if (t.synonyms.some((v) => c.has(v))) m = 0.35;
    }
    if (m > 0) matched.push(t.stem);
    else missing.push(t.word);
    got += m * t.weight;
  }
  return { score: weights.total ? got / weights.total : 1, matched, missing };
}

/** Share of the question's entities that the evidence names (1 when the question names none). */
export function entityAgreement(
  p: ParsedQuestion,
  ents: Iterable<string>,
  soft?: Set<string>,
  typeOf?: (id: string) => string | undefined,
): number {
  const need = [...p.entities, ...p.roles.filter((r) => r !== 'party-leader')];
  if (!need.length) return 1;
  const have = new Set(ents);
  const haveTypes = typeOf
    ? new Set([...have].filter((e) => !need.includes(e)).map(typeOf))
    : new Set<string | undefined>();
  const hits = need.reduce((a, e) => {
    if (have.has(e)) return a + 1;
    // The evidence names another party/person where the question names this one: about someone else.
    const t = typeOf?.(e);
    if ((t === 'party' || t === 'person') && haveTypes.has(t)) return a;
    // Entities the surrounding article is about ("the party" in a Labour story) count for half.
    return a + (soft?.has(e) ? 0.5 : 0);
  }, 0);
  return hits / need.length;
}

/** The evidence names another party or person where the question names one: it is about someone else. */
export function entityConflict(
  p: ParsedQuestion,
  ents: Iterable<string>,
  typeOf: (id: string) => string | undefined,
): boolean {
  const have = new Set(ents);
  const otherTypes = new Set([...have].filter((e) => !p.entities.includes(e)).map(typeOf));
  return p.entities.some((e) => {
    const t = typeOf(e);
    return !have.has(e) && (t === 'party' || t === 'person') && otherTypes.has(t);
  });
}

/**
 * Years: the evidence must not be about a different year than the question asks about. 1 when consistent,
 * 0 when it names other years and not the asked one, 0.75 when it names no year.
 */
export function yearFactor(p: ParsedQuestion, text: string, context = ''): number {
  if (!p.years.length) return 1;
  const ys = new Set(text.match(/\b(?:1[89]|20)\d\d\b/g) ?? []);
  if (p.years.some((y) => ys.has(y))) return 1;
  const cs = new Set(context.match(/\b(?:1[89]|20)\d\d\b/g) ?? []);
  if (p.years.some((y) => cs.has(y))) return 0.9;
  return ys.size ? 0 : 0.75;
}

export function stemsOf(text: string): Set<string> {
  return new Set(contentStems(text));
}
