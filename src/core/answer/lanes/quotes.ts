/**
 * The quotes lane: "who said …" (the quote or reported sentence that best matches, and its speaker) and "what did
 * X say about …" (the speaker's quotes ranked by topic). A person's words are theirs or their spokesman's, never
 * those of someone whose description names them; with no quote by the speaker the answer is an honest unknown.
 */
import { speakerSuffix } from '../../nlp/attribution.js';
import { foldText, isStopword, stem, synonymStems, words as words_ } from '../../nlp/terms.js';
import { HONORIFIC } from '../../nlp/titles.js';
import type { Attribution, Reply } from '../../reply.js';
import { answeredReply, type Evidence, unknownReply } from '../compose.js';
import type { ArticleInfo, Knowledge, QuoteInfo } from '../knowledge.js';
import { coverage, entityAgreement, type TermWeights, weighTerms, yearFactor } from '../match.js';
import { type ParsedQuestion, parseQuestion } from '../parse.js';
import { SPEAKING_FOR, speakerRelation } from '../speaker.js';
import type { RoleHolder } from './roles.js';

/** What the quotes lane needs of retrieval (the engine's sentence index). */
export interface QuoteSearch {
  retrieve(p: ParsedQuestion, weights: TermWeights, limit: number): { id: number }[];
  bestSentence(
    p: ParsedQuestion,
    weights: TermWeights,
    filter: (s: { source?: Attribution }) => boolean,
  ): { score: number; evidence: Evidence; source?: Attribution } | undefined;
  /** Every content stem of an article (title and sentences). */
  articleStems(articleId: string): Set<string>;
}

/**
 * "What did X say …" ranks X's latest quotes: a news bot's question is about what was said lately, and a
 * spokesman quoted in every article would otherwise mean scoring 100,000 quotes a question at 100,000 articles.
 */
const QUOTES_PER_SPEAKER = 2000;

/** Words that put a speaker near a role's holder rather than in the role ("close to the Justice Secretary"). */
const NEAR_ROLE =
  /\b(?:close to|near to|loyal to|allies of|ally of|friends? of|aides? to|advisers? to|supporters? of|colleagues? of|associates? of|critics? of|opponents? of)\b/i;

/** The opposition's counterpart of a role ("the shadow chancellor"): another role. */
const SHADOW = /\bshadow\b/i;
/**
 * A description ending in a name in apposition: "Its regional organiser, Carol Whitcombe" -> "Carol Whitcombe";
 * "his solicitor, Jonathan Brisk of Harcourt Lane LLP" -> "Jonathan Brisk" (the firm is not the name).
 */
const APPOSED_NAME_END = new RegExp(
  `,\\s+((?:${HONORIFIC}\\s+)?\\p{Lu}[\\p{L}’'-]+(?:\\s+\\p{Lu}[\\p{L}’'-]+)*)(?:\\s+(?:of|at|from)\\s+(?:the\\s+)?\\p{Lu}[\\p{L}&’'-]*(?:\\s+\\p{Lu}[\\p{L}&’'-]*)*)?$`,
  'u',
);
/** A title or honorific as a first word: "Ms Marchbank" is no full name. */
const TITLE_WORD = new RegExp(`^(?:${HONORIFIC}|The|A|An|Chair|Councillor|Cllr|Minister|Secretary)$`, 'u');
/** A speaker written as a title and a surname ("Ms Qureshi", "Dr Meredith"). */
const TITLED_SURNAME = new RegExp(`^${HONORIFIC}\\s+\\p{Lu}[\\p{L}’'-]+$`, 'u');

/**
 * A reported sentence ("Mr Baker told MPs that …") answers "what did X say about Y" when it matches at least half
 * of the topic asked: the same bar as an answer from the sentence lane with its speaker known.
 */
const REPORTED_MIN_SCORE = 0.5;
/** Paragraphs before a quote's own that say what it is about (its question may be put in the paragraph before). */
const QUOTE_CONTEXT_PARAGRAPHS = 1;
/**
 * A quote of at most this many words may be a fragment of a reported sentence ("it was “simply untrue” that …"); a
 * longer one is a statement of its own. Four words is "always been budgeted separately"; six leaves room for a
 * phrase ("a cynical attempt to derail a scheme" is seven, and says what it is about).
 */
