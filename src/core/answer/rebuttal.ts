/**
 * Disagreement between neighbouring sentences of one article: a claim and, within two sentences, another
 * source dismissing, denying or playing it down ("A senior source said the number was nearer 60 … Allies of the
 * chancellor dismissed that figure, claiming fewer than a dozen …"). News writes disagreement this way far more
 * often than as two opposite statements, so it is how an article with no curated claims still shows both sides.
 */
import { LEAD_PARAGRAPH } from '../nlp/analyse.js';
import { classifySpeaker, lastWordOf } from '../nlp/attribution.js';
import { contentStems } from '../nlp/terms.js';
import type { Attribution } from '../reply.js';
import { MONTHS } from './format.js';
import type { ArticleInfo } from './knowledge.js';

/** Verbs (and openers) by which one source contradicts another ("said that estimate was considerably overstated"). */
const REBUTS =
  /\b(?:dismiss(?:ed|es|ing)?|den(?:y|ies|ied|ying)|play(?:s|ed|ing)? down|reject(?:s|ed|ing)?|insist(?:s|ed|ing)?|challeng(?:e|es|ed|ing)|disput(?:e|es|ed|ing)|contradict(?:s|ed|ing)?|rebut(?:s|ted)?|refut(?:e|es|ed)|scoff(?:s|ed)?|rubbish(?:ed)?|poured cold water|ruled out|rules out|maintain(?:s|ed)?|countered|refus(?:e|es|ed|ing)|overstat(?:ed|es|ing)|exaggerat(?:ed|es|ing)|understat(?:ed|es|ing)|(?:did|does|do)\s+not\s+recogni[sz]e)\b/i;
const REBUTS_ALL = new RegExp(REBUTS.source, 'gi');
const CONTRAST_OPENER = /^(?:But|However|Yet|Others|Critics)\b/;
/**
 * "that figure", "the suggestion", "those claims", "denied it": a sentence pointing back at the one before. "denied
 * that any calls were made" is not one ("that" opens what is denied): "that" points back only at a clause's end.
 */
/** A back-reference to a figure ("that figure", "the 30-hour figure"): it points at the nearest figure before it. */
const FIGURE_REFERENCE =
  /\b(?:that|this|the|those|these)\s+(?:[£$€]?\d[\w.,%-]*\s+)?(?:figure|figures|number|estimate)\b/i;
const BACK_REFERENCE =
  /\b(?:denied|dismissed|rejected|disputed|refuted|rubbished)\s+(?:(?:this|it|them)\b|that\b(?=\s*(?:[.,;:]|$)))|\b(?:that|this|the|those|these|such)\s+(?:[£$€]?\d[\w.,%-]*\s+)?(?:figure|figures|claim|claims|suggestion|suggestions|idea|report|reports|number|estimate|assertion|account|allegation|allegations|charge|charges|complaint|complaints|characteri[sz]ation|interpretation|reading|analysis|view)\b/i;
/**
 * A sentence whose subject's own verb is a denial ("Labour officials denied that the timing had been altered"):
 * right after a claim in its paragraph, it answers that claim whatever words it uses.
 */
