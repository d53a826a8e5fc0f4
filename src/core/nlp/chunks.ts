/**
 * Candidate answer spans of a sentence, found once at analysis time from wink-nlp's part-of-speech tags and
 * entities: noun-phrase chunks (with and without their determiner, joined by "of" or a coordination), proper-noun
 * runs, typed entities (dates, numbers, money, percentages, durations), reason/purpose clauses, and the verbs (as
 * markers: the reader measures where a span sits relative to the verb the question matched). The reader scores
 * these spans at question time; nothing here decides which one answers anything.
 *
 * Encoded compactly per sentence as "start:end:kind" triples (character offsets into the sentence text) joined
 * by spaces, so a large knowledge base keeps them cheaply in memory and in the analysis cache.
 */

/** Span kinds (one letter each in the encoding). */
export type ChunkKind =
  | 'date' // d: DATE / TIME entity
  | 'number' // n: CARDINAL / ORDINAL entity
  | 'money' // m
  | 'percent' // p
  | 'duration' // u
  | 'proper' // N: noun phrase containing a proper noun
  | 'noun' // c: common noun phrase
  | 'clause' // C: "because …", "to …", "by …ing …"
  | 'verb'; // V: a main verb (marker, not a candidate)

const CODE: Record<ChunkKind, string> = {
  date: 'd',
  number: 'n',
  money: 'm',
  percent: 'p',
  duration: 'u',
  proper: 'N',
  noun: 'c',
  clause: 'C',
  verb: 'V',
};
const KIND = Object.fromEntries(Object.entries(CODE).map(([k, v]) => [v, k])) as Record<string, ChunkKind>;

export interface Chunk {
  start: number;
  end: number;
  kind: ChunkKind;
}

export interface TaggedToken {
  value: string;
  pos: string;
  /** Character offset in the sentence text. */
  start: number;
}

export interface TaggedEntity {
  type: string;
  /** Token index range [from, to] inclusive, within the sentence. */
  from: number;
  to: number;
}

/** Tags that may sit inside a noun phrase. */
const NP_TAGS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'SYM']);
/** Words that open a reason or purpose clause. */
const CLAUSE_OPENERS = new Set(['because', 'since', 'so', 'to', 'by', 'through', 'due', 'as']);
/** Longest chunk kept, in tokens: longer runs are lists or mis-tags, not answers. */
const MAX_CHUNK_TOKENS = 12;
/** Longest clause kept, in tokens. */
const MAX_CLAUSE_TOKENS = 20;

function entityKind(type: string): ChunkKind | undefined {
  switch (type) {
    case 'DATE':
    case 'TIME':
      return 'date';
    case 'CARDINAL':
    case 'ORDINAL':
      return 'number';
    case 'MONEY':
      return 'money';
    case 'PERCENT':
      return 'percent';
    case 'DURATION':
      return 'duration';
    default:
      return undefined;
  }
}

/** Hyphens and dashes that join two words written without spaces ("Pryderi-Jones", "cage-free", "Rhine–Meuse"). */
const JOINERS = new Set(['-', '‐', '‑', '–']);

/** The tag a hyphenated compound takes from its parts: a name if any part is one, else by its last part. */
function compoundTag(tags: string[]): string {
  if (tags.includes('PROPN')) return 'PROPN';
  if (tags.every((t) => t === 'NUM')) return 'NUM';
  const last = tags[tags.length - 1] ?? 'X';
  return last === 'NOUN' ? 'NOUN' : 'ADJ';
}

/**
 * The tokens with every hyphenated compound made one token (wink-nlp splits "Ifan Pryderi-Jones" into four, so
 * the name's chunk stopped at the hyphen).
 */
export function joinCompounds(tokens: TaggedToken[]): TaggedToken[] {
  const out: TaggedToken[] = [];
  const endOf = (t: TaggedToken | undefined) => (t ? t.start + t.value.length : -1);
  const word = (t: TaggedToken | undefined) => t !== undefined && /^[\p{L}\p{N}]/u.test(t.value);
  for (let i = 0; i < tokens.length; ) {
    const first = tokens[i] as TaggedToken;
    let j = i;
    const tags = [first.pos];
    // word, joiner, word … with nothing between them.
    while (
      word(tokens[j]) &&
      JOINERS.has(tokens[j + 1]?.value ?? '') &&
      tokens[j + 1]?.start === endOf(tokens[j]) &&
      word(tokens[j + 2]) &&
      tokens[j + 2]?.start === endOf(tokens[j + 1])
    ) {
      j += 2;
      tags.push(tokens[j]?.pos ?? 'X');
    }
    out.push(j === i ? first : { value: tokensText(tokens, i, j), pos: compoundTag(tags), start: first.start });
    i = j + 1;
  }
  return out;
}

function tokensText(tokens: TaggedToken[], from: number, to: number): string {
  return tokens
    .slice(from, to + 1)
    .map((t) => t.value)
    .join('');
}

