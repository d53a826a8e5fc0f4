/**
 * The knowledge over derived rows kept in the store (issue #12): what buildKnowledge computes from every analysis
 * at each start — entities found in articles, each sentence's entities, what each article is about, quotes,
 * descriptions, the vocabulary and document frequencies — read on demand from the store instead, through bounded
 * caches. The process holds the curated layer, the entities and their matcher, and one small record per article
 * (its metadata and sentence count); nothing per sentence or per quote. The core never sees the store: it is
 * handed a synchronous DerivedReader (src/store/derived.ts, better-sqlite3).
 */
import { AliasMatcher } from '../nlp/aliases.js';
import { processTerm, words } from '../nlp/terms.js';
import type { AnalysisSource } from './analyses.js';
import {
  type ArticleInfo,
  type AutoEntity,
  type CuratedLayer,
  claimIndexOf,
  type Described,
  descriptionWords,
  type EntityInfo,
  type Knowledge,
  KnownArticle,
  lastOf,
  type QuoteBook,
  type QuoteInfo,
  quoteBookOf,
  type SentenceRef,
  type SentenceTable,
  sentenceStemsMemo,
  type TermStats,
  textInfoMemo,
} from './knowledge.js';

/** A description found for an entity, where (article, sentence) and in what order (seq, i) it was found. */
export interface DescribedRow {
  entity: string;
  description: string;
  article: string;
  sentence: number;
  seq: number;
  i: number;
}

/** What the store-backed knowledge reads, synchronously. */
export interface DerivedReader {
  /** The derived articles' ids in the knowledge's order, with how many sentences each has. */
  articles(): { id: string; sentences: number }[];
  /** A derived article's metadata. */
  articleMeta(articleId: string): Omit<ArticleInfo, 'analysis'> | undefined;
  autoEntities(): AutoEntity[];
  /** A derived article's sentence entities (one list per sentence) and topics. */
  article(articleId: string): { ents: string[][]; topics: string[] } | undefined;
  /** Sentences naming the entity, over every derived article. */
  entityDf(entity: string): number;
  /** Ids of the derived articles naming the entity, in the knowledge's order (read as far as iterated). */
  articlesNaming(entity: string): Iterable<string>;
  /** Sentences holding the stem. */
  termDf(stem: string): number;
  /** Is the word or stem in an indexed sentence or a derived article's title? */
  hasTerm(word: string): boolean;
  /** Words and stems of length ± slack starting with `initial`, in the order first seen (see kb_vocab_order). */
  termsNear(initial: string, length: number, slack: number): string[];
  /** Descriptions holding every one of the words (as descriptionWords splits them), any order. */
  describedAs(words: string[]): DescribedRow[];
  /**
   * Distinct speaker descriptions of the latest `within` found quotes filed under the key, in the knowledge's
   * order, at most `limit`.
   */
  speakers(key: string, limit: number, within: number): string[];
  /** Descriptions found for the entity, in the knowledge's order, at most `limit`. */
  found(entity: string, limit: number): NonNullable<EntityInfo['found']>;
  quoteCount(): number;
  /**
   * Found quotes in the knowledge's order: all, of an article, or filed under a key ('s' speaker, 'a' about) —
   * with `latest`, only the last that many.
   */
  quotes(
    filter?: { article: string } | { kind: 's' | 'a'; key: string; latest?: number } | { latest: number },
  ): QuoteInfo[];
}

/**
 * Derived articles whose sentence entities and topics are held at once: an ask reads those of its candidate
 * sentences' articles (a few dozen), so this keeps those of the last hundred-odd questions, a few MiB.
 */
const ARTICLE_ROWS_CACHE = 2000;

/** Entities whose descriptions are held at once (those of recent "who is" answers and profiles). */
const ENTITIES_DESCRIBED_CACHE = 2000;

/**
 * Descriptions read per entity. A "who is" answer and a profile use the first few; an entity described in every
 * one of 100,000 articles would otherwise cost a 100,000-row read.
 */
const FOUND_PER_ENTITY = 200;

/** Terms whose frequency and presence are remembered (the words of recent questions and their synonyms). */
const TERM_MEMO = 50_000;

/** Role phrases whose descriptions are remembered ("mayor of exeter": those of recent "who is the …" questions). */
const DESCRIBED_PHRASES_MEMO = 1000;

