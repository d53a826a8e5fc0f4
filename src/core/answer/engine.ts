/**
 * The answer engine: structured claims first, then retrieved sentences with a short extracted answer, then an
 * honest `unknown`. Contested when the KB holds attributed statements on both sides.
 */
import type { AutocompleteSource } from '../commands/spec.js';
import type { Claim } from '../kb/schema.js';
import type { Quantity } from '../nlp/analyse.js';
import { reportedSource } from '../nlp/attribution.js';
import { isStopword, stem, synonymStems, words } from '../nlp/terms.js';
import type { Attribution, Reply } from '../reply.js';
import { infoReply } from '../reply.js';
import { answeredReply, contestedReply, type Evidence, type Side, unknownReply } from './compose.js';
import {
  answerDistance,
  extractDate,
  extractEntity,
  extractNumber,
  extractPhrase,
  extractPlace,
  extractReason,
} from './extract.js';
import { questionFit, sentenceFit } from './fit.js';
import type { ArticleInfo, Knowledge } from './knowledge.js';
import { ClaimReplies } from './lanes/claimReplies.js';
import { QuoteLane } from './lanes/quotes.js';
import { RoleLane } from './lanes/roles.js';
import { Listings } from './listings.js';
import {
  coverage,
  entityAgreement,
  entityConflict,
  isGatingWord,
  type TermWeights,
  unknownTerms,
  weighTerms,
  yearFactor,
} from './match.js';
import { MemoryRetriever, VERBATIM } from './memoryRetriever.js';
import { MODELS } from './model/linear.js';
import { type ParsedQuestion, parseQuestion } from './parse.js';
import { polarity } from './polarity.js';
import { type Passage, READER_PASSAGES, type Reading, readSpans } from './read.js';
import { findRebuttal, splitDispute } from './rebuttal.js';
import {
  type AsyncRetriever,
  isSyncRetriever,
  type RetrievalQuery,
  type RetrievedSentence,
  type Retriever,
} from './retriever.js';
import { suggestionsFor } from './suggest.js';
import type { AnswerEngine, Choice } from './types.js';
import { type Verdict, verify } from './verify.js';

/**
 * Passes of settle() before it gives up: a question retrieves once or twice (quote lane, evidence lane) and
 * `claims` asks once more; the bound only turns a replay that never settles (a bug) into an error.
 */
const SETTLE_PASSES_MAX = 16;

/** Thrown inside a settle() pass at a retrieval not fetched yet: settle awaits it and runs the pass again. */
class RetrievalPending extends Error {
  constructor(
    readonly key: string,
    readonly query: RetrievalQuery,
    readonly limit: number,
  ) {
    super('retrieval pending (an engine call made through settle() outside it?)');
  }
}

/** Below this, evidence is too weak to answer from: abstain. */
const ANSWER_THRESHOLD = 0.42;

interface Candidate {
  /** Built only for the winner: composing a reply (text, citations) is most of a candidate's cost. */
  reply: () => Reply;
  score: number;
  /** Sources disagree (both sides shown). */
  contested?: boolean;
}

/** What each stage produced for one question. */
export interface Inspection {
  p: ParsedQuestion;
  weights: TermWeights;
  passages: Passage[];
  reading?: Reading;
  verdict?: Verdict;
  /** Which lane answered: claim, contested, yesno, reader, unknown. */
  lane: string;
  reply: Reply;
}

/**
 * Articles whose stems and entity sets are memoised per engine (each a few hundred strings): the articles of the
 * last few hundred questions. Unbounded, they held most of a running bot's 1 GB after 1,000 questions at 100,000
 * articles.
 */
const ARTICLE_MEMO = 5000;

export class Engine implements AnswerEngine {
  private readonly listings: Listings;

  private readonly typeOf = (id: string) => this.k.entities.get(id)?.type;
  private readonly mentionIds = (text: string) => this.k.textInfo(text).mentions.map((m) => m.id);

  private readonly claimReplies: ClaimReplies;
  private readonly roles: RoleLane;
  private readonly quoteLane: QuoteLane;

  constructor(
    readonly k: Knowledge,
    private readonly retriever: Retriever | AsyncRetriever = new MemoryRetriever(k),
  ) {
    this.listings = new Listings(k, this);
    this.claimReplies = new ClaimReplies(k);
    const suggest = (p?: ParsedQuestion) => this.suggest(p);
    this.roles = new RoleLane(k, this.claimReplies, suggest);
    this.quoteLane = new QuoteLane(
      k,
      {
        retrieve: (p, weights, limit) => this.retrieve(p, weights, limit),
        bestSentence: (p, weights, filter) => this.bestSentence(p, weights, filter),
        articleStems: (id) => this.articleStems(id),
      },
      suggest,
    );
  }

  normaliseForLog(question: string): string {
    return words(question).join(' ').slice(0, 500);
  }

