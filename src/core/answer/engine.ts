/**
 * The answer engine: a facade over the answering pipeline's stages — parse (parse.ts) → lanes that answer before
 * retrieval (roles and descriptions, quotes: lanes/) → search (search.ts, the Retriever stage) → re-scoring
 * (rescore.ts) → claims and sentence lanes (lanes/claims.ts, lanes/sentences.ts) beside the reader (read.ts) and
 * verifier (verify.ts) → compose (compose.ts). It routes a question through them and answers the commands other
 * than ask (listings.ts). Structured claims first, then retrieved evidence read and verified, then an honest
 * `unknown`; contested when attributed statements disagree.
 */
import type { AutocompleteSource } from '../commands/spec.js';
import { isRoleTitle } from '../nlp/analyse.js';
import { stem, words } from '../nlp/terms.js';
import type { Reply } from '../reply.js';
import { infoReply } from '../reply.js';
import { ANSWER_THRESHOLD } from './candidate.js';
import { answeredReply, contestedReply, type Evidence, unknownReply } from './compose.js';
import { countsWhatIsAsked, isAmountOfMoney, isName, statesCount } from './extract.js';
import { competingFigures } from './figures.js';
import { askedFigure, asksHowMany, kindMismatch } from './kinds.js';
import type { ArticleInfo, Knowledge } from './knowledge.js';
import { ActionLane, actionAsked } from './lanes/actions.js';
import { ChoiceLane } from './lanes/choice.js';
import { ClaimReplies } from './lanes/claimReplies.js';
import { ClaimsLane } from './lanes/claims.js';
import { PartyLane } from './lanes/partyOf.js';
import { QuoteLane } from './lanes/quotes.js';
import { RoleLane } from './lanes/roles.js';
import { bodyStatement, CONTESTED_CONFIDENCE, SentenceLane, supporting } from './lanes/sentences.js';
import { Listings } from './listings.js';
import { isGatingWord, type TermWeights, unknownTerms, weighTerms } from './match.js';
import { MemoryRetriever } from './memoryRetriever.js';
import { MODELS } from './model/linear.js';
import { type ParsedQuestion, parseQuestion, QUANTITY_NOUNS, spellOutInitials } from './parse.js';
import { type Passage, READER_PASSAGES, type Reading, readSpans } from './read.js';
import { SentenceScorer } from './rescore.js';
import type { AsyncRetriever, Retriever } from './retriever.js';
import { Search } from './search.js';
import { suggestionsFor } from './suggest.js';
import { timeMisfit } from './timeFit.js';
import type { AnswerEngine, Choice } from './types.js';
import { type Verdict, verify } from './verify.js';

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

export class Engine implements AnswerEngine {
  private readonly listings: Listings;
  private readonly mentionIds = (text: string) => this.k.textInfo(text).mentions.map((m) => m.id);
  /** Asking a question again with its acronyms spelt out (ask): never twice in one question. */
  private spelling = false;

  /** The stages and lanes: retrieval, re-scoring, and the lanes that answer before or beside the reader. */
  private readonly search: Search;
  private readonly scorer: SentenceScorer;
  private readonly claimsLane: ClaimsLane;
  private readonly sentenceLane: SentenceLane;
  private readonly choiceLane: ChoiceLane;
  private readonly roles: RoleLane;
  private readonly actions: ActionLane;
  private readonly parties: PartyLane;
  /** Set while the party lane asks "Who is <the post>?" of this engine: one level, never a loop. */
  private askingHolder = false;
  private readonly quoteLane: QuoteLane;