export function storedKnowledge(curated: CuratedLayer, reader: DerivedReader, source: AnalysisSource): Knowledge {
  const rows = reader.articles();
  const articles: ArticleInfo[] = rows.map((r) => new StoredArticle(r.id, reader, source));
  const articleIndex = new Map(articles.map((a, i) => [a.id, i]));
  // Sentence ids: article by article, so a prefix sum of the sentence counts places every sentence.
  const firsts = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => {
    firsts[i + 1] = (firsts[i] as number) + r.sentences;
  });
  const count = firsts[rows.length] as number;

  const entities = new Map<string, EntityInfo>();
  const described = lru<string, EntityInfo['found']>(ENTITIES_DESCRIBED_CACHE);
  const withFound = (e: EntityInfo): EntityInfo => {
    Object.defineProperty(e, 'found', {
      enumerable: true,
      get: () => {
        if (!described.has(e.id)) {
          const found = reader.found(e.id, FOUND_PER_ENTITY);
          described.set(e.id, found.length ? found : undefined);
        }
        return described.get(e.id);
      },
    });
    return e;
  };
  for (const e of curated.entities) entities.set(e.id, withFound({ ...e }));
  for (const e of reader.autoEntities()) entities.set(e.id, withFound({ ...e, auto: true }));
  const scenarios = new Map(curated.scenarios.map((s) => [s.id, s]));
  const matcher = new AliasMatcher([
    ...[...entities.values()].map((e) => ({ id: e.id, type: e.type, name: e.name, aliases: e.aliases })),
    ...[...scenarios.values()].map((s) => ({ id: s.id, type: 'scenario', name: s.name, aliases: s.aliases })),
  ]);

  // What the KB knows besides its sentences and titles: entity names and curated claims (the store holds the rest),
  // each in the order a build adds them to its vocabulary (names first, claims last).
  const vocabOf = (texts: string[]) => {
    const out = new Set<string>();
    for (const w of texts.flatMap((t) => words(t))) {
      const t = processTerm(w);
      if (t) out.add(t);
      out.add(w);
    }
    return out;
  };
  const names = vocabOf([...entities.values()].map((e) => [e.name, ...e.aliases].join(' ')));
  const { claimIndex, claimTexts } = claimIndexOf(curated.claims);
  const claimed = vocabOf(claimTexts);
  const extra = new Set([...names, ...claimed]);
  const dfMemo = lru<string, number>(TERM_MEMO);
  const hasMemo = lru<string, boolean>(TERM_MEMO);
  const terms: TermStats = {
    df: (t) => memoised(dfMemo, t, () => reader.termDf(t)),
    has: (w) => extra.has(w) || memoised(hasMemo, w, () => reader.hasTerm(w)),
    // In a build's vocabulary order (typo correction takes the first of equally close words): entity names, then
    // titles and sentences as first seen, then claims.
    *near(initial, length, slack) {
      const seen = new Set<string>();
      const within = (v: string) => v[0] === initial && Math.abs(v.length - length) <= slack && !seen.has(v);
      for (const v of [...names, ...reader.termsNear(initial, length, slack), ...claimed]) {
        if (!within(v)) continue;
        seen.add(v);
        yield v;
      }
    },
  };
  matcher.knownWords = (w) => terms.has(w);

  const articleRows = lru<string, { ents: string[][]; topics: Set<string> }>(ARTICLE_ROWS_CACHE);
  const rowOf = (ai: number) => {
    const id = articles[ai]?.id;
    if (id === undefined) return undefined;
    let row = articleRows.get(id);
    if (!row) {
      const read = reader.article(id);
      row = { ents: read?.ents ?? [], topics: new Set(read?.topics ?? []) };
      articleRows.set(id, row);
    }
    return row;
  };
  const refOf = (id: number): SentenceRef | undefined => {
    if (!Number.isInteger(id) || id < 0 || id >= count) return undefined;
    // The last article whose first sentence is at or before id.
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((firsts[mid] as number) <= id) lo = mid;
      else hi = mid - 1;
    }
    return { article: lo, sentence: id - (firsts[lo] as number) };
  };
  const dfOfEntity = lru<string, number>(TERM_MEMO);
  const sentences: SentenceTable = {
    count,
    ref: refOf,
    entities: (id) => {
      const ref = refOf(id);
      return (ref && rowOf(ref.article)?.ents[ref.sentence]) || [];
    },
    first: (ai) => ((rows[ai]?.sentences ?? 0) > 0 ? (firsts[ai] as number) : -1),
    naming: (entity, limit = Number.POSITIVE_INFINITY) => {
      const out: number[] = [];
      for (const articleId of reader.articlesNaming(entity)) {
        const ai = articleIndex.get(articleId);
        if (ai === undefined) continue;
        const ents = rowOf(ai)?.ents ?? [];
        for (let j = 0; j < ents.length; j++) {
          if (out.length >= limit) return out;
          if (ents[j]?.includes(entity)) out.push((firsts[ai] as number) + j);
        }
      }
      return out;
    },
    entityDf: (entity) => memoised(dfOfEntity, entity, () => reader.entityDf(entity)),
  };

  const textInfo = textInfoMemo(matcher);
  const entityOrder = new Map([...entities.keys()].map((id, i) => [id, i]));
  const describedMemo = lru<string, Described[]>(DESCRIBED_PHRASES_MEMO);
  const describedAtAll = lru<string, boolean>(TERM_MEMO);
  const k: Knowledge = {
    // In the entities' order, then the order found: as the heap's index lists them.
    isDescribed: (entity) =>
      entities.has(entity) &&
      (described.has(entity)
        ? Boolean(described.get(entity)?.length)
        : memoised(describedAtAll, entity, () => reader.found(entity, 1).length > 0)),
    descriptions: (words) =>
      memoised(describedMemo, [...new Set(words)].sort().join(' '), () =>
        reader
          .describedAs(words)
          .filter((r) => entityOrder.has(r.entity))
          .sort(
            (a, b) =>
              (entityOrder.get(a.entity) as number) - (entityOrder.get(b.entity) as number) ||
              a.seq - b.seq ||
              a.i - b.i,
          )
          .map((r) => ({
            entity: r.entity,
            found: { description: r.description, article: r.article, sentence: r.sentence },
            words: descriptionWords(r.description),
          })),
      ),
    textInfo,
    articles,
    articleById: new Map(articles.map((a) => [a.id, a])),
    entities,
    scenarios,
    claims: curated.claims,
    quotes: new StoredQuotes(
      quoteBookOf(
        curated.quotes.map((q) => ({ ...q, curated: true })),
        textInfo,
      ),
      reader,
    ),
    matcher,
    sentences,
    terms,
    claimIndex,
    claimTexts,
    articleTopics: (ai) => rowOf(ai)?.topics,
    sentenceStemsOf: sentenceStemsMemo((id) => {
      const ref = refOf(id);
      return ref ? articles[ref.article]?.analysis.sentences[ref.sentence]?.text : undefined;
    }),
  };
  return k;
}