  ask(question: string): Reply {
    const q = question.trim();
    if (!q) return unknownReply(q, 'you did not ask anything.', this.suggest());
    const p = parseQuestion(q, this.k);
    if (!p.words.length) return unknownReply(q, 'I could not find a question in that.', this.suggest());
    // "When?", "How many?", "Who is the the the?": nothing to look up, so nothing to answer — never a guess
    // from whatever claim matches an empty question best.
    if (!p.terms.length && !p.entities.length && !p.roles.length && !p.scenario && !p.years.length && !p.quoted) {
      return unknownReply(
        q,
        'your question does not name anything I can look up: say who or what it is about.',
        this.suggest(),
      );
    }
    const missing = unknownTerms(p, this.k);

    // 0. "Is Nick Clegg the Deputy Prime Minister?": a role claim about that person, or unknown (never a guessed no).
    if (
      p.type === 'yesno' &&
      p.roles.length &&
      p.entities.some((e) => this.k.entities.get(e)?.type === 'person') &&
      this.roles.isRoleQuestion(p)
    ) {
      return this.roles.answerRoleYesNo(p, q);
    }
    // 0b. "Which party is Nick Clegg in?": the party a person leads, from the curated claims.
    if (p.entities.length === 1 && p.terms.length <= 3) {
      const r = this.roles.partyOf(p, q);
      if (r) return r;
    }
    // 1a. "Who is the Transport Secretary?": a role the curated layer lacks, from how articles describe people.
    // ("the leader of Hull City Council" is such a role too: a leader of something that is not a party).
    const leaderOfNonParty =
      p.roles.includes('party-leader') && !p.entities.some((e) => this.k.entities.get(e)?.type === 'party');
    if (
      p.type === 'who' &&
      !p.scenario &&
      (leaderOfNonParty || !p.roles.some((r) => this.k.claims.some((c) => c.role === r)))
    ) {
      const r = this.roles.answerFromDescriptions(p, q);
      if (r) return r;
    }
    // 1. Who holds (or would hold) a role, under which scenario.
    if (
      (p.type === 'who' || (p.type === 'which' && p.expect === 'person')) &&
      p.roles.length &&
      !(leaderOfNonParty && p.entities.length) &&
      this.roles.isRoleQuestion(p)
    ) {
      return this.roles.answerRole(p, q);
    }
    // A scenario the KB knows nothing about ("under a Conservative majority").
    if (p.scenario && !p.scenario.id && (p.hypothetical || p.roles.length)) {
      return unknownReply(
        q,
        `the knowledge base has nothing about ${p.scenario.text || 'that scenario'}.`,
        this.suggest(p),
      );
    }
    // The vocabulary gate stops only on names, numbers and rare words the KB never mentions: an ordinary word it
    // lacks ("move", "blame") is a paraphrase for the lexicon, the retriever and the verifier, not a reason to stop.
    const gating = missing.filter((m) => isGatingWord(p, m));
    if (gating.length) {
      return unknownReply(
        q,
        `the knowledge base has nothing about ${gating.map((m) => `“${m}”`).join(', ')}.`,
        this.suggest(p),
      );
    }
    if (p.expect === 'role' && p.entities.length) {
      // A person's job: a role claim, else how the articles describe them; never a phrase that merely
      // contains the word "job".
      // Under a scenario ("what job would Adonis get in a Lab-Lib government?") only a claim for that scenario
      // answers: how an article describes someone today says nothing about what they would be.
      const conditional = Boolean(p.scenario) || p.hypothetical;
      const r = this.roles.answerRoleOf(p, q) ?? (conditional ? undefined : this.roles.describe(p, q, true));
      if (r) return r;
    }
    if (p.type === 'describe') {
      const r = this.roles.describe(p, q);
      if (r) return r;
    }
    if (p.type === 'whosaid' || p.type === 'whatsaid') {
      const r = this.quoteLane.answer(p, q);
      if (r) return r;
    }

    return this.answerFromEvidence(p, q, missing.length > 0 || Boolean(p.expansions)).reply;
  }

  /**
   * The retrieval lane: curated claims and retrieved sentences compete; contested evidence is shown as such;
   * otherwise the reader picks a span from the top passages and the verifier decides whether it answers.
   */
  private answerFromEvidence(p: ParsedQuestion, q: string, unknownWords = false, keepFeatures = false): Inspection {
    const weights = weighTerms(p, this.k);
    // A curated claim answers only a question in the KB's own words (or curated synonyms): "Who won …?" matched
    // through the lexicon to "win" is not the claim "hired to help win"; such paraphrases go to the reader and the
    // verifier, which weigh the evidence word by word.
    const claims = unknownWords ? [] : this.fromClaims(p, q, weights).sort((a, b) => b.score - a.score);
    const scored = this.scoreSentences(p, weights);
    const passages: Passage[] = scored.slice(0, READER_PASSAGES).map((c) => ({
      article: c.article,
      sentence: c.sentence,
      score: c.score,
      cov: c.cov,
      agree: c.agree,
      ...(c.answer ? { typed: c.answer } : {}),
    }));
    const base = { p, weights, passages };
    const bestClaim = claims[0];
    const top = scored[0];
    const unknown = () => unknownReply(q, 'the knowledge base has no evidence that answers this.', this.suggest(p));
    if (bestClaim && bestClaim.score >= ANSWER_THRESHOLD && bestClaim.score >= (top?.score ?? 0)) {
      return { ...base, lane: 'claim', reply: bestClaim.reply() };
    }
    const special = this.fromSentences(p, q, weights)[0];
    if (p.type === 'yesno') {
      const reply = special && special.score >= ANSWER_THRESHOLD ? special.reply() : unknown();
      return { ...base, lane: special?.contested ? 'contested' : 'yesno', reply };
    }
    const reading = readSpans(p, weights, passages, MODELS.reader, this.mentionIds, keepFeatures);
    const verdict = verify(p, weights, passages, reading);
    const best = reading.best;
    const ps = best ? passages[best.passage] : undefined;
    // Disputed evidence is shown with both sides, once the verifier agrees it is about what was asked.
    if (special?.contested && special.score >= ANSWER_THRESHOLD && verdict.answer) {
      return { ...base, reading, verdict, lane: 'contested', reply: special.reply() };
    }
    if (!best || !ps || !verdict.answer) {
      // The evidence that matched best does not answer: unknown, never the next-best guess.
      return { ...base, reading, verdict, lane: 'unknown', reply: unknown() };
    }
    const evidence: Evidence = { article: ps.article, quote: ps.sentence.text, attribution: ps.sentence.source };
    const extra = this.supporting(ps.article, ps.sentence.i);
    const reply = answeredReply(q, best.text, best.text, [evidence, ...extra], verdict.probability);
    return { ...base, reading, verdict, lane: 'reader', reply };
  }

