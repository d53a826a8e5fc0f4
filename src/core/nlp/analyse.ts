/**
 * Automatic processing of any article, with no curation: paragraphs, sentences (wink-nlp), quotes and their
 * speakers, reported-speech sources, people / organisations / places (compromise, plus titled names such as
 * "Lord Adonis"), appositive descriptions ("David Axelrod, President Obama’s former strategist"), dates and
 * numbers (wink-nlp entities). The result is plain JSON, cached in the store per article content hash.
 */
import type { Attribution } from '../reply.js';
import { lastWordOf, reportedSource, reportingVerbPattern } from './attribution.js';
import { chunkSentence, decodeChunks, encodeChunks, type TaggedEntity, type TaggedToken } from './chunks.js';
import { type ExtractedQuote, extractQuotes } from './quotes.js';
import { escapeRegExp } from './regexp.js';
import { FEMALE_TITLE, HONORIFIC, MALE_TITLE, PERSON_TITLES, TITLE } from './titles.js';

export const ANALYSER_VERSION = 52;

/** A named source's surname, lower case (lastWordOf): one person however described. */
function surnameOf(description: string): string {
  return lastWordOf(description)?.toLowerCase() ?? '';
}

/**
 * A sentence opening with a subject of its own — a proper name ("The RAC motoring group welcomed the decision",
 * "Labour welcomed it") — is not the paragraph's reported speech continued: it does not inherit the source of the
 * paragraph's first reported sentence. A pronoun, a quote, a common noun ("The party would …") or a connector
 * continues it.
 */
const OWN_SUBJECT =
  /^(?:(?:The|A|An)\s+[A-Z]|(?!(?:He|She|It|They|We|I|You|This|That|These|Those|His|Her|Its|Their|Our|The|A|An|But|And|However|Yet|Such|Meanwhile|Indeed|Instead|Still|Asked|Speaking|In|On|At|For|By|With|If|When|While|As|After|Before|Since|Although|Though|There|Some|Many|Most|All|Both|Neither|Nor|Only|Even|Also|So|Then|Now|Last|Next|One|Two|Three)\b)[A-Z])/;

/** "He said …", "She added that …": a sentence reported by a he or she. */
const PRONOUN_REPORTS = new RegExp(`^(?:But\\s+|And\\s+)?(?:He|She)\\s+(?:also\\s+)?(?:${reportingVerbPattern})\\b`);
/**
 * "That claim was rejected by the council's cabinet member for culture, Janet Brook, …": the other side speaks (its
 * agent, read by the answer's rebuttal stage), not the source carried from before.
 */
const PASSIVE_REBUTTAL =
  /\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:\w+ly\s+)?(?:rejected|disputed|denied|dismissed|challenged|contradicted|rebutted|refuted)\s+by\b/;
/** "She added that …": more from whoever spoke last. */
const PRONOUN_ADDS = /^(?:He|She)\s+(?:also\s+)?add(?:ed|s)\b/;
/**
 * Who "He said …" is when the sentence before it in the paragraph reported no one and names one person: "…, with
 * their rural affairs spokesman, Graham Kerr, calling it “an ideological attack”. He said the party would repeal its
 * key sections" is Graham Kerr's (the paragraph's carried source, which a named subject before had ended, is not).
 * "She added that …" opening a paragraph is the last sentence's named speaker's ("“… no seat in this borough is
 * safe.” [Ms Raman] / She added that her first priority would be …"); "She said …" too, unless that sentence names
 * someone else or the speaker's title says another gender.
 */
