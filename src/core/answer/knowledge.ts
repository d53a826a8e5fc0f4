/**
 * The in-memory knowledge the engine answers from: articles with their automatic analysis, the curated layer,
 * entities (curated plus people/organisations/places found in articles), quotes (curated plus extracted),
 * the alias matcher, and full-text indexes (MiniSearch) over sentences and claims. Built once per KB version;
 * immutable afterwards.
 */
import MiniSearch from 'minisearch';
import type { Claim, Entity, Scenario } from '../kb/schema.js';
import { foldWithMap } from '../kb/text.js';
import { AliasMatcher, type Mention, type Named } from '../nlp/aliases.js';
import type { ArticleAnalysis, PartKind } from '../nlp/analyse.js';
import { contentStems, isStopword, processTerm, words } from '../nlp/terms.js';
import { FIRST_NAME_TITLE, HONORIFIC, titledSurnames, withoutTitle } from '../nlp/titles.js';
import { type Pace, pacer } from '../pace.js';
import type { Attribution } from '../reply.js';
import { type AnalysisSource, EMPTY_ANALYSIS } from './analyses.js';

export interface ArticleInfo {
  id: string;
  title: string;
  publication: string | null;
  publicationConfirmed: boolean;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  published: string;
  precision: 'day' | 'month' | 'year';
  inferred: boolean;
  url: string | null;
  author: string | null;
  origin: string;
  addedAt: string;
  /**
   * The article's automatic analysis. Read from the knowledge's AnalysisSource on each access (an LRU in front of
   * the store, or a Map): hold on to it for the length of one answer, not longer.
   */
  readonly analysis: ArticleAnalysis;
}

/** An article of the knowledge: its metadata in the heap, its analysis read from the source when asked for. */
export class KnownArticle implements ArticleInfo {
  readonly id: string;
  readonly title: string;
  readonly publication: string | null;
  readonly publicationConfirmed: boolean;
  readonly published: string;
  readonly precision: 'day' | 'month' | 'year';
  readonly inferred: boolean;
  readonly url: string | null;
  readonly author: string | null;
  readonly origin: string;
  readonly addedAt: string;

  constructor(
    meta: Omit<ArticleInfo, 'analysis'>,
    private readonly source: AnalysisSource,
  ) {
    this.id = meta.id;
    this.title = meta.title;
    this.publication = meta.publication;
    this.publicationConfirmed = meta.publicationConfirmed;
    this.published = meta.published;
    this.precision = meta.precision;
    this.inferred = meta.inferred;
    this.url = meta.url;
    this.author = meta.author;
    this.origin = meta.origin;
    this.addedAt = meta.addedAt;
  }

  get analysis(): ArticleAnalysis {
    return this.source.get(this.id) ?? EMPTY_ANALYSIS;
  }

  /** Without the analysis (and the source): an article in a log line or a JSON reply is its metadata. */
  toJSON(): Omit<ArticleInfo, 'analysis'> {
    const { source: _source, ...meta } = this;
    return meta;
  }
}

export interface EntityInfo extends Entity {
  /** Found in articles, not curated. */
  auto?: boolean;
  /** Appositive descriptions found in articles, with where. */
  found?: { description: string; article: string; sentence: number }[];
}

export interface QuoteInfo {
  id: string;
  article: string;
  text: string;
  speaker: Attribution & { entity?: string };
  about: string[];
  curated: boolean;
}

export interface SentenceRef {
  article: number;
  sentence: number;
}

/** Tokens, alias mentions and content stems of a KB text, computed once and memoised. */
export interface TextInfo {
  tokens: string[];
  mentions: Mention[];
  stems: Set<string>;
}

export interface Knowledge {
  /** Memoised analysis of texts from the KB (sentences, evidence, quotes, speaker descriptions). */
  textInfo(text: string): TextInfo;
  articles: ArticleInfo[];
  articleById: Map<string, ArticleInfo>;
  entities: Map<string, EntityInfo>;
  scenarios: Map<string, Scenario>;
  claims: Claim[];
  /** Curated quotes first, then those found in articles (in the knowledge's article order). */
  quotes: QuoteBook;
  matcher: AliasMatcher;
  /**
   * MiniSearch over the sentences, for the in-memory retriever; absent when the knowledge was built for a store
   * that retrieves itself (the in-memory retriever then builds it on first use).
   */
  sentenceIndex?: MiniSearch<SentenceDoc>;
  /** The articles' sentences, numbered article by article in the knowledge's order. */
  sentences: SentenceTable;
  /** The KB's words and content stems, with document frequencies. */
  terms: TermStats;
  claimIndex: MiniSearch<{ id: number; text: string; ents: string }>;
  /** What article `article` (its position in articles) is about: entities in its headline or many of its sentences. */
  articleTopics(article: number): Set<string> | undefined;
  /** Each claim's searchable text (statement, topics, evidence), same order as claims. */
  claimTexts: string[];
  /**
   * Content stems of sentence `id`, computed from its article's analysis when asked for and memoised (bounded):
   * holding every sentence's set cost 44 MiB per 10,000 articles.
   */
  sentenceStemsOf(id: number): Set<string>;
  /**
   * The descriptions found for entities ("the Transport Secretary") holding every one of the words, each with its
   * entity and its words (descriptionWords), in the entities' order and, per entity, the order found; none for no
   * words.
   */
  descriptions(words: string[]): Described[];
  /** Whether an article describes the entity (without reading its descriptions). */
  isDescribed(entity: string): boolean;
}