  /** The retriever's ranked passages for a question, whatever lane answers it (retriever recall@k). */
  passagesFor(question: string, limit = READER_PASSAGES): Passage[] {
    const p = parseQuestion(question.trim(), this.k);
    if (!p.words.length) return [];
    unknownTerms(p, this.k);
    return this.scoreSentences(p, weighTerms(p, this.k))
      .slice(0, limit)
      .map((c) => ({ article: c.article, sentence: c.sentence, score: c.score, cov: c.cov, agree: c.agree }));
  }

  /** Every stage's output for one question (evaluation and training read this; `ask` returns its reply). */
  inspect(question: string): Inspection | { reply: Reply; lane: string } {
    const q = question.trim();
    const p = parseQuestion(q, this.k);
    const reply = this.ask(q);
    if (!p.words.length) return { reply, lane: 'early' };
    const r = this.answerFromEvidence(p, q, unknownTerms(p, this.k).length > 0 || Boolean(p.expansions), true);
    // Lanes before retrieval (roles, descriptions, quotes, the vocabulary gate) answered: report that.
    if (JSON.stringify(r.reply) !== JSON.stringify(reply)) return { reply, lane: 'early' };
    return r;
  }

  /**
   * Candidate sentences for a question, from the Retriever stage (retriever.ts): the best by BM25 over its
   * informative words, plus the sentences naming its people, parties, places or roles ranked by the question words
   * they contain. Hits the built knowledge does not hold (an article another process just added, not loaded yet)
   * are skipped until the next reload.
   */
  private retrieve(p: ParsedQuestion, weights: TermWeights, limit: number): { id: number }[] {
    const { terms, ents } = retrievalKeys(p, weights, this.k);
    const entities = ents.map((id) => ({ id, names: this.namesOf(id) }));
    const out: { id: number }[] = [];
    for (const hit of this.retrieved({ terms, entities, weights: weights.terms }, limit)) {
      const ai = this.articleIndexOf(hit.article);
      const first = ai >= 0 ? this.k.sentences.first(ai) : -1;
      const id = first + hit.sentence;
      // The index may hold a newer version of the article than the one loaded: only a sentence it has.
      if (first >= 0 && this.k.sentences.ref(id)?.article === ai) out.push({ id });
    }
    return out;
  }

  /**
   * The Retriever's candidates: from a synchronous retriever directly; from an asynchronous one (PostgreSQL) only
   * inside settle(), where what is not fetched yet stops the pass (RetrievalPending) so settle can await it.
   */
  private retrieved(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    if (this.settling) {
      const key = JSON.stringify([query, limit]);
      const hits = this.settling.fetched.get(key);
      if (hits) return hits;
      throw new RetrievalPending(key, query, limit);
    }
    if (isSyncRetriever(this.retriever)) return this.retriever.retrieve(query, limit);
    throw new Error('this engine retrieves asynchronously (PostgreSQL): call it through settle()');
  }

  /** The retrievals fetched so far for the settle() pass running now (set only while a pass runs). */
  private settling?: { fetched: Map<string, RetrievedSentence[]> };

  /**
   * Run synchronous engine calls (`ask`, `claims`, `citationsFor`, …) whose retrieval may be asynchronous, and
   * resolve to exactly what they return when every retrieval they need has been awaited. With a synchronous
   * retriever (SQLite FTS5, in memory) `run` runs once, unchanged. With an asynchronous one (PostgreSQL), `run` is
   * replayed: a pass stops at the first retrieval not fetched yet, settle awaits it, and the next pass finds it
   * and goes on; answering is deterministic for given candidates, so the last pass returns what a synchronous
   * retriever would have given. A question retrieves once or twice (the quote lane, then the evidence lane), so
   * this costs a pass or two of the synchronous stages (well under a millisecond each) and one round trip per
   * distinct retrieval. Passes are synchronous, so concurrent settles never see each other's state.
   * `run` must only call this engine (it may run more than once).
   */
  async settle<T>(run: () => T): Promise<T> {
    const retriever = this.retriever;
    if (isSyncRetriever(retriever)) return run();
    const fetched = new Map<string, RetrievedSentence[]>();
    for (let pass = 0; pass < SETTLE_PASSES_MAX; pass++) {
      let pending: RetrievalPending;
      this.settling = { fetched };
      try {
        return run();
      } catch (e) {
        if (!(e instanceof RetrievalPending)) throw e;
        pending = e;
      } finally {
        this.settling = undefined;
      }
      fetched.set(pending.key, await retriever.retrieveAsync(pending.query, pending.limit));
    }
    throw new Error(`an engine call needed more than ${SETTLE_PASSES_MAX} retrievals`);
  }