/** The chunks of one sentence from its tagged tokens and entities. */
export function chunkSentence(tagged: TaggedToken[], entities: TaggedEntity[]): Chunk[] {
  const tokens = joinCompounds(tagged);
  const out: Chunk[] = [];
  const seen = new Set<string>();
  const endOf = (i: number) => (tokens[i]?.start ?? 0) + (tokens[i]?.value.length ?? 0);
  /** A span by character offsets, once per offsets (verbs are markers and always kept). */
  const addSpan = (start: number, end: number, kind: ChunkKind) => {
    const key = `${start}:${end}`;
    if (kind !== 'verb' && seen.has(key)) return;
    seen.add(key);
    out.push({ start, end, kind });
  };
  /** A span by (compound-joined) token indexes. */
  const add = (from: number, to: number, kind: ChunkKind) => {
    if (from > to || from < 0 || to >= tokens.length) return;
    addSpan(tokens[from]?.start ?? 0, endOf(to), kind);
  };
  const pos = (i: number) => tokens[i]?.pos ?? '';
  const low = (i: number) => tokens[i]?.value.toLowerCase() ?? '';
  const isPossessive = (i: number) => pos(i) === 'PART' && /^['’]s?$/.test(tokens[i]?.value ?? '');

  // Typed entities keep wink-nlp's own token bounds ("20" in "a 20-year-old plan" is a number; the compound is not).
  for (const e of entities) {
    const kind = entityKind(e.type);
    const from = tagged[e.from];
    const to = tagged[e.to];
    if (kind && from && to && e.from <= e.to) addSpan(from.start, to.start + to.value.length, kind);
  }
  // Base noun-phrase runs: determiners, adjectives, nouns, numbers, possessive 's.
  // Runs without a noun ("the 10th" in "the 10th and 11th centuries") are kept for joining only.
  const runs: [number, number, boolean][] = [];
  for (let i = 0; i < tokens.length; ) {
    if (!NP_TAGS.has(pos(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && (NP_TAGS.has(pos(j + 1)) || isPossessive(j + 1))) j++;
    // A run must hold a noun or a number; trailing determiners or symbols are not part of it.
    while (j > i && ['DET', 'SYM'].includes(pos(j))) j--;
    runs.push([i, j, tokens.slice(i, j + 1).some((_t, k) => ['NOUN', 'PROPN', 'NUM'].includes(pos(i + k)))]);
    i = j + 1;
  }
  const kindOf = (from: number, to: number): ChunkKind => {
    for (let k = from; k <= to; k++) if (pos(k) === 'PROPN') return 'proper';
    return 'noun';
  };
  const addNp = (from: number, to: number) => {
    if (to - from + 1 > MAX_CHUNK_TOKENS) return;
    add(from, to, kindOf(from, to));
    // Without a leading determiner or possessive pronoun ("the Duchy of Normandy" -> "Duchy of Normandy").
    let f = from;
    while (f < to && (pos(f) === 'DET' || low(f) === 'their' || low(f) === 'its')) f++;
    if (f !== from) add(f, to, kindOf(f, to));
  };
  for (const [from, to, nominal] of runs) {
    if (!nominal) continue;
    addNp(from, to);
    // Proper-noun runs inside a longer phrase ("the French crown" -> "French").
    for (let k = from; k <= to; k++) {
      if (pos(k) !== 'PROPN') continue;
      let m = k;
      while (m + 1 <= to && pos(m + 1) === 'PROPN') m++;
      if (k !== from || m !== to) add(k, m, 'proper');
      k = m;
    }
  }
  // Runs joined by "of" ("the Duchy of Normandy") or by a coordination ("the 10th and 11th centuries").
  for (let r = 0; r + 1 < runs.length; r++) {
    const [a0, a1] = runs[r] as [number, number, boolean];
    const [b0, b1, bNominal] = runs[r + 1] as [number, number, boolean];
    if (!bNominal) continue;
    const gap = b0 - a1 - 1;
    const joiner = low(a1 + 1);
    if (gap === 1 && (joiner === 'of' || pos(a1 + 1) === 'CCONJ')) {
      addNp(a0, b1);
      const c = runs[r + 2];
      if (c?.[2] && c[0] - b1 - 1 === 1 && (low(b1 + 1) === 'of' || pos(b1 + 1) === 'CCONJ')) addNp(a0, c[1]);
    }
  }
  // Verbs (markers) and reason/purpose clauses up to the next clause break.
  for (let i = 0; i < tokens.length; i++) {
    if (pos(i) === 'VERB') add(i, i, 'verb');
    if (!CLAUSE_OPENERS.has(low(i)) || !['SCONJ', 'ADP', 'PART', 'ADJ'].includes(pos(i))) continue;
    // "to" opens a purpose clause only before a verb; "due" only as "due to".
    if (low(i) === 'to' && pos(i + 1) !== 'VERB') continue;
    if (low(i) === 'due' && low(i + 1) !== 'to') continue;
    if (low(i) === 'by' && !/ing$/.test(low(i + 1))) continue;
    let j = i + 1;
    while (j + 1 < tokens.length && pos(j + 1) !== 'PUNCT' && j - i < MAX_CLAUSE_TOKENS) j++;
    if (j > i + 1) {
      add(i, j, 'clause');
      add(i + 1, j, 'clause');
    }
  }
  return out;
}

export function encodeChunks(chunks: Chunk[]): string {
  return chunks.map((c) => `${c.start}:${c.end}:${CODE[c.kind]}`).join(' ');
}

export function decodeChunks(encoded: string | undefined): Chunk[] {
  if (!encoded) return [];
  const out: Chunk[] = [];
  for (const part of encoded.split(' ')) {
    const [s, e, k] = part.split(':');
    const kind = KIND[k ?? ''];
    if (kind) out.push({ start: Number(s), end: Number(e), kind });
  }
  return out;
}