  constructor(
    readonly k: Knowledge,
    retriever: Retriever | AsyncRetriever = new MemoryRetriever(k),
  ) {
    this.listings = new Listings(k, this);
    const claimReplies = new ClaimReplies(k);
    const suggest = (p?: ParsedQuestion) => this.suggest(p);
    this.search = new Search(k, retriever);
    this.scorer = new SentenceScorer(k, this.search);
    this.claimsLane = new ClaimsLane(k, claimReplies);
    this.sentenceLane = new SentenceLane(k, this.scorer, this.search, suggest);
    this.choiceLane = new ChoiceLane(k, suggest);
    this.roles = new RoleLane(k, claimReplies, suggest);
    this.actions = new ActionLane(k);
    this.parties = new PartyLane(
      k,
      this.mentionIds,
      (question) => this.ask(question),
      (question) => {
        const p = parseQuestion(question, this.k);
        return this.scorer.score(p, weighTerms(p, this.k));
      },
    );
    this.quoteLane = new QuoteLane(
      k,
      {
        retrieve: (p, weights, limit) => this.search.retrieve(p, weights, limit),
        bestSentence: (p, weights, filter) => this.scorer.bestSentence(p, weights, filter),
        articleStems: (id) => this.search.articleStems(id),
      },
      suggest,
      (phrase, p) => this.roles.holderOf(phrase, p),
    );
  }