  /** An entity's names as words, for an index that finds entities by name. */
  private namesOf(id: string): string[][] {
    const e = this.k.matcher.named.get(id);
    return e ? [e.name, ...e.aliases].map((x) => words(x)).filter((x) => x.length) : [];
  }

  private articleIndex?: Map<string, number>;
  private articleIndexOf(articleId: string): number {
    this.articleIndex ??= new Map(this.k.articles.map((a, i) => [a.id, i]));
    return this.articleIndex.get(articleId) ?? -1;
  }
  private readonly stemsOfArticle = new Map<string, Set<string>>();
  /** Every content stem of an article (its title and sentences), built on first use. */
  private articleStems(articleId: string): Set<string> {
    let out = this.stemsOfArticle.get(articleId);
    if (!out) {
      out = new Set<string>();
      const ai = this.articleIndexOf(articleId);
      const article = this.k.articles[ai];
      if (article) for (const x of this.k.textInfo(article.title).stems) out.add(x);
      // Sentences are numbered article by article: this article's run starts at its first sentence.
      const first = ai >= 0 ? this.k.sentences.first(ai) : -1;
      for (let i = first; i >= 0 && this.k.sentences.ref(i)?.article === ai; i++) {
        for (const x of this.k.sentenceStemsOf(i)) out.add(x);
      }
      if (this.stemsOfArticle.size >= ARTICLE_MEMO) this.stemsOfArticle.clear();
      this.stemsOfArticle.set(articleId, out);
    }
    return out;
  }

  private fromClaims(p: ParsedQuestion, q: string, weights: TermWeights): Candidate[] {
    const out: Candidate[] = [];
    // A small curated layer is scored whole; a large one through its index.
    const hits =
      this.k.claims.length <= 200
        ? this.k.claims.map((_c, id) => ({ id }))
        : this.k.claimIndex.search(queryOf(p, weights), { combineWith: 'OR' }).slice(0, 8);
    for (const hit of hits) {
      const c = this.k.claims[hit.id as number];
      if (!c) continue;
      if (p.scenario?.id && c.scenario && c.scenario !== p.scenario.id) continue;
      const text = this.k.claimTexts[hit.id as number] ?? c.statement;
      const info = this.k.textInfo(text);
      const cov = coverage(weights, info.stems);
      const ents = [c.subject, c.object, c.role, c.of, c.scenario, ...info.mentions.map((m) => m.id)].filter(
        Boolean,
      ) as string[];
      const agree = entityAgreement(p, ents);
      const years = yearFactor(p, text);
      // Claims answer with their own structured answer; details inside their evidence are found by the
      // sentence path (the evidence is verbatim in the article), so a claim never answers for its evidence.
      const answer = this.claimAnswer(c, p);
      if (!answer) continue;
      const conflict = entityConflict(p, ents, (id) => this.k.entities.get(id)?.type) ? 0.5 : 1;
      // A claim about none of the people or parties asked about answers nothing (a question with no other
      // content word would otherwise match every claim).
      const unrelated = agree === 0 && p.entities.length ? 0.5 : 1;
      const score = cov.score * (0.5 + 0.5 * agree) * years * conflict * unrelated * 1.02;
      if (score <= 0) continue;
      out.push({ score, reply: () => this.claimReplies.reply(c, q, answer, Math.min(0.95, 0.3 + 0.65 * score)) });
    }
    return out;
  }

  /** The claim's short answer when it fits the question's expected type, else one extracted from its evidence. */
  private claimAnswer(c: Claim, p: ParsedQuestion): string | undefined {
    const type = c.answer_type ?? inferAnswerType(c, this.k);
    const fits: Record<string, string[]> = {
      person: ['person', 'entity', 'speaker'],
      party: ['party', 'entity'],
      number: ['number', 'duration'],
      date: ['date'],
      place: ['place'],
      yes: ['yesno'],
      no: ['yesno'],
      phrase: ['phrase', 'reason', 'yesno', 'quote', 'description'],
    };
    // "Who said …" about a claim: its source, unless only the article itself says it.
    if (p.expect === 'speaker') return c.attribution.kind === 'reporter' ? undefined : c.attribution.description;
    // A yes/no question about a claim's proposition: yes or no as that side says.
    if (p.expect === 'yesno' && c.proposition && c.stance) {
      return `${c.stance === 'for' ? 'Yes' : 'No'}, according to ${c.attribution.description}`;
    }
    if (!(fits[type] ?? []).includes(p.expect)) return undefined;
    // "Who would Labour put up with to get Miliband in?" is not answered "Ed Miliband".
    if (['person', 'party'].includes(type) && this.k.matcher.find(c.answer).some((m) => p.entities.includes(m.id))) {
      return undefined;
    }
    return c.answer;
  }