/** A description found for an entity, with its words as descriptionWords gives them. */
export interface Described {
  entity: string;
  found: NonNullable<EntityInfo['found']>[number];
  words: string[];
}

/** A description's words, less the articles ("the", "a", "an") and possessive "s". */
export function descriptionWords(description: string): string[] {
  return words(description).filter((x) => !['the', 'a', 'an', 's'].includes(x));
}

/**
 * The knowledge's sentences. Ids run article by article in the knowledge's order (published, id), each
 * article's sentences in their analysis order, so sentence `first(a) + i` is sentence i of article a. Held in
 * the heap (arrays) or read from the store on demand: nothing here is meant to be walked whole on a large KB.
 */
export interface SentenceTable {
  readonly count: number;
  ref(id: number): SentenceRef | undefined;
  /** Entity ids the sentence names (not to be changed). */
  entities(id: number): string[];
  /** Id of article `article`'s first sentence (-1 when it has none). */
  first(article: number): number;
  /** Ids of the sentences naming the entity, in id order, at most `limit`. */
  naming(entity: string, limit?: number): number[];
  /** How many sentences name the entity (its document frequency). */
  entityDf(entity: string): number;
}

/** Every word and content stem in the KB (sentences, entity names, titles, claims), to tell unknown words. */
export interface TermStats {
  /** Sentences holding the content stem. */
  df(stem: string): number;
  /** Is the word or stem anywhere in the KB? */
  has(word: string): boolean;
  /** The KB's words and stems of `length` ± `slack` characters starting with `initial`, for typo correction. */
  near(initial: string, length: number, slack: number): Iterable<string>;
}

/** The quotes of the knowledge: curated ones first, then those found in articles, each list in that order. */
export interface QuoteBook {
  readonly size: number;
  /**
   * Every quote, in order; with `latest`, only the last that many. Unbounded, a store-backed knowledge reads them
   * all (and keeps them): for small KBs only.
   */
  all(latest?: number): readonly QuoteInfo[];
  ofArticle(articleId: string): readonly QuoteInfo[];
  /**
   * Quotes whose speaker is, names or speaks for `key`: an entity id named in the speaker's description or
   * linked to it, or 'spokesman' for every spokesman's quote. With `latest`, only the last that many (in order).
   */
  bySpeaker(key: string, latest?: number): readonly QuoteInfo[];
  /** Quotes whose text names the entity; with `latest`, only the last that many (in order). */
  about(entity: string, latest?: number): readonly QuoteInfo[];
  /**
   * The distinct speaker descriptions of the quotes filed under `key` (see bySpeaker) — every curated one and the
   * latest `within` found ones — in order, at most `limit`.
   */
  speakers(key: string, limit: number, within: number): string[];
}

/** A sentence as the in-memory index holds it: its id (position in sentenceRefs), text and entity ids. */
export interface SentenceDoc {
  id: number;
  text: string;
  ents: string;
}