const FRAGMENT_WORDS = 6;
/** Characters a sentence must add to a quote to be more than its attribution ("…,” she said."). */
const FRAGMENT_MARGIN = 20;
/** How much of a "who said …" question the words found must cover to be the ones asked about (since session 3). */
const WHO_SAID_MIN_SCORE = 0.6;

/**
 * "Did/Has X say/claim … (that) …?": who was asked about, the speech verb, and the words asked about. A verb of
 * speech only: "Did X back …?" asks what X did, which the yes/no lane reads; "warn" only with "that" ("Did Kerridge
 * warn the whips before she defected?" asks whether she told them, not whose words something was).
 */
const SAID_ASKED =
  /^(?:did|has|have|does|do)\s+(.{2,60}?)\s+(?:ever\s+|really\s+|actually\s+|also\s+)?(say|said|claim|claimed|call|called|describe|described|argue|argued|insist|insisted|admit|admitted|predict|predicted|accuse|accused|(?:warn|warned)(?=\s+that\b))\s+(?:that\s+)?(.+?)[?.!]*$/i;
/** The past form a "Who … ?" question takes: "Who warned …?" for "Did X warn …?". */
const SPEECH_PAST: Record<string, string> = {
  say: 'said',
  warn: 'warned',
  claim: 'claimed',
  call: 'called',
  describe: 'described',
  argue: 'argued',
  insist: 'insisted',
  admit: 'admitted',
  predict: 'predicted',
  accuse: 'accused',
};
/** Words asked about must be a statement, not a word ("Did X say that?", "Did X say no?" name nothing to look up). */
const SAID_TERMS_MIN = 2;
/**
 * A "No — that was Z" rests on the words being found and on the person asked not being quoted on them: no surer
 * than a reported sentence's answer in the yes/no lane.
 */
const SAID_ELSE_CONFIDENCE = 0.7;

export class QuoteLane {
  constructor(
    private readonly k: Knowledge,
    private readonly search: QuoteSearch,
    private readonly suggest: (p?: ParsedQuestion) => string[],
    /** Who an article describes as a role ("the justice secretary" -> Tom Baker): roles.ts holderOf. */
    private readonly holderOf: (phrase: string[], p: ParsedQuestion) => RoleHolder | undefined = () => undefined,
  ) {}

  /** Does the quote's speaker match the people/roles the question names ("Miliband's spokesman")? */
  private speakerMatches(quote: QuoteInfo, p: ParsedQuestion): boolean {
    // "What did the prison governors association say?": words naming no known entity must describe the speaker.
    if (p.speakerTerms.length) {
      if (!this.describedAs(quote.speaker, p.speakerTerms) || !this.inRoleAsked(quote, p)) return false;
      if (!p.speakerIds.length) return true;
    }
    const speakerNamed = p.speakerIds.length ? p.speakerIds : p.entities;
    const people = speakerNamed.filter((e) =>
      ['person', 'party', 'organisation'].includes(this.k.entities.get(e)?.type ?? ''),
    );
    const wantsSpokesman = (p.speakerIds.length ? p.speakerIds : p.roles).includes('spokesman');
    if (wantsSpokesman && quote.speaker.kind !== 'spokesman') return false;
    if (!people.length) {
      const roles = (p.speakerIds.length ? p.speakerIds : p.roles).filter((r) => r !== 'spokesman');
      // "the Downing Street spokesman": a spokesman of that office (the Prime Minister's), not any spokesman.
      return roles.length ? roles.some((r) => this.speakerHasRole(quote, r, p)) : wantsSpokesman;
    }
    // "the Lib Dem leader": a party and a role of it — its leader speaks, not anyone of the party.
    const heldRoles = p.speakerIds.filter((id) => id !== 'spokesman' && p.roles.includes(id));
    if (
      heldRoles.length &&
      people.every((id) => this.k.entities.get(id)?.type !== 'person') &&
      !heldRoles.some((r) => this.speakerHasRole(quote, r, p))
    )
      return false;
    const speakerIds = new Set(this.k.textInfo(quote.speaker.description).mentions.map((m) => m.id));
    if (quote.speaker.entity) speakerIds.add(quote.speaker.entity);
    // A person's words are theirs or their spokesman's, never those of someone whose description names them
    // ("a shadow Cabinet minister close to Mr Miliband"); a party or organisation speaks through anyone of it.
    return people.some((id) =>
      this.k.entities.get(id)?.type === 'person'
        ? SPEAKING_FOR.includes(speakerRelation(quote.speaker, id, this.k))
        : speakerIds.has(id),
    );
  }