  private extractAnswer(
    sentence: string,
    p: ParsedQuestion,
    article: ArticleInfo,
    meta: { quantities?: Quantity[]; dates: string[]; places: string[]; source?: Attribution } | undefined,
  ): string | undefined {
    const found = meta ?? this.sentenceMeta(article, sentence);
    const info = { ...found, quantities: found.quantities ?? [] };
    switch (p.expect) {
      case 'person':
        return (
          extractEntity(sentence, p, this.k, ['person']) ??
          extractEntity(sentence, p, this.k, ['organisation', 'party'])
        );
      case 'party':
        return extractEntity(sentence, p, this.k, ['party']);
      case 'entity':
        return extractEntity(sentence, p, this.k, ['person', 'party', 'organisation', 'place']);
      case 'number':
        return extractNumber(sentence, p, info.quantities);
      case 'duration':
        return extractNumber(sentence, p, info.quantities);
      case 'date':
        return extractDate(sentence, p, info.dates, article);
      case 'place':
        return extractPlace(sentence, p, this.k);
      case 'reason':
        return extractReason(sentence) ?? extractPhrase(sentence, p);
      case 'speaker':
        return info.source?.description;
      case 'yesno':
        return extractPhrase(sentence, p) ?? sentence;
      default:
        return extractPhrase(sentence, p);
    }
  }

  private sentenceMeta(article: ArticleInfo, sentence: string) {
    const s = article.analysis.sentences.find((x) => x.text.includes(sentence) || sentence.includes(x.text));
    return { quantities: s?.quantities ?? [], dates: s?.dates ?? [], places: s?.places ?? [], source: s?.source };
  }

  private bestSentence(
    p: ParsedQuestion,
    weights: TermWeights,
    filter: (s: { source?: Attribution }) => boolean,
  ): { score: number; evidence: Evidence; source?: Attribution } | undefined {
    const scored = this.scoreSentences(p, weights).filter((c) => filter(c.sentence));
    const top = scored[0];
    if (!top) return undefined;
    return { score: top.score, evidence: top.evidence, source: top.sentence.source };
  }

  private readonly sourceEnts = new Map<number, string[]>();
  /** Sentence `id`'s entities plus those its source names ("a spokesman for Mr Miliband"), memoised by id. */
  private withSourceEntities(id: number, sentenceEnts: string[], source: string): string[] {
    let out = this.sourceEnts.get(id);
    if (!out) {
      out = [...new Set([...sentenceEnts, ...this.k.textInfo(source).mentions.map((m) => m.id)])];
      if (this.sourceEnts.size >= 50_000) this.sourceEnts.clear();
      this.sourceEnts.set(id, out);
    }
    return out;
  }

  private readonly contexts = new Map<number, Set<string>>();
  /** What surrounds sentence `id`: its article's title and its neighbours in the same paragraph (memoised). */
  private contextOf(id: number): Set<string> {
    let out = this.contexts.get(id);
    if (!out) {
      const ref = this.k.sentences.ref(id);
      const article = ref ? this.k.articles[ref.article] : undefined;
      const p = article?.analysis.sentences[ref?.sentence ?? -1]?.p;
      out = new Set(article ? this.k.textInfo(article.title).stems : []);
      for (const j of [id - 1, id + 1]) {
        const r = this.k.sentences.ref(j);
        if (article && r && r.article === ref?.article && article.analysis.sentences[r.sentence]?.p === p) {
          for (const x of this.k.sentenceStemsOf(j)) out.add(x);
        }
      }
      if (this.contexts.size >= 50_000) this.contexts.clear();
      this.contexts.set(id, out);
    }
    return out;
  }

  /** The last question's scored sentences: the quote path and the retrieval path of one ask share them. */
  private lastScored?: { p: ParsedQuestion; scored: ReturnType<Engine['scoreSentencesUncached']> };
  private scoreSentences(p: ParsedQuestion, weights: TermWeights) {
    if (this.lastScored?.p !== p) this.lastScored = { p, scored: this.scoreSentencesUncached(p, weights) };
    return this.lastScored.scored;
  }