function pronounSpeaker(
  text: string,
  prev: AnalysedSentence | undefined,
  p: number,
  /** The people the article has named so far. */
  named: readonly string[] = [],
): Attribution | undefined {
  if (!prev || !PRONOUN_REPORTS.test(text)) return undefined;
  if (prev.p !== p) {
    // "“… it does not reflect government policy.” [Ms Ashworth] / She said the health capital budget would rise …":
    // the last speaker, when the sentence before names no one else and no title says otherwise.
    const last = prev.source;
    if (last?.kind !== 'named') return undefined;
    if (PRONOUN_ADDS.test(text)) return last;
    const others = prev.people.some((x) => !last.description.includes(x.split(' ').pop() ?? x));
    const she = /^(?:But\s+|And\s+)?She\b/.test(text);
    const titled = (titles: string) => new RegExp(`^${titles}\\b`).test(last.description);
    if (others || (she ? titled(MALE_TITLE) : titled(FEMALE_TITLE))) return undefined;
    return last;
  }
  if (prev.source) return undefined;
  if (prev.people.length === 1) return { kind: 'named', description: prev.people[0] as string };
  // "Harrowby, a former leader of Tollcastle council, defended the scheme … . She said …": a surname opening the
  // sentence before, of a full name the article gave earlier, is the one person it names (the recogniser found none).
  const surname = prev.people.length ? undefined : SURNAME_SUBJECT.exec(prev.text)?.[1];
  const full = surname ? [...new Set(named.filter((n) => n.split(/\s+/).pop() === surname))] : [];
  return full.length === 1 ? { kind: 'named', description: full[0] as string } : undefined;
}
/**
 * "Farrow said she would cooperate …", "Reddick said the concessions …": a bare surname reporting, of a full name
 * the article gave before (news names a person in full once, then by surname). A lone capitalised word is no speaker
 * on its own ("Labour said", "Ministers said"): only a surname of someone named already.
 */
function surnameSpeaker(text: string, named: readonly string[]): Attribution | undefined {
  const surname = SURNAME_REPORTS.exec(text)?.[1];
  if (!surname) return undefined;
  const full = [...new Set(named.filter((n) => n.includes(' ') && n.split(/\s+/).pop() === surname))];
  return full.length === 1 ? { kind: 'named', description: full[0] as string } : undefined;
}
const SURNAME_REPORTS = new RegExp(`^(\\p{Lu}[\\p{L}’'-]+)\\s+(?:also\\s+)?(?:${reportingVerbPattern})\\b`, 'u');

/** A surname as a sentence's subject, a title before it or not ("Harrowby, a former leader …", "Ms Okafor said"). */
const SURNAME_SUBJECT = new RegExp(`^(?:${HONORIFIC}\\s+)?(\\p{Lu}[\\p{L}’'-]+)(?=,|\\s+[a-z])`, 'u');

/**
 * A role written straight before a name: up to three qualifying words (none a function word) and a role noun,
 * after a determiner, a clause break or the sentence start. The role nouns of British political reporting.
 */
const ROLE_NOUN =
  '(?:[Mm]inister|[Ss]ecretary|[Cc]hancellor|[Ll]eader|[Ss]pokes(?:man|woman|person)|[Cc]hair(?:man|woman)?|[Pp]resident|[Mm]ayor|[Cc]ouncillor|[Cc]ommissioner|[Ww]hip|MP|MSP|MS|[Gg]overnor|[Dd]irector|[Cc]hief [Ee]xecutive|[Cc]hief [Cc]onstable)';
const ROLE_TITLE = new RegExp(`(?:^|\\s)${ROLE_NOUN}$`);
const ROLE_ANYWHERE = new RegExp(`\\b${ROLE_NOUN}\\b`);
/** Does this description name a post anywhere in it ("the MP for Wexholme East", "a former pensions minister")? */
export function namesPost(description: string): boolean {
  return ROLE_ANYWHERE.test(description);
}
/** Is this name a post rather than someone ("Health Secretary", "Chief Constable")? */
export function isRoleTitle(name: string): boolean {
  return ROLE_TITLE.test(name.trim());
}

/**
 * Verbs that end someone's time in a role: "sacks Education Secretary Graham Renshaw" says he held the post until
 * now, not that he holds it — no description is recorded from a role right after one. Only verb forms: "fire",
 * "axe" and "remove" alone are as often nouns or other verbs ("the fire service director").
 */
const REMOVAL_VERB =
  '(?:sack(?:s|ed)?|fire[sd]|dismiss(?:es|ed)?|oust(?:s|ed)?|axe[sd]|demote[sd]?|depose[sd]?|remove[sd]|suspend(?:s|ed)?)';
const REMOVED_BEFORE = new RegExp(`\\b${REMOVAL_VERB}\\s+$`);
const ROLE_BEFORE_NAME = new RegExp(
  `(?:^|[,;(“"]\\s*|\\b)((?:(?:the|a|an|The|A|An|Its|its|His|his|Her|her|Their|their)\\s+)?(?:(?!(?:the|a|an|that|which|who|and|or|but|of|to|in|on|for|with|by|said|says|after|before|when|as|${REMOVAL_VERB})\\b)[A-Za-z’'-]+\\s+){0,3}?${ROLE_NOUN})`,
);