  private describedAs(speaker: Attribution, stems: readonly string[]): boolean {
    const have = this.k.textInfo(speaker.description).stems;
    return stems.every((t) => have.has(t) || synonymStems(t).some((x) => have.has(x)));
  }

  private sourceMatches(source: Attribution, p: ParsedQuestion): boolean {
    return this.speakerMatches({ id: '', article: '', text: '', about: [], curated: false, speaker: source }, p);
  }

  /**
   * Does the speaker hold the role (or speak for its holder: "a Downing Street spokesman")? Not someone near its
   * holder: "a senior official close to the Justice Secretary" is not the Justice Secretary.
   */
  private speakerHasRole(quote: QuoteInfo, role: string, p: ParsedQuestion): boolean {
    return this.k.textInfo(quote.speaker.description).mentions.some((m) => m.id === role) && this.inRoleAsked(quote, p);
  }

  /**
   * Not near the role's holder ("a senior official close to the Justice Secretary"), nor its shadow ("Shadow
   * justice secretary Helen Marsh" for "what did the justice secretary say?") unless the question asks for it.
   */
  private inRoleAsked(quote: QuoteInfo, p: ParsedQuestion): boolean {
    const d = quote.speaker.description;
    return !NEAR_ROLE.test(d) && (!SHADOW.test(d) || p.words.includes('shadow'));
  }

  private quoteArticle(quote: QuoteInfo): ArticleInfo | undefined {
    return this.k.articleById.get(quote.article);
  }

  /**
   * What a quote is said about, beyond its own words: its paragraph and the one before, and the article's headline
   * and standfirst ("What did Farage call the result?" — "a political earthquake", in an article about the result).
   * Not the rest of the article: "What did Callum Redfern say about holding prisoners in police cells?" is not
   * answered by his words on capacity because another paragraph, someone else's, is about police cells.
   * Undefined when the quote's sentence is not found (a curated quote): the whole article then.
   */
  private aroundQuote(quote: QuoteInfo): Set<string> | undefined {
    const ss = this.quoteArticle(quote)?.analysis.sentences;
    const at = ss?.find((x) => x.text.includes(quote.text));
    if (!ss || !at) return undefined;
    const out = new Set<string>();
    for (const x of ss)
      if (x.part === 'headline' || x.part === 'standfirst' || (x.p <= at.p && x.p >= at.p - QUOTE_CONTEXT_PARAGRAPHS))
        for (const st of this.k.textInfo(x.text).stems) out.add(st);
    return out;
  }

  /**
   * The sentence a quoted fragment stands in ("The spokesperson said it was “simply untrue” that the mayor had seen
   * the higher estimate before the July vote"): what the speaker said is the sentence, the fragment only its words.
   * Undefined for a quote of more than FRAGMENT_WORDS words that opens in capitals, or one that is its sentence.
   */
  private fragmentSentence(quote: QuoteInfo): string | undefined {
    // A quote opening in lower case continues its sentence ("police cells were “not, and will not be, part of our
    // capacity planning”"), however long.
    if (quote.text.split(/\s+/).length > FRAGMENT_WORDS && !/^\p{Ll}/u.test(quote.text)) return undefined;
    const s = this.quoteArticle(quote)?.analysis.sentences.find((x) => x.text.includes(`“${quote.text}”`));
    return s && s.text.length > quote.text.length + FRAGMENT_MARGIN ? s.text : undefined;
  }