  private scoreSentencesUncached(p: ParsedQuestion, weights: TermWeights) {
    const hits = this.retrieve(p, weights, 20);
    const fit = questionFit(p, weights, this.k, this.typeOf);
    const out: {
      score: number;
      evidence: Evidence;
      article: ArticleInfo;
      sentence: ArticleInfo['analysis']['sentences'][number];
      answer?: string;
      cov: number;
      agree: number;
    }[] = [];
    for (const hit of hits) {
      const ref = this.k.sentences.ref(hit.id as number);
      const article = ref ? this.k.articles[ref.article] : undefined;
      const s = article?.analysis.sentences[ref?.sentence ?? -1];
      if (!ref || !article || !s) continue;
      const stems = this.k.sentenceStemsOf(hit.id as number);
      // Context (same-paragraph neighbours, the article's title) is only looked at when a term is missing.
      const context = () => this.contextOf(hit.id as number);
      const cov = coverage(weights, stems, context);
      const sentenceEnts = this.k.sentences.entities(hit.id as number);
      const ents = s.source
        ? this.withSourceEntities(hit.id as number, sentenceEnts, s.source.description)
        : sentenceEnts;
      // A sentence opening with a pronoun ("He held it …") is about the previous sentence's people.
      const topics = this.k.articleTopics(ref.article);
      const soft = /^(?:He|She|They|It|His|Her|Their)\b/.test(s.text)
        ? new Set([...(topics ?? []), ...this.k.sentences.entities((hit.id as number) - 1)])
        : topics;
      const agree = p.entities.length || p.roles.length ? entityAgreement(p, ents, soft, this.typeOf) : 1;
      // Years are checked against the neighbouring paragraphs only when the question names one.
      const nearby = p.years.length
        ? article.analysis.sentences
            .filter((x) => Math.abs(x.p - s.p) <= 1)
            .map((x) => x.text)
            .join(' ')
        : '';
      const years = yearFactor(
        p,
        s.text,
        nearby,
        article.inferred && article.origin === 'ingested' ? undefined : article.published,
      );
      const part = s.part === 'body' ? 1 : s.part === 'headline' ? 0.85 : 0.9;
      // Another person named where the question names one is about someone else — unless a person is the
      // answer asked for ("Who would replace Hammond?" is answered by a sentence naming Javid).
      const conflict = p.entities.length && entityConflict(p, ents, this.typeOf, answerType(p.expect)) ? 0.5 : 1;
      const factors = sentenceFit(fit, {
        text: s.text,
        stems,
        ents,
        ...(soft ? { soft } : {}),
        articleNames: (e) => this.articleMentions(ref.article, e),
      });
      const score = cov.score * (0.45 + 0.55 * agree) * years * part * conflict * factors;
      out.push({
        score,
        evidence: { article, quote: s.text, attribution: s.source },
        article,
        sentence: s,
        cov: cov.score,
        agree,
      });
    }
    // "How many members …": the noun counted, if the question names one.
    const countedWord = p.type === 'howmany' && p.words[1] === 'many' ? p.words[2] : undefined;
    const counted = countedWord && !isStopword(countedWord) ? synonymStems(stem(countedWord)) : undefined;
    // Extracting a short answer is the costly part: do it for the strongest candidates only.
    out.sort((a, b) => b.score - a.score);
    for (const c of out.slice(0, 6)) {
      c.answer = this.extractAnswer(c.sentence.text, p, c.article, c.sentence);
      if (!c.answer) c.score *= p.expect === 'phrase' || p.expect === 'yesno' ? 0.8 : 0.35;
      // A date or number right next to the words asked about is better evidence than one a clause away
      // ("next Wednesday's Budget" over "on Friday, he said: '… the Budget'").
      else if (p.expect === 'date' || p.expect === 'number') {
        c.score *= 1 - Math.min(0.1, answerDistance(c.sentence.text, c.answer, p) / 600);
        // "How many members voted?" is not answered by "4,000 new membership applications": a count of
        // something else named right after the number.
        const unit = c.sentence.quantities?.find((x) => x.text === c.answer)?.unit;
        if (counted && unit && !unitMatches(unit, counted)) c.score *= 0.75;
      }
    }
    for (const c of out.slice(6)) c.score *= 0.35;
    return out.sort((a, b) => b.score - a.score);
  }

  private readonly mentionsByArticle = new Map<number, Set<string>>();
  /** Does the article name this entity anywhere (any sentence)? */
  private articleMentions(article: number, entity: string): boolean {
    let set = this.mentionsByArticle.get(article);
    if (!set) {
      set = new Set<string>();
      for (let i = this.k.sentences.first(article); i >= 0 && this.k.sentences.ref(i)?.article === article; i++) {
        for (const e of this.k.sentences.entities(i)) set.add(e);
      }
      if (this.mentionsByArticle.size >= ARTICLE_MEMO) this.mentionsByArticle.clear();
      this.mentionsByArticle.set(article, set);
    }
    return set.has(entity);
  }