export type PartKind = 'headline' | 'standfirst' | 'caption' | 'body';
/**
 * The last paragraph of an article's lead: the headline is paragraph 0, the standfirst (or a first paragraph the
 * parts did not mark) 1. The lead summarises what the body says in detail and attributes.
 */
export const LEAD_PARAGRAPH = 1;

export interface AnalysedSentence {
  /** Index in the article. */
  i: number;
  /** Paragraph index. */
  p: number;
  part: PartKind;
  /** Verbatim text. */
  text: string;
  /** Who the sentence's content comes from (quote speaker or reported-speech source), if anyone. */
  source?: Attribution;
  /** The sentence is (inside) a direct quote. */
  quoted?: boolean;
  people: string[];
  orgs: string[];
  places: string[];
  dates: string[];
  numbers: string[];
  /** Numbers with their kind and unit ("£4.2 billion" money, "11,000 jobs" count, "68-mile" length). */
  quantities?: Quantity[];
  /** Candidate answer spans and verb markers (see chunks.ts), encoded. */
  chunks?: string;
}

export type QuantityKind = 'money' | 'percent' | 'duration' | 'length' | 'count' | 'ordinal';

export interface Quantity {
  /** Verbatim text, with currency sign and unit when they are attached ("£4.2 billion", "68-mile"). */
  text: string;
  kind: QuantityKind;
  /** The words right after the number ("jobs", "target seats"), lower-case. */
  unit: string;
}

export interface Description {
  name: string;
  description: string;
  sentence: number;
}

export interface ArticleAnalysis {
  version: number;
  sentences: AnalysedSentence[];
  quotes: ExtractedQuote[];
  people: string[];
  orgs: string[];
  places: string[];
  descriptions: Description[];
}

export interface ArticleParts {
  headline?: string;
  standfirst?: string;
  captions?: string[];
}

type WinkItem = { out(f?: unknown): unknown };
type WinkSentence = WinkItem & {
  tokens(): { out(f: unknown): string[] };
  entities(): { each(cb: (e: WinkItem) => void): void };
};
type Wink = {
  readDoc(text: string): {
    sentences(): { out(): string[]; each(cb: (s: WinkSentence, k: number) => void): void };
    entities(): { out(f: unknown): { value: string; type: string }[] };
  };
  its: { detail: unknown; value: unknown; pos: unknown; span: unknown; type: unknown };
};
type Compromise = (text: string) => {
  people(): { out(f: string): string[] };
  organizations(): { out(f: string): string[] };
  places(): { out(f: string): string[] };
};

let tools: Promise<{ wink: Wink; nlp: Compromise }> | undefined;
/** The NLP libraries load lazily: only analysing a new article needs them. */
/**
 * The numerals read first: 0–2100 (counts, percentages, years, the pieces of "X.25" and "COVID-19"). Reading them
 * costs ~35 ms once per process that analyses; 0–9999 cost ~170 ms, and larger numerals are written with commas.
 */
const PRIMED_NUMERALS = Array.from({ length: 2101 }, (_, i) => String(i)).join(' ');

function loadTools() {
  tools ??= (async () => {
    const [{ default: winkNLP }, { default: model }, { default: nlp }] = await Promise.all([
      import('wink-nlp'),
      import('wink-eng-lite-web-model'),
      import('compromise'),
    ]);
    const wink = winkNLP(model) as unknown as Wink;
    // wink caches each token text with the category (word, number, …) of its first sighting, for the life of the
    // instance: after "X.75" (a word's piece) a standalone "75" was no number and no CARDINAL entity in every later
    // article, so an analysis depended on what the process had read before. Numerals met first as numbers keep
    // that category, so analyses of numbers no longer depend on history (tests/core/analyse.test.ts).
    wink.readDoc(PRIMED_NUMERALS);
    return { wink, nlp: nlp as unknown as Compromise };
  })();
  return tools;
}

/** "Mr Javid" -> "Javid" (the u flag: the surname may have any letters). */
const HONORIFIC_SURNAME = new RegExp(`^${HONORIFIC}\\s+([A-Z][\\p{L}’'-]+)$`, 'u');

const TITLED = new RegExp(`\\b${TITLE}\\s+[A-Z][a-z’'-]+(?:\\s+[A-Z][a-z’'-]+)?`, 'g');