export interface KnowledgeInput {
  articles: Omit<ArticleInfo, 'analysis'>[];
  /** A Map (every analysis in the heap) or an AnalysisLru over the store. */
  analyses: AnalysisSource;
  entities: Entity[];
  scenarios: Scenario[];
  claims: Claim[];
  quotes: {
    id: string;
    article: string;
    text: string;
    speaker: { kind: 'named' | 'anonymous' | 'spokesman'; description: string; entity?: string };
    about: string[];
  }[];
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Words that are also surnames but mostly something else in running text (months, modal verbs). */
const COMMON_SURNAME_WORDS = new Set(
  'january february march april may june july august september october november december might will can must shall would could should'.split(
    ' ',
  ),
);

/** Lower-case words that do belong inside names ("Ursula von der Leyen", "Charles de Gaulle"). */
const NAME_PARTICLES = new Set([
  'de',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'du',
  'da',
  'di',
  'bin',
  'al',
  'el',
  'ap',
]);

/** A name has no common lower-case words in it ("Sir Ed claim Sir Vince" is not a name). */
export function looksLikePersonName(name: string): boolean {
  return !name.split(' ').some((w) => /^[a-z]/.test(w) && !NAME_PARTICLES.has(w));
}

/**
 * Sentences whose stems are memoised per generation: an ask re-scores at most a few hundred sentences (its
 * candidates and their neighbours), so this holds those of the last hundred-odd questions, a few MiB.
 */
const SENTENCE_STEMS_MEMO = 25_000;

/** Texts whose tokens and mentions are memoised per generation (sentences, quotes and evidence of recent asks). */
const TEXT_INFO_MEMO = 25_000;

const FIRST_NAME_ONLY = new RegExp(`^${FIRST_NAME_TITLE}\\s+([A-Z][\\w’'-]+)$`);
const HONORIFIC_SURNAME = new RegExp(`^${HONORIFIC}\\s+\\S+$`);

/**
 * Build the in-memory knowledge. Cut into slices of `sliceMs` (see pace.ts) so a reload of a large KB does not
 * stop the bot from serving while it runs.
 */
export async function buildKnowledge(
  input: KnowledgeInput,
  opts: { sliceMs?: number; sentenceIndex?: boolean } = {},
): Promise<Knowledge> {
  const pace = pacer(opts.sliceMs);
  const source = input.analyses;
  const articles: ArticleInfo[] = input.articles
    .filter((a) => source.has(a.id))
    .map((a) => new KnownArticle(a, source));
  const b = new Builder(
    input.claims,
    new Map<string, EntityInfo>(input.entities.map((e) => [e.id, { ...e }])),
    new Map(input.scenarios.map((s) => [s.id, s])),
  );
  b.curatedMatcher = new AliasMatcher(b.namedOf());
  b.matcher = b.curatedMatcher;
  // Two passes over the articles, each reading an analysis once (the source may be the store, behind an LRU much
  // smaller than the knowledge base): the names found, for the entities and the matcher; then, with the matcher,
  // descriptions, quotes and sentences.
  await b.namesOf(articles, source, pace);
  if (b.autoAliases.size) b.matcher = new AliasMatcher(b.namedOf());
  for (const e of b.entities.values()) {
    await pace();
    b.addVocab([e.name, ...e.aliases].join(' '));
  }
  // What the KB knows about its sources is knowledge too ("the Telegraph").
  for (const a of articles) {
    await pace();
    b.addVocab(`${a.title} ${a.publication ?? ''}`);
  }
  // Quotes: curated first; extracted quotes add what curation does not cover.
  b.quotes = input.quotes.map((q) => ({ ...q, curated: true }));
  for (const q of b.quotes)
    b.curatedFolded.set(q.article, [...(b.curatedFolded.get(q.article) ?? []), foldWithMap(q.text).text]);

  const indexing = opts.sentenceIndex ?? true;
  // Each sentence is tokenised once; the index, the stems, the vocabulary and the mentions share the tokens.
  const tokensOf = new Map<number, string[]>();
  const sentenceDocs: SentenceDoc[] = [];
  await b.bodiesOf(articles, pace, indexing ? { tokensOf, docs: sentenceDocs } : undefined);
  let sentenceIndex: MiniSearch<SentenceDoc> | undefined;
  if (indexing) {
    // Documents are added in id order, text field first: reuse the tokens computed above.
    let next = 0;
    sentenceIndex = newSentenceIndex((text) => tokensOf.get(next++) ?? words(text));
    for (let i = 0; i < sentenceDocs.length; i += 100) {
      await pace();
      sentenceIndex.addAll(sentenceDocs.slice(i, i + 100));
    }
  }
  tokensOf.clear();

  const { claimIndex, claimTexts } = claimIndexOf(input.claims);
  for (const text of claimTexts) b.addVocab(text);
  return b.knowledge(articles, { claimIndex, claimTexts, ...(sentenceIndex ? { sentenceIndex } : {}) });
}

/** The curated claims' searchable texts (statement, topics, evidence) and their index. */
export function claimIndexOf(claims: Claim[]): Pick<Knowledge, 'claimIndex' | 'claimTexts'> {
  const claimIndex = new MiniSearch<{ id: number; text: string; ents: string }>({
    fields: ['text', 'ents'],
    processTerm: (term, field) => (field === 'ents' ? term : processTerm(term)),
    tokenize: (text, field) => (field === 'ents' ? text.split(' ') : words(text)),
    searchOptions: { processTerm },
  });
  const claimTexts = claims.map((c) => [c.statement, c.topics.join(' '), ...c.evidence.map((e) => e.quote)].join(' '));
  claimIndex.addAll(
    claims.map((c, id) => {
      const ents = [c.subject, c.object, c.role, c.of, c.scenario].filter(Boolean).join(' ');
      return { id, text: claimTexts[id] as string, ents };
    }),
  );
  return { claimIndex, claimTexts };
}

/** The curated layer of a knowledge base: what its kb/ files say, apart from the articles. */
export type CuratedLayer = Pick<KnowledgeInput, 'entities' | 'scenarios' | 'claims' | 'quotes'>;

/** An entity found in articles, as the derivation keeps it between batches (found descriptions apart). */
export interface AutoEntity {
  id: string;
  type: 'person' | 'organisation' | 'place';
  name: string;
  aliases: string[];
}

/** What deriving needs from earlier batches: the entities found so far and every name filed for them. */
export interface DerivedState {
  /** In the order found. */
  auto: AutoEntity[];
  /** Name keys (words joined by spaces) filed so far, with the entity a bare surname of that key joins. */
  names: { key: string; owner: string | null }[];
}

/** An article as derived: its sentences' entities and what it is about. */
export interface DerivedArticle {
  id: string;
  ents: string[][];
  topics: string[];
}

/** What deriving a batch of articles adds to the derived knowledge (kept in the store: src/store/derived.ts). */
export interface DerivedBatch {
  articles: DerivedArticle[];
  /** Quotes found in the batch's articles (curated ones excepted), in order, with the keys they are filed by. */
  quotes: { quote: QuoteInfo; speakerKeys: string[] }[];
  /** Appositive descriptions found, per entity in the order found. */
  found: { entity: string; article: string; sentence: number; description: string }[];
  /** Entities found in articles that are new in this batch (in the order found) or gained aliases. */
  entities: AutoEntity[];
  /** Name keys new in this batch or whose owner changed. */
  names: { key: string; owner: string | null }[];
  /** Words and stems of the batch's titles and publications (vocabulary). */
  titleTerms: string[];
  /** The batch's title and sentence words and stems in the order a build adds them to its vocabulary. */
  vocabulary: string[];
}

/**
 * Derive a batch of articles on top of the state earlier batches left (issue #12): exactly what buildKnowledge
 * does for articles processed after the earlier ones — names first (new entities and aliases), then, with the
 * matcher that knows them, descriptions, quotes, sentence entities and topics — returned as rows to keep rather
 * than as a knowledge. A full build is the derivation of every article in one batch from an empty state.
 * What came before is not revisited: an earlier sentence naming an entity first found in this batch is not linked
 * to it (a full derivation, after a change to the curated layer, links it).
 */
export async function deriveArticles(
  curated: CuratedLayer,
  state: DerivedState,
  articles: Omit<ArticleInfo, 'analysis'>[],
  source: AnalysisSource,
  opts: { sliceMs?: number } = {},
): Promise<DerivedBatch> {
  const pace = pacer(opts.sliceMs);
  const fresh = articles.filter((a) => source.has(a.id)).map((a) => new KnownArticle(a, source));
  const b = new Builder(
    curated.claims,
    new Map<string, EntityInfo>(curated.entities.map((e) => [e.id, { ...e }])),
    new Map(curated.scenarios.map((sc) => [sc.id, sc])),
  );
  b.curatedMatcher = new AliasMatcher(b.namedOf());
  for (const e of state.auto) b.entities.set(e.id, { ...e, aliases: [...e.aliases], auto: true });
  for (const n of state.names) {
    b.autoAliases.add(n.key);
    if (n.owner) b.autoOwner.set(n.key, n.owner);
  }
  const aliasesBefore = new Map(state.auto.map((e) => [e.id, e.aliases.length]));
  const ownersBefore = new Map(state.names.map((n) => [n.key, n.owner]));
  b.matcher = b.curatedMatcher;
  await b.namesOf(fresh, source, pace);
  b.matcher = new AliasMatcher(b.namedOf());
  b.quotes = curated.quotes.map((q) => ({ ...q, curated: true }));
  for (const q of b.quotes)
    b.curatedFolded.set(q.article, [...(b.curatedFolded.get(q.article) ?? []), foldWithMap(q.text).text]);
  const curatedCount = b.quotes.length;
  // As a build does: titles and publications first, then the sentences (the vocabulary's order). The vocabulary
  // starts empty here, so what it holds before the sentences are read is the titles' words and stems.
  for (const a of fresh) b.addVocab(`${a.title} ${a.publication ?? ''}`);
  const titleTerms = [...b.vocabulary];
  await b.bodiesOf(fresh, pace);
  const ents: string[][][] = fresh.map(() => []);
  b.sentenceRefs.forEach((ref, i) => {
    (ents[ref.article] as string[][])[ref.sentence] = b.sentenceEntities[i] ?? [];
  });
  const textInfo = textInfoMemo(b.matcher);
  return {
    articles: fresh.map((a, i) => ({
      id: a.id,
      ents: Array.from(ents[i] as string[][], (x) => x ?? []),
      topics: [...(b.articleTopics[i] ?? [])],
    })),
    quotes: b.quotes.slice(curatedCount).map((quote) => ({ quote, speakerKeys: [...speakerKeys(quote, textInfo)] })),
    found: [...b.entities.values()].flatMap((e) =>
      (e.found ?? []).map((f) => ({
        entity: e.id,
        article: f.article,
        sentence: f.sentence,
        description: f.description,
      })),
    ),
    entities: [...b.entities.values()]
      .filter((e) => e.auto && (aliasesBefore.get(e.id) ?? -1) !== e.aliases.length)
      .map((e) => ({ id: e.id, type: e.type as AutoEntity['type'], name: e.name, aliases: e.aliases })),
    names: [...b.autoAliases]
      .map((key) => ({ key, owner: b.autoOwner.get(key) ?? null }))
      .filter((n) => !ownersBefore.has(n.key) || ownersBefore.get(n.key) !== n.owner),
    titleTerms,
    vocabulary: [...b.vocabulary],
  };
}

/** The state of a build: everything the passes over the articles add to. */
class Builder {
  curatedMatcher!: AliasMatcher;
  matcher!: AliasMatcher;
  autoAliases = new Set<string>();
  autoOwner = new Map<string, string>();
  vocabulary = new Set<string>();
  df = new Map<string, number>();
  /** Sentences naming each entity. */
  entityDf = new Map<string, number>();
  quotes: QuoteInfo[] = [];
  curatedFolded = new Map<string, string[]>();
  sentenceRefs: SentenceRef[] = [];
  sentenceEntities: string[][] = [];
  articleTopics: Set<string>[] = [];
  private readonly peopleOfArticle: string[] = [];