  private fromSentences(p: ParsedQuestion, q: string, weights: TermWeights): Candidate[] {
    const scored = this.scoreSentences(p, weights);
    const top = scored[0];
    if (!top) return [];
    // Yes/no questions: evidence with opposite polarity from different sources is contested.
    const questionStems = new Set(weights.terms.flatMap((t) => [t.stem, ...t.synonyms]));
    if (p.type === 'yesno') {
      const close = scored.filter((c) => c.score >= Math.max(ANSWER_THRESHOLD, top.score * 0.7));
      const pos = close.filter((c) => polarity(p, c.sentence.text, questionStems) === 'yes');
      const neg = close.filter((c) => polarity(p, c.sentence.text, questionStems) === 'no');
      const differ = pos.some((a) => neg.some((b) => sourceKey(a) !== sourceKey(b)));
      if (pos.length && neg.length && differ) {
        const sides: Side[] = [
          { label: 'Yes', statement: `${pos[0]?.evidence.quote}`, evidence: pos.slice(0, 2).map((c) => c.evidence) },
          { label: 'No', statement: `${neg[0]?.evidence.quote}`, evidence: neg.slice(0, 2).map((c) => c.evidence) },
        ];
        return [
          {
            score: top.score,
            contested: true,
            reply: () => contestedReply(q, 'Contested: sources disagree', sides, 0.55),
          },
        ];
      }
    }
    // The best evidence disputed by another source next to it (or itself disputing what came before): contested.
    // A yes/no question is contested by any strong candidate's dispute ("Did the Tories tell supporters to vote
    // Ukip?": Ukip's accusation, then "Mr Shapps flatly denied this"); other questions by the best one's.
    const contenders =
      top.score < ANSWER_THRESHOLD
        ? []
        : p.type === 'yesno'
          ? scored.slice(0, 3).filter((c) => c.score >= top.score * 0.75)
          : [top];
    for (const c of contenders) {
      const halves = splitDispute(c.sentence.text);
      if (halves) {
        const sides: Side[] = halves.map((quote, i) => {
          // Each half names its own source ("Sir Ed Davey's allies insist …").
          const who = reportedSource(quote) ?? (i === 0 ? c.sentence.source : undefined);
          return {
            label: i ? 'Disputed' : 'Claim',
            statement: '',
            evidence: [{ article: c.article, quote, ...(who ? { attribution: who } : {}) }],
          };
        });
        const answer = c.answer ?? 'Contested: sources disagree';
        return [
          {
            score: top.score,
            contested: true,
            reply: () => contestedReply(q, answer, sides, Math.min(0.6, top.score)),
          },
        ];
      }
      // The article's sentence stems are already computed: sentence j of article a is at its first + j.
      const ai = this.articleIndexOf(c.article.id);
      const first = ai >= 0 ? this.k.sentences.first(ai) : -1;
      const dispute = findRebuttal(c.article, c.sentence.i, questionStems, (j) =>
        first >= 0 ? this.k.sentenceStemsOf(first + j) : new Set(),
      );
      if (!dispute) continue;
      const ss = c.article.analysis.sentences;
      const sideOf = (i: number, label: string): Side => {
        const s = ss[i] as (typeof ss)[number];
        return { label, statement: '', evidence: [{ article: c.article, quote: s.text, attribution: s.source }] };
      };
      const sides = [sideOf(dispute.claim, 'Claim'), sideOf(dispute.rebuttal, 'Disputed')];
      const answer = c.answer ?? 'Contested: sources disagree';
      return [
        { score: top.score, contested: true, reply: () => contestedReply(q, answer, sides, Math.min(0.6, top.score)) },
      ];
    }
    return scored.slice(0, 3).map((c) => {
      const answer = c.answer ?? (p.expect === 'phrase' || p.expect === 'yesno' ? c.sentence.text : '');
      if (p.type === 'yesno') {
        // Polarity from the evidence near the asked words; a hope or a forecast answers neither way.
        const pol = polarity(p, c.sentence.text, questionStems);
        if (pol === 'unsure') {
          return {
            score: c.score,
            reply: () =>
              unknownReply(
                q,
                'the evidence I found neither says so nor denies it (it reports a hope, plan or possibility).',
                this.suggest(p),
              ),
          };
        }
        const yes = pol === 'yes' ? 'Yes' : 'No';
        const extra = this.supporting(c.article, c.sentence.i);
        return {
          score: c.score,
          reply: () =>
            answeredReply(
              q,
              `${yes}: ${answer}`,
              `${yes}, as far as the knowledge base shows`,
              [c.evidence, ...extra],
              Math.min(0.9, 0.25 + 0.6 * c.score),
            ),
        };
      }
      const lead = answer;
      const shortAnswer = answer;
      const extra = this.supporting(c.article, c.sentence.i);
      return {
        score: c.score,
        reply: () => answeredReply(q, shortAnswer, lead, [c.evidence, ...extra], Math.min(0.9, 0.25 + 0.6 * c.score)),
      };
    });
  }

  /** A continuation sentence of the same quote or paragraph, when the answer sentence leans on it. */
  private supporting(article: ArticleInfo, i: number): Evidence[] {
    const s = article.analysis.sentences[i];
    const next = article.analysis.sentences[i + 1];
    if (s && next && next.p === s.p && s.quoted && next.quoted)
      return [{ article, quote: next.text, attribution: next.source }];
    return [];
  }

  // ---- Commands other than ask ----

  who(role: string, scenario?: string): Reply {
    const roleText = role.trim();
    const scenarioText = scenario?.trim();
    const q = scenarioText ? `Who would be ${roleText} under ${scenarioText}?` : `Who is ${roleText}?`;
    const p = parseQuestion(q, this.k);
    if (!p.roles.length) {
      return unknownReply(
        q,
        `I don't know a role called “${roleText}”.`,
        this.autocomplete('role', '', 5).map((c) => `who ${c.name}`),
      );
    }
    if (scenarioText && !p.scenario) {
      return unknownReply(
        q,
        `I don't know a scenario called “${scenarioText}”.`,
        this.autocomplete('scenario', '', 5).map((c) => `who ${roleText} ${c.value}`),
      );
    }
    return this.roles.answerRole(p, q);
  }

  quotes(query: { speaker?: string; topic?: string }): Reply {
    return this.listings.quotes(query);
  }

  claims(topic: string): Reply {
    return this.listings.claims(topic);
  }

  profile(entity: string): Reply {
    return this.listings.profile(entity);
  }

  sources(page?: number): Reply {
    return this.listings.sources(page);
  }

  citationsFor(question: string): Reply {
    const reply = this.ask(question);
    if (!reply.citations.length)
      return infoReply('Sources', 'No sources: the knowledge base has no answer to this question.', {
        ephemeral: true,
      });
    const lines = reply.citations.map(
      (c, i) =>
        `${i + 1}. “${c.quote}”${c.attribution ? ` — ${c.attribution}` : ''} (${c.title ?? c.source}${c.publication ? `, ${c.publication}` : ''}, as of ${c.asOf ?? 'unknown date'})`,
    );
    return infoReply(`Sources for: ${question}`, lines.join('\n'), { citations: reply.citations, ephemeral: true });
  }