  /** Quotes worth scoring for "who said …": those in the articles whose sentences best match the question. */
  private candidateQuotes(p: ParsedQuestion, weights: TermWeights): readonly QuoteInfo[] {
    if (this.k.quotes.size <= 200) return this.k.quotes.all();
    const hits = this.search.retrieve(p, weights, 30);
    const articles = new Set(hits.map((h) => this.k.articles[this.k.sentences.ref(h.id)?.article ?? -1]?.id));
    return [...articles].flatMap((id) => (id ? this.k.quotes.ofArticle(id) : []));
  }

  /**
   * Quotes whose speaker is (or speaks for) one of the question's people or roles — the latest QUOTES_PER_SPEAKER
   * of each — or the latest QUOTES_PER_SPEAKER of all when it names none.
   */
  private quotesBySpeaker(p: ParsedQuestion): readonly QuoteInfo[] {
    const keys = p.speakerIds.length ? p.speakerIds : p.speakerTerms.length ? [] : [...p.entities, ...p.roles];
    if (!keys.length) return this.k.quotes.all(QUOTES_PER_SPEAKER);
    return [...new Set(keys.flatMap((key) => this.k.quotes.bySpeaker(key, QUOTES_PER_SPEAKER)))];
  }

  /**
   * "What did the justice secretary say?" when no quote's speaker is described as the role: the words of whoever
   * an article describes as it ("the Justice Secretary, Tom Baker" — quoted as "Mr Baker"), said with who that is
   * and the sentence that says so. Not for a spokesman asked about, nor a person named.
   */
  private byHolder(p: ParsedQuestion, q: string): Reply | undefined {
    if (!p.speakerPhrase.length || p.speakerIds.includes('spokesman')) return undefined;
    if (p.speakerIds.some((id) => this.k.entities.get(id)?.type === 'person')) return undefined;
    const holder = this.holderOf(p.speakerPhrase, p);
    if (!holder) return undefined;
    const asked = new Set([...p.speakerTerms, ...p.speakerPhrase.map(stem)]);
    const keep = p.terms.flatMap((t, i) => (asked.has(t) ? [] : [i]));
    const { expansions: _dropped, ...rest } = p;
    const viaHolder: ParsedQuestion = {
      ...rest,
      speakerIds: [holder.entity],
      speakerTerms: [],
      speakerPhrase: [],
      namedSpeaker: true,
      // The party or body of the role ("the Lib Dem leader") named who was asked, not what about.
      entities: [holder.entity, ...p.entities.filter((e) => e !== holder.entity && !p.speakerIds.includes(e))],
      roles: p.roles.filter((r) => !p.speakerIds.includes(r)),
      terms: keep.map((i) => p.terms[i] as string),
      termWords: keep.map((i) => p.termWords[i] as string),
      slotTerms: [],
    };
    const reply = this.answer(viaHolder, q, holder);
    return reply && reply.status !== 'unknown' ? reply : undefined;
  }

  /**
   * "Ms Qureshi" as the KB names her in full ("Rehana Qureshi"): a speaker written as a title and a surname is
   * answered by the one person the KB knows by that surname; any other description as written.
   */
  private fullName(description: string, article?: ArticleInfo): string {
    if (!TITLED_SURNAME.test(description)) return description;
    const people = new Set(
      this.k
        .textInfo(description)
        .mentions.filter((m) => this.k.entities.get(m.id)?.type === 'person')
        .map((m) => m.id),
    );
    const [only] = people;
    const name = people.size === 1 && only ? this.k.entities.get(only)?.name : undefined;
    if (name && name.split(' ').length > 1) return name;
    // A name the recogniser missed: the one full name the quote's article writes with that surname ("Ms Marchbank"
    // of "the committee chair, Helen Marchbank").
    const surname = description.split(/\s+/).at(-1) as string;
    const named = new RegExp(`\\b(\\p{Lu}[\\p{L}’'-]+\\s+${surname})\\b`, 'gu');
    const written = new Set(
      (article?.analysis.sentences ?? []).flatMap((x) =>
        [...x.text.matchAll(named)]
          .map((m) => m[1] as string)
          .filter((n) => !TITLE_WORD.test(n.split(/\s+/)[0] as string)),
      ),
    );
    const [full] = written;
    return written.size === 1 && full ? full : description;
  }