/**
 * An article whose metadata is read from the store the first time any of it is asked for: a start makes one of
 * these per article (100,000 of them cost milliseconds), and an ask reads the metadata of the few it cites.
 */
class StoredArticle implements ArticleInfo {
  private known?: KnownArticle;

  constructor(
    readonly id: string,
    private readonly reader: DerivedReader,
    private readonly source: AnalysisSource,
  ) {}

  private get article(): KnownArticle {
    if (!this.known) {
      const meta = this.reader.articleMeta(this.id) ?? { ...GONE, id: this.id };
      this.known = new KnownArticle(meta, this.source);
    }
    return this.known;
  }

  get title() {
    return this.article.title;
  }
  get publication() {
    return this.article.publication;
  }
  get publicationConfirmed() {
    return this.article.publicationConfirmed;
  }
  get published() {
    return this.article.published;
  }
  get precision() {
    return this.article.precision;
  }
  get inferred() {
    return this.article.inferred;
  }
  get url() {
    return this.article.url;
  }
  get author() {
    return this.article.author;
  }
  get origin() {
    return this.article.origin;
  }
  get addedAt() {
    return this.article.addedAt;
  }
  get analysis() {
    return this.article.analysis;
  }

  toJSON(): Omit<ArticleInfo, 'analysis'> {
    return this.article.toJSON();
  }
}

/** What an article removed since the knowledge was made reads as (its metadata is gone with it). */
const GONE: Omit<ArticleInfo, 'analysis'> = {
  id: '',
  title: '',
  publication: null,
  publicationConfirmed: false,
  published: '',
  precision: 'day',
  inferred: false,
  url: null,
  author: null,
  origin: 'removed',
  addedAt: '',
};

/**
 * Curated quotes (in the heap) followed by found ones (read from the store). Each found quote is one object for
 * as long as it stays cached, so lists of the same quotes from different reads compare by identity as the
 * heap's do.
 */