  autocomplete(source: AutocompleteSource, partial: string, limit = 25): Choice[] {
    return this.listings.autocomplete(source, partial, limit);
  }

  suggest(p?: ParsedQuestion): string[] {
    return suggestionsFor(this.k, p);
  }
}

const answerTypes = new WeakMap<Claim, string>();
/** What kind of answer a claim gives (a claim never changes, so once per claim). */
function inferAnswerType(c: Claim, k: Knowledge): string {
  let t = answerTypes.get(c);
  if (!t) {
    t = answerTypeOf(c, k);
    answerTypes.set(c, t);
  }
  return t;
}

/** The entity type a question's answer has, if it is an entity. */
function answerType(expect: ParsedQuestion['expect']): string | undefined {
  return expect === 'person' || expect === 'speaker' ? 'person' : expect === 'party' ? 'party' : undefined;
}

/** Does a quantity's unit ("new membership applications") name the counted noun (or a synonym)? */
function unitMatches(unit: string, counted: string[]): boolean {
  return words(unit).some((w) => counted.includes(stem(w)));
}

function answerTypeOf(c: Claim, k: Knowledge): string {
  const m = k.matcher.find(c.answer);
  const full = m.find((x) => x.end - x.start >= words(c.answer).length);
  if (full) {
    const t = k.entities.get(full.id)?.type;
    if (t === 'person' || t === 'party' || t === 'place') return t;
  }
  if (/^\d[\d,.]*$/.test(c.answer.trim())) return 'number';
  if (/\b(19|20)\d\d\b/.test(c.answer) && c.answer.length < 30) return 'date';
  return 'phrase';
}

function sourceKey(c: { article: ArticleInfo; sentence: { source?: Attribution } }): string {
  return `${c.article.id}|${c.sentence.source?.description ?? 'reporter'}`;
}

/** What to retrieve by: content stems (with synonyms) and entity ids, the uninformative ones left out. */
function retrievalKeys(p: ParsedQuestion, weights: TermWeights, k: Knowledge): { terms: string[]; ents: string[] } {
  let ents = [...p.entities, ...p.roles, ...(p.scenario?.id ? [p.scenario.id] : [])];
  // Candidate retrieval only needs the informative words: a term or entity in more than 2% of all sentences
  // ("government", "Labour" in a politics KB) matches too much to narrow anything down, and makes the search
  // slow on a large KB. Re-scoring still weighs every term. Keep the rarest when all are common.
  const n = Math.max(1, k.sentences.count);
  const cap = Math.max(50, n * 0.02);
  const termDf = (t: string) => k.terms.df(t);
  const entDf = (e: string) => k.sentences.entityDf(e);
  // A word too common to retrieve by does not lend its synonyms either ("ahead" is no reason to fetch every
  // sentence with "lead"); a word the KB lacks is searched through its synonyms.
  let terms = [...new Set(weights.terms.flatMap((t) => (termDf(t.stem) > cap ? [t.stem] : [t.stem, ...t.synonyms])))];
  // Terms no sentence contains cannot retrieve anything.
  terms = terms.filter((t) => termDf(t) > 0);
  // The rarest words first, while their postings stay within a budget: one 2,000-sentence synonym ("MP" for
  // "seat") costs more to score than everything else and adds little to what the rare words find.
  const budget = Math.max(cap / 4, 50);
  let spent = 0;
  const rareTerms = terms
    .filter((t) => termDf(t) <= cap)
    .sort((a, b) => termDf(a) - termDf(b))
    .filter((t, i) => {
      spent += termDf(t);
      return i === 0 || spent <= budget;
    })
    .slice(0, 6);
  const rareEnts = ents.filter((e) => entDf(e) <= cap);
  if (rareTerms.length || rareEnts.length) {
    terms = rareTerms;
    ents = rareEnts;
  } else {
    // Everything is common: one posting list, the shortest, bounds the work.
    const bestTerm = [...terms].sort((a, b) => termDf(a) - termDf(b))[0];
    const bestEnt = [...ents].sort((a, b) => entDf(a) - entDf(b))[0];
    const useEnt = bestEnt !== undefined && (bestTerm === undefined || entDf(bestEnt) < termDf(bestTerm));
    terms = !useEnt && bestTerm !== undefined ? [bestTerm] : [];
    ents = useEnt && bestEnt !== undefined ? [bestEnt] : [];
  }
  return { terms, ents };
}

/** MiniSearch query for the claim index: content stems with synonyms, plus entity ids in the `ents` field. */
function queryOf(p: ParsedQuestion, weights: TermWeights) {
  const terms = [...new Set(weights.terms.flatMap((t) => synonymStems(t.stem)))];
  const ents = [...p.entities, ...p.roles, ...(p.scenario?.id ? [p.scenario.id] : [])];
  return {
    combineWith: 'OR' as const,
    queries: [
      ...(terms.length
        ? [{ queries: terms, fields: ['text'] as string[], combineWith: 'OR' as const, ...VERBATIM }]
        : []),
      ...(ents.length
        ? [{ queries: ents, fields: ['ents'] as string[], combineWith: 'OR' as const, ...VERBATIM }]
        : []),
    ],
  };
}