  constructor(
    readonly claims: Claim[],
    readonly entities: Map<string, EntityInfo>,
    readonly scenarios: Map<string, Scenario>,
  ) {}

  namedOf(): Named[] {
    return [
      ...[...this.entities.values()].map((e) => ({ id: e.id, type: e.type, name: e.name, aliases: e.aliases })),
      ...[...this.scenarios.values()].map((s) => ({ id: s.id, type: 'scenario', name: s.name, aliases: s.aliases })),
    ];
  }

  addVocab(text: string): void {
    for (const w of words(text)) {
      const t = processTerm(w);
      if (t) this.vocabulary.add(t);
      this.vocabulary.add(w);
    }
  }

  /** First pass: entities found in articles that the curated layer does not know yet. */
  async namesOf(articles: ArticleInfo[], source: AnalysisSource, pace: Pace): Promise<void> {
    for (const a of articles) {
      await pace();
      this.peopleOfArticle.length = 0;
      const found = source.names?.(a.id) ?? a.analysis;
      // Full names before title-and-surname ones, so "Mr Javid" joins "Sajid Javid" rather than the reverse.
      const titledOnly = (x: string) => HONORIFIC_SURNAME.test(x);
      for (const p of [...found.people].sort((x, y) => Number(titledOnly(x)) - Number(titledOnly(y))))
        this.addAuto(p, 'person');
      for (const o of found.orgs) this.addAuto(o, 'organisation');
      for (const p of found.places) this.addAuto(p, 'place');
    }
  }

