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
import { pacer } from '../pace.js';
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
class KnownArticle implements ArticleInfo {
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
  quotes: QuoteInfo[];
  matcher: AliasMatcher;
  /**
   * MiniSearch over the sentences, for the in-memory retriever; absent when the knowledge was built for a store
   * that retrieves itself (the in-memory retriever then builds it on first use).
   */
  sentenceIndex?: MiniSearch<SentenceDoc>;
  sentenceRefs: SentenceRef[];
  /** Entity ids mentioned per sentence (same order as sentenceRefs). */
  sentenceEntities: string[][];
  claimIndex: MiniSearch<{ id: number; text: string; ents: string }>;
  /** Every content stem in the KB, to tell questions about things the KB never mentions. */
  vocabulary: Set<string>;
  /** Per article (same order as articles): the entities it is about (headline, or in many of its sentences). */
  articleTopics: Set<string>[];
  /** Each claim's searchable text (statement, topics, evidence), same order as claims. */
  claimTexts: string[];
  /** Quotes per article id. */
  quotesByArticle: Map<string, QuoteInfo[]>;
  /** Sentences mentioning each entity (document frequency of entities). */
  entityDf: Map<string, number>;
  /** Sentences containing each stem (document frequency), for term weights. */
  df: Map<string, number>;
  /**
   * Content stems of sentence `id` (position in sentenceRefs), computed from its article's analysis when asked
   * for and memoised (bounded): holding every sentence's set cost 44 MiB per 10,000 articles.
   */
  sentenceStemsOf(id: number): Set<string>;
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
  const articleById = new Map(articles.map((a) => [a.id, a]));
  const entities = new Map<string, EntityInfo>(input.entities.map((e) => [e.id, { ...e }]));
  const scenarios = new Map(input.scenarios.map((s) => [s.id, s]));

  const vocabulary = new Set<string>();
  const addVocab = (text: string) => {
    for (const w of words(text)) {
      const t = processTerm(w);
      if (t) vocabulary.add(t);
      vocabulary.add(w);
    }
  };

  const namedOf = (): Named[] => [
    ...[...entities.values()].map((e) => ({ id: e.id, type: e.type, name: e.name, aliases: e.aliases })),
    ...[...scenarios.values()].map((s) => ({ id: s.id, type: 'scenario', name: s.name, aliases: s.aliases })),
  ];
  const curatedMatcher = new AliasMatcher(namedOf());
  const autoAliases = new Set<string>();
  const autoOwner = new Map<string, string>();

  // Entities found in articles that the curated layer does not know yet (one matcher rebuild at the end).
  const peopleOfArticle: string[] = [];
  const addAuto = (name: string, type: 'person' | 'organisation' | 'place') => {
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
  };
  // Two passes over the articles, each reading an analysis once (the source may be the store, behind an LRU much
  // smaller than the knowledge base): the names found, for the entities and the matcher; then, with the matcher,
  // descriptions, quotes and sentences.
  for (const a of articles) {
    await pace();
    peopleOfArticle.length = 0;
    const found = source.names?.(a.id) ?? a.analysis;
    // Full names before title-and-surname ones, so "Mr Javid" joins "Sajid Javid" rather than the reverse.
    const titledOnly = (x: string) => HONORIFIC_SURNAME.test(x);
    for (const p of [...found.people].sort((x, y) => Number(titledOnly(x)) - Number(titledOnly(y))))
      addAuto(p, 'person');
    for (const o of found.orgs) addAuto(o, 'organisation');
    for (const p of found.places) addAuto(p, 'place');
  }
  const matcher = autoAliases.size ? new AliasMatcher(namedOf()) : curatedMatcher;
  for (const e of entities.values()) {
    await pace();
    addVocab([e.name, ...e.aliases].join(' '));
  }
  // What the KB knows about its sources is knowledge too ("the Telegraph").
  for (const a of articles) {
    await pace();
    addVocab(`${a.title} ${a.publication ?? ''}`);
  }

  // Quotes: curated first; extracted quotes add what curation does not cover.
  const quotes: QuoteInfo[] = input.quotes.map((q) => ({ ...q, curated: true }));
  const curatedFolded = new Map<string, string[]>();
  for (const q of quotes)
    curatedFolded.set(q.article, [...(curatedFolded.get(q.article) ?? []), foldWithMap(q.text).text]);
  const quoteCurated = (a: ArticleInfo, analysis: ArticleAnalysis) => {
    const known = curatedFolded.get(a.id) ?? [];
    analysis.quotes.forEach((q, i) => {
      if (q.scare) return;
      const folded = foldWithMap(q.text).text;
      if (known.some((c) => c.includes(folded) || folded.includes(c))) return;
      const speakerEntity = matcher.find(q.speaker.description).find((m) => m.type === 'person')?.id;
      quotes.push({
        id: `${a.id}#q${i}`,
        article: a.id,
        text: q.text,
        speaker: { ...q.speaker, ...(speakerEntity ? { entity: speakerEntity } : {}) },
        about: [...new Set(matcher.find(q.text).map((m) => m.id))],
        curated: false,
      });
    });
  };