  /**
   * Run engine calls whose retrieval may be asynchronous (PostgreSQL) and resolve to what they return once every
   * retrieval they need has been awaited (Search.settle); with a synchronous retriever `run` just runs.
   */
  settle<T>(run: () => T): Promise<T> {
    return this.search.settle(run);
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
    // "Who is Scotland's further education minister?": a minister of a portfolio or a place is another post than
    // the curated "Cabinet minister" the bare word names.
    const portfolioMinister =
      p.roles.includes('cabinet-minister') && !p.words.includes('cabinet') && p.entities.length + p.terms.length > 0;
    if (
      p.type === 'who' &&
      !p.scenario &&
      (leaderOfNonParty || portfolioMinister || !p.roles.some((r) => this.k.claims.some((c) => c.role === r)))
    ) {
      const r =
        this.roles.answerFromDescriptions(p, q) ??
        this.roles.holderInPassages(p, q, this.scorer.score(p, weighTerms(p, this.k)).slice(0, READER_PASSAGES));
      if (r) return r;
    }
    // 1. Who holds (or would hold) a role, under which scenario.
    if (
      (p.type === 'who' || (p.type === 'which' && p.expect === 'person')) &&
      p.roles.length &&
      !(leaderOfNonParty && p.entities.length) &&
      !portfolioMinister &&
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
    // "the CQC" where the articles write "the Care Quality Commission": asked as they write it.
    // Once: a name spelt out is the knowledge base's own words, but a loop must be impossible, not just unlikely.
    const spelt = gating.length && !this.spelling ? spellOutInitials(q, gating, this.k) : q;
    if (spelt !== q) {
      this.spelling = true;
      try {
        return { ...this.ask(spelt), question: q };
      } finally {
        this.spelling = false;
      }
    }
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
    // "Who is Oswin Drury?" about a name the entity recogniser missed, or found without a description in its
    // sentence: how the passages the reader would read describe it.
    const undescribed =
      (p.type === 'who' && !p.entities.length) ||
      (p.type === 'describe' && p.entities.length === 1 && !this.k.isDescribed(p.entities[0] as string));
    if (undescribed && !p.roles.length && !p.scenario) {
      const r = this.roles.describeName(p, q, this.scorer.score(p, weighTerms(p, this.k)).slice(0, READER_PASSAGES));
      if (r) return r;
    }
    // "Which party is Dame Helen Corrigan from?", "What party does the chair of the committee belong to?": the party
    // in how the articles describe the person (the reader offers no party for a person).
    const partySubject = this.askingHolder ? undefined : PartyLane.subjectOf(p);
    if (partySubject) {
      this.askingHolder = true;
      try {
        const r = this.parties.answer(p, q, partySubject);
        if (r) return r;
      } finally {
        this.askingHolder = false;
      }
    }
    // "What job does Callum Reddick have?" about a name the entity recogniser missed: his description, as for "Who is
    // Callum Reddick?" (the reader offers any noun of his sentence: "MPs" of "… Callum Reddick, told MPs").
    const jobOf = !p.entities.length && !p.scenario && !p.hypothetical ? JOB_OF_NAME.exec(p.raw) : null;
    if (jobOf) {
      const name = words(jobOf[1] ?? jobOf[2] ?? '');
      const passages = this.scorer.score(p, weighTerms(p, this.k)).slice(0, READER_PASSAGES);
      const r = this.roles.describeName(p, q, passages, name);
      if (r) return r;
    }
    if (p.type === 'describe') {
      // "Who is the Health Secretary?" when the articles made the post a name of its own: who holds it.
      const named = this.k.entities.get(p.entities[0] as string)?.name;
      const holder = named && isRoleTitle(named) ? this.roles.answerFromDescriptions(p, q) : undefined;
      if (holder) return holder;
      const r = this.roles.describe(p, q);
      if (r) return r;
    }
    // "What would Thorne do about the freight levy?", "What does the headline say Miliband would let Clegg do?": a
    // verb phrase, which neither the quotes lane nor the span reader offers.
    if (actionAsked(p) !== undefined) {
      const weights = weighTerms(p, this.k);
      const r = this.actions.answer(p, q, weights, this.scorer.score(p, weights).slice(0, READER_PASSAGES));
      if (r) return r;
    }
    if (p.type === 'whosaid' || p.type === 'whatsaid') {
      const r = this.quoteLane.answer(p, q);
      if (r) return r;
    }
    // "Did Pemberton say …?" about words someone else said: who did.
    const elsewhere = this.quoteLane.saidBySomeoneElse(p, q);
    if (elsewhere) return elsewhere;

    const reply = this.answerFromEvidence(p, q, missing.length > 0 || Boolean(p.expansions)).reply;
    // "Which seat does Iona Kerrigan represent?" that the evidence lanes leave unknown: the place in how an article
    // describes the person ("Iona Kerrigan, the MSP for Strathmorven"). After them, not before: run first, it moved
    // two training questions out of the reader's training and its retrain lost development rows (session 21).
    return (reply.status === 'unknown' && this.roles.seatOf(p, q)) || reply;
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
    const claims = unknownWords ? [] : this.claimsLane.candidates(p, q, weights).sort((a, b) => b.score - a.score);
    const scored = this.scorer.score(p, weights);
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
      // A claim answers "how much …?" with an amount or not at all: "106" (target seats) is no sum of money.
      const reply = bestClaim.reply();
      // A curated claim is true as of its article: about today, evidence from an article dated later answers.
      const later = this.laterEvidence(p, q, reply, passages, keepFeatures);
      if (later) return later;
      const answer = reply.answer ?? '';
      // "what was the winning margin in the end" is not "Labour has identified 106 target seats to win in 2015" (probe
      // round 5): a quantity named in the question (margin, majority, turnout …) that the claim never says.
      const noun = p.type === 'howmany' ? p.words.find((w) => QUANTITY_NOUNS.has(w)) : undefined;
      const claimStems = noun ? new Set(words(reply.text).map(stem)) : undefined;
      // (The noun's own stem, or a margin's other name: the synonym groups tie "margin" to "marginal" seats.)
      const nounStems = noun === undefined ? [] : MARGIN.has(noun) ? [...MARGIN].map(stem) : [stem(noun)];
      const otherQuantity = claimStems !== undefined && !nounStems.some((x) => claimStems.has(x));
      const unfit =
        (p.type === 'howmany' &&
          answer !== '' &&
          (p.quantity === 'money' ? !isAmountOfMoney(answer) : asksHowMany(p) && !statesCount(answer))) ||
        otherQuantity;
      return { ...base, lane: 'claim', reply: unfit ? unknown() : reply };
    }
    // "… openly or behind closed doors?": one of the alternatives offered, or unknown — never a yes, a no, or a
    // span that is neither.
    if (p.alternatives) {
      return { ...base, lane: 'choice', reply: this.choiceLane.answer(p, q, p.alternatives, scored, weights) };
    }
    const special = this.sentenceLane.candidates(p, q, weights)[0];
    if (p.type === 'yesno') {
      const reply = special && special.score >= ANSWER_THRESHOLD ? special.reply() : unknown();
      return { ...base, lane: special?.contested ? 'contested' : 'yesno', reply };
    }
    const reading = readSpans(p, weights, passages, MODELS.reader, this.mentionIds, keepFeatures);
    const verdict = verify(p, weights, passages, reading);
    // A listing sentence says whose each figure is: the reader's figure of another candidate gives way to the one
    // the question names ("… 18,450 votes, followed by the Greens' Kwame Amankwah with 9,812", kinds.ts askedFigure).
    const read = reading.best;
    const readFrom = read ? passages[read.passage]?.sentence.text : undefined;
    const owned =
      read && readFrom !== undefined && kindMismatch(p, read, readFrom) === 'figure-of-other'
        ? askedFigure(p, read, readFrom)
        : undefined;
    const best = read && owned ? { ...read, ...owned } : read;
    const ps = best ? passages[best.passage] : undefined;
    // Disputed evidence is shown with both sides, once the verifier agrees it is about what was asked.
    if (special?.contested && special.score >= ANSWER_THRESHOLD && verdict.answer) {
      return { ...base, reading, verdict, lane: 'contested', reply: special.reply() };
    }
    // "How many …?" answered by a span that states no count ("years" from "For years, …") or by an amount of money
    // ("£6,900" for "how many universities …?") is a guess, whatever the verifier's probability: the reply's
    // contract is a count or nothing.
    const countless = best !== undefined && asksHowMany(p) && !countsWhatIsAsked(p.words, best.text);
    // "How much is Thornbury getting?", "What share …?" answered by a name ("Grace Adebayo") or a phrase that states
    // no amount at all: the same contract, an amount or nothing.
    const amountless =
      best !== undefined &&
      p.type === 'howmany' &&
      (p.quantity === 'money' || p.quantity === 'percent') &&
      !statesCount(best.text);
    // "What's the name of …?", "What is the report called?" answered by a description ("One shadow Cabinet
    // minister") or a figure ("69 per cent"): the evidence does not name it, and the reply says so.
    const nameless = best !== undefined && asksForName(p) && !isName(best.text);
    // "which party leader could ukip stop from getting a majority?" answered "Labour": a person asked, a party, a body
    // or a place alone given. A post ("the Chancellor") may answer "which minister …?", and a person's description
    // may name a body ("Huguenot leader Gaspard de Coligny").
    const typesIn = (text: string) => this.mentionIds(text).map((id) => this.k.entities.get(id)?.type);
    const personAsked = WHICH_PERSON.test(p.raw) || (asksForName(p) && NAME_OF_PERSON.test(p.raw));
    const spanTypes = best !== undefined && personAsked ? typesIn(best.text) : [];
    const bodyForPerson =
      spanTypes.some((t) => t === 'party' || t === 'organisation' || t === 'place') &&
      !spanTypes.some((t) => t === 'person' || t === 'role');
    // A time that does not fit the time asked (timeFit.ts): a year before its article for "when will …", after it
    // for "when was …", or not the year asked at.
    const timeOff = best !== undefined && ps !== undefined ? timeMisfit(p, best.text, ps) : undefined;
    // And the other way: "which companies have bid for the first franchise contracts" answered "Ms Vennard".
    const bodyTypes = best !== undefined && WHICH_BODY.test(p.raw) ? typesIn(best.text) : [];
    const personForBody =
      bodyTypes.includes('person') && !bodyTypes.some((t) => t === 'party' || t === 'organisation' || t === 'place');
    // "which party does council leader Rhodri Bevan belong to?" answered "council's leader" (probe round 12): a party
    // asked, a span naming none. "Where are the votes going to be counted?" answered "Lib Dems": a party is no place.
    const partyTypes = best !== undefined && (p.expect === 'party' || p.type === 'where') ? typesIn(best.text) : [];
    const partyless =
      p.expect === 'party' && best !== undefined && !partyTypes.includes('party') && !PARTY_NOUN.test(best.text);
    const partyForPlace = p.type === 'where' && partyTypes.includes('party') && !partyTypes.includes('place');
    // "Who asked for monthly progress reports?" is not who was asked: in "Mr Bevan called on Ms Pritchard to publish
    // …" the span after the request verb is its object, and the question asks for its subject (probe round 5).
    const askedNotAsker =
      best !== undefined &&
      ps !== undefined &&
      p.type === 'who' &&
      p.subjectQuestion &&
      REQUEST_BEFORE.test(ps.sentence.text.slice(0, best.start));
    // Replies of the kind asked, read after the verifier (kinds.ts): a span cutting a word, a "when" without a time,
    // the question's own figure, a share for "how many", a name the sentence gives another post.
    const offKind = best !== undefined && ps !== undefined ? kindMismatch(p, best, ps.sentence.text) : undefined;
    // "What did Fiona Marchbank say about …?" read off a sentence that is not hers ("… a challenge to Fiona
    // Marchbank's leadership"): what someone said comes from a sentence they are the source of.
    const notTheirs = ps !== undefined && p.type === 'whatsaid' && !saidByAsked(p, ps.sentence.source, this.mentionIds);
    if (
      !best ||
      !ps ||
      !verdict.answer ||
      countless ||
      amountless ||
      nameless ||
      askedNotAsker ||
      bodyForPerson ||
      personForBody ||
      partyless ||
      partyForPlace ||
      timeOff ||
      offKind ||
      notTheirs
    ) {
      // The evidence that matched best does not answer: unknown, never the next-best guess. When it says the
      // opposite of what was asked ("the smallest …" for "the largest …"), the reply says so.
      const reply = verdict.opposite
        ? unknownReply(
            q,
            `the closest evidence I found is about the opposite of “${verdict.opposite}”, so it does not answer this.`,
            this.suggest(p),
          )
        : nameless && verdict.answer
          ? unknownReply(q, `the evidence I found gives no name: it says only “${best?.text}”.`, this.suggest(p))
          : unknown();
      return { ...base, reading, verdict, lane: 'unknown', reply };
    }
    // Read off a headline or standfirst: the body sentence stating the same answer is quoted first (its detail and
    // its source), the summary after it.
    const body = bodyStatement(ps.article, ps.sentence.i, best.text, scored);
    // An amount one source gives and another source of the same article contradicts with its own: both figures.
    // The amount as the body states it (with its source, "A Labour spokesperson denied … the £4.2bn total"), else as
    // read ("a pledge her party says will cost £4.2bn").
    const from = scored[best.passage];
    const stated = body && from ? ps.article.analysis.sentences.find((x) => x.text === body.quote) : undefined;
    const figures =
      (stated && from && body
        ? competingFigures(best.text, { ...from, sentence: stated, evidence: body }, scored)
        : undefined) ?? (from ? competingFigures(best.text, from, scored) : undefined);
    if (figures) {
      const answer = `Contested: ${figures.map((f) => f.label).join(' or ')}`;
      const confidence = Math.min(CONTESTED_CONFIDENCE.dispute, verdict.probability);
      return { ...base, reading, verdict, lane: 'contested', reply: contestedReply(q, answer, figures, confidence) };
    }
    const evidence: Evidence = { article: ps.article, quote: ps.sentence.text, attribution: ps.sentence.source };
    const extra = supporting(ps.article, ps.sentence.i);
    const quoted = body ? [body, evidence, ...extra] : [evidence, ...extra];
    const reply = answeredReply(q, best.text, best.text, quoted, verdict.probability);
    return { ...base, reading, verdict, lane: 'reader', reply };
  }