  /**
   * Who said what a "who said …" question quotes or describes: the best-covering quote (or the quoted phrase
   * itself), else reported speech ("Party insiders insist that …"), each at WHO_SAID_MIN_SCORE or more.
   */
  private whoSaid(
    p: ParsedQuestion,
    weights: TermWeights,
  ): { who: Attribution; evidence: Evidence; score: number; quoted: boolean } | undefined {
    let best: { quote: QuoteInfo; score: number } | undefined;
    for (const quote of this.candidateQuotes(p, weights)) {
      // A quoted phrase nobody is named for (scare quotes inside reported speech: "the government had 'lost
      // control'") is answered by the reported sentence's source below, not as "unattributed".
      if (quote.speaker.kind === 'reporter') continue;
      let score: number;
      if (p.quoted) {
        const want = foldText(p.quoted).replace(/[^\p{L}\p{N} ]/gu, '');
        const have = foldText(quote.text).replace(/[^\p{L}\p{N} ]/gu, '');
        score = have.includes(want) ? 1 : coverage(weights, this.k.textInfo(quote.text).stems).score * 0.8;
      } else {
        score =
          coverage(weights, this.k.textInfo(quote.text).stems).score *
          entityAgreement(
            p,
            this.k.textInfo(quote.text).mentions.map((m) => m.id),
          );
      }
      if (!best || score > best.score) best = { quote, score };
    }
    // Reported speech ("Party insiders insist that …") counts too.
    const reported = this.search.bestSentence(p, weights, (s) => Boolean(s.source));
    if (best && best.score >= WHO_SAID_MIN_SCORE && (!reported || best.score >= reported.score)) {
      const article = this.quoteArticle(best.quote);
      if (!article) return undefined;
      const who = best.quote.speaker;
      return { who, evidence: { article, quote: best.quote.text, attribution: who }, score: best.score, quoted: true };
    }
    if (reported && reported.score >= WHO_SAID_MIN_SCORE && reported.source)
      return { who: reported.source, evidence: reported.evidence, score: reported.score, quoted: false };
    return undefined;
  }

  /**
   * "Did Pemberton say the change would entrench a closed shop …?" where the words are the treasurer's: "No — that
   * was Priya Raman", citing them. The words asked about are looked up as "Who said …?" would (whoSaid); only when
   * their speaker is someone other than the person asked (a named person or a spokesperson) and
   * the evidence does not name the person asked at all (the speaker's "Mr Okafor's spokesman", "allies of Mr
   * Pemberton" are theirs or about them: not this). Had the person asked said it too, the knowledge base would
   * hold it as their own quote: any of their quotes covering the same words leaves the question to the yes/no lane.
   */
  saidBySomeoneElse(p: ParsedQuestion, q: string): Reply | undefined {
    if (p.type !== 'yesno') return undefined;
    const m = SAID_ASKED.exec(q.trim());
    if (!m) return undefined;
    const [, asked = '', verb = '', words = ''] = m;
    const people = this.k.matcher
      .find(asked)
      .map((x) => x.id)
      .filter((id) => this.k.entities.get(id)?.type === 'person');
    // "Did the council leader announce …?": the person an article describes as the post.
    const holder = people.length ? undefined : this.holderOf(asked.toLowerCase().split(/\s+/), p)?.entity;
    const person = people.length === 1 ? people[0] : holder;
    if (people.length > 1) return undefined;
    const said = `Who ${SPEECH_PAST[verb.toLowerCase()] ?? verb} ${words}?`;
    const whoP = parseQuestion(said, this.k);
    if (whoP.type !== 'whosaid' || whoP.terms.length < SAID_TERMS_MIN) return undefined;
    const saidWeights = weighTerms(whoP, this.k);
    const found = this.whoSaid(whoP, saidWeights);
    // Someone the article names, or a spokesperson: not an anonymous source ("No — that was the source" names
    // nobody), nor the article itself.
    if (!found || (found.who.kind !== 'named' && found.who.kind !== 'spokesman')) return undefined;
    if (!person) {
      // "Did the treasurer say …?" when no article says who the treasurer is: the words are someone's whose
      // description does not say it — whether that is who was asked, the knowledge base cannot tell.
      const askedWords = words_(asked).filter((x) => !isStopword(x));
      const described = words_(found.who.description);
      if (!askedWords.length || askedWords.every((x) => described.includes(x))) return undefined;
      return unknownReply(
        q,
        `the words I found are ${found.who.description}'s, and the knowledge base does not say whether that is ${asked}.`,
        this.suggest(p),
      );
    }
    if (speakerRelation(found.who, person, this.k) !== 'none') return undefined;
    if (this.k.textInfo(found.evidence.quote).mentions.some((x) => x.id === person)) return undefined;
    const own = this.k.quotes
      .bySpeaker(person, QUOTES_PER_SPEAKER)
      .some((x) => coverage(saidWeights, this.k.textInfo(x.text).stems).score >= WHO_SAID_MIN_SCORE);
    if (own) return undefined;
    // The name a description ends in ("Its regional organiser, Carol Whitcombe"), as the KB names them in full.
    const apposed = APPOSED_NAME_END.exec(found.who.description)?.[1];
    const name =
      found.who.kind === 'named'
        ? this.fullName(apposed ?? found.who.description, found.evidence.article)
        : found.who.description.replace(/^(?:The|A|An)\b/, (x) => x.toLowerCase());
    const askedName = this.k.entities.get(person)?.name ?? asked;
    return answeredReply(
      q,
      `No — that was ${name}`,
      `No: as far as the knowledge base shows, ${name} said that, not ${askedName}.`,
      [found.evidence],
      Math.min(SAID_ELSE_CONFIDENCE, (found.quoted ? 0.85 : 0.7) * found.score),
    );
  }

