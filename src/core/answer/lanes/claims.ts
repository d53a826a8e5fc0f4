/**
 * The claims lane: curated claims scored against a question (coverage of its words, agreement with its entities,
 * years, conflicts) and answered with their own structured answer, competing with the retrieved sentences in the
 * engine's evidence stage.
 */
import type { Claim } from '../../kb/schema.js';
import { synonymStems, words } from '../../nlp/terms.js';
import type { Candidate } from '../candidate.js';
import type { Knowledge } from '../knowledge.js';
import { coverage, entityAgreement, entityConflict, type TermWeights, yearFactor } from '../match.js';
import { VERBATIM } from '../memoryRetriever.js';
import type { ParsedQuestion } from '../parse.js';
import type { ClaimReplies } from './claimReplies.js';

/** A curated layer this small is scored whole; a larger one through its index (its best CLAIM_HITS). */
const CLAIMS_SCORED_WHOLE = 200;
const CLAIM_HITS = 8;

/*
 * Set by hand (sessions 1–2, on the seed questions) and named here: how a claim's coverage of the question is
 * weighed. They decide only claim against sentence (the engine answers from a claim when its score is at least
 * ANSWER_THRESHOLD and the best sentence's), so they move only the seed's own questions.
 */
/** Entity agreement: a claim about none of the asked entities keeps `floor` of its coverage, one about all 1. */
const AGREEMENT = { floor: 0.5, share: 0.5 } as const;
/** Another person named where the question names one; or a claim about none of the people asked about. */
const CONFLICT_WEIGHT = 0.5;
const UNRELATED_WEIGHT = 0.5;
/** Claims win ties against the sentences they were curated from (structured answer, attribution). */
const CLAIM_TIE_BREAK = 1.02;
/** Reply confidence from the score: 0.3 at no coverage, at most 0.95 (a curated claim is still reported speech). */
const CONFIDENCE = { base: 0.3, slope: 0.65, max: 0.95 } as const;

/** The question types a claim's kind of answer can answer. */
const FITS: Readonly<Record<string, readonly string[]>> = {
  person: ['person', 'entity', 'speaker'],
  party: ['party', 'entity'],
  number: ['number', 'duration'],
  date: ['date'],
  place: ['place'],
  yes: ['yesno'],
  no: ['yesno'],
  phrase: ['phrase', 'reason', 'yesno', 'quote', 'description'],
};

export class ClaimsLane {
  constructor(
    private readonly k: Knowledge,
    private readonly claimReplies: ClaimReplies,
  ) {}

  candidates(p: ParsedQuestion, q: string, weights: TermWeights): Candidate[] {
    const out: Candidate[] = [];
    // A small curated layer is scored whole; a large one through its index.
    const ids =
      this.k.claims.length <= CLAIMS_SCORED_WHOLE
        ? this.k.claims.keys()
        : this.k.claimIndex
            .search(queryOf(p, weights), { combineWith: 'OR' })
            .slice(0, CLAIM_HITS)
            .map((hit) => hit.id as number);
    for (const id of ids) {
      const c = this.k.claims[id];
      if (!c) continue;
      if (p.scenario?.id && c.scenario && c.scenario !== p.scenario.id) continue;
      // Claims answer with their own structured answer; details inside their evidence are found by the
      // sentence path (the evidence is verbatim in the article), so a claim never answers for its evidence.
      // A claim without an answer of the asked type is not scored at all.
      const answer = this.claimAnswer(c, p);
      if (!answer) continue;
      const text = this.k.claimTexts[id] ?? c.statement;
      const info = this.k.textInfo(text);
      const cov = coverage(weights, info.stems);
      const ents = this.entitiesOf(c, info.mentions);
      const agree = entityAgreement(p, ents);
      const years = yearFactor(p, text);
      const conflict = entityConflict(p, ents, this.typeOf) ? CONFLICT_WEIGHT : 1;
      // A claim about none of the people or parties asked about answers nothing (a question with no other
      // content word would otherwise match every claim).
      const unrelated = agree === 0 && p.entities.length ? UNRELATED_WEIGHT : 1;
      const agreement = AGREEMENT.floor + AGREEMENT.share * agree;
      const score = cov.score * agreement * years * conflict * unrelated * CLAIM_TIE_BREAK;
      if (score <= 0) continue;
      const confidence = Math.min(CONFIDENCE.max, CONFIDENCE.base + CONFIDENCE.slope * score);
      out.push({ score, reply: () => this.claimReplies.reply(c, q, answer, confidence) });
    }
    return out;
  }

  private readonly typeOf = (id: string) => this.k.entities.get(id)?.type;

  private readonly claimEntities = new WeakMap<Claim, string[]>();
  /** The entities a claim is about: its structured slots and those its text names (a claim never changes). */
  private entitiesOf(c: Claim, mentions: readonly { id: string }[]): string[] {
    let ents = this.claimEntities.get(c);
    if (!ents) {
      ents = [c.subject, c.object, c.role, c.of, c.scenario, ...mentions.map((m) => m.id)].filter(Boolean) as string[];
      this.claimEntities.set(c, ents);
    }
    return ents;
  }

  /** The claim's short answer when it fits the question's expected type, else one extracted from its evidence. */
  private claimAnswer(c: Claim, p: ParsedQuestion): string | undefined {
    const type = c.answer_type ?? inferAnswerType(c, this.k);
    // "Who said …" about a claim: its source, unless only the article itself says it.
    if (p.expect === 'speaker') return c.attribution.kind === 'reporter' ? undefined : c.attribution.description;
    // A yes/no question about a claim's proposition: yes or no as that side says.
    if (p.expect === 'yesno' && c.proposition && c.stance) {
      return `${c.stance === 'for' ? 'Yes' : 'No'}, according to ${c.attribution.description}`;
    }
    if (!(FITS[type] ?? []).includes(p.expect)) return undefined;
    // "Who would Labour put up with to get Miliband in?" is not answered "Ed Miliband".
    if (['person', 'party'].includes(type) && this.answerNames(c).some((id) => p.entities.includes(id))) {
      return undefined;
    }
    return c.answer;
  }

  private readonly answerEntities = new WeakMap<Claim, string[]>();
  /** The entities a claim's answer names (a claim never changes: found once, not per question). */
  private answerNames(c: Claim): string[] {
    let ids = this.answerEntities.get(c);
    if (!ids) {
      ids = this.k.matcher.find(c.answer).map((m) => m.id);
      this.answerEntities.set(c, ids);
    }
    return ids;
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