  private addAuto(name: string, type: 'person' | 'organisation' | 'place'): void {
    const { entities, autoAliases, autoOwner, curatedMatcher, peopleOfArticle } = this;
    const clean = name.replace(/\s+/g, ' ').trim();
    const tokens = words(clean);
    if (tokens.length < (type === 'person' ? 2 : 1) || clean.length < 3) return;
    // A name has no common words in it: "Sir Ed claim Sir Vince" is two people and a verb, not a person.
    if (type === 'person' && !looksLikePersonName(clean)) return;
    const key = tokens.join(' ');
    if (autoAliases.has(key)) return;
    // "Dr Sorensen" after "Dr Anika Sorensen": another name for the same person, not a new one.
    if (type === 'person') {
      // Only a bare surname (with or without a title) joins an earlier full name: "Leila Underwood" is not
      // "Amelia Underwood", nor David Miliband Ed.
      const bare = withoutTitle(clean);
      const owner = bare.includes(' ') ? undefined : autoOwner.get(words(bare).join(' '));
      const e = owner ? entities.get(owner) : undefined;
      if (e && e.type === 'person') {
        e.aliases = [...e.aliases, clean];
        autoAliases.add(key);
        return;
      }
      // "Sir Ed" after "Sir Ed Davey" in the same article: a title and a first name, the same person.
      const first = FIRST_NAME_ONLY.exec(clean)?.[1];
      const full = first
        ? peopleOfArticle
            .map((id) => entities.get(id))
            .find((x) => (x ? withoutTitle(x.name) : '').startsWith(`${first} `))
        : undefined;
      if (full) {
        full.aliases = [...full.aliases, clean];
        autoAliases.add(key);
        return;
      }
    }
    const found = curatedMatcher.findInWords(tokens);
    if (found.some((m) => m.end - m.start === tokens.length && m.type !== 'role')) return;
    const id = `auto-${slug(clean)}`;
    if (entities.has(id)) return;
    const aliases: string[] = [];
    if (type === 'person') {
      const bare = withoutTitle(clean);
      const surname = bare.split(' ').pop() as string;
      if (bare !== clean) aliases.push(bare);
      const sk = words(surname).join(' ');
      // A surname that is also a common word ("May": the month, the modal verb) is only an alias with a title.
      const commonWord = isStopword(sk) || COMMON_SURNAME_WORDS.has(sk);
      if (commonWord) aliases.push(...titledSurnames(surname));
      else if (surname && surname !== clean && !curatedMatcher.find(surname).length && !autoAliases.has(sk)) {
        aliases.push(surname, ...titledSurnames(surname));
      }
    }
    for (const al of [clean, ...aliases]) {
      autoAliases.add(words(al).join(' '));
      autoOwner.set(words(al).join(' '), id);
    }
    entities.set(id, { id, type, name: clean, aliases, auto: true });
    if (type === 'person') peopleOfArticle.push(id);
  }