  // Sentence index.
  const sentenceRefs: SentenceRef[] = [];
  const sentenceEntities: string[][] = [];
  const sentenceDocs: SentenceDoc[] = [];
  const indexing = opts.sentenceIndex ?? true;
  const df = new Map<string, number>();
  // Each sentence is tokenised once; the index, the stems, the vocabulary and the mentions share the tokens.
  const tokensOf = new Map<number, string[]>();
  const topicCounts = articles.map(() => ({ n: 0, counts: new Map<string, number>() }));
  for (const [ai, a] of articles.entries()) {
    await pace();
    const analysis = a.analysis;
    // Appositive descriptions ("Lord Adonis, the former Cabinet minister") attach to their entity.
    for (const d of analysis.descriptions) {
      const m = matcher.find(d.name).find((x) => x.type === 'person');
      const e = m && entities.get(m.id);
      if (!e) continue;
      e.found ??= [];
      e.found.push({ description: d.description, article: a.id, sentence: d.sentence });
    }
    quoteCurated(a, analysis);
    const topic = topicCounts[ai] as (typeof topicCounts)[number];
    for (const s of analysis.sentences) {
      const id = sentenceRefs.length;
      const tokens = words(s.text);
      if (indexing) tokensOf.set(id, tokens);
      const ents = [...new Set(matcher.findInWords(tokens).map((m) => m.id))];
      sentenceRefs.push({ article: ai, sentence: s.i });
      sentenceEntities.push(ents);
      if (indexing) sentenceDocs.push({ id, text: s.text, ents: ents.join(' ') });
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
  }
  const quotesByArticle = new Map<string, QuoteInfo[]>();
  for (const q of quotes) {
    const list = quotesByArticle.get(q.article);
    if (list) list.push(q);
    else quotesByArticle.set(q.article, [q]);
  }
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

  const claimIndex = new MiniSearch<{ id: number; text: string; ents: string }>({
    fields: ['text', 'ents'],
    processTerm: (term, field) => (field === 'ents' ? term : processTerm(term)),
    tokenize: (text, field) => (field === 'ents' ? text.split(' ') : words(text)),
    searchOptions: { processTerm },
  });
  const claimTexts = input.claims.map((c) =>
    [c.statement, c.topics.join(' '), ...c.evidence.map((e) => e.quote)].join(' '),
  );
  claimIndex.addAll(
    input.claims.map((c, id) => {
      const ents = [c.subject, c.object, c.role, c.of, c.scenario].filter(Boolean).join(' ');
      const text = claimTexts[id] as string;
      addVocab(text);
      return { id, text, ents };
    }),
  );

  matcher.knownWords = (w) => vocabulary.has(w);
  const entityDf = new Map<string, number>();
  for (const ents of sentenceEntities) for (const e of ents) entityDf.set(e, (entityDf.get(e) ?? 0) + 1);
  // Two generations: when the young one fills up it becomes the old one, so what is still in use survives (it
  // is promoted on its next lookup) and no lookup ever pays for rebuilding everything at once.
  let memo = new Map<string, TextInfo>();
  let oldMemo = new Map<string, TextInfo>();
  const textInfo = (text: string): TextInfo => {
    let info = memo.get(text);
    if (!info) {
      info = oldMemo.get(text);
      if (!info) {
        const tokens = words(text);
        info = { tokens, mentions: matcher.findInWords(tokens), stems: new Set(contentStems(text)) };
      }
      if (memo.size >= 25_000) {
        oldMemo = memo;
        memo = new Map();
      }
      memo.set(text, info);
    }
    return info;
  };
  // A sentence's stems as the build counted them, memoised in two generations as textInfo is.
  let stemsMemo = new Map<number, Set<string>>();
  let oldStemsMemo = new Map<number, Set<string>>();
  const sentenceStemsOf = (id: number): Set<string> => {
    let stems = stemsMemo.get(id) ?? oldStemsMemo.get(id);
    if (stems) return stems;
    stems = new Set<string>();
    const ref = sentenceRefs[id];
    const s = ref ? articles[ref.article]?.analysis.sentences[ref.sentence] : undefined;
    for (const w of s ? words(s.text) : []) {
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
  // What an article is about: named in its headline (weight 3) or in a tenth of its sentences.
  const articleTopics = topicCounts.map(
    ({ n, counts }) => new Set([...counts].filter(([, c]) => c >= Math.max(3, n * 0.1)).map(([e]) => e)),
  );
  return {
    textInfo,
    articles,
    articleById,
    entities,
    scenarios,
    claims: input.claims,
    quotes,
    matcher,
    ...(sentenceIndex ? { sentenceIndex } : {}),
    sentenceRefs,
    sentenceEntities,
    claimIndex,
    vocabulary,
    quotesByArticle,
    claimTexts,
    entityDf,
    articleTopics,
    df,
    sentenceStemsOf,
  };
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