class StoredQuotes implements QuoteBook {
  private readonly objects = lru<string, QuoteInfo>(QUOTE_OBJECTS);
  private everything?: readonly QuoteInfo[];

  constructor(
    private readonly curated: QuoteBook,
    private readonly reader: DerivedReader,
  ) {}

  private found?: number;

  get size(): number {
    this.found ??= this.reader.quoteCount();
    return this.curated.size + this.found;
  }

  all(latest?: number): readonly QuoteInfo[] {
    if (latest === undefined) {
      this.everything ??= [...this.curated.all(), ...this.canonical(this.reader.quotes())];
      return this.everything;
    }
    return lastOf([...this.curated.all(latest), ...this.canonical(this.reader.quotes({ latest }))], latest);
  }

  ofArticle(articleId: string): readonly QuoteInfo[] {
    return [...this.curated.ofArticle(articleId), ...this.canonical(this.reader.quotes({ article: articleId }))];
  }

  bySpeaker(key: string, latest?: number): readonly QuoteInfo[] {
    return this.filedUnder('s', key, latest);
  }

  about(entity: string, latest?: number): readonly QuoteInfo[] {
    return this.filedUnder('a', entity, latest);
  }

  /**
   * Quotes filed under a key (by speaker, about an entity), by kind, key and bound, as first read: the quotes lane
   * reads a speaker's on every "what did X say …", and each read was a store statement (10–25 µs on the seed KB)
   * and every row parsed again. Like `everything`, this is the knowledge as it was read: the store's derived rows
   * change only by deriving, and a derivation is followed by a new knowledge (kb/runtime.ts). Held up to
   * FILED_QUOTES_HELD quotes in all, then started over.
   */
  private readonly filed = new Map<string, readonly QuoteInfo[]>();
  private filedHeld = 0;
  private filedUnder(kind: 's' | 'a', key: string, latest: number | undefined): readonly QuoteInfo[] {
    const id = `${kind}\u0000${key}\u0000${latest ?? ''}`;
    let out = this.filed.get(id);
    if (!out) {
      const found = this.canonical(this.reader.quotes({ kind, key, ...(latest !== undefined ? { latest } : {}) }));
      const curated = kind === 's' ? this.curated.bySpeaker(key, latest) : this.curated.about(key, latest);
      out = lastOf([...curated, ...found], latest);
      if (this.filedHeld + out.length > FILED_QUOTES_HELD) this.forgetFiled();
      this.filed.set(id, out);
      this.filedHeld += out.length;
    }
    return out;
  }

  private forgetFiled(): void {
    this.filed.clear();
    this.filedHeld = 0;
  }

  speakers(key: string, limit: number, within: number): string[] {
    return [
      ...new Set([...this.curated.speakers(key, limit, within), ...this.reader.speakers(key, limit, within)]),
    ].slice(0, limit);
  }

  private canonical(quotes: QuoteInfo[]): QuoteInfo[] {
    return quotes.map((q) => {
      const known = this.objects.get(q.id);
      if (known) return known;
      // The object about to be forgotten may be in a filed list: those start over, so that every list read still
      // holds each quote's one object.
      if (this.objects.size >= QUOTE_OBJECTS) this.forgetFiled();
      this.objects.set(q.id, q);
      return q;
    });
  }
}

/** Found quotes kept as objects (see StoredQuotes): more than any one listing or answer reads. */
const QUOTE_OBJECTS = 20_000;

/** Quotes held in filed lists (StoredQuotes.filedUnder), in all: a quarter of the quote objects kept. */
const FILED_QUOTES_HELD = 5000;

/** A Map that forgets its oldest entries beyond `capacity` (insertion order; a hit is not refreshed). */
function lru<K, V>(capacity: number): Map<K, V> {
  const map = new Map<K, V>();
  const set = map.set.bind(map);
  map.set = (key: K, value: V) => {
    if (!map.has(key) && map.size >= capacity) {
      const oldest = map.keys().next().value as K;
      map.delete(oldest);
    }
    return set(key, value);
  };
  return map;
}

function memoised<K, V>(memo: Map<K, V>, key: K, compute: () => V): V {
  // One lookup for a remembered value; `has` only for one remembered as undefined.
  const known = memo.get(key);
  if (known !== undefined || memo.has(key)) return known as V;
  const value = compute();
  memo.set(key, value);
  return value;
}