  /**
   * Second pass, with the matcher: descriptions, quotes and sentences of `articles`, which are numbered from
   * `offset` in the knowledge's articles.
   */
  async bodiesOf(
    articles: ArticleInfo[],
    pace: Pace,
    index?: { tokensOf: Map<number, string[]>; docs: SentenceDoc[] },
    offset = 0,
  ): Promise<void> {
    const { matcher, entities, vocabulary, df, entityDf, sentenceRefs, sentenceEntities } = this;
    for (const [i, a] of articles.entries()) {
      await pace();
      const ai = offset + i;
      const analysis = a.analysis;
      // Appositive descriptions ("Lord Adonis, the former Cabinet minister") attach to their entity.
      for (const d of analysis.descriptions) {
        const m = matcher.find(d.name).find((x) => x.type === 'person');
        const e = m && entities.get(m.id);
        if (!e) continue;
        e.found ??= [];
        e.found.push({ description: d.description, article: a.id, sentence: d.sentence });
      }
      this.quotesOf(a, analysis);
      const topic = { n: 0, counts: new Map<string, number>() };
      for (const s of analysis.sentences) {
        const id = sentenceRefs.length;
        const tokens = words(s.text);
        index?.tokensOf.set(id, tokens);
        const ents = [...new Set(matcher.findInWords(tokens).map((m) => m.id))];
        sentenceRefs.push({ article: ai, sentence: s.i });
        sentenceEntities.push(ents);
        for (const e of ents) entityDf.set(e, (entityDf.get(e) ?? 0) + 1);
        index?.docs.push({ id, text: s.text, ents: ents.join(' ') });
        const stems = new Set<string>();
        for (const w of tokens) {
          vocabulary.add(w);
          const t = processTerm(w);
          if (t) {
            stems.add(t);
            vocabulary.add(t);
          }
        }
        for (const t of stems) df.set(t, (df.get(t) ?? 0) + 1);
        topic.n++;
        // Headlines, standfirsts and captions weigh three sentences (the analysis numbers sentences by position).
        const numbered = analysis.sentences[s.i];
        const weight = numbered && numbered.part !== 'body' ? 3 : 1;
        for (const e of ents) topic.counts.set(e, (topic.counts.get(e) ?? 0) + weight);
      }
      // What an article is about: named in its headline (weight 3) or in a tenth of its sentences.
      this.articleTopics[ai] = new Set(
        [...topic.counts].filter(([, c]) => c >= Math.max(3, topic.n * 0.1)).map(([e]) => e),
      );
    }
  }

