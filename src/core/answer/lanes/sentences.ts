/**
 * The sentence lane: answers read straight off the re-scored sentences (rescore.ts) where the reader does not
 * apply — yes/no questions (polarity from the evidence, contested when sources of opposite polarity disagree)
 * — and disputed evidence (a claim and the source rebutting it, or one sentence holding both sides), shown as
 * contested with both sides.
 */

import { LEAD_PARAGRAPH } from '../../nlp/analyse.js';
import {
  attributionPhrase,
  classifySpeaker,
  cleanSpeaker,
  lastWordOf,
  reportedSource,
  reportedSpeechStart,
  reportingVerbPattern,
} from '../../nlp/attribution.js';
import { lemma } from '../../nlp/lexical.js';
import { escapeRegExp } from '../../nlp/regexp.js';
import { isStopword, stem, words } from '../../nlp/terms.js';
import type { Attribution } from '../../reply.js';
import { MAX_ANSWER } from '../../reply.js';
import { ANSWER_THRESHOLD, type Candidate } from '../candidate.js';
import { answeredReply, contestedReply, type Evidence, type Side, unknownReply } from '../compose.js';
import { statesCount } from '../extract.js';
import { sentenceCase } from '../format.js';
import { asksHowMany, kindMismatch } from '../kinds.js';
import type { ArticleInfo, Knowledge } from '../knowledge.js';
import type { TermWeights } from '../match.js';
import type { ParsedQuestion } from '../parse.js';
import {
  deniedClaimant,
  type Polarity,
  type PolarityReading,
  questionPredicate,
  readPolarity,
  type Unsure,
} from '../polarity.js';
import { numbersIn, questionNumbers } from '../read.js';
import {
  apposedDisputer,
  claimantOf,
  disputesAFigure,
  findRebuttal,
  findStatedDispute,
  type Rebuttal,
  rebutsACount,
  rebuttingAgent,
  sideAttribution,
  splitApposedDispute,
  splitDispute,
  splitFigureDispute,
  turnsSides,
} from '../rebuttal.js';
import type { ScoredSentence, SentenceScorer } from '../rescore.js';
import type { Search } from '../search.js';

/*
 * Set by hand (sessions 2–4, on the development questions) and named here. The yes/no and dispute paths have no
 * learned model yet: the verifier is trained on span answers only (it never sees a yes/no question), so these
 * are the rules that data should set next (issue #10, item 7).
 */
/** Yes/no: sentences this close to the best (and above ANSWER_THRESHOLD) are weighed for opposite polarity. */
export const POLARITY_CLOSE = 0.7;
/** Yes/no: candidates this close to the best are checked for a dispute (other questions: the best only). */
const DISPUTE_CLOSE = 0.75;
/** A word of reporting ("said", "told"): the question's "say" is not what a source said. */
const REPORTING_VERB = new RegExp(`^(?:${reportingVerbPattern}|say)$`, 'i');
/**
 * A denial that names what it denies: "disputes the commissioner's conclusion that …", "rejected the claim that …",
 * "denied the allegation that …" (up to four words for whose it is).
 */
const DENIES_FINDING =
  /\b(?:disput(?:e|es|ed|ing)|den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|challeng(?:e|es|ed|ing)|contest(?:s|ed|ing)?)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,4}?(?:conclusion|finding|claim|allegation|accusation|suggestion|assertion|charge|verdict)s?\s+that\b/i;
/** Candidates returned (the engine answers from the first), and evidence shown per side of a contest. */
const CANDIDATES = 3;
/** Sentences (the reader's five passages) among which both sides of a stated dispute make a yes/no contested. */
const BOTH_SIDES_AMONG = 5;
const EVIDENCE_PER_SIDE = 2;
/** Why a yes/no answer is not given, as the reply says it. */
const UNSURE: Record<Unsure, string> = {
  hedge: ' (it reports a hope, plan or possibility)',
  indirect: ' (it only asks or supposes it)',
  mixed: ' (one part of it says so and another says the opposite)',
  unmatched: '',
  before: ' (it says how things stood before what it reports)',
  other: ' (it says so of someone else)',
};
/** Reply confidence: contested replies never claim more than this (the sources disagree). */
export const CONTESTED_CONFIDENCE = { polarity: 0.55, dispute: 0.6 } as const;
/** Reply confidence from the score for an answer read off a sentence: 0.25 at no coverage, at most 0.9. */
const CONFIDENCE = { base: 0.25, slope: 0.6, max: 0.9 } as const;

