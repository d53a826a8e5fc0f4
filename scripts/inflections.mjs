#!/usr/bin/env node
/**
 * Derive src/core/nlp/lexical/inflections.txt from morph.json's irregular forms (WordNet's exception lists):
 * one line per lemma, "lemma form form …", for the verbs and nouns whose irregular forms do not share their
 * lemma's stem (lose lost, run ran, woman women). Degrees of adjectives are left out (better is not a form of
 * good for matching a question's words), as are entries that are not plain lower-case words.
 * Deterministic: `node scripts/inflections.mjs` rewrites the file from morph.json alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'src', 'core', 'nlp', 'lexical');
const { irregular } = JSON.parse(readFileSync(join(dir, 'morph.json'), 'utf8'));
const WORD = /^[a-z]+$/;
/** Comparatives and superlatives ("better", "worst"): degrees of an adjective, not forms of a verb or noun. */
const DEGREE = /(?:er|est)$/;
const groups = new Map();
for (const [form, lemma] of Object.entries(irregular)) {
  if (!WORD.test(form) || !WORD.test(lemma) || form === lemma || DEGREE.test(form)) continue;
  if (!groups.has(lemma)) groups.set(lemma, new Set());
  groups.get(lemma).add(form);
}
const lines = [...groups]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([lemma, forms]) => [lemma, ...[...forms].sort()].join(' '));
writeFileSync(join(dir, 'inflections.txt'), `${lines.join('\n')}\n`);
console.log(`${lines.length} lemmas with irregular forms`);