  private quotesOf(a: ArticleInfo, analysis: ArticleAnalysis): void {
    const { matcher } = this;
    const known = this.curatedFolded.get(a.id) ?? [];
    analysis.quotes.forEach((q, i) => {
      if (q.scare) return;
      const folded = foldWithMap(q.text).text;
      if (known.some((c) => c.includes(folded) || folded.includes(c))) return;
      const speakerEntity = matcher.find(q.speaker.description).find((m) => m.type === 'person')?.id;
      this.quotes.push({
        id: `${a.id}#q${i}`,
        article: a.id,
        text: q.text,
        speaker: { ...q.speaker, ...(speakerEntity ? { entity: speakerEntity } : {}) },
        about: [...new Set(matcher.find(q.text).map((m) => m.id))],
        curated: false,
      });
    });
  }

  /** The finished knowledge over `articles`. */
  knowledge(articles: ArticleInfo[], rest: Pick<Knowledge, 'claimIndex' | 'claimTexts' | 'sentenceIndex'>): Knowledge {
    const { matcher, vocabulary, sentenceRefs, sentenceEntities, entityDf, df, articleTopics } = this;
    matcher.knownWords = (w) => vocabulary.has(w);
    const textInfo = textInfoMemo(matcher);
    const firsts = new Int32Array(articles.length).fill(-1);
    sentenceRefs.forEach((ref, i) => {
      if (firsts[ref.article] === -1) firsts[ref.article] = i;
    });
    let postings: Map<string, number[]> | undefined;
    const sentences: SentenceTable = {
      count: sentenceRefs.length,
      ref: (id) => sentenceRefs[id],
      entities: (id) => sentenceEntities[id] ?? [],
      first: (article) => firsts[article] ?? -1,
      naming: (entity, limit = Number.POSITIVE_INFINITY) => {
        if (!postings) {
          postings = new Map();
          for (const [i, ents] of sentenceEntities.entries()) {
            for (const e of ents) {
              const list = postings.get(e);
              if (list) list.push(i);
              else postings.set(e, [i]);
            }
          }
        }
        const list = postings.get(entity) ?? [];
        return list.length > limit ? list.slice(0, limit) : list;
      },
      entityDf: (entity) => entityDf.get(entity) ?? 0,
    };
    const terms: TermStats = {
      df: (t) => df.get(t) ?? 0,
      has: (w) => vocabulary.has(w),
      *near(initial, length, slack) {
        for (const v of vocabulary) if (v[0] === initial && Math.abs(v.length - length) <= slack) yield v;
      },
    };
    let described: Map<string, Described[]> | undefined;
    const k: Knowledge = {
      isDescribed: (entity) => Boolean(this.entities.get(entity)?.found?.length),
      descriptions: (words) => {
        if (!described) {
          const found = [...this.entities.values()].flatMap((e) =>
            (e.found ?? []).map((f) => ({ entity: e.id, found: f, words: descriptionWords(f.description) })),
          );
          described = groupBy(found, (d) => new Set(d.words));
        }
        const index = described;
        // The shortest list of one word, filtered by the rest.
        const lists = words.map((w) => index.get(w) ?? []);
        const shortest = lists.reduce<Described[] | undefined>(
          (a, b) => (a && a.length <= b.length ? a : b),
          undefined,
        );
        return (shortest ?? []).filter((d) => words.every((w) => d.words.includes(w)));
      },
      textInfo,
      articles,
      articleById: new Map(articles.map((a) => [a.id, a])),
      entities: this.entities,
      scenarios: this.scenarios,
      claims: this.claims,
      quotes: new QuoteList(this.quotes, textInfo),
      matcher,
      ...(rest.sentenceIndex ? { sentenceIndex: rest.sentenceIndex } : {}),
      sentences,
      terms,
      claimIndex: rest.claimIndex,
      articleTopics: (article) => articleTopics[article],
      claimTexts: rest.claimTexts,
      sentenceStemsOf: sentenceStemsMemo((id) => {
        const ref = sentenceRefs[id];
        return ref ? articles[ref.article]?.analysis.sentences[ref.sentence]?.text : undefined;
      }),
    };
    return k;
  }
}

/**
 * Tokens, mentions and stems of KB texts, memoised in two generations: when the young one fills up it becomes
 * the old one, so what is still in use survives (it is promoted on its next lookup) and no lookup ever pays for
 * rebuilding everything at once.
 */
export function textInfoMemo(matcher: AliasMatcher): (text: string) => TextInfo {
  let memo = new Map<string, TextInfo>();
  let oldMemo = new Map<string, TextInfo>();
  return (text: string): TextInfo => {
    let info = memo.get(text);
    if (!info) {
      info = oldMemo.get(text);
      if (!info) {
        const tokens = words(text);
        info = { tokens, mentions: matcher.findInWords(tokens), stems: new Set(contentStems(text)) };
      }
      if (memo.size >= TEXT_INFO_MEMO) {
        oldMemo = memo;
        memo = new Map();
      }
      memo.set(text, info);
    }
    return info;
  };
}

/** A sentence's stems as the build counts them (processTerm over its words), memoised in two generations. */
export function sentenceStemsMemo(textOf: (id: number) => string | undefined): (id: number) => Set<string> {
  let stemsMemo = new Map<number, Set<string>>();
  let oldStemsMemo = new Map<number, Set<string>>();
  return (id: number): Set<string> => {
    let stems = stemsMemo.get(id) ?? oldStemsMemo.get(id);
    if (stems) return stems;
    stems = new Set<string>();
    const text = textOf(id);
    for (const w of text ? words(text) : []) {
      const t = processTerm(w);
      if (t) stems.add(t);
    }
    if (stemsMemo.size >= SENTENCE_STEMS_MEMO) {
      oldStemsMemo = stemsMemo;
      stemsMemo = new Map();
    }
    stemsMemo.set(id, stems);
    return stems;
  };
}

/** The entity ids a quote's speaker is filed under (see QuoteBook.bySpeaker). */
export function speakerKeys(quote: QuoteInfo, textInfo: (text: string) => TextInfo): Set<string> {
  const ids = new Set(textInfo(quote.speaker.description).mentions.map((m) => m.id));
  if (quote.speaker.entity) ids.add(quote.speaker.entity);
  if (quote.speaker.kind === 'spokesman') ids.add('spokesman');
  return ids;
}

/** Quotes held in the heap, in the order given (curated first, then found), indexed on first use. */
export function quoteBookOf(quotes: QuoteInfo[], textInfo: (text: string) => TextInfo): QuoteBook {
  return new QuoteList(quotes, textInfo);
}

/** The quotes held in the heap, with their speaker and topic indexes built on first use. */
class QuoteList implements QuoteBook {
  private bySpeakerKey?: Map<string, QuoteInfo[]>;
  private topics?: Map<string, QuoteInfo[]>;
  private articles?: Map<string, QuoteInfo[]>;