const LEAD_DENIAL =
  /^(?:But\s+|However,\s+)?[A-Z][^,;:.“”"]{1,60}?\s+(?:(?:flatly|strongly|firmly|angrily|categorically)\s+)?(?:denied|denies|dismissed|dismisses|rejected|rejects|disputed|disputes)\b/;
/** "denied that any such promise had been made": a pointer back at the sentence right before, no further. */
const ANY_SUCH = /\bany\s+such\s+\w+/i;

type Sentence = ArticleInfo['analysis']['sentences'][number];

/**
 * Does sentence `b` point at a figure ("that figure") stated between it and sentence `a`, or before it when it comes
 * first (other than `answer`)? Then
 * what it disputes is that figure, not anything in `a` ("The report says that three colleges … It also says that 1,150 lecturer posts
 * … The Scottish Government disputed that figure").
 */
export function disputesFigureBetween(ss: readonly Sentence[], a: number, b: number, answer?: string): boolean {
  const text = ss[b]?.text ?? '';
  if (!FIGURE_REFERENCE.test(text)) return false;
  // The nearest figure before the pointer is the one it points at; the same figure restated there ("as many as
  // 40 …" / "“nearer 60 than 40”" / "dismissed that figure") is still the one disputed.
  for (let j = b - 1; j > a; j--) {
    const between = ss[j]?.text ?? '';
    if (/\d/.test(between)) return !(answer && between.includes(answer));
  }
  // A pointer before `a` points further back still, never forward at it ("Okafor disputed that figure" two paragraphs
  // before "… at a cost of £140m over four years", probe round 16): it disputes the figure nearest before it, unless
  // that is the answer restated.
  if (b < a)
    for (let j = b - 1; j >= 0; j--) {
      const before = ss[j]?.text ?? '';
      if (/\d/.test(before)) return !(answer && before.includes(answer));
    }
  return false;
}

/** A figure as the thing disputed, with a word before it: "rejected the higher figure", "Labour's figure of 150". */
const DISPUTED_FIGURE =
  /\b(?:the|that|this|those|these|its|their|[\p{Lu}][\w’']*[’']s?)\s+(?:[\w-]+\s+)?(?:figures?|estimates?)\b/iu;
/** Does this rebuttal dispute a figure ("rejected the higher figure", "disputed that figure")? */
export function disputesAFigure(text: string): boolean {
  return DISPUTED_FIGURE.test(text) || FIGURE_REFERENCE.test(text);
}

export interface Rebuttal {
  /** Index of the sentence making the claim. */
  claim: number;
  /** Index of the sentence disputing it. */
  rebuttal: number;
}

/**
 * Who gives a sentence's statement when the analysis attributed it to no one: the subject of a reporting verb that
 * opens it — a document or body as well as a person ("The report says", "The Home Office's impact assessment
 * puts"), also past a relative clause ("The National Layer Federation, which represents commercial egg producers,
 * said") or an apposition ("The Refugee Accommodation Network, a coalition of charities, said").
 */
const CLAIMANT =
  /^(?:But\s+|However,\s+)?((?:The|A|An|Its|Their)\s[^,;:"“]{2,80}?|[A-Z][^,;:"“]{2,80}?)(?:,\s+(?:which|who)\s[^,;:"“]{2,120},|,\s+(?:a|an|the)\s[^,;:"“]{2,80},)?\s+(?:says|said|claims|claimed|found|finds|estimates|estimated|puts|put|shows|showed|insists|insisted|argues|argued|calculates|calculated|concluded|concludes|told|tells)\b/;
/** The agent of a passive rebuttal: "That account was disputed *by the department*." */
const REBUTTING_AGENT =
  /\b(?:disputed|denied|rejected|dismissed|challenged|contradicted)\s+by\s+((?:the|a|an)\s+[^,.;:"“]{2,60}|[A-Z][^,.;:"“]{2,60})/;

/** Who gives a sentence's statement: its attributed source, else the claimant its wording names (lower case). */
export function claimantOf(s: Pick<Sentence, 'text' | 'source'>): string | undefined {
  const described = (s.source as Attribution | undefined)?.description;
  return (described ?? statedBy(s.text) ?? REBUTTING_AGENT.exec(s.text)?.[1])?.toLowerCase();
}

/**
 * Who a side of a dispute is: the sentence's attributed source, else the body or person its wording names as giving
 * it ("The Ambervale Bus Users' Forum, a passenger group, says …", "Cobalt Omnibus Group, which operates …, puts the
 * fall at 9%"), which the analysis leaves to the narrator (its reporting verbs are a person's).
 */
export function sideAttribution(s: Pick<Sentence, 'text' | 'source'>): Attribution | undefined {
  if (s.source) return s.source as Attribution;
  const named = statedBy(s.text);
  return named ? classifySpeaker(named) : undefined;
}

/** The agent of a passive rebuttal, as written: "rejected by the council's cabinet member for culture, …". */
export function rebuttingAgent(text: string): string | undefined {
  const m = REBUTTING_AGENT.exec(text);
  if (!m?.[1]) return undefined;
  // With the name in apposition: "…, Janet Brook, who said …".
  const named = /^,\s+((?:[A-Z][\w’'-]+\s?){1,4}),/.exec(text.slice(m.index + m[0].length))?.[1];
  return named ? `${m[1]}, ${named.trim()}` : m[1];
}

/** "According to the committee, assaults on staff rose by 27%": the source a sentence opens by naming. */
const ACCORDING_TO =
  /^(?:But\s+|However,\s+)?[Aa]ccording\s+to\s+((?:the|a|an)\s[^,;:"“]{2,80}?|[A-Z][^,;:"“]{2,80}?),/;

/**
 * The subject of a reporting verb opening the sentence, as written: "The Hospital Trusts Alliance, which …, said";
 * or the source it opens with ("According to the committee, …").
 */
export function statedBy(text: string): string | undefined {
  return CLAIMANT.exec(text)?.[1] ?? ACCORDING_TO.exec(text)?.[1];
}

function sourceOf(s: Sentence): string {
  return claimantOf(s) ?? '';
}

/**
 * One source: the same claimant, or one named person under two descriptions ("Work and pensions secretary Daniel
 * Ashworth told MPs …", "Ashworth said … and denied that taxes would rise", probe round 3) — a person does not
 * dispute themselves.
 */
function sameSource(a: Sentence, b: Sentence): boolean {
  if (sourceOf(a) === sourceOf(b)) return true;
  const surname = (s: Sentence) =>
    s.source?.kind === 'named' ? lastWordOf(s.source.description)?.toLowerCase() : undefined;
  const x = surname(a);
  return x !== undefined && x === surname(b);
}

/**
 * Does this sentence turn to the other side — a verb of rebuttal ("Shelterwise insists …") or a contrasting opener
 * ("But …")? A sentence that does is not more of the side before it.
 */
export function turnsSides(text: string): boolean {
  return rebuts(text) || CONTRAST_OPENER.test(text);
}

/**
 * A negation right before a verb of rebuttal: "ministers have not ruled out extending it" keeps it open; "Nobody
 * disputes that this is a complex inquiry" agrees.
 */
const NEGATED_REBUTTAL = /\b(?:not|never|n['’]t|nobody|no\s+one|none)\s+(?:\w+\s+)?$/i;
/**
 * The word before a rebuttal word that makes it a noun, not a verb: "has survived two challenges", "a legal
 * challenge", "the dispute" — something happened, nobody contradicted anyone.
 */
const NOUN_BEFORE =
  /\b(?:a|an|the|two|three|four|five|several|many|any|no|its|his|her|their|this|that|these|those|legal|leadership|fresh|new|\d+)\s+$/i;
/** "a statutory cap could be open to challenge": a challenge that may come, no one contradicting anyone (round 12). */
const OPEN_TO = /\b(?:open|subject|vulnerable|liable)\s+to\s+(?:legal\s+)?$/i;
/** Rebuttal words that are as often nouns ("challenges", "dispute", "refusal" is not one of the verbs). */
const NOUN_TOO = /^(?:challeng|disput)/i;
/**
 * "maintain" after "to" keeps something going, not a position: "serviceable but increasingly difficult to
 * maintain" disputes nothing (probe round 16), "they maintain that …" does.
 */
const KEEPING = /^maintain/i;
const INFINITIVE_BEFORE = /\bto\s+$/i;

function disputes(s: Sentence): boolean {
  return rebuts(s.text) || (CONTRAST_OPENER.test(s.text) && Boolean(s.source));
}

/** Where the text's first verb of rebuttal that is not negated stands, if it has one. */
function rebuttalAt(text: string): number | undefined {
  for (const m of text.matchAll(REBUTS_ALL)) {
    const before = text.slice(0, m.index ?? 0);
    if (NEGATED_REBUTTAL.test(before) || (NOUN_TOO.test(m[0]) && (NOUN_BEFORE.test(before) || OPEN_TO.test(before))))
      continue;
    if (KEEPING.test(m[0]) && INFINITIVE_BEFORE.test(before)) continue;
    return m.index;
  }
  return undefined;
}

/** Does the text hold a verb of rebuttal that is not negated? */
function rebuts(text: string): boolean {
  return rebuttalAt(text) !== undefined;
}

/** A claim reported before the rebuttal in one sentence: "The Lib Dems also claimed that …, a charge disputed by …". */
const OWN_CLAIM = /\b(?:claim(?:s|ed)?|alleg(?:es|ed)|accus(?:es|ed)|said|says)\b/i;

/**
 * Does the sentence dispute a claim it reports itself ("The Lib Dems also claimed that Harrowfield was “on the brink
 * of bankruptcy”, a charge disputed by the council's chief finance officer")? Then it is its own dispute, not the
 * answer to the sentence before it.
 */
function disputesItsOwnClaim(text: string): boolean {
  const at = rebuttalAt(text);
  if (at === undefined) return false;
  const before = text.slice(0, at);
  return (OWN_CLAIM.test(before) && /,\s+(?:a|an|the|which|who)\b[^,]*$/i.test(before)) || OWN_SIDES.test(before);
}

/**
 * Both sides in one sentence, the second after ", but": "Alan Baird told the committee that the records came
 * eight months late, but the board's chief executive, Morag Kinnear, insisted that every record had been supplied
 * on time" disputes its own first half, not the sentence before it.
 */
const OWN_SIDES =
  /\b(?:said|says|told|tells|claimed|claims|alleged|alleges|argued|argues|warned|warns)\b[^.;]*,\s+but\s+[^.;]*$/i;

/**
 * What a rebuttal says it rejects, when it says so: "She rejected a claim in the report *that Halloran had been slow
 * to share test results*", "denied suggestions that …". Its "the report" is where the claim was made, not a
 * pointer at the sentence before.
 */
const STATED_OBJECT =
  /^\s+(?:(?:a|an|the|any|all|these|those|their|his|her|its)\s+)?(?:claims?|suggestions?|reports?|allegations?|assertions?|accusations?|charges?|ideas?)\b[^.;:“”"]{0,40}?\bthat\s+(.+)$/i;

/** The content a rebuttal says it rejects ("… rejected a claim in the report that <content>"), if it says. */
function rejectedContent(text: string): string | undefined {
  const r = rebuttalVerb(text);
  return r && STATED_OBJECT.exec(r.after)?.[1];
}

/**
 * What a bare denial rejects, its that-clause up to the next comma ("denied that taxes would rise to pay for it"),
 * if it has one.
 */
function deniedContent(text: string): string | undefined {
  const r = rebuttalVerb(text);
  return r && DENIAL_VERB.test(r.verb) ? DENIED_THAT.exec(r.after)?.[1] : undefined;
}

/** The text's first verb of rebuttal that is not negated (rebuttalAt), and the text after it. */
function rebuttalVerb(text: string): { verb: string; after: string } | undefined {
  const at = rebuttalAt(text);
  if (at === undefined) return undefined;
  const verb = REBUTS.exec(text.slice(at))?.[0] ?? '';
  return { verb, after: text.slice(at + verb.length) };
}
/** Verbs whose that-clause is what they reject ("insisted that …" asserts its clause instead). */
const DENIAL_VERB = /^den(?:y|ies|ied|ying)$/i;
const DENIED_THAT = /^\s+that\s+([^,;:]+)/i;

/** Do the two sentences share a content word with the question (or does the later one point back)? */
function related(
  claimStems: Set<string>,
  rebuttal: Sentence,
  rebuttalStems: Set<string>,
  questionStems: Set<string>,
  /**
   * The rebuttal's "that figure" points at a figure stated between it and the claim (disputesFigureBetween): it
   * disputes that figure, not the claim, whatever words they share ("Owen Treharne, the MP for …" / "Mr Treharne's
   * allies said 47 …" / "whips disputed that figure").
   */
  pointsPast: boolean,
  /** The rebuttal comes right after the claim. */
  next: boolean,
): boolean {
  if (pointsPast) return false;
  // A rebuttal that says what it rejects disputes that: it answers the claim only if the claim says it too (a word in
  // common, names aside: "Halloran" is in both "The vehicles are built by Halloran …" and "rejected a claim … that
  // Halloran had been slow to share test results"), and only if the question asks about it. It must then still pass
  // the tests below, as any rebuttal.
  const rejected = rejectedContent(rebuttal.text);
  if (rejected !== undefined) {
    const said = contentStems(rejected.replace(/\b\p{Lu}[\p{L}’'-]*/gu, ' '));
    if (!said.some((x) => questionStems.has(x)) || !said.some((x) => claimStems.has(x))) return false;
  }
  // A bare denial ("Ashworth … denied that taxes would rise to pay for it") of what the question asks is not the
  // answer to a claim that says none of it ("Treasury sources said the reversal would cost about £1.1bn a year",
  // probe round 3). Worded otherwise than the question ("denied that he had issued an ultimatum" for "Did Vaughan
  // threaten to resign?") it says nothing either way, and the tests below decide.
  const denied = deniedContent(rebuttal.text);
  if (denied !== undefined) {
    const said = contentStems(denied.replace(/\b\p{Lu}[\p{L}’'-]*/gu, ' '));
    if (said.some((x) => questionStems.has(x)) && !said.some((x) => claimStems.has(x))) return false;
  }
  if (BACK_REFERENCE.test(rebuttal.text)) return true;
  if (next && ANY_SUCH.test(rebuttal.text)) return true;
  for (const x of rebuttalStems) if (questionStems.has(x) && claimStems.has(x)) return true;
  return false;
}

function shareStem(a: Set<string>, b: Set<string>): boolean {
  for (const x of b) if (a.has(x)) return true;
  return false;
}

/**
 * The formula a source is kept anonymous by ("One senior MP, who asked not to be named, said …", "speaking on
 * condition of anonymity") says nothing about what the source said: its words ("asked") must not tie the sentence
 * to a question ("Did Okafor ask for the rule change?") or to the sentence that disputes it.
 */
const ANONYMITY =
  /,?\s*(?:who\s+)?(?:asked|requested|wished)\s+not\s+to\s+be\s+(?:named|identified)|,?\s*(?:speaking\s+)?on\s+(?:the\s+)?condition\s+of\s+anonymity/gi;
/** A sentence's content stems, less those of an anonymity formula in it (else `stored`, the KB's own). */
function saidStems(text: string, stored: () => Set<string>): Set<string> {
  const without = text.replace(ANONYMITY, ' ');
  return without === text ? stored() : new Set(contentStems(without));
}

/**
 * The claim/rebuttal pair around sentence `i` (which may be either side), or undefined. The two must come from
 * different sources (a source disputing itself is not a disagreement) and be about the question.
 */
export function findRebuttal(
  article: ArticleInfo,
  i: number,
  questionStems: Set<string>,
  stemsOf: (sentence: number) => Set<string> = (j) => new Set(contentStems(article.analysis.sentences[j]?.text ?? '')),
): Rebuttal | undefined {
  const ss = article.analysis.sentences;
  const s = ss[i];
  if (s?.part !== 'body') return undefined;
  const pair = (claim: number, rebuttal: number): Rebuttal | undefined => {
    const c = ss[claim];
    const r = ss[rebuttal];
    if (!c || !r || c.part !== 'body' || r.part !== 'body') return undefined;
    if (Math.abs(r.p - c.p) > 1) return undefined;
    if (!disputes(r) || disputes(c) || disputesItsOwnClaim(r.text)) return undefined;
    // A sentence that turns only by its opener ("However, he found that …") turns from the sentence right before it:
    // a claim further back, with that sentence between, is not what it answers (round 3: "However, he found that the
    // authority had failed …" after the judge's own ruling, not the consultation figures a paragraph before).
    if (!rebuts(r.text) && rebuttal !== claim + 1) return undefined;
    // "The dispute turns on what was agreed at a meeting in Edinburgh" says what the sides disagree on; it is
    // neither side (its sides are findStatedDispute's), and what it takes for granted is not disputed.
    if (statesDispute(c)) return undefined;
    if (sameSource(c, r)) return undefined;
    // "X said … . But Y said …" in one paragraph needs no shared word: the second answers the first.
    // A paragraph that opens with "But …" right after the claim's paragraph answers it only if it is about the
    // same thing (a content word in common): "However, colleagues fear a majority remains unlikely" does not
    // dispute "Labour announced it had recruited David Axelrod".
    const claimStems = saidStems(c.text, () => stemsOf(claim));
    const rebuttalStems = saidStems(r.text, () => stemsOf(rebuttal));
    const adjacent =
      rebuttal === claim + 1 &&
      ((r.p === c.p && (CONTRAST_OPENER.test(r.text) || BACK_REFERENCE.test(r.text) || LEAD_DENIAL.test(r.text))) ||
        (r.p === c.p + 1 && CONTRAST_OPENER.test(r.text) && shareStem(claimStems, rebuttalStems)));
    // "… three colleges at risk. It also says 1,150 lecturer posts have been lost. The Government disputed that
    // figure": the figure disputed is the one just before, not the three colleges.
    const pointsPast = disputesFigureBetween(ss, claim, rebuttal);
    return adjacent || related(claimStems, r, rebuttalStems, questionStems, pointsPast, rebuttal === claim + 1)
      ? { claim, rebuttal }
      : undefined;
  };
  // The sentence found is the claim, disputed just after; or it is the rebuttal of what came just before.
  return pair(i, i + 1) ?? pair(i, i + 2) ?? pair(i - 1, i) ?? pair(i - 2, i);
}

/** Does the rebuttal of `dispute` state a count, or point back at a figure or claim ("that figure", "denied this")? */
export function rebutsACount(article: ArticleInfo, dispute: Rebuttal): boolean {
  const r = article.analysis.sentences[dispute.rebuttal];
  if (!r) return false;
  return (
    (r.quantities ?? []).some((q) => q.kind === 'count') || FIGURE_REFERENCE.test(r.text) || BACK_REFERENCE.test(r.text)
  );
}

/**
 * One sentence holding both sides: "Sir Vince's camp claims a commanding lead, but Sir Ed's allies insist the
 * contest is wide open". Returns the two halves (each verbatim in the sentence), or undefined.
 */
export function splitDispute(text: string): [string, string] | undefined {
  const m =
    /^(.*?\b(?:claims?|claimed|says?|said|insists?|insisted|believes?|argues?|argued|told|tells)\b.{3,}?),\s+but\s+((?:[A-Z]|the\s|his\s|her\s|their\s).*?\b(?:insists?|insisted|says?|said|claims?|claimed|den(?:y|ies|ied)|dismiss(?:es|ed)?|disput(?:es|ed)|reject(?:s|ed)|argues?|argued|maintains?|maintained|counters?|countered)\b.{3,})$/.exec(
      text,
    );
  return m?.[1] && m[2] ? [m[1], m[2]] : undefined;
}

/** Nouns that name a claim in an apposition disputing it: "…, a charge disputed by …", "…, a figure the Tories dismissed". */
const CLAIM_NOUN =
  '(?:claim|charge|figure|number|estimate|forecast|suggestion|allegation|accusation|assertion|prediction|warning|account|characterisation|characterization)';
/** The verbs of the apposition's rebuttal (participles or a verb after its subject). */
const APPOSED_REBUTTAL =
  '(?:disputed|disputes|denied|denies|rejected|rejects|dismissed|dismisses|contested|contests|challenged|challenges|rubbished|refuted|refutes)';
/**
 * A claim and its rebuttal in one sentence, the rebuttal an apposition naming the claim: "The Lib Dems also claimed
 * that Harrowfield was “on the brink of bankruptcy”, a charge disputed by the council's chief finance officer";
 * "Callum Baird warned that as many as 200 jobs would go …, a figure the Scottish Conservatives dismissed as
 * “scaremongering”" (probe round 16). Group 1: the claim; 2: the rebuttal; 3: its agent after "by"; 4: its subject.
 */
const APPOSED_DISPUTE = new RegExp(
  `^(.*?\\b(?:claims?|claimed|says?|said|insists?|insisted|argues?|argued|told|tells|warns?|warned|alleges?|alleged|accused|predicts?|predicted|estimates?|estimated)\\b.{3,}?),\\s+((?:a|an)\\s+(?:[\\w-]+\\s+)?${CLAIM_NOUN}\\s+(?:that\\s+|which\\s+)?(?:${APPOSED_REBUTTAL}\\s+by\\s+([^,;.“”"]{3,80})|((?:the\\s+|his\\s+|her\\s+|their\\s+|its\\s+)?[^,;.“”"]{2,60}?)\\s+(?:(?:has|have|had)\\s+)?${APPOSED_REBUTTAL})\\b.*)$`,
  'i',
);

export interface ApposedDispute {
  /** The claim and its rebuttal, each verbatim in the sentence. */
  halves: [string, string];
  /** Who rebuts it, as written ("the Scottish Conservatives", "the council's chief finance officer"). */
  disputer: string;
}

/** The two sides of a claim disputed by an apposition in the same sentence (APPOSED_DISPUTE), or undefined. */
export function splitApposedDispute(text: string): ApposedDispute | undefined {
  const m = APPOSED_DISPUTE.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const agent = m[3]?.trim();
  // With the name in apposition after the agent: "disputed by the council's chief finance officer, Jane Moss".
  const named = agent
    ? /^,\s+((?:[A-Z][\w’'-]+\s?){1,4})(?:[,.]|$)/.exec(m[2].slice(m[2].indexOf(agent) + agent.length))
    : null;
  const disputer = agent ? (named?.[1] ? `${agent}, ${named[1].trim()}` : agent) : (m[4] ?? '').trim();
  return disputer ? { halves: [m[1], m[2]], disputer } : undefined;
}

/** Who disputes a claim in an apposition, as an attribution ("the Scottish Conservatives": a party's). */
export function apposedDisputer(d: ApposedDispute): Attribution | undefined {
  return classifySpeaker(d.disputer);
}

/** Verbs by which each half of a one-sentence figure dispute gives its source's figure ("told", "concluded"). */
const GIVES_FIGURE =
  'says?|said|claims?|claimed|insists?|insisted|believes?|argues?|argued|told|tells|estimates?|estimated|puts|put|finds|found|concluded|concludes|warned|warns|maintains?|maintained|counters?|countered|expects?|expected';
/**
 * Two sources' figures for one thing in one sentence, the second after a contrast: "The mayor has said the first
 * franchised buses will run in Brackenford in September 2027, but Ashdown told BBC Radio 4 on Monday that services
 * could not realistically change hands before April 2028"; "Tom Garside … said around 120 drivers had left Cobalt
 * this year, although the company said the figure was closer to 70". Unlike splitDispute, "although", "while" and
 * "whereas" join the sides too — and so each side must give its own figure or date of the kind answered (a contrast
 * between two statements of different things is no dispute).
 */
/** What the second side of a one-sentence dispute opens with: a name or a source of its own ("the company …"). */
const SIDE_START = '(?:[A-Z]|the\\s|his\\s|her\\s|their\\s|its\\s)';
/** The first side: a statement giving its figure ("The union said around 300 nurses had left this year"). */
const FIRST_SIDE = `^(.*?\\b(?:${GIVES_FIGURE})\\b.{3,}?)`;
const FIGURE_SIDES = new RegExp(
  `${FIRST_SIDE},?\\s+(?:but|although|though|while|whereas)\\s+(${SIDE_START}.*?\\b(?:${GIVES_FIGURE})\\b.{3,})$`,
);
/**
 * The other side given in an apposition to the figure: "The council puts the gap in its budget over the next three
 * years at £38.6m, a figure the Unison branch at the authority says has been inflated and puts closer to £27m"
 * (probe round 13). Its second side names a source of its own and gives its own figure, as FIGURE_SIDES's does.
 */
const FIGURE_APPOSED = new RegExp(
  `${FIRST_SIDE},\\s+(a\\s+(?:figure|number|total|sum|estimate|forecast)\\s+(?:that\\s+|which\\s+)?${SIDE_START}.*?\\b(?:${GIVES_FIGURE}|disputes?|disputed|rejects?|rejected)\\b.{3,})$`,
);
/** A year or a month (with or without its year or season): what a date side gives. */
const DATE_WORD = new RegExp(`\\b(?:1[89]\\d\\d|20\\d\\d|${MONTHS.join('|')}|spring|summer|autumn|winter)\\b`);

/** A month or season with the year after it, or a year: the date a side gives, as written. */
const DATE_PHRASE = new RegExp(`${DATE_WORD.source}(?:\\s+(?:of\\s+)?(?:1[89]\\d\\d|20\\d\\d))?`);

export interface FigureDispute {
  /** The two halves, each verbatim in the sentence: the answer's side first. */
  halves: [string, string];
  /** The figure each half gives, as written: the answer, then the other side's. */
  figures: [string, string];
}

/** The two sides of a one-sentence figure dispute over `answer` (verbatim in the sentence), or undefined. */
export function splitFigureDispute(
  s: Pick<Sentence, 'text' | 'quantities' | 'dates'>,
  answer: string,
): FigureDispute | undefined {
  const m = FIGURE_SIDES.exec(s.text) ?? FIGURE_APPOSED.exec(s.text);
  if (!m?.[1] || !m[2]) return undefined;
  const both: [string, string] = [m[1], m[2]];
  const own = both.findIndex((h) => h.includes(answer));
  if (own < 0) return undefined;
  const other = both[1 - own] as string;
  const quantity = (s.quantities ?? []).find((q) => q.text.includes(answer) || answer.includes(q.text));
  const figure = quantity
    ? (s.quantities ?? []).find((q) => q.kind === quantity.kind && other.includes(q.text) && !q.text.includes(answer))
        ?.text
    : DATE_WORD.test(answer)
      ? // A date of the answer's sort: a year, month or season ("April 2028"), not a weekday ("on Monday").
        ((s.dates ?? []).find((d) => other.includes(d) && !answer.includes(d) && DATE_WORD.test(d)) ??
        DATE_PHRASE.exec(other)?.[0])
      : undefined;
  if (!figure) return undefined;
  return { halves: [both[own] as string, other], figures: [answer, figure] };
}

/**
 * A sentence that says there is a dispute and what it is about: "The central point in dispute is whether Ms Trask
 * told civil servants about the dinner", "The two sides disagree over what the headline figure covers". News
 * states the sides right after it ("Her allies say … But sources in the department say …").
 */
const DISPUTE_STATEMENT =
  /\b(?:disput(?:e|es|ed)|disagree(?:s|d|ment)?|contested|at issue|conflicting accounts)\b[^.;]{0,30}?\b(?:whether|(?:over|about|on|concerns?|of)\s+(?:what|how|why|when|who|whether))\b/i;
/**
 * A body sentence that says a dispute follows without saying what it is about (the headline or standfirst has
 * said that): "The circumstances of the defection are disputed.", "The row centres on a meeting between …", "The
 * circumstances of Mr Renshaw's departure quickly became the subject of a row."
 */
const DISPUTE_MARK =
  /\b(?:(?:is|are|was|were|remains?|remained)\s+(?:\w+ly\s+)?disputed|(?:row|dispute|disagreement)\s+(?:centres|centers|turns|hinges)\s+on|subject\s+of\s+(?:a|an|the)\s+(?:\w+\s+)?(?:row|dispute|disagreement))\b/i;
/** How far after a dispute statement its sides are looked for (sentences; within the next paragraph at most). */
const SIDES_REACH = 4;

export interface StatedDispute {
  /** Index of the sentence saying what the dispute is. */
  statement: number;
  /** Indexes of the first two sentences after it from different sources: the two sides. */
  sides: [number, number];
}

/** Does body sentence `s` say a dispute follows (DISPUTE_STATEMENT, DISPUTE_MARK)? */
function statesDispute(s: Sentence | undefined): boolean {
  return s?.part === 'body' && (DISPUTE_STATEMENT.test(s.text) || DISPUTE_MARK.test(s.text));
}

/** The sides of the dispute statement at `i`: the first two attributed sentences after it from different sources. */
function sidesOf(ss: ArticleInfo['analysis']['sentences'], i: number): StatedDispute | undefined {
  const s = ss[i];
  if (!s || !statesDispute(s)) return undefined;
  let first: number | undefined;
  for (let j = i + 1; j <= i + SIDES_REACH && j < ss.length; j++) {
    const t = ss[j] as Sentence;
    if (t.part !== 'body' || t.p - s.p > 1) break;
    const source = t.source as Attribution | undefined;
    if (!source || source.kind === 'reporter') continue;
    if (first === undefined) first = j;
    else if (sourceOf(ss[first] as Sentence) !== sourceOf(t)) return { statement: i, sides: [first, j] };
  }
  return undefined;
}

/**
 * The stated dispute sentence `i` belongs to: the statement itself, or one of its two sides (a question matching
 * "He has always maintained that he telephoned the office …" is about the dispute stated just before it).
 */
export function findStatedDispute(article: ArticleInfo, i: number): StatedDispute | undefined {
  const ss = article.analysis.sentences;
  for (let k = i; k >= Math.max(0, i - SIDES_REACH); k--) {
    const d = sidesOf(ss, k);
    if (d && (k === i || d.sides.includes(i))) return d;
  }
  // A standfirst (the lead, LEAD_PARAGRAPH) saying what is disputed, its sides not right after it ("the councillor
  // and his old party disagree over whether he was about to be deselected"): the sides are those of the first later
  // sentence that says a dispute follows ("The circumstances of the defection are disputed. Mr Ollerenshaw said …").
  const s = ss[i];
  if (s && s.p <= LEAD_PARAGRAPH && DISPUTE_STATEMENT.test(s.text)) {
    for (let k = i + 1; k < ss.length; k++) {
      const d = statesDispute(ss[k]) ? sidesOf(ss, k) : undefined;
      if (d) return d;
    }
  }
  return undefined;
}