function cleanName(s: string): string {
  return s
    .replace(/[’']s$/u, '')
    .replace(/^[\s"“”'‘’(]+|[\s"“”'‘’),.;:!?]+$/g, '')
    .replace(/[’']s$/u, '')
    .trim();
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.map(cleanName).filter((x) => x.length > 1))];
}

const NOT_PLACES = new RegExp(
  String.raw`^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|${TITLE}|The|A|An|Number|No|Prime|Deputy|Labour|Conservatives?|Tor(?:y|ies))\b|\b(?:Party|Council|Commons|Lords|Parliament|Government|Treasury|Department|Ministry|Office|Committee|Bank|Court|Union|Agency|Service|Trust|Board|Group|Company|Ltd|plc|Authority|Commission)\b`,
);
const LOCATIVE =
  /\b(?:in|at|through|near|from|to|between|via|across|outside|around|towards|into|and)\s+((?:[A-Z][a-z’'-]+)(?:\s+(?:upon|on|under|le)\s+[A-Z][a-z’'-]+|\s+[A-Z][a-z’'-]+){0,2})/g;

/**
 * Capitalised names after a locative preposition ("a GP in Crowthorne", "through Goole", "between Bradford and
 * Hull") that are not people, dates or institutions: place names the NER model does not know.
 */
function locativeNames(text: string, people: string[]): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LOCATIVE)) {
    const name = m[1] as string;
    if ((m.index ?? 0) === 0 || NOT_PLACES.test(name) || /-$/.test(name)) continue;
    // Only full names rule a place out: the NER model takes many one-word towns for people ("Bradford").
    if (people.some((p) => p.includes(' ') && (p === name || name.includes(p)))) continue;
    // "and" only continues a list that began with a place ("between Bradford and Hull").
    if (m[0].startsWith('and') && !out.length) continue;
    out.push(name);
  }
  return out;
}

const MONEY_BEFORE = /[£$€]\s?$/;
const LENGTH_AFTER = /^[-\s]?(?:miles?|mile|km|kilometres?|kilometers?|metres?|meters?|yards?|feet|foot)\b/i;

/** Numbers in a sentence, typed and with the words that follow them. */
function quantitiesOf(text: string, entities: { value: string; type: string }[]): Quantity[] {
  const out: Quantity[] = [];
  for (const e of entities) {
    if (!['CARDINAL', 'MONEY', 'PERCENT', 'DURATION', 'ORDINAL'].includes(e.type)) continue;
    const at = text.indexOf(e.value);
    if (at < 0) continue;
    const before = text.slice(Math.max(0, at - 2), at);
    const after = text.slice(at + e.value.length);
    let kind: QuantityKind =
      e.type === 'PERCENT'
        ? 'percent'
        : e.type === 'DURATION'
          ? 'duration'
          : e.type === 'ORDINAL'
            ? 'ordinal'
            : 'count';
    let span = e.value;
    if (e.type === 'MONEY' || MONEY_BEFORE.test(before)) {
      kind = 'money';
      const sign = /[£$€]\s?$/.exec(before)?.[0] ?? '';
      // A scale written after the number belongs to it ("£4.2bn", "$3 million").
      const scale = /^\s?(?:bn|billion|m|million|trillion|tn|k)\b/i.exec(after)?.[0] ?? '';
      span = `${sign}${e.value}${scale}`;
    } else if (LENGTH_AFTER.test(after)) {
      kind = 'length';
      span = `${e.value}${LENGTH_AFTER.exec(after)?.[0] ?? ''}`;
    } else if (/^\s?(?:pounds|dollars|euros)\b/i.test(after)) {
      kind = 'money';
    }
    const unit = after
      .replace(/^[-\s]+/, '')
      .split(/[^\p{L}\s-]/u)[0]
      ?.trim()
      .split(/\s+/)
      .slice(0, 2)
      .join(' ')
      .toLowerCase();
    out.push({ text: span, kind, unit: unit ?? '' });
  }
  return out;
}

/** Candidate spans of each sentence of a paragraph (offsets into the trimmed sentence text). */
function chunksOf(doc: ReturnType<Wink['readDoc']>, raw: string[], wink: Wink): string[] {
  const out: string[] = [];
  doc.sentences().each((s, k) => {
    const text = (raw[k] ?? '').trim();
    const values = s.tokens().out(wink.its.value);
    const tags = s.tokens().out(wink.its.pos);
    const first = (s.out(wink.its.span) as number[])[0] ?? 0;
    let cursor = 0;
    const tokens: TaggedToken[] = values.map((value, i) => {
      const at = text.indexOf(value, cursor);
      const start = at >= 0 ? at : cursor;
      cursor = start + value.length;
      return { value, pos: tags[i] ?? 'X', start };
    });
    const entities: TaggedEntity[] = [];
    s.entities().each((e) => {
      const [from, to] = e.out(wink.its.span) as number[];
      entities.push({ type: String(e.out(wink.its.type)), from: (from ?? 0) - first, to: (to ?? 0) - first });
    });
    out[k] = encodeChunks(chunkSentence(tokens, entities));
  });
  return out;
}

/**
 * Sentences the splitter cut inside a figure, joined again: wink reads "declared at 5.12am on Friday" as "… at 5."
 * and "12am on Friday …" (probe round 14: the time and the place of a count lost to both halves). A sentence ending
 * in a digit and a point, followed with no space by one opening with a digit, is one sentence; its chunks are the
 * two halves' with the second's offsets moved along.
 */
function joinSplitFigures(para: string, raw: string[], chunks: string[]): { raw: string[]; chunks: string[] } {
  const outRaw: string[] = [];
  const outChunks: string[] = [];
  for (let k = 0; k < raw.length; k++) {
    const a = (raw[k] ?? '').trim();
    const prev = outRaw[outRaw.length - 1];
    const joinable = prev !== undefined && /\d\.$/.test(prev) && /^\d/.test(a) && para.includes(prev + a);
    if (!joinable) {
      outRaw.push(a);
      outChunks.push(chunks[k] ?? '');
      continue;
    }
    const shift = prev.length;
    const moved = decodeChunks(chunks[k]).map((c) => ({ ...c, start: c.start + shift, end: c.end + shift }));
    outRaw[outRaw.length - 1] = prev + a;
    outChunks[outChunks.length - 1] = encodeChunks([...decodeChunks(outChunks[outChunks.length - 1]), ...moved]);
  }
  return { raw: outRaw, chunks: outChunks };
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n|\r?\n(?=\s*[“"])/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter(Boolean);
}

function partOf(paragraph: string, index: number, parts: ArticleParts): PartKind {
  const same = (a?: string) => Boolean(a) && a?.replace(/\s+/g, ' ').trim() === paragraph;
  if (same(parts.headline)) return 'headline';
  if (same(parts.standfirst)) return 'standfirst';
  if (parts.captions?.some((c) => same(c))) return 'caption';
  if (index === 0 && !parts.headline && paragraph.length < 160 && !/[.!?]["”’]?$/.test(paragraph)) return 'headline';
  return 'body';
}

/** Capitalised words that start sentences or clauses rather than names. */
const NOT_FIRST_NAMES = new Set([
  ...'The A An But And If When As At In On For With Of By From To After Before While Although Allies Friends Sources Critics Aides Officials Supporters'.split(
    ' ',
  ),
  ...PERSON_TITLES,
  ...'Labour Tory Tories Conservative Conservatives Ukip Green Liberal Democrat Democrats Scottish Welsh British'.split(
    ' ',
  ),
]);

/**
 * Full names the NLP missed for people it knows by title and surname: "Mr Javid" in the article, so "Sajid
 * Javid" is a person too (compromise does not know every first name).
 */
/** Each surname borne by exactly one of the article's full names, with that name ("Delaney" → "Marcus Delaney"). */
function surnameOwners(fullNames: Set<string>): Map<string, string> {
  const owners = new Map<string, string | undefined>();
  for (const full of fullNames) {
    const surname = full.split(' ').at(-1) as string;
    owners.set(surname, owners.has(surname) && owners.get(surname) !== full ? undefined : full);
  }
  return new Map([...owners].filter((e): e is [string, string] => e[1] !== undefined));
}

function fullNamesOf(text: string, people: string[]): string[] {
  const surnames = new Set(people.map((x) => HONORIFIC_SURNAME.exec(x)?.[1]).filter((x): x is string => Boolean(x)));
  const out: string[] = [];
  for (const surname of surnames) {
    const esc = escapeRegExp(surname);
    for (const m of text.matchAll(new RegExp(`\\b([A-Z][a-z’'-]+)\\s+${esc}\\b`, 'g'))) {
      const first = m[1] as string;
      if (!NOT_FIRST_NAMES.has(first)) out.push(`${first} ${surname}`);
    }
  }
  return out;
}

export async function analyseArticle(text: string, parts: ArticleParts = {}): Promise<ArticleAnalysis> {
  const { wink, nlp } = await loadTools();
  const paragraphs = splitParagraphs(text);
  // Each paragraph is read once (wink: sentences and entities; compromise: people, organisations, places per
  // sentence). The people come first, so "… ,” she said" can find her among the names before the quote.
  const read = paragraphs.map((para) => {
    const doc = wink.readDoc(para);
    const raw = doc.sentences().out();
    return { ...joinSplitFigures(para, raw, chunksOf(doc, raw, wink)), entities: doc.entities().out(wink.its.detail) };
  });
  const named = new Set<string>();
  const nlpOf = new Map<string, { people: string[]; orgs: string[]; places: string[] }>();
  const namesIn = (sentence: string) => {
    let found = nlpOf.get(sentence);
    if (!found) {
      const c = nlp(sentence);
      const people = uniq([...c.people().out('array'), ...(sentence.match(TITLED) ?? [])]);
      found = {
        people,
        orgs: uniq(c.organizations().out('array')),
        places: uniq([...c.places().out('array'), ...locativeNames(sentence, people)]),
      };
      nlpOf.set(sentence, found);
    }
    return found;
  };
  read.forEach(({ raw }, p) => {
    for (const s of raw.length ? raw : [paragraphs[p] as string]) {
      for (const name of namesIn(s.trim()).people) {
        const clean = name
          .replace(/[’']s$/, '')
          .replace(/[.,;:]+$/, '')
          .trim();
        if (clean.includes(' ')) named.add(clean);
      }
    }
  });
  const owners = surnameOwners(named);
  const quotes = extractQuotes(
    paragraphs,
    (who) => named.has(who),
    (surname) => owners.get(surname),
  );
  const fullNames = fullNamesOf(
    text,
    [...nlpOf.values()].flatMap((x) => x.people),
  );
  const sentences: AnalysedSentence[] = [];
  const descriptions: Description[] = [];
  const allPeople: string[] = [];
  const allOrgs: string[] = [];
  const allPlaces: string[] = [];

  paragraphs.forEach((para, p) => {
    const part = partOf(para, p, parts);
    const { raw, entities, chunks } = read[p] as (typeof read)[number];
    // The source a sentence without one of its own continues: the paragraph's, then the latest sentence's own,
    // none after a sentence with a named subject of its own (OWN_SUBJECT).
    let carried = reportedSource(para);
    for (const [k, s] of (raw.length ? raw : [para]).entries()) {
      const text = s.trim();
      if (!text) continue;
      // A stray closing quote mark split off by the sentence splitter belongs to the sentence before it.
      const prev = sentences[sentences.length - 1];
      if (!/[\p{L}\p{N}]/u.test(text) && prev && prev.p === p) {
        const joined = para.includes(prev.text + text) ? prev.text + text : `${prev.text} ${text}`;
        if (para.includes(joined)) prev.text = joined;
        continue;
      }
      const found = namesIn(text);
      const people = uniq([...found.people, ...fullNames.filter((n) => text.includes(n))]);
      const { orgs, places } = found;
      const inSentence = entities.filter((e) => text.includes(e.value));
      const quote = quotes.find(
        (q) =>
          q.paragraph === p && !q.scare && (q.text.includes(text.replace(/^[“"]|[”"]$/g, '')) || text.includes(q.text)),
      );
      // A sentence that names its own speaker before a quoted fragment ("Joanna Pryce, the MP for …, disputed that
      // account, saying the £18m had been “moved from the trust's capital budget”") is that speaker's, whoever the
      // quote alone would be given to (the paragraph's subject, probe round 8).
      const lead = /^[“"‘']/.test(text) ? undefined : reportedSource(text);
      const quoted = quote?.speaker?.kind === 'reporter' ? undefined : quote?.speaker;
      const own =
        (lead?.kind === 'named' &&
        quoted?.kind === 'named' &&
        surnameOf(lead.description) !== surnameOf(quoted.description)
          ? lead
          : quoted) ??
        reportedSource(text) ??
        surnameSpeaker(text, allPeople) ??
        pronounSpeaker(text, prev, p, allPeople);
      if (own) carried = own;
      else if (OWN_SUBJECT.test(text) || PASSIVE_REBUTTAL.test(text)) carried = undefined;
      const source = own ?? (part === 'body' ? carried : undefined);
      sentences.push({
        i: sentences.length,
        p,
        part,
        text,
        ...(source && source.kind !== 'reporter' ? { source } : {}),
        ...(quote ? { quoted: true } : {}),
        people,
        orgs,
        places,
        dates: uniq(inSentence.filter((e) => e.type === 'DATE').map((e) => e.value)),
        numbers: uniq(
          inSentence
            .filter((e) => ['CARDINAL', 'MONEY', 'PERCENT', 'DURATION', 'ORDINAL'].includes(e.type))
            .map((e) => e.value),
        ),
        quantities: quantitiesOf(text, inSentence),
        ...(chunks[k] ? { chunks: chunks[k] } : {}),
      });
      allPeople.push(...people);
      allOrgs.push(...orgs);
      allPlaces.push(...places);
      for (const name of people) {
        for (const description of descriptionsIn(name, text)) {
          descriptions.push({ name, description, sentence: sentences.length - 1 });
        }
      }
    }
  });

  const lede = ledeHolder(sentences);
  if (lede) descriptions.push(lede);

  return {
    version: ANALYSER_VERSION,
    sentences,
    quotes,
    people: uniq(allPeople),
    orgs: uniq(allOrgs),
    places: uniq(allPlaces),
    descriptions,
  };
}

/**
 * A lede naming a post and nobody: "The mayor of the Ambervale Combined Authority has been accused of …" (up to the
 * post's "of" phrase, a name in capitals).
 */
const LEDE_POST = new RegExp(
  `^(The\\s+(?:[\\p{L}’'-]+\\s+){0,4}?${ROLE_NOUN}(?:\\s+of\\s+(?:the\\s+)?\\p{Lu}[\\p{L}’'-]*(?:\\s+\\p{Lu}[\\p{L}’'-]*){0,4})?)\\s+(?:has|have|had|is|was|will|would|could|faces|faced|said|says)\\b`,
  'u',
);
/** What follows the holder's name opening the next paragraph: a who-clause or a verb, not a post of their own. */
const HOLDER_AFTER = /^(?:,\s+who\b|\s+(?:has|had|is|was|said|says|told)\b)/;

/**
 * The delayed identification of news ledes: "The mayor of the Ambervale Combined Authority has been accused of
 * keeping councillors in the dark …" and the next paragraph opening "Joanne Harrowby, who was elected in 2024 …, is
 * facing calls …". The lead names a post and no one; the paragraph after it opens with a full name the lead does not
 * give, with no post of its own: the post's holder. (Probe round 11; the reporter never writes "Harrowby, the mayor".)
 */
function ledeHolder(sentences: readonly AnalysedSentence[]): Description | undefined {
  const lead = sentences.find((x) => x.part === 'body');
  if (!lead || lead.people.length) return undefined;
  const post = LEDE_POST.exec(lead.text)?.[1];
  if (!post) return undefined;
  const next = sentences.find((x) => x.p === lead.p + 1);
  if (next?.part !== 'body') return undefined;
  const name = next.people.find((n) => next.text.startsWith(n) && n.split(/\s+/).length >= 2);
  if (!name || !HOLDER_AFTER.test(next.text.slice(name.length))) return undefined;
  if (sentences.some((x) => x.p === lead.p && x.text.includes(name))) return undefined;
  return { name, description: post.replace(/^The\b/, 'the'), sentence: next.i };
}

/** Verbs of a who-clause that say someone's post, with the post ("who chairs the forum": the chair of it). */
const POST_VERBS: Readonly<Record<string, string>> = {
  chairs: 'chair',
  leads: 'leader',
  heads: 'head',
  founded: 'founder',
  'co-founded': 'co-founder',
  manages: 'manager',
  directs: 'director',
  edits: 'editor',
  convenes: 'convenor',
};

/** Prepositions whose object a phrase before a name is, not a description of it (descriptionsIn). */
const PREPOSITION_BEFORE =
  'after|before|following|during|since|despite|over|under|at|in|on|with|without|for|by|from|of|to|into|about|against|across|through|towards|amid|among|between|behind|beyond|near|outside|inside|within|like|unlike|than|as';
/**
 * How a sentence describes a name, in the order the analyser records them: an appositive after it ("Sir Ed Davey,
 * 51, the MP for Kingston, …"), a who-clause ("Julian Smith, who was appointed Chief Whip …,"), an appointment
 * ("Rachel Ormerod … was promoted to Education Secretary"), and a role before
 * it, with a comma ("the Chancellor, Marcus Fairley,") or without ("the housing minister Philippa Marchbank").
 */
export function descriptionsIn(name: string, text: string): string[] {
  const out: string[] = [];
  const esc = escapeRegExp(name);
  // "Sir Ed Davey, 51, the MP for Kingston …," (an age may come first).
  const m = new RegExp(
    `${esc}[’']?s?,\\s+(?:\\d{1,3},\\s+)?((?:the|a|an|his|her|their|[A-Z][\\w ]{1,30}?[’']s)\\s[^,;.]{3,90}),`,
  ).exec(text);
  if (m?.[1]) out.push(m[1]);
  // "Julian Smith, who was appointed Chief Whip earlier this month," (a when-phrase is not the role).
  const w = new RegExp(
    `${esc},\\s+who\\s+(?:is|was|has been|had been|became)\\s+(?:(?:appointed|named|made|elected)\\s+(?:as\\s+)?)?((?:the\\s+)?[A-Z][^,;.“”"]{2,60}?)(?:\\s+(?:earlier|later|last|this|in|on|since|after|before|when|until)\\b[^,;.]*)?,`,
  ).exec(text);
  if (w?.[1]) out.push(w[1]);
  // "Nadia Okonjo, who chairs the forum, said …": a who-clause doing a post's work is that post ("the chair of the
  // forum").
  const does = new RegExp(
    `${esc},\\s+who\\s+(${Object.keys(POST_VERBS).join('|')})\\s+((?:the|a|an|its|his|her|their)\\s+[^,;.“”"]{2,60}?)(?:,|\\s+(?:and|said|says)\\b)`,
  ).exec(text);
  if (does?.[1] && does[2]) out.push(`the ${POST_VERBS[does[1]]} of ${does[2]}`);
  // "Rachel Ormerod, the minister for skills, was promoted to Education Secretary." (a role: capitalised, with a
  // role noun; "promoted to the backbenches" is none).
  const ap = new RegExp(
    `${esc}(?:,[^,;.“”"]{3,90},)?\\s+(?:was|has\\s+been|had\\s+been|is)\\s+(?:promoted|appointed|named|made|elected|installed)\\s+(?:to\\s+|as\\s+)?((?:the\\s+)?(?:[A-Z][\\w’'-]*\\s+){0,3}${ROLE_NOUN})\\b`,
  ).exec(text);
  if (ap?.[1]) out.push(ap[1]);
  // The other order: "the Chancellor, Marcus Fairley," / "the Conservative MP, Sir Graham Tolley,", "Its regional
  // officer, Paul Gethin, claimed", "his solicitor, Jonathan Brisk of Harcourt Lane LLP, said".
  const r = new RegExp(
    `(\\b(?:${PREPOSITION_BEFORE})\\s)?\\b((?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[A-Z][\\w-]{1,30}[’']s)\\s(?:(?!\\b(?:the|a|an|and|that|which|who|say|says|said|but|or|when|while)\\b)[^,;.“”"]){3,60}),\\s+${esc}(?:,|\\s+(?:said|says|has|had|is|was|who|stood|told|claimed|of|at|from)\\b)`,
  ).exec(text);
  // A sentence-initial determiner is not part of the role as a reply says it ("… is the Opposition spokesman").
  const lower = (d: string) => d.replace(/^(?:The|A|An|Its|His|Her|Their)\b/, (x) => x.toLowerCase());
  // The object of a preposition describes the name only when it names a post: "the finding of the Parliamentary
  // Commissioner for Standards, Katherine Osei," does; "Speaking after the declaration, Ms Raman said" does not.
  const before = r?.[2] && (!r[1] || namesPost(r[2])) ? r[2] : undefined;
  if (before) out.push(lower(before));
  else {
    // A role right before the name, no comma: "the housing minister Philippa Marchbank", "Shadow justice
    // secretary Helen Marsh", "Labour MP Jo Smith".
    const b = new RegExp(`${ROLE_BEFORE_NAME.source}\\s+${esc}\\b`).exec(text);
    if (b?.[1] && !REMOVED_BEFORE.test(text.slice(0, b.index + b[0].indexOf(b[1])))) out.push(lower(b[1]));
  }
  return out;
}
