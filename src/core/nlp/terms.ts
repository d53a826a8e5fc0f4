/**
 * From text to comparable terms: MiniSearch's tokenizer, typographic folding, chat shorthand, stop words, and
 * the Porter stemmer; plus synonym groups compared on stems. Index and questions use the same functions.
 */
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { GENERIC, SHORTHAND, STOPWORDS, SYNONYM_GROUPS } from './lexicon.js';

const tokenizeDefault: (text: string) => string[] = MiniSearch.getDefault('tokenize');

/** Fold typographic quotes and dashes, lower-case. */
export function foldText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00A0/g, ' ')
    .toLowerCase();
}

/** "s114": a section number written short (lower-cased text). */
const SECTION_SHORT = /\bs(\d{1,3})\b/;
const SECTION_SHORT_ALL = /\bs(\d{1,3})\b/g;

/** Lower-cased word tokens (MiniSearch's tokenizer), with shorthand expanded ("wud" -> "would"). */
export function words(text: string): string[] {
  const out: string[] = [];
  let folded = foldText(text);
  // A by-election is not an election in general: one word, however it is written.
  if (folded.includes('election')) folded = folded.replace(/\bby[-\s]?(elections?)\b/g, 'by$1');
  // "s114 notice", "an s106 agreement": a section of an Act, as the articles write it in full ("section 114 notice").
  if (SECTION_SHORT.test(folded)) folded = folded.replace(SECTION_SHORT_ALL, 'section $1');
  for (const raw of tokenizeDefault(folded)) {
    if (!raw) continue;
    const expanded = SHORTHAND[raw];
    if (expanded) out.push(...expanded.split(' '));
    else out.push(raw);
  }
  return out;
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\d/.test(word) ? word : stemmer(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

export function isGeneric(word: string): boolean {
  // Manner adverbs ("mainly", "actually", "privately") qualify a question; they are not its topic.
  return GENERIC.has(word) || GENERIC.has(stem(word)) || (word.length > 5 && word.endsWith('ly'));
}

/** MiniSearch processTerm: drop stop words, stem the rest. */
export function processTerm(term: string): string | null {
  const w = foldText(term);
  if (!w || STOPWORDS.has(w)) return null;
  return stem(w);
}

/** Content terms (stems) of a text, in order. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

const groupsByStem = new Map<string, number[]>();
SYNONYM_GROUPS.forEach((group, gi) => {
  for (const w of group) {
    const s = stem(w);
    const list = groupsByStem.get(s) ?? [];
    if (!list.includes(gi)) list.push(gi);
    groupsByStem.set(s, list);
  }
});

/** Stems that mean the same as `s` (including itself). */
const synonymCache = new Map<string, string[]>();
export function synonymStems(s: string): string[] {
  let cached = synonymCache.get(s);
  if (!cached) {
    const out = new Set([s]);
    for (const gi of groupsByStem.get(s) ?? []) for (const w of SYNONYM_GROUPS[gi] ?? []) out.add(stem(w));
    cached = [...out];
    if (synonymCache.size < 100_000) synonymCache.set(s, cached);
  }
  return cached;
}

export function areSynonyms(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = groupsByStem.get(a);
  const gb = groupsByStem.get(b);
  return Boolean(ga && gb && ga.some((g) => gb.includes(g)));
}