  /**
   * "When do people vote?" answered by the curated claim "The next general election is in May 2015" (as of April
   * 2014) when an article dated later ("Polling day is 17 December", 2 December 2026) answers it: the later
   * evidence, the claim shown as what was true before. Only for a question about today (no year, scenario or
   * hypothesis asked) and an article that states its date (an undated one's is the day it was ingested).
   */
  private laterEvidence(
    p: ParsedQuestion,
    q: string,
    claim: Reply,
    passages: readonly Passage[],
    keepFeatures: boolean,
  ): Inspection | undefined {
    if (p.years.length || p.scenario || p.hypothetical || claim.status !== 'answered') return undefined;
    const dates = claim.citations.map((c) => this.k.articleById.get(c.source)?.published ?? '');
    const claimed = dates.sort().at(-1);
    // No passage the reader would read comes from an article stating a later date (a knowledge base of the seed,
    // or of undated files): nothing to read again.
    const later = (a: ArticleInfo) => !a.inferred && a.published > (claimed ?? '');
    if (!claimed || !passages.some((x) => later(x.article))) return undefined;
    const fresh = this.answerFromEvidence(p, q, true, keepFeatures);
    const from = fresh.reply.citations.map((c) => this.k.articleById.get(c.source));
    if (fresh.reply.status !== 'answered' || !from.length) return undefined;
    if (from.some((a) => !a || !later(a))) return undefined;
    const before = claim.text.split('\n')[0] ?? '';
    return {
      ...fresh,
      reply: {
        ...fresh.reply,
        text: `${fresh.reply.text}\nEarlier (as of ${claim.asOf ?? claimed}): ${before}`,
        citations: [...fresh.reply.citations, ...claim.citations.slice(0, 1)],
      },
    };
  }