  constructor(
    private readonly list: QuoteInfo[],
    private readonly textInfo: (text: string) => TextInfo,
  ) {}

  get size(): number {
    return this.list.length;
  }

  all(latest?: number): readonly QuoteInfo[] {
    return lastOf(this.list, latest);
  }

  ofArticle(articleId: string): readonly QuoteInfo[] {
    this.articles ??= groupBy(this.list, (q) => [q.article]);
    return this.articles.get(articleId) ?? [];
  }

  bySpeaker(key: string, latest?: number): readonly QuoteInfo[] {
    this.bySpeakerKey ??= groupBy(this.list, (q) => speakerKeys(q, this.textInfo));
    return lastOf(this.bySpeakerKey.get(key) ?? [], latest);
  }

  about(entity: string, latest?: number): readonly QuoteInfo[] {
    this.topics ??= groupBy(this.list, (q) => new Set(q.about));
    return lastOf(this.topics.get(entity) ?? [], latest);
  }

  speakers(key: string, limit: number, within: number): string[] {
    const list = this.bySpeaker(key);
    const quotes = [
      ...list.filter((q) => q.curated),
      ...lastOf(
        list.filter((q) => !q.curated),
        within,
      ),
    ];
    return [...new Set(quotes.map((q) => q.speaker.description))].slice(0, limit);
  }
}

/** The last `latest` items, in order (all of them without a bound). */
export function lastOf<T>(items: readonly T[], latest: number | undefined): readonly T[] {
  return latest !== undefined && items.length > latest ? items.slice(items.length - latest) : items;
}

/**
 * Items filed under each of their keys, each list in the items' order. Appended in place: copying a list per item
 * made this quadratic (minutes at 100,000 articles, where "spokesman" alone holds tens of thousands of quotes).
 */
function groupBy<T>(items: readonly T[], keysOf: (item: T) => Iterable<string>): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const list = index.get(key);
      if (list) list.push(item);
      else index.set(key, [item]);
    }
  }
  return index;
}

/** An empty sentence index; `tokenizeText` splits a sentence's text (default: words()). */
export function newSentenceIndex(tokenizeText: (text: string) => string[] = words): MiniSearch<SentenceDoc> {
  return new MiniSearch<SentenceDoc>({
    fields: ['text', 'ents'],
    // Entity ids are indexed as they are: stemming "auto-sir-vince-cable" would make it unfindable.
    processTerm: (term, field) => (field === 'ents' ? term : processTerm(term)),
    tokenize: (text, field) => (field === 'ents' ? text.split(' ') : tokenizeText(text)),
    searchOptions: { processTerm },
  });
}

export type { PartKind };