export function confidenceOf(score: number): number {
  return Math.min(CONFIDENCE.max, CONFIDENCE.base + CONFIDENCE.slope * score);
}

export class SentenceLane {
  constructor(
    private readonly k: Knowledge,
    private readonly scorer: SentenceScorer,
    private readonly search: Search,
    private readonly suggest: (p?: ParsedQuestion) => string[],
  ) {}

  candidates(p: ParsedQuestion, q: string, weights: TermWeights): Candidate[] {
    const ranked = this.scorer.score(p, weights);
    // A yes/no question about "clause 4" or "the £10,800 cap" is about that one: a sentence that neither states
    // the number nor stands next to one that does is about something else, however much of the rest it covers
    // ("clauses that double the charge" is no evidence on giving up clause 4; "… denies that any offer was made"
    // right after "offered an additional £120 million" is). Years are the re-scorer's (yearFactor).
    const numbers = p.type === 'yesno' ? questionNumbers(p).filter((n) => !p.years.includes(n)) : [];
    const scored = numbers.length ? ranked.filter((c) => statesNear(c.article, c.sentence.i, numbers)) : ranked;
    const top = scored[0];
    if (!top) return [];
    // Yes/no questions: evidence with opposite polarity from different sources is contested.
    const questionStems = new Set(weights.terms.flatMap((t) => [t.stem, ...t.synonyms]));
    // Polarity weighs the clause that holds the asked words (polarity.ts): the names asked about count towards it
    // too ("Can the Tories win without the North, …"), though a clause holding only names says nothing about
    // what is asked; a capitalised word of the question ("Councillor Ashdown") is part of a name.
    const names = new Set(
      [...p.mentions.flatMap((m) => p.words.slice(m.start, m.end)), ...p.proper]
        .filter((w) => !isStopword(w))
        .map(stem),
    );
    const aliases = new Set(
      p.mentions.flatMap((m) => words(this.k.entities.get(m.id)?.name ?? '').filter((w) => !isStopword(w))).map(stem),
    );
    // What the question asks happened ("published", "backed"), with the synonyms the question's term has.
    const asked = p.type === 'yesno' ? questionPredicate(p) : undefined;
    const term = asked ? weights.terms.find((t) => t.word === asked || t.stem === stem(asked)) : undefined;
    const predicate = new Set(asked ? [stem(asked), ...(term ? [term.stem, ...term.synonyms] : [])] : []);
    // Each sentence's polarity is read once per question (the contest check and the answer share it).
    const readings = new Map<string, PolarityReading>();
    const readingOf = (text: string) => {
      let r = readings.get(text);
      if (!r) {
        r = readPolarity(p, text, questionStems, names, aliases, predicate);
        readings.set(text, r);
      }
      return r;
    };
    if (p.type === 'yesno') {
      const close = scored.filter((c) => c.score >= Math.max(ANSWER_THRESHOLD, top.score * POLARITY_CLOSE));
      // An article saying what is in dispute ("The central point in dispute is whether …") and then each side
      // answers a yes/no question about it, before any reading of one sentence's polarity. (Not a wh-question:
      // its answer may be a fact the dispute takes for granted — "Where did the ministers meet?" in "The
      // dispute turns on what was agreed at a meeting in Edinburgh".)
      // Both sides of a stated dispute among the question's best few sentences are about what it asks, however
      // the best sentence itself reads ("Asked whether Mr Renshaw had been offered another post, he said …" above
      // "Downing Street sources said he had been offered …" and "His allies flatly denied that account").
      const best = top.score >= ANSWER_THRESHOLD ? scored.slice(0, BOTH_SIDES_AMONG) : [];
      const amongBest = (c: ScoredSentence, i: number) =>
        best.some((b) => b.article === c.article && b.sentence.i === i);
      const weighed = [...close.map((c) => ({ c, close: true })), ...best.map((c) => ({ c, close: false }))];
      for (const { c, close: isClose } of weighed) {
        const stated = findStatedDispute(c.article, c.sentence.i);
        if (!stated || (!isClose && !stated.sides.every((i) => amongBest(c, i)))) continue;
        const ss = c.article.analysis.sentences;
        const sides: Side[] = stated.sides.map((i) => {
          const s = ss[i] as (typeof ss)[number];
          return { label: '', statement: '', evidence: [{ article: c.article, quote: s.text, attribution: s.source }] };
        });
        const confidence = Math.min(CONTESTED_CONFIDENCE.dispute, top.score);
        return [
          {
            score: top.score,
            contested: true,
            reply: () => contestedReply(q, 'Contested: sources disagree', sides, confidence),
          },
        ];
      }
      const polarities = close.map((c) => readingOf(c.sentence.text).polarity);
      const pos = close.filter((_, i) => polarities[i] === 'yes');
      const neg = close.filter((_, i) => polarities[i] === 'no');
      // "Mr Lyle … disputes the commissioner's conclusion that he lobbied for the company": a denial naming the
      // finding it denies answers that finding wherever the article states it, though it ranks below it (the
      // finding's words are the question's; the denial's are its own). It must hold what the question asks happened.
      // The denier is the sentence's source, else the subject of its denial ("Mr Lyle, who …, disputes").
      const denierOf = (c: ScoredSentence) => {
        const at = DENIES_FINDING.exec(c.sentence.text)?.index;
        return c.sentence.source?.description ?? (at ? cleanSpeaker(c.sentence.text.slice(0, at)) : undefined);
      };
      const denial =
        pos.length && !neg.length && predicate.size
          ? best.find((c) => {
              const denier = denierOf(c);
              return (
                denier !== undefined &&
                readingOf(c.sentence.text).polarity === 'no' &&
                words(c.sentence.text).some((x) => predicate.has(stem(x))) &&
                pos.some((a) => a.article === c.article && (a.sentence.source?.description ?? '') !== denier)
              );
            })
          : undefined;
      if (denial) neg.push(denial);
      // "The spokesperson also rejected Ms Strachan's claim that many small family businesses would be caught": the
      // claimant holds the yes that the denial answers, and her own words in the article are that side ("… many of
      // those are small family businesses"). Without words of hers among the best, the denial alone answers.
      if (!pos.length && neg.length) {
        for (const c of neg) {
          const surname = deniedClaimant(c.sentence.text)?.split(/\s+/).pop();
          if (!surname) continue;
          // Among the question's best few (her words need not hold the asked verb: the denial states her claim).
          const hers = scored
            .slice(0, BOTH_SIDES_AMONG)
            .filter(
              (x) =>
                x.article === c.article &&
                x !== c &&
                (x.sentence.source?.description ?? '').split(/\s+/).includes(surname) &&
                readingOf(x.sentence.text).polarity !== 'no',
            );
          if (hers.length) {
            pos.push(...hers);
            break;
          }
        }
      }
      // A denial found above already differs from a yes of its article by its denier.
      const differ = denial !== undefined || pos.some((a) => neg.some((b) => sourceKey(a) !== sourceKey(b)));
      if (pos.length && neg.length && differ) {
        const sides: Side[] = [polaritySide('Yes', pos), polaritySide('No', neg)];
        return [
          {
            score: top.score,
            contested: true,
            reply: () => contestedReply(q, 'Contested: sources disagree', sides, CONTESTED_CONFIDENCE.polarity),
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
          ? scored.slice(0, CANDIDATES).filter((c) => c.score >= top.score * DISPUTE_CLOSE)
          : [top];
    // A dispute found: both sides, whatever else the candidates say.
    const disputed = (answer: string, sides: Side[]) => [
      {
        score: top.score,
        contested: true,
        reply: () => contestedReply(q, answer, sides, Math.min(CONTESTED_CONFIDENCE.dispute, top.score)),
      },
    ];
    // "Did Lady Ogilvie accept that the inquiry was slow to start its hearings?": a question about someone's stance
    // towards a claim. Their own rebuttal of it ("She rejected a suggestion that the inquiry had been slow …", round
    // 4) is the answer, a No, not one side of a dispute with whoever made the claim.
    const stanceAsked = p.type === 'yesno' && asked !== undefined && STANCE_VERBS.has(lemma(asked));
    // Who is asked about: the words before the stance verb, and the full names the KB knows them by ("MoJ": the
    // Ministry of Justice).
    const verbAt = asked !== undefined ? p.words.indexOf(asked) : -1;
    const askedOf = stanceAsked
      ? new Set(
          [
            ...p.words.slice(1, verbAt),
            ...p.mentions.filter((m) => m.start < verbAt).flatMap((m) => words(this.k.entities.get(m.id)?.name ?? '')),
          ]
            .filter((w) => !isStopword(w))
            .map(stem),
        )
      : new Set<string>();
    let stance: ScoredSentence | undefined;
    for (const c of contenders) {
      // The answer is who said it ("Who is the regulator's chief executive?" — "David Ashworth, the regulator's chief
      // executive, said the rise was …"): a rebuttal of what was said does not dispute who said it.
      // So with a claimant the analysis did not take for a speaker: "Which think tank came up with the estimate …?" —
      // "An analysis by the Fairbridge Institute … estimated that 620,000 …", which the department rejected (round 15).
      if (
        p.type !== 'yesno' &&
        c.answer &&
        (saidBy(c.sentence.source, c.answer) ||
          madeTheClaim(c.sentence, c.answer) ||
          toldOfTheClaimant(c.sentence, c.answer))
      )
        continue;
      // A disputed answer of another kind than asked ("£18m" for "What is the £18m meant to pay for?", an extra
      // £18m for "the total budget") is no answer, disputed or not (kinds.ts). A yes/no's answer is the sentence's
      // polarity, never its typed span ("'s draft budget" kept "Is the council planning to shut the library?" from
      // its rebuttal).
      const at = c.answer && p.type !== 'yesno' ? c.sentence.text.indexOf(c.answer) : -1;
      const span = c.answer && at >= 0 ? { text: c.answer, start: at, end: at + c.answer.length } : undefined;
      if (span && kindMismatch(p, span, c.sentence.text)) continue;
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
        const answer = contestedAnswer(p, c.answer);
        return disputed(answer, sides);
      }
      // A claim disputed by an apposition naming it ("…, a figure the Scottish Conservatives dismissed as
      // “scaremongering”"): contested when what was asked is the claim's (a yes/no, or an answer in the claim).
      const apposed = splitApposedDispute(c.sentence.text);
      if (apposed && (p.type === 'yesno' || (c.answer !== undefined && apposed.halves[0].includes(c.answer)))) {
        const disputer = apposedDisputer(apposed);
        const sides: Side[] = apposed.halves.map((quote, i) => {
          const who = i
            ? disputer
            : (reportedSource(quote) ?? sideAttribution({ text: quote }) ?? c.evidence.attribution);
          return {
            label: i ? 'Disputed' : 'Claim',
            statement: '',
            evidence: [{ article: c.article, quote, ...(who ? { attribution: who } : {}) }],
          };
        });
        return disputed(contestedAnswer(p, c.answer), sides);
      }
      // Two sources' figures in one sentence ("The mayor has said … in September 2027, but Ashdown told … before April
      // 2028"): each figure with its half of the sentence.
      const figures = p.type !== 'yesno' && c.answer ? splitFigureDispute(c.sentence, c.answer) : undefined;
      if (figures) {
        // Each half's own subject ("Ashdown told …"); the sentence's source only for a half that names it (it may be
        // carried from the sentence before, or be the other half's).
        const carried = c.sentence.source;
        const surname = carried?.description.split(/\s+/).pop();
        const sides: Side[] = figures.halves.map((quote, i) => {
          const named = surname !== undefined && surname !== '' && quote.includes(surname);
          const who =
            reportedSource(sentenceCase(quote)) ??
            (named ? carried : undefined) ??
            sideAttribution({ text: sentenceCase(quote) });
          return {
            label: figures.figures[i] as string,
            statement: '',
            evidence: [{ article: c.article, quote, ...(who ? { attribution: who } : {}) }],
          };
        });
        const answer = `Contested: ${figures.figures.join(' or ')}`;
        return disputed(answer, sides);
      }
      // The article's sentence stems are already computed: sentence j of article a is at its first + j.
      const ai = this.search.articleIndexOf(c.article.id);
      const first = ai >= 0 ? this.k.sentences.first(ai) : -1;
      const dispute = findRebuttal(c.article, c.sentence.i, questionStems, (j) =>
        first >= 0 ? this.k.sentenceStemsOf(first + j) : new Set(),
      );
      if (!dispute) continue;
      // "Are the landowners threatening to take the government to court?" is not contested by a row over the number
      // of estates ("It will affect around 420 estates" / "… said the government's figure of 420 badly
      // underestimated …"): a disputed figure contests a yes/no only where what states it holds what is asked ("are
      // dentists leaving NHS work?" — "The institute estimates that 2,300 dentists left NHS work").
      const ss = c.article.analysis.sentences;
      if (p.type === 'yesno' && !numbers.length && disputesAFigure(ss[dispute.rebuttal]?.text ?? '')) {
        const stating = ss.slice(dispute.claim, dispute.rebuttal).flatMap((x) => words(x.text));
        if (!stating.some((x) => questionStems.has(stem(x)) && !names.has(stem(x)))) continue;
      }
      // "How many bids …?" — "six bids had been received and … the lowest-cost bid. But a rival bidder said its own
      // offer had been £38m cheaper": a rebuttal that states no count and points at none disputes something else.
      if (asksHowMany(p) && !rebutsACount(c.article, dispute)) continue;
      const rebuttal = ss[dispute.rebuttal];
      const by = rebuttal?.source?.description;
      if (askedOf.size && by && words(by).some((w) => askedOf.has(stem(w)))) {
        stance = scored.find((x) => x.article === c.article && x.sentence.i === dispute.rebuttal);
        if (stance && readingOf(stance.sentence.text).polarity === 'no') break;
        stance = undefined;
      }
      const sides = rebuttalSides(c.article, dispute);
      const answer = contestedAnswer(p, c.answer);
      return disputed(answer, sides);
    }
    // A yes/no whose best sentence neither says so nor denies it (a hope, a condition: "could be required to issue a
    // section 114 notice") is answered by a close one that denies it ("The council has not issued such a notice").
    const order = stance
      ? [stance, ...scored.filter((x) => x !== stance)]
      : p.type === 'yesno'
        ? denialFirst(scored, top, (c) => readingOf(c.sentence.text).polarity)
        : scored;
    return order.slice(0, CANDIDATES).map((c) => {
      const answer = c.answer ?? (p.expect === 'phrase' || p.expect === 'yesno' ? c.sentence.text : '');
      if (p.type === 'yesno') {
        // Polarity from the evidence near the asked words, read when the reply is built (only the winner's is); a
        // hope or a forecast answers neither way.
        return {
          score: c.score,
          reply: () => {
            const { polarity: pol, clause, why } = readingOf(c.sentence.text);
            if (pol === 'unsure')
              return unknownReply(
                q,
                `the evidence I found neither says so nor denies it${UNSURE[why ?? 'unmatched']}.`,
                this.suggest(p),
              );
            const yes = pol === 'yes' ? 'Yes' : 'No';
            // The short answer is the yes or no and the clause it rests on, verbatim ("No: Labour can't win
            // without doing better in the south") — or the yes or no alone when that clause would not fit.
            const said = clause ? spokenPart(clause) : '';
            // A bare yes or no says whose word it is when a source gave it ("No, according to a Treasury spokesman"):
            // a denial is the denier's, not a fact.
            // Only a source the sentence names itself (or its quote's speaker), not one carried over from the
            // paragraph: a carried source is a guess the short answer should not repeat.
            const source = c.evidence.attribution;
            // …and only when the clause read is what the source said, not the narrator's relative clause about them
            // ("Mr Lyle, who has had the party whip suspended …, disputes …" answers "Does Lyle still have the whip?"
            // in the narrator's words).
            const at = reportedSpeechStart(c.sentence.text);
            const asks = (text: string) =>
              words(text).some((x) => questionStems.has(stem(x)) && !names.has(stem(x)) && !REPORTING_VERB.test(x));
            const spoken = !asks(c.sentence.text.slice(0, at)) || asks(c.sentence.text.slice(at));
            const ownSource = c.sentence.quoted || (Boolean(reportedSource(c.sentence.text)) && spoken);
            const whose =
              source && source.kind !== 'reporter' && ownSource ? `${yes}, ${attributionPhrase(source)}` : yes;
            const short =
              said && yes.length + 2 + said.length <= MAX_ANSWER
                ? `${yes}: ${said}`
                : whose.length <= MAX_ANSWER
                  ? whose
                  : yes;
            return answeredReply(
              q,
              short,
              `${yes}, as far as the knowledge base shows`,
              [c.evidence, ...supporting(c.article, c.sentence.i)],
              confidenceOf(c.score),
            );
          },
        };
      }
      const lead = answer;
      const shortAnswer = answer;
      const extra = supporting(c.article, c.sentence.i);
      return {
        score: c.score,
        reply: () => answeredReply(q, shortAnswer, lead, [c.evidence, ...extra], confidenceOf(c.score)),
      };
    });
  }
}

/**
 * The ranking with the best denial among the sentences close to the best (POLARITY_CLOSE, above ANSWER_THRESHOLD)
 * moved first, when the best itself is unsure; otherwise the ranking as it is. Only a denial: a "no" is read off a
 * negation or a called-off event next to the asked words, while a "yes" is only the asked words without one, a
 * mention rather than evidence when it is not the best sentence (probe rounds 2–13: promoting a close "yes" too
 * gave three right answers for four wrong ones, "Finch turned down the request for a full recount" among them).
 */
function denialFirst(
  scored: ScoredSentence[],
  top: ScoredSentence,
  polarity: (c: ScoredSentence) => Polarity,
): ScoredSentence[] {
  if (polarity(top) !== 'unsure') return scored;
  const bar = Math.max(ANSWER_THRESHOLD, top.score * POLARITY_CLOSE);
  const denial = scored.find((c) => c.score >= bar && polarity(c) === 'no');
  return denial ? [denial, ...scored.filter((c) => c !== denial)] : scored;
}

/** A quote's closing mark and the reporting words after it: ',” the MP said.' */
const REPORTING_TAIL = /[,.!?]?[”"]\s+[^”"“]{0,60}\b(?:said|says|added|adds|told|insisted|claimed|warned)\b[^”"“]*$/;

/**
 * The words of a clause without the quotation marks and reporting words around them ("“The Tories can win without
 * the North" → "The Tories can win without the North"; "Labour can't win …,” the MP said." → "Labour can't win …").
 */
export function spokenPart(clause: string): string {
  return clause
    .replace(REPORTING_TAIL, '')
    .replace(/^[“"‘']+|[”"’']+$/g, '')
    .trim();
}

/** Sentences either side of the evidence whose numbers count as its own (a reply refers back: "any offer"). */
const NUMBER_REACH = 2;

/** Does sentence `i`, or one within NUMBER_REACH of it in its article, state every one of `numbers`? */
function statesNear(article: ArticleInfo, i: number, numbers: readonly string[]): boolean {
  const ss = article.analysis.sentences;
  const stated = new Set<string>();
  for (let j = Math.max(0, i - NUMBER_REACH); j <= i + NUMBER_REACH && j < ss.length; j++)
    for (const n of numbersIn(ss[j]?.text ?? '')) stated.add(n);
  return numbers.every((n) => stated.has(n));
}

/**
 * A sentence this short that disputes says only that ("That account was disputed by the department.", 45
 * characters; "The Ministry of Defence rejects that account.", 46 — the two met): what that side holds is in the
 * next sentence of its paragraph, which the side then quotes too, unless that sentence turns to the other side
 * (rebuttal.ts turnsSides: "The council denies that any offer was made. Shelterwise insists …").
 */
const BARE_REBUTTAL_CHARS = 60;

/** Is `next` the rest of a bare rebuttal's side (BARE_REBUTTAL_CHARS): in its paragraph, not turning to the other? */
function continues(s: { text: string; p: number }, next: { text: string; p: number } | undefined): boolean {
  return s.text.length <= BARE_REBUTTAL_CHARS && next !== undefined && next.p === s.p && !turnsSides(next.text);
}

/**
 * One polarity's side of a contested yes/no: its best sentences' quotes (the body's first), the statement the
 * first one's. A first sentence that only says it disputes ("The Ministry of Defence rejects that account.") is
 * said with the next sentence of its paragraph, which says what it holds instead.
 */
export function polaritySide(label: string, ranked: ScoredSentence[]): Side {
  // The article's body before its headline or standfirst: a summary ("… but the manufacturer blames ministers for
  // changing their minds dozens of times") is said with its details and its source in the body ("41 times").
  const candidates = [
    ...ranked.filter((c) => c.sentence.part === 'body'),
    ...ranked.filter((c) => c.sentence.part !== 'body'),
  ];
  const first = candidates[0] as ScoredSentence;
  const ss = first.article.analysis.sentences;
  const next = ss[first.sentence.i + 1];
  if (next && continues(first.sentence, next))
    return {
      label,
      statement: `${first.evidence.quote} ${next.text}`,
      evidence: [first.evidence, { article: first.article, quote: next.text, attribution: next.source }],
    };
  return {
    label,
    statement: first.evidence.quote,
    evidence: candidates.slice(0, EVIDENCE_PER_SIDE).map((c) => c.evidence),
  };
}

/**
 * A claim and the rebuttal of it (rebuttal.ts findRebuttal) as the two sides of a contested reply. The claim side
 * also quotes what stands between the two in its paragraph ("The institute estimates that 2,300 dentists …" between
 * "The report says the main cause is an exodus …" and "… disputed that figure"): the figure disputed is there.
 */
export function rebuttalSides(article: ArticleInfo, dispute: Rebuttal): Side[] {
  const ss = article.analysis.sentences;
  const quote = (i: number) => {
    const s = ss[i] as (typeof ss)[number];
    // "That claim was rejected by the council's cabinet member for culture, …": the rebuttal is its agent's.
    const agent = i === dispute.rebuttal && !s.source ? rebuttingAgent(s.text) : undefined;
    return { article, quote: s.text, attribution: agent ? classifySpeaker(agent) : sideAttribution(s) };
  };
  const claim = ss[dispute.claim];
  const between: number[] = [];
  for (let i = dispute.claim + 1; i < dispute.rebuttal && ss[i]?.p === claim?.p; i++) between.push(i);
  const rebuttal = ss[dispute.rebuttal];
  const next = ss[dispute.rebuttal + 1];
  const continued = rebuttal && continues(rebuttal, next) ? [dispute.rebuttal + 1] : [];
  const side = (label: string, sentences: number[]): Side => ({
    label,
    statement: '',
    evidence: sentences.slice(0, EVIDENCE_PER_SIDE).map(quote),
    ...(sentences.length > 1 ? { continued: true } : {}),
  });
  return [side('Claim', [dispute.claim, ...between]), side('Disputed', [dispute.rebuttal, ...continued])];
}

/** A continuation sentence of the same quote or paragraph, when the answer sentence leans on it. */
export function supporting(article: ArticleInfo, i: number): Evidence[] {
  const s = article.analysis.sentences[i];
  const next = article.analysis.sentences[i + 1];
  if (s && next && next.p === s.p && s.quoted && next.quoted)
    return [{ article, quote: next.text, attribution: next.source }];
  return [];
}

/** Is sentence `s` in the body past the lead (headline, standfirst, first paragraph: LEAD_PARAGRAPH)? */
function pastLead(s: { part: string; p: number }): boolean {
  return s.part === 'body' && s.p > LEAD_PARAGRAPH;
}

/** Content words an answer needs before any body sentence stating it is taken for the same fact ("Moira Kellan"). */
const SPECIFIC_WORDS = 2;

/**
 * An answer read off a headline or standfirst ("Chancellor halves growth forecast as borrowing overshoots by
 * £14.6bn") is a summary's; the body sentence that states the same answer carries its detail and its source ("…
 * borrowing was £14.6 billion more than was forecast, the OBR said"): that sentence, the best-ranked of the
 * question's candidates in the same article (`ranked`), else the first in the article when the answer is specific
 * (SPECIFIC_WORDS). A number in the answer must be stated (numbersIn, whatever its unit's spelling); other answers
 * must appear word for word.
 */
export function bodyStatement(
  article: ArticleInfo,
  i: number,
  answer: string,
  ranked: readonly { article: ArticleInfo; sentence: { i: number } }[],
): Evidence | undefined {
  const ss = article.analysis.sentences;
  const from = ss[i];
  if (!from || pastLead(from)) return undefined;
  const numbers = numbersIn(answer);
  const wanted = answer.toLowerCase().replace(/\s+/g, ' ').trim();
  const states = (text: string) => {
    if (numbers.length) {
      const stated = new Set(numbersIn(text));
      return numbers.every((n) => stated.has(n));
    }
    return wanted.length > 0 && text.toLowerCase().replace(/\s+/g, ' ').includes(wanted);
  };
  const inBody = (j: number) => {
    const s = ss[j];
    return s !== undefined && j !== i && pastLead(s) && states(s.text);
  };
  // The question's own candidates first; failing those, the article's first body sentence stating an answer
  // specific enough to be the same fact (a number, or two content words: "Moira Kellan"), never one word ("Labour").
  const specific = numbers.length > 0 || wanted.split(' ').filter((w) => !isStopword(w)).length >= SPECIFIC_WORDS;
  const j =
    ranked.filter((c) => c.article.id === article.id).find((c) => inBody(c.sentence.i))?.sentence.i ??
    (specific ? ss.findIndex((_, k) => inBody(k)) : -1);
  const s = j >= 0 ? ss[j] : undefined;
  return s ? { article, quote: s.text, attribution: s.source } : undefined;
}

/** Is `answer` the source of the sentence, or named in its description ("David Ashworth")? */
function saidBy(source: Attribution | undefined, answer: string): boolean {
  return (
    source !== undefined &&
    source.kind !== 'reporter' &&
    source.description.toLowerCase().includes(answer.toLowerCase())
  );
}

/** Is `answer` who the sentence says made its claim, as its wording names them ("An analysis by X estimated …")? */
function madeTheClaim(sentence: { text: string; source?: Attribution }, answer: string): boolean {
  return claimantOf(sentence)?.includes(answer.toLowerCase()) === true;
}

/**
 * Is `answer` told of the speaker, between their name and the verb reporting their claim ("The party's former
 * treasurer, Martin Greaves, who stood down in October 2025, said he had warned …" for "When did Greaves step
 * down?", probe round 16)? A rebuttal of the claim does not dispute what the narrator says of who made it.
 */
function toldOfTheClaimant(sentence: { text: string; source?: Attribution }, answer: string): boolean {
  const surname = sentence.source?.description.split(/\s+/).pop();
  if (!surname) return false;
  const m = new RegExp(`^(.{0,120}?\\b${escapeRegExp(surname)}\\s*,\\s+)(.+?),\\s+(?:${reportingVerbPattern})\\b`).exec(
    sentence.text,
  );
  if (!m) return false;
  const from = (m[1] as string).length;
  const at = sentence.text.indexOf(answer, from);
  return at >= from && at + answer.length <= from + (m[2] as string).length;
}

/**
 * Who gives a statement, as one key per source in an article: a named person by their surname, so one person under
 * two descriptions ("Work and pensions secretary Daniel Ashworth told MPs …", "Ashworth said … and denied …") is one
 * source, never two sides of a dispute (probe round 3).
 */
/** Verbs a yes/no question asks someone's stance by ("Did she accept that …?", "Did the ministry admit …?"). */
const STANCE_VERBS = new Set(['accept', 'agree', 'admit', 'concede', 'acknowledge']);

export function sourceKey(c: { article: ArticleInfo; sentence: { source?: Attribution } }): string {
  const source = c.sentence.source;
  const who = source?.kind === 'named' ? (lastWordOf(source.description) ?? '') : undefined;
  return `${c.article.id}|${who ?? source?.description ?? 'reporter'}`;
}

/**
 * The short answer of a contested reply: the disputed answer the question asked for, or "Contested: sources
 * disagree" — never a yes/no's sentence, nor for "how many/how much" a span stating no amount ("year").
 */
function contestedAnswer(p: ParsedQuestion, answer: string | undefined): string {
  const fits = answer && p.type !== 'yesno' && (p.type !== 'howmany' || statesCount(answer));
  return fits ? answer : 'Contested: sources disagree';
}