  answer(p: ParsedQuestion, q: string, via?: RoleHolder): Reply | undefined {
    const weights = weighTerms(p, this.k);
    // What a "what did X say about …" question is about: its terms less those describing X.
    const topic = p.speakerTerms.length ? withoutTerms(weights, p.speakerTerms) : weights;
    if (p.type === 'whosaid') {
      const said = this.whoSaid(p, weights);
      if (!said) return undefined;
      return said.quoted
        ? answeredReply(
            q,
            this.fullName(said.who.description, said.evidence.article),
            `${capitalise(said.who.description)} said it${speakerSuffix(said.who.kind)}.`,
            [said.evidence],
            0.85 * said.score + 0.1,
          )
        : answeredReply(
            q,
            this.fullName(said.who.description, said.evidence.article),
            `${capitalise(said.who.description)} said so.`,
            [said.evidence],
            0.7 * said.score,
          );
    }
    // whatsaid: quotes by the named speaker, best on topic (content terms and the other entities named).
    // A role's holder's words from the article that describes them as it: another article may be from before they
    // held it ("Sir Ed Davey, the Lib Dem leader" in 2023; his words in a 2017 leadership race), and an article's
    // date is not always known.
    const inRole = (articleId: string) => !via || articleId === via.evidence.article.id;
    const bySpeaker = this.quotesBySpeaker(p).filter((quote) => this.speakerMatches(quote, p) && inRole(quote.article));
    if (!bySpeaker.length) {
      // Reported speech ("X said that …") by the same speaker, else an honest unknown: never put words in
      // someone's mouth.
      const reported = this.search.bestSentence(p, weights, (x) =>
        Boolean(x.source && this.sourceMatches(x.source, p)),
      );
      const reportedInRole = reported && inRole(reported.evidence.article.id) ? reported : undefined;
      // With no topic asked ("What did Tom Baker say?") any sentence reporting the speaker's words answers; the
      // retrieval score then only measures how little of a question there was to match.
      const topical = topic.terms.length + p.years.length + p.entities.filter((e) => !p.speakerIds.includes(e)).length;
      if (reportedInRole?.source && (reportedInRole.score >= REPORTED_MIN_SCORE || !topical)) {
        return answeredReply(
          q,
          reportedInRole.evidence.quote,
          `${holderLead(via)}${capitalise(reportedInRole.source.description)} said so.`,
          [reportedInRole.evidence, ...(via ? [via.evidence] : [])],
          0.6 * reportedInRole.score + 0.2,
        );
      }
      const held = via ? undefined : this.byHolder(p, q);
      if (held) return held;
      // A speaker described rather than named ("Labour activists", "the MP"): let retrieval find it.
      if (!p.namedSpeaker) return undefined;
      const who = p.entities.map((e) => this.k.entities.get(e)?.name).filter(Boolean)[0] ?? 'that speaker';
      return unknownReply(
        q,
        `the knowledge base has no quotes from ${who}${topic.terms.length ? ' on that' : ''}.`,
        this.suggest(p),
      );
    }
    const main = topic.terms.reduce<TermWeights['terms'][number] | undefined>(
      (a, t) => (!a || t.weight > a.weight ? t : a),
      undefined,
    );
    const ranked = bySpeaker
      .map((quote, i) => {
        const speakerIds = new Set(this.k.textInfo(quote.speaker.description).mentions.map((m) => m.id));
        if (quote.speaker.entity) speakerIds.add(quote.speaker.entity);
        const topicEnts = [...p.entities, ...(p.scenario?.id ? [p.scenario.id] : [])].filter((e) => !speakerIds.has(e));
        const mentioned = new Set([...quote.about, ...this.k.textInfo(quote.text).mentions.map((m) => m.id)]);
        const entScore = topicEnts.length ? topicEnts.filter((e) => mentioned.has(e)).length / topicEnts.length : 0.5;
        // The quote's own words first; the article it sits in counts for half ("What did Farage call the
        // result?" — his quote is "a political earthquake", in an article about the result). Article context is
        // looked at for a speaker's first 30 quotes only: someone quoted in hundreds of articles must not cost
        // hundreds of article scans.
        const context = i < 30 ? () => this.search.articleStems(quote.article) : undefined;
        const frame = this.fragmentSentence(quote);
        const stems = this.k.textInfo(frame ?? quote.text).stems;
        // The topic's rarest word in neither the quote nor its article: the quote is about something else ("what
        // did Reform UK say about the referendum result" is not Reform's words on a by-election).
        const offTopic = main && !holds(stems, main) && !(context && holds(this.aroundQuote(quote) ?? context(), main));
        const termScore = topic.terms.length ? coverage(topic, stems, context).score : 0.5;
        const years = yearFactor(p, quote.text);
        return {
          quote,
          frame,
          score: offTopic ? 0 : (0.5 * termScore + 0.5 * entScore) * years,
          specific: topicEnts.length + topic.terms.length + p.years.length,
        };
      })
      .sort((a, b) => b.score - a.score);
    const top = ranked[0];
    if (!top || (top.specific && top.score < 0.3)) return undefined;
    const article = this.quoteArticle(top.quote);
    if (!article) return undefined;
    const who = top.quote.speaker;
    // A fragment is given in its sentence: "“simply untrue”" alone does not say what was untrue.
    const said = top.frame ?? top.quote.text;
    return answeredReply(
      q,
      said,
      top.frame
        ? // The sentence names its speaker ("Daniel Okafor, a Labour member, said …") or is said to be theirs.
          `${holderLead(via)}${top.frame.includes(who.description.split(/\s+/).pop() ?? '') ? '' : `${capitalise(who.description)}: `}${top.frame}`
        : `${holderLead(via)}${capitalise(who.description)} said: “${top.quote.text}”`,
      [{ article, quote: said, attribution: who }, ...(via ? [via.evidence] : [])],
      0.55 + 0.35 * top.score,
    );
  }
}

/** "Tom Baker is the Justice Secretary. " before the words of a role's holder. */
function holderLead(via: RoleHolder | undefined): string {
  return via ? `${via.name} is ${via.description}. ` : '';
}

function withoutTerms(weights: TermWeights, stems: readonly string[]): TermWeights {
  const terms = weights.terms.filter((t) => !stems.includes(t.stem));
  return { terms, total: terms.reduce((a, t) => a + t.weight, 0) };
}

function capitalise(s: string): string {
  return s ? s[0]?.toUpperCase() + s.slice(1) : s;
}

/** Does a set of stems hold the term, or one of its synonyms? */
function holds(stems: ReadonlySet<string>, t: TermWeights['terms'][number]): boolean {
  return stems.has(t.stem) || t.synonyms.some((x) => stems.has(x));
}
