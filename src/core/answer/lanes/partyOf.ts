/**
 * "Which party is Dame Helen Corrigan from?", "What party does the chair of the committee belong to?": the party in
 * how the articles describe the person ("Dame Helen Corrigan, the Conservative MP for North Aldwick"), or "Labour's
 * Tom Ashdown". The person is the named one, else whoever "Who is <the post>?" answers. One party found answers;
 * none or two, and the question falls through to the other lanes (the reader then rarely offers a party for a
 * person: probe rounds 2–15 answered none of the four such questions they ask, session 26).
 */
import { type AnalysedSentence, descriptionsIn } from '../../nlp/analyse.js';
import { escapeRegExp } from '../../nlp/regexp.js';
import type { Reply } from '../../reply.js';
import { answeredReply, type Evidence } from '../compose.js';
import type { ArticleInfo, Knowledge } from '../knowledge.js';
import type { ParsedQuestion } from '../parse.js';

/** "Which party is X from / in / with?", "What party does X belong to / represent / sit for?" */
const PARTY_OF =
  /^\s*(?:which|what)\s+(?:political\s+)?party\s+(?:is|was|does|did)\s+(.+?)\s+(?:from|in|with|belongs?\s+to|represents?|sits?\s+for|stands?\s+for|a\s+member\s+of)\s*\??\s*$/i;
/** "Fiona Castellan is the candidate for which party?" */
const FOR_WHICH_PARTY =
  /^\s*(.+?)\s+(?:is|was)\s+(?:the|a|an)\s+[\w\s-]{2,40}?\s+(?:for|of)\s+which\s+party\s*\??\s*$/i;
/**
 * Sentences read for a person's descriptions: those retrieval ranks best for "Who is <name>?". Ten: a person is
 * described where first named, which that question ranks near the top; more would read other people's.
 */
const PARTY_SENTENCES = 10;
/** Confidence of a party read off a description of the person (the description is verbatim evidence). */
const DESCRIBED_PARTY_CONFIDENCE = 0.75;

export class PartyLane {
  constructor(
    private readonly k: Knowledge,
    private readonly mentionIds: (text: string) => string[],
    /** Ask another question of the same engine ("Who is the chair of the committee?"). */
    private readonly ask: (question: string) => Reply,
    /** The sentences retrieval ranks for a question ("Who is Dame Helen Corrigan?"), best first. */
    private readonly sentencesFor: (question: string) => { article: ArticleInfo; sentence: AnalysedSentence }[],
  ) {}

  /** The person asked about, as written in the question, if the question asks for their party. */
  static subjectOf(p: ParsedQuestion): string | undefined {
    if (p.expect !== 'party') return undefined;
    return (PARTY_OF.exec(p.raw) ?? FOR_WHICH_PARTY.exec(p.raw))?.[1]?.trim();
  }

  answer(p: ParsedQuestion, q: string, subject: string): Reply | undefined {
    const person = p.entities.find((e) => this.k.entities.get(e)?.type === 'person');
    const name = person ? this.k.entities.get(person)?.name : this.holder(subject);
    if (!name) return undefined;
    const found = this.partyIn(name);
    if (!found) return undefined;
    return answeredReply(
      q,
      found.party,
      `${name}'s party: ${found.party}.`,
      [found.evidence],
      DESCRIBED_PARTY_CONFIDENCE,
    );
  }

  /** Who "Who is <subject>?" names, when it names a person. */
  private holder(subject: string): string | undefined {
    if (!/^(?:the|a|an|this|that)\s/i.test(subject)) return undefined;
    const r = this.ask(`Who is ${subject}?`);
    if (r.status !== 'answered' || !r.answer) return undefined;
    const ids = this.mentionIds(r.answer);
    return ids.some((id) => this.k.entities.get(id)?.type === 'person') || /^\p{Lu}\S*\s+\p{Lu}/u.test(r.answer)
      ? r.answer
      : undefined;
  }

  /** The one party the person's descriptions (or a possessive before the name) name, with its sentence. */
  private partyIn(name: string): { party: string; evidence: Evidence } | undefined {
    const parties = new Map<string, { party: string; evidence: Evidence }>();
    const possessive = new RegExp(
      `(\\p{Lu}[\\p{L} ]{1,30}?)['’]s\\s+(?:\\p{Ll}[\\p{L}-]*\\s+){0,3}${escapeRegExp(name)}\\b`,
      'u',
    );
    const apposedLast = new RegExp(`${escapeRegExp(name)},\\s+((?:the|a|an)\\s[^,;]{3,90}?)\\.?$`, 'u');
    for (const { article, sentence: s } of this.sentencesFor(`Who is ${name}?`).slice(0, PARTY_SENTENCES)) {
      const owner = possessive.exec(s.text)?.[1];
      // descriptionsIn wants a comma after the description; at a sentence's end it is a full stop ("…, and Richard
      // Oyelaran, the Conservative MP for Sedgecombe.").
      const last = apposedLast.exec(s.text)?.[1];
      for (const text of [...descriptionsIn(name, s.text), ...(owner ? [owner] : []), ...(last ? [last] : [])])
        for (const m of this.k.textInfo(text).mentions) {
          if (this.k.entities.get(m.id)?.type !== 'party' || parties.has(m.id)) continue;
          // The party as the article writes it ("the Conservative MP" -> Conservative), else by its own name.
          const written = new RegExp(`\\b${escapeRegExp(m.text).replace(/\s+/g, '\\s+')}\\b`, 'i').exec(text)?.[0];
          const party = written ?? this.k.entities.get(m.id)?.name;
          if (party) parties.set(m.id, { party, evidence: { article, quote: s.text, attribution: s.source } });
        }
    }
    return parties.size === 1 ? [...parties.values()][0] : undefined;
  }
}