  /** The retriever's ranked passages for a question, whatever lane answers it (retriever recall@k). */
  passagesFor(question: string, limit = READER_PASSAGES): Passage[] {
    const p = parseQuestion(question.trim(), this.k);
    if (!p.words.length) return [];
    unknownTerms(p, this.k);
    return this.scorer
      .score(p, weighTerms(p, this.k))
      .slice(0, limit)
      .map((c) => ({ article: c.article, sentence: c.sentence, score: c.score, cov: c.cov, agree: c.agree }));
  }

  /**
   * What the retrieval lane makes of a question, whichever lane `ask` answers it in: the reader's candidates and
   * the verifier's verdict. `inspect` starts from it. Training reads `inspect`, not this: training on every
   * question this way was measured in session 20 and lost development rows (docs/quality-history.md).
   */
  read(question: string): Inspection | undefined {
    const q = question.trim();
    const p = parseQuestion(q, this.k);
    if (!p.words.length) return undefined;
    return this.answerFromEvidence(p, q, unknownTerms(p, this.k).length > 0 || Boolean(p.expansions), true);
  }

  /** Every stage's output for one question (evaluation and training read this; `ask` returns its reply). */
  inspect(question: string): Inspection | { reply: Reply; lane: string } {
    const q = question.trim();
    const reply = this.ask(q);
    const r = this.read(q);
    if (!r) return { reply, lane: 'early' };
    // Lanes before retrieval (roles, descriptions, quotes, the vocabulary gate) answered: report that.
    if (JSON.stringify(r.reply) !== JSON.stringify(reply)) return { reply, lane: 'early' };
    return r;
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

/** "What's the name of …?", "Name the …", "What is the report called?": the question asks for a name. */
function asksForName(p: ParsedQuestion): boolean {
  const w = p.words;
  // "name" the noun ("the name of", "her name", "name the …"), not the verb ("couldn't name any policy").
  const noun = w.some((x, i) => x === 'name' && (i === 0 || w[i + 1] === 'of' || NAME_OWNERS.has(w[i - 1] ?? '')));
  return noun || (p.type === 'what' && w[w.length - 1] === 'called');
}

/** Words before "name" that make it the noun: "the name", "his name", "the report's name". */
const NAME_OWNERS = new Set(['the', 'his', 'her', 'their', 'its', 's', 'whats']);

/** "Which party leader …?", "which minister …?": a question asking for a person by their post. */
const WHICH_PERSON =
  /^(?:which|what)\s+(?:\w+\s+)?(?:leader|minister|mp|msp|candidate|chancellor|secretary|spokes(?:man|woman|person)|councillor|mayor|official|politician|person|man|woman|chair|chief executive)\b/i;

/**
 * The name of a person asked by their post: "What's the name of Brackenmoor council's chief executive?" (round 15
 * answered "Weltonshire County Council", of "Sir Geoffrey Lant, a former chief executive of Weltonshire County
 * Council").
 */
const NAME_OF_PERSON =
  /\bname\s+of\b.*\b(?:leader|minister|mp|msp|candidate|chancellor|secretary|spokes(?:man|woman|person)|councillor|mayor|official|chair(?:man|woman)?|chief executive|head|boss|director|commissioner|governor|president)\b/i;

/** A winning margin by either name. */
const MARGIN = new Set(['margin', 'majority']);

/**
 * A job asked of a name: "What job does Callum Reddick have?" (1), "what is callum reddick's role?" (2). A name of two
 * or three words (roles.ts describeName then finds it capitalised in a sentence; "the minister" is no name).
 */
const JOB_OF_NAME =
  /^\s*what\s+(?:job|role|post|position)\s+(?:does|did)\s+((?:[\p{L}’'-]+\s+){2,3})(?:have|hold|do|had|held)\b|^\s*what(?:\s+is|['’]s|\s+was)\s+((?:[\p{L}’'-]+\s+){1,2}[\p{L}-]+)['’]s?\s+(?:job|role|post|position|title)\b/iu;

/** "Which companies …?", "which party …?": a question asking for a body. */
const WHICH_BODY =
  /^(?:which|what)\s+(?:\w+\s+)?(?:company|companies|firm|firms|party|parties|council|councils|union|unions|organisation|organisations|organization|organizations|group|groups|charity|charities|department|departments|body|bodies|bank|banks|newspaper|newspapers)\b/i;

/** A span that names a party by the word itself ("the Scottish National Party", "a regionalist party"). */
const PARTY_NOUN = /\bpart(?:y|ies)\b/i;

/** A request verb right before a span: the span is who was asked ("called on Ms Pritchard to …"). */
const REQUEST_BEFORE = /\b(?:called on|called upon|urged|asked|pressed|begged|challenged|told)\s+$/i;

/** The verbs of a "What did X say …?" question. */
const SAY_WORDS = new Set(['say', 'says', 'said', 'tell', 'told', 'claim', 'claimed', 'argue', 'argued', 'think']);

/**
 * Is the source of a sentence the person a "What did X say …?" question asks about? True when the question names no
 * person (nothing to hold it to); false when the sentence has no source.
 */
function saidByAsked(
  p: ParsedQuestion,
  source: { description: string } | undefined,
  mentionIds: (text: string) => string[],
): boolean {
  // The speaker is the name between "did" and "say" ("What did Fiona Marchbank say …?"), whatever type the
  // recogniser gave a person's name (a place, here).
  const say = p.words.findIndex((w) => SAY_WORDS.has(w));
  // An organisation there owns the speaker ("the Welsh Teachers' Federation's general secretary"): nothing to hold.
  const asked = p.mentions
    .filter((m) => m.end <= say && !['role', 'scenario', 'organisation', 'party'].includes(m.type))
    .map((m) => m.id);
  if (!asked.length) return true;
  return source !== undefined && mentionIds(source.description).some((id) => asked.includes(id));
}
