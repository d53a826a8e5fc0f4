/**
 * The roles lane: who holds (or would hold) a role under a scenario, whether a person holds it, what role a person
 * has, who an entity is, and who the articles describe as exactly an asked-for role ("Eleanor Whitcombe, the
 * Transport Secretary"). Answers come from the curated claims first, then from descriptions found in articles.
 */

import type { Claim } from '../../kb/schema.js';
import { descriptionsIn, isRoleTitle } from '../../nlp/analyse.js';
import { isStopword, stem } from '../../nlp/terms.js';
import type { Reply } from '../../reply.js';
import { answeredReply, type Evidence, unknownReply } from '../compose.js';
import { ROLE_MODIFIERS } from '../fit.js';
import { asOfLabel, scenarioPhrase } from '../format.js';
import type { ArticleInfo, Knowledge } from '../knowledge.js';
import type { ParsedQuestion } from '../parse.js';
import { statedBy } from '../rebuttal.js';
import { type ClaimReplies, modalityRank } from './claimReplies.js';

/**
 * Earlier holders of a role named in a "who is the mayor of X" answer: a few, latest first, then how many more (a
 * knowledge base kept for years may have found dozens; the evidence cites the latest anyway).
 */
const EARLIER_HOLDERS_SHOWN = 3;
/** Words around a role asked about that are not part of it ("who is the current chancellor?"). */
/** Words that open a relative clause after a post ("the transport secretary who announced …"). */
const RELATIVE_PRONOUNS = new Set(['who', 'that', 'which', 'whose']);
const ROLE_PHRASE_FILLERS = new Set(['the', 'a', 'an', 'current', 'currently', 'now', 'new']);
/**
 * Posts an organisation's own officers hold that the analyser's role nouns (isRoleTitle: minister, leader, chair …)
 * do not name; an owned post asked about must be one or the other.
 */
const OWNED_POSTS = new Set(['treasurer', 'convener', 'convenor', 'head', 'editor', 'clerk', 'speaker', 'officer']);
/**
 * Nouns an article calls the organisation it is about by ("the company's chief executive, Martin Oakhurst" in an
 * article on Wendmoor Water): a possessive of one of them is the owner asked about.
 */
const OWNER_NOUNS = new Set([
  'company',
  'firm',
  'party',
  'council',
  'authority',
  'trust',
  'union',
  'board',
  'group',
  'charity',
  'federation',
  'inquiry',
  'committee',
  'regulator',
  'watchdog',
]);
/** Words before a post that make it someone's past or future post ("the region's first mayor, Derek Holm"). */
const NOT_NOW = new Set(['first', 'previous', 'late', 'last', 'outgoing', 'founding', 'interim', 'next', 'future']);
/** Words before a post that name no other owner, even capitalised at a sentence's start ("The returning officer, …"). */
const OWN_DETERMINERS = new Set(['the', 'its', 'their']);
/** A name asked about is two to four words ("Oswin Drury", "Sir Geoffrey Ambler Smith"). */
const NAME_WORDS_MAX = 4;
/** An organisation's name is longer: "North Calder Hospitals NHS Foundation Trust" is six words. */
const OWNER_WORDS_MAX = 6;
/**
 * Reply confidence for a description read off one sentence for a name the KB has no entity for: below the 0.8
 * of a recorded description (answerFromDescriptions), since the name was matched by its words alone.
 */
const DESCRIBED_CONFIDENCE = 0.7;
/**
 * A name in apposition after a role: capitalised words up to the closing comma ("Victoria Ashdown,"), or before
 * "of the …," ("the sitting mayor, Rachel Dunstan of the Civic Alliance, on 38 per cent").
 */
const HOLDER_NAME = /^((?:\p{Lu}[\p{L}’'-]+\s+){1,3}\p{Lu}[\p{L}’'-]+)(?:,|\s+of\s+the\s+\p{Lu}[^,;.]{2,40},)/u;

/** Stems that may accompany a role in a "who is/would be ROLE" question without changing what it asks. */
const ROLE_VERBS = new Set(
  [
    'be',
    'become',
    'remain',
    'stay',
    'serve',
    'hold',
    'take',
    'get',
    'keep',
    'next',
    'new',
    'current',
    'currently',
    'now',
    'job',
    'actually',
    'really',
    'government',
    'administration',
    'form',
    'formed',
    'elect',
    'elected',
    'win',
    'won',
    'appointed',
    'made',
    'end',
    'up',
  ].map(stem),
);

/** Verbs that ask who holds an organisation's post: "Who leads/chairs/heads X?" -> "the leader/chair/head of X". */
const POST_VERBS: Record<string, string> = { leads: 'leader', chairs: 'chair', heads: 'head' };
/** Words that ask for the seat someone represents. */
const SEAT_WORDS = new Set(['seat', 'constituency', 'represent', 'represents', 'ward', 'division']);
/** "the MP for Harlow Vale", "MSP for Strathmorven", "councillor for Bridge Street": the place after the post. */
const SEAT_OF =
  /\b(?:MP|MSP|MS|MLA|AM|[Mm]ember|[Cc]ouncillor|[Cc]llr)\s+for\s+(\p{Lu}[\p{L}’'-]+(?:\s+(?:and\s+|upon\s+|on\s+)?\p{Lu}[\p{L}’'-]+)*)/u;
/** As sure as a recorded description (describe): the description is the article's own apposition. */
const SEAT_CONFIDENCE = 0.85;
/** Stems a "which party is X in?" question may carry beside the person and the word party. */
const PARTY_OF_WORDS = new Set(['party', 'belong', 'member', 'lead', 'leader', 'join', 'represent'].map(stem));

/**
 * Sentences naming an entity read to find its first mention outside a headline: an article has one headline, so
 * the first of these that is not one is the first mention (reading every sentence naming a party costs seconds at
 * 100,000 articles).
 */
const MENTIONS_READ = 50;

/**
 * The sentence stating a post, when the sentence a description was found in does not: a lede's post ("The mayor of
 * the Ambervale Combined Authority has been accused …") held by the name opening the next paragraph (analyse.ts
 * ledeHolder). Both are the evidence.
 */
function postStatedApart(article: ArticleInfo, sentence: number, description: string): Evidence[] {
  const said = (text: string | undefined) => (text ?? '').toLowerCase().includes(description.toLowerCase());
  const ss = article.analysis.sentences;
  if (said(ss[sentence]?.text)) return [];
  const stating = ss.find((x) => said(x.text));
  return stating ? [{ article, quote: stating.text }] : [];
}

/** Who holds a role, as an article describes them, and the sentence that does. */
export interface RoleHolder {
  entity: string;
  name: string;
  description: string;
  evidence: Evidence;
}

/** An entity an article describes as a role, where. */
/** A holder shown as earlier beside the newest one: by name, as of an article, with the evidence that says so. */
interface EarlierHolder {
  name: string;
  article: ArticleInfo;
  evidence: Evidence;
}

interface Holder {
  entity: string;
  article: ArticleInfo;
  sentence: number;
  description: string;
}

export class RoleLane {
  private readonly typeOf = (id: string) => this.k.entities.get(id)?.type;

  constructor(
    private readonly k: Knowledge,
    private readonly claims: ClaimReplies,
    private readonly suggest: (p?: ParsedQuestion) => string[],
  ) {}

  /** A who-question whose only content is the role itself ("who is/would be DPM …"). */
  isRoleQuestion(p: ParsedQuestion): boolean {
    return p.terms.every((t, i) => ROLE_VERBS.has(t) || t.length < 3 || p.slotTerms.includes(i));
  }

  answerRole(p: ParsedQuestion, q: string): Reply {
    const role = p.roles.find((r) => r !== 'party-leader') ?? (p.roles[0] as string);
    const roleName = this.k.entities.get(role)?.name ?? role;
    const party = p.entities.find((e) => this.k.entities.get(e)?.type === 'party');
    let claims = this.k.claims.filter((c) => c.kind === 'role' && c.role === role);
    if (role === 'party-leader') claims = claims.filter((c) => !party || c.of === party);
    // "under Lib-Lab"; a slot the KB does not know keeps its own opener ("if the Tories won", not "under if …").
    const under = p.scenario
      ? ` ${scenarioPhrase((p.scenario.id ? this.claims.scenarioName(p.scenario.id) : undefined) ?? p.scenario.text)}`
      : '';
    if (p.scenario) {
      if (!p.scenario.id) {
        return unknownReply(
          q,
          `the knowledge base has nothing about who would be ${roleName}${under}.`,
          this.suggest(p),
        );
      }
      claims = claims.filter((c) => c.scenario === p.scenario?.id);
    } else {
      const current = claims.filter((c) => !c.scenario);
      claims = current.length || !p.hypothetical ? current : claims;
    }
    const best = claims.sort((a, b) => modalityRank(a) - modalityRank(b))[0];
    if (!best) {
      const what =
        party && role === 'party-leader'
          ? `who leads ${this.k.entities.get(party)?.name}`
          : `who ${p.scenario || p.hypothetical ? 'would be' : 'is'} ${roleName}${under}`;
      return unknownReply(q, `the knowledge base does not say ${what}.`, this.suggest(p));
    }
    if (!p.scenario && !p.hypothetical && best.modality === 'is') {
      const newer = this.newerHolder(p, q, best);
      if (newer) return newer;
    }
    const confidence = best.modality === 'is' ? 0.9 : best.modality === 'would' ? 0.85 : 0.8;
    return this.claims.reply(best, q, best.answer, confidence);
  }

  /**
   * "Who is the Labour leader?" when an article newer than a curated role claim describes someone else as exactly
   * that post ("The Labour leader, Rebecca Hartley, …"): the newer holder, the claim's holder shown as earlier.
   * A curated claim is true as of its article, not for ever.
   */
  private newerHolder(p: ParsedQuestion, q: string, claim: Claim): Reply | undefined {
    // A party's leader however asked ("who leads Labour", "the leader of the Conservatives"): anyone described as
    // a leader where that party is named ("The Conservative leader, Malcolm Fenwick").
    const phrase = claim.role === 'party-leader' && claim.of ? ['leader'] : this.askedPost(p);
    const first = phrase && this.describedAs(phrase, p)[0];
    if (!first || first.entity === claim.subject) return undefined;
    const claimed = claim.evidence
      .map((e) => this.k.articleById.get(e.article))
      .filter((a): a is ArticleInfo => Boolean(a))
      .sort((a, b) => b.published.localeCompare(a.published))[0];
    // Newer by a date the article states: an undated one's date is the day it was ingested, which says nothing.
    if (!claimed || first.article.inferred || first.article.published <= claimed.published) return undefined;
    const earlier = {
      name: claim.answer,
      article: claimed,
      evidence: { article: claimed, quote: claim.evidence[0]?.quote ?? claim.statement },
    };
    return this.answerFromDescriptions(p, q, earlier, phrase);
  }

  /** The post asked about in "Who is (the) X?", as words (at most six), if the question has that form. */
  private askedPost(p: ParsedQuestion): string[] | undefined {
    const cop = p.words.findIndex((x) => ['is', 'are', 'was', 'were'].includes(x));
    if (cop !== 1) return undefined;
    const phrase = p.words.slice(cop + 1).filter((x) => !ROLE_PHRASE_FILLERS.has(x));
    return phrase.length && phrase.length <= 6 ? phrase : undefined;
  }

  /**
   * Who is described in an article as exactly the asked-for role ("Eleanor Whitcombe, the Transport Secretary")
   * — a "shadow", "former" or "deputy" one is a different role. Several holders: the newest first, the others
   * shown with their dates (a newer article never silently hides an older one).
   */
  answerFromDescriptions(
    p: ParsedQuestion,
    q: string,
    claimed?: EarlierHolder,
    phrase = this.askedPost(p),
  ): Reply | undefined {
    if (!phrase) return undefined;
    const matches = this.describedAs(phrase, p);
    if (!matches.length) return undefined;
    const first = matches[0] as (typeof matches)[number];
    const name = (id: string) => this.k.entities.get(id)?.name ?? id;
    const evidenceOf = (m: (typeof matches)[number]): Evidence => ({
      article: m.article,
      quote: m.article.analysis.sentences[m.sentence]?.text ?? m.description,
    });
    const evidenceFor = (m: (typeof matches)[number]): Evidence[] => [
      evidenceOf(m),
      ...postStatedApart(m.article, m.sentence, m.description),
    ];
    const others = matches.filter((m) => m.entity !== first.entity);
    // Earlier holders, each once (as of their latest description), the latest EARLIER_HOLDERS_SHOWN by name.
    const latestOf = new Map<string, (typeof matches)[number]>();
    for (const m of others) if (!latestOf.has(m.entity)) latestOf.set(m.entity, m);
    const earlier: EarlierHolder[] = [...latestOf.values()].map((m) => ({
      name: name(m.entity),
      article: m.article,
      evidence: evidenceOf(m),
    }));
    if (claimed && !earlier.some((m) => m.name === claimed.name)) {
      earlier.push(claimed);
      earlier.sort((a, b) => b.article.published.localeCompare(a.article.published));
    }
    const shown = earlier
      .slice(0, EARLIER_HOLDERS_SHOWN)
      .map((m) => `${m.name} (as of ${asOfLabel(m.article)})`)
      .join(', ');
    const more = earlier.length > EARLIER_HOLDERS_SHOWN ? ` and ${earlier.length - EARLIER_HOLDERS_SHOWN} more` : '';
    const lead = `${name(first.entity)} is ${first.description}${shown ? `; earlier, ${shown}${more}` : ''}`;
    const same = matches.filter((m) => m.entity === first.entity).slice(0, 2);
    const evidence = [...same, ...others.slice(0, 2)].flatMap(evidenceFor);
    if (claimed && !evidence.some((e) => e.article === claimed.article)) evidence.push(claimed.evidence);
    return answeredReply(q, name(first.entity), lead, evidence, 0.8);
  }

  /**
   * The entities an article describes as exactly `phrase` (a "shadow", "former" or "deputy" one is a different
   * role), newest article first.
   */
  private describedAs(phrase: string[], p: ParsedQuestion): Holder[] {
    const matches: Holder[] = [];
    const orgs = p.entities.filter((x) => ['party', 'organisation'].includes(this.typeOf(x) ?? ''));
    for (const { entity, found: f, words: desc } of this.k.descriptions(phrase)) {
      const extra = desc.filter((x) => !phrase.includes(x));
      if (extra.some((x) => ROLE_MODIFIERS.has(x)) || extra.length > 2) continue;
      const article = this.k.articleById.get(f.article);
      if (!article) continue;
      // "the Lib Dem chief whip": a party or organisation asked about must be named where the role is (the only
      // check that reads the article's text).
      if (orgs.length) {
        const around = `${f.description} ${article.analysis.sentences[f.sentence]?.text ?? ''}`;
        const named = new Set(this.k.textInfo(around).mentions.map((m) => m.id));
        if (orgs.some((x) => !named.has(x))) continue;
      }
      matches.push({ entity, article, sentence: f.sentence, description: f.description });
    }
    return matches.sort((a, b) => b.article.published.localeCompare(a.article.published));
  }

  /**
   * Who the newest article describes as exactly this role ("the justice secretary" -> Tom Baker), with the
   * description and the sentence that says so, if anyone.
   */
  holderOf(phrase: string[], p: ParsedQuestion): RoleHolder | undefined {
    const words = phrase.filter((x) => !ROLE_PHRASE_FILLERS.has(x) && x !== 's');
    if (!words.length || words.length > 6) return undefined;
    const h = this.describedAs(words, p)[0];
    if (!h) return undefined;
    const quote = h.article.analysis.sentences[h.sentence]?.text ?? h.description;
    return {
      entity: h.entity,
      name: this.k.entities.get(h.entity)?.name ?? h.entity,
      description: h.description,
      evidence: { article: h.article, quote },
    };
  }

  answerRoleYesNo(p: ParsedQuestion, q: string): Reply {
    const person = p.entities.find((e) => this.k.entities.get(e)?.type === 'person') as string;
    const role = p.roles.find((r) => r !== 'party-leader') ?? (p.roles[0] as string);
    const party = p.entities.find((e) => this.k.entities.get(e)?.type === 'party');
    let claims = this.k.claims.filter(
      (c) => c.kind === 'role' && c.role === role && (role !== 'party-leader' || !party || c.of === party),
    );
    claims = p.scenario?.id
      ? claims.filter((c) => c.scenario === p.scenario?.id)
      : claims.filter((c) => !c.scenario || p.hypothetical);
    const holder = claims.find((c) => c.subject === person);
    const name = this.k.entities.get(person)?.name ?? person;
    const roleName = this.k.entities.get(role)?.name ?? role;
    if (holder) return this.claims.reply(holder, q, `Yes — ${holder.answer}`, 0.85);
    const other = claims.sort((a, b) => modalityRank(a) - modalityRank(b))[0];
    if (other) {
      return this.claims.reply(other, q, `No — ${other.answer}`, 0.75);
    }
    return unknownReply(q, `the knowledge base does not say whether ${name} is ${roleName}.`, this.suggest(p));
  }

  /**
   * "Which seat does Iona Kerrigan represent?", "What constituency is Kerrigan the MSP for?": the place in how an
   * article describes the person ("Iona Kerrigan, the MSP for Strathmorven"), latest description first.
   */
  seatOf(p: ParsedQuestion, q: string): Reply | undefined {
    if (!p.words.some((w) => SEAT_WORDS.has(w))) return undefined;
    const people = p.entities.filter((e) => this.typeOf(e) === 'person');
    const e = people.length === 1 ? this.k.entities.get(people[0] as string) : undefined;
    for (const found of [...(e?.found ?? [])].reverse()) {
      const seat = SEAT_OF.exec(found.description)?.[1];
      const article = this.k.articleById.get(found.article);
      const sentence = article?.analysis.sentences[found.sentence];
      if (!e || !seat || !article || !sentence) continue;
      return answeredReply(
        q,
        seat,
        `${e.name} is ${found.description}.`,
        [{ article, quote: sentence.text, ...(sentence.source ? { attribution: sentence.source } : {}) }],
        SEAT_CONFIDENCE,
      );
    }
    return undefined;
  }

  /** "What job would Clegg have under Lib-Lab?": the role a person holds or would hold. */
  answerRoleOf(p: ParsedQuestion, q: string): Reply | undefined {
    const person = p.entities.find((e) => this.k.entities.get(e)?.type === 'person');
    if (!person) return undefined;
    let claims = this.k.claims.filter((c) => c.kind === 'role' && c.subject === person && c.role);
    if (p.scenario?.id) claims = claims.filter((c) => c.scenario === p.scenario?.id);
    else if (!p.hypothetical) claims = claims.filter((c) => !c.scenario);
    const best = claims.sort((a, b) => modalityRank(a) - modalityRank(b))[0];
    if (!best?.role) return undefined;
    return this.claims.reply(best, q, this.claims.roleLabel(best), 0.85);
  }

  /**
   * "Who is Oswin Drury?" about a name the entity recogniser missed (so no description was recorded for it): how
   * one of the best-matching sentences describes the name, read the way the analyser reads descriptions
   * (analyse.ts descriptionsIn), where the sentence writes the name capitalised.
   */
  describeName(
    p: ParsedQuestion,
    q: string,
    sentences: readonly { evidence: Evidence }[],
    /** The name's words: by default those after "Who is" / "Who was". */
    name: readonly string[] | undefined = ['is', 'was'].includes(p.words[1] ?? '') ? p.words.slice(2) : undefined,
  ): Reply | undefined {
    if (!name) return undefined;
    if (name.length < 2 || name.length > NAME_WORDS_MAX || name.some((x) => !/^[a-z’'-]+$/.test(x) || isStopword(x)))
      return undefined;
    const re = new RegExp(`\\b${name.map((x) => x.replace(/[’']/g, "['’]")).join('\\s+')}\\b`, 'i');
    for (const { evidence } of sentences) {
      const found = re.exec(evidence.quote)?.[0];
      if (!found?.split(/\s+/).every((x) => /^\p{Lu}/u.test(x))) continue;
      const description = descriptionsIn(found, evidence.quote)[0];
      if (description)
        return answeredReply(q, description, `${found} is ${description}.`, [evidence], DESCRIBED_CONFIDENCE);
    }
    return undefined;
  }

  /**
   * "Who is the Health Secretary?" where the entity recogniser missed the holder, so no description was recorded:
   * the role written right before a capitalised name in one of the best-matching sentences ("The Health Secretary,
   * Victoria Ashdown, said …"), as describeName reads a description. A "shadow", "former" or "deputy" one is another
   * role.
   */
  holderInPassages(p: ParsedQuestion, q: string, sentences: readonly { evidence: Evidence }[]): Reply | undefined {
    // "Who leads Wexholme City Council?" asks who is the leader of it.
    const verbPost = POST_VERBS[p.words[1] ?? ''];
    if (verbPost) {
      const owner = p.words.slice(2).filter((x) => !ROLE_PHRASE_FILLERS.has(x));
      if (!owner.length || owner.some((x) => !/^[a-z’'-]+$/.test(x))) return undefined;
      return this.ownersHolder([verbPost, 'of', ...owner], q, sentences);
    }
    if (!['is', 'was'].includes(p.words[1] ?? '')) return undefined;
    // A relative clause picks the holder out, it is not part of the post: "Who is the transport secretary who
    // announced the bus money?" asks for the transport secretary (the clause still ranks the sentences).
    const relative = p.words.findIndex((x, i) => i > 2 && RELATIVE_PRONOUNS.has(x));
    const phrase = p.words.slice(2, relative > 0 ? relative : undefined).filter((x) => !ROLE_PHRASE_FILLERS.has(x));
    if (phrase.some((x) => !/^[a-z’'-]+$/.test(x))) return undefined;
    // A question naming an entity asks for the post of that owner, or is another question ("Who is Nick Clegg?").
    if (p.entities.length || phrase.length > NAME_WORDS_MAX) return this.ownersHolder(phrase, q, sentences);
    if (!phrase.length) return undefined;
    // The word before the role (a "shadow" one is another role) and the role as the sentence writes it.
    const found = this.apposedHolder(phrase, q, sentences);
    if (found) return found;
    // "Who is the Welsh health secretary?" where a Welsh article writes "the health secretary, Carys Pritchard": the
    // post without its first word, when that word is one the article writes with a capital ("Welsh") and no other
    // capitalised word or "shadow"/"former" stands before the post ("the Scottish health secretary" is another
    // post). Never an owner: "the regulator's chief executive" is not any "…'s chief executive".
    const [qualifier, ...post] = phrase;
    if (!qualifier || post.length < 2 || post[0] === 's') return this.ownersHolder(phrase, q, sentences);
    const written = new RegExp(`\\b${qualifier[0]?.toUpperCase()}${qualifier.slice(1)}\\b`, 'u');
    return (
      this.apposedHolder(
        post,
        q,
        sentences,
        (before, article) =>
          !(before && /^\p{Lu}/u.test(before)) && article.analysis.sentences.some((x) => written.test(x.text)),
      ) ?? this.ownersHolder(phrase, q, sentences)
    );
  }

  /**
   * "Who is the leader of the Civic Party?" (or "the Civic Party's leader") where the article, about the Civic Party,
   * writes "the leader, Daniel Okafor" or "the party's leader, Daniel Okafor": the post in apposition to a name, in
   * an article of the best passages that writes the owner as a name ("Civic Party", capitalised as a name is). The
   * word before the post is no other owner: not capitalised ("the Labour leader"; "The" at a sentence's start is no
   * owner), no past or future ("first", "outgoing"), and a possessive only of the owner's last word ("the party's")
   * or of a noun for an organisation (OWNER_NOUNS: "the company's").
   */
  private ownersHolder(phrase: string[], q: string, sentences: readonly { evidence: Evidence }[]): Reply | undefined {
    const owned = ownedPost(phrase);
    if (!owned) return undefined;
    const { post, owner } = owned;
    // The owner's first word as a name writes it ("Civic", "Askerby"), its other words anywhere in the article
    // ("the Askerby by-election": "… ward by-election on Askerby Borough Council").
    const [first = '', ...rest] = owner;
    const written = [
      new RegExp(`\\b${first[0]?.toUpperCase()}${first.slice(1)}\\b`, 'u'),
      ...rest.map((x) => new RegExp(`\\b${x}\\b`, 'iu')),
    ];
    const last = owner[owner.length - 1] as string;
    // Every sentence of the best passages' articles that name the owner, in order: the post may be written where
    // the owner is not ("… the permanent campaign against the leader, Daniel Okafor").
    const articles = [...new Set(sentences.map((x) => x.evidence.article))].filter((a) =>
      written.every((re) => a.analysis.sentences.some((x) => re.test(x.text) || re.test(x.text.replace(/-/g, '')))),
    );
    const evidence = articles.flatMap((article) =>
      article.analysis.sentences
        .filter((x) => x.part !== 'headline')
        .map((x) => ({ evidence: { article, quote: x.text, attribution: x.source } })),
    );
    return this.apposedHolder(post, q, evidence, (before, _article, possessor) => {
      if (before && /^\p{Lu}/u.test(before) && !OWN_DETERMINERS.has(before.toLowerCase())) return false;
      if (before && NOT_NOW.has(before.toLowerCase())) return false;
      return possessor === undefined || possessor.toLowerCase() === last || OWNER_NOUNS.has(possessor.toLowerCase());
    });
  }

  /** The name in apposition after the post `phrase` in the best sentences ("The Health Secretary, Victoria Ashdown,"). */
  private apposedHolder(
    phrase: string[],
    q: string,
    sentences: readonly { evidence: Evidence }[],
    allowed: (before: string | undefined, article: ArticleInfo, possessor?: string) => boolean = () => true,
  ): Reply | undefined {
    // The word before the post, and the owner of a possessive before it ("the party's leader": "party").
    const role = new RegExp(`(?:^|[^\\p{L}])(?:(?:(\\p{L}+)['’]s|(\\p{L}+))\\s+)?(${postPattern(phrase)}),\\s+`, 'giu');
    for (const { evidence } of sentences) {
      for (const m of evidence.quote.matchAll(role)) {
        const before = m[2] ?? (m[1] === undefined ? undefined : 's');
        if (ROLE_MODIFIERS.has((before ?? '').toLowerCase()) || !allowed(before, evidence.article, m[1])) continue;
        const name = HOLDER_NAME.exec(evidence.quote.slice((m.index ?? 0) + m[0].length))?.[1];
        if (name) return answeredReply(q, name, `${name} is the ${m[3]}.`, [evidence], DESCRIBED_CONFIDENCE);
      }
    }
    return undefined;
  }

  /** "Who is Lord Adonis?": a role claim, an appositive found in an article, or the curated description. */
  describe(p: ParsedQuestion, q: string, strict = false): Reply | undefined {
    const id = p.entities.find((e) => this.k.entities.get(e)?.type === 'person') ?? p.entities[0];
    const e = id ? this.k.entities.get(id) : undefined;
    if (!e) return undefined;
    const roleClaim = this.k.claims.find((c) => c.kind === 'role' && c.subject === e.id && !c.scenario);
    const found = e.found?.[0];
    if (found) {
      const article = this.k.articleById.get(found.article) as ArticleInfo;
      const sentence = article.analysis.sentences[found.sentence];
      const extra = roleClaim ? ` ${roleClaim.statement}` : '';
      const owned = withOwner(found.description, article, found.sentence, e.name);
      // "the chair of the forum": the forum the article named before ("The Ambervale Bus Users' Forum, …").
      const named = namedBefore(owned, article, found.sentence);
      const description = named?.description ?? owned;
      return answeredReply(
        q,
        description,
        `${e.name} is ${description}.${extra}`,
        [
          { article, quote: sentence?.text ?? found.description },
          ...postStatedApart(article, found.sentence, found.description),
          ...(named ? [{ article, quote: named.quote }] : []),
          ...(roleClaim ? this.claims.evidence(roleClaim) : []),
        ],
        0.85,
      );
    }
    if (roleClaim?.role) {
      return this.claims.reply(roleClaim, q, this.claims.roleLabel(roleClaim), 0.85);
    }
    if (strict) return undefined;
    // Otherwise, the most informative sentence that mentions the entity.
    const first = this.firstMention(e.id);
    if (!first) return undefined;
    const answer = e.description ?? e.name;
    return answeredReply(
      q,
      answer,
      e.description ? `${e.name}: ${e.description}.` : `${e.name} is mentioned in the knowledge base.`,
      [first],
      e.description ? 0.6 : 0.45,
    );
  }

  /** The first sentence (not a headline) naming the entity, in the knowledge's order. */
  private firstMention(entityId: string): Evidence | undefined {
    for (const i of this.k.sentences.naming(entityId, MENTIONS_READ)) {
      const ref = this.k.sentences.ref(i);
      const article = ref && this.k.articles[ref.article];
      const s = article?.analysis.sentences[ref?.sentence ?? -1];
      if (article && s && s.part !== 'headline') return { article, quote: s.text, attribution: s.source };
    }
    return undefined;
  }

  /**
   * "Which party is Nick Clegg in?", "What is Nick Clegg's party?": the party a person leads, from a curated
   * party-leader claim (with its evidence). Undefined when the question asks more than that or no claim says it
   * (the reader then looks in the articles).
   */
  partyOf(p: ParsedQuestion, q: string): Reply | undefined {
    const people = p.entities.filter((e) => this.typeOf(e) === 'person');
    if (people.length !== 1 || p.entities.length !== 1 || p.scenario || p.hypothetical) return undefined;
    if (!p.terms.includes(stem('party')) || !p.terms.every((t) => PARTY_OF_WORDS.has(t))) return undefined;
    const claim = this.k.claims.find(
      (c) => c.kind === 'role' && c.role === 'party-leader' && c.subject === people[0] && c.of && !c.scenario,
    );
    const party = claim?.of ? this.k.entities.get(claim.of)?.name : undefined;
    if (!claim || !party) return undefined;
    return this.claims.reply(claim, q, party, 0.85);
  }
}

/** The head nouns of a portfolio post, written "the education minister" or "the Minister for Education". */
const PORTFOLIO_HEADS = new Set(['minister', 'secretary']);
/**
 * A post as an article may write it: as asked, or with its portfolio turned round — "further education minister"
 * and "Minister for Further Education" — a portfolio's second part after "and" allowed ("… and Skills").
 */
export function postPattern(phrase: readonly string[]): string {
  const words = (xs: readonly string[]) => xs.map((x) => x.replace(/[’']/g, "['’]")).join('\\s+');
  const forms = [words(phrase)];
  const head = phrase[phrase.length - 1] as string;
  if (PORTFOLIO_HEADS.has(head) && phrase.length > 1)
    forms.push(`${head}\\s+for\\s+${words(phrase.slice(0, -1))}(?:\\s+and\\s+\\p{L}+)?`);
  const [first, second, ...rest] = phrase;
  if (first && PORTFOLIO_HEADS.has(first) && second === 'for' && rest.length) {
    forms.push(`${words(phrase)}\\s+and\\s+\\p{L}+`, `${words(rest)}\\s+${first}`);
  }
  return forms.join('|');
}

/**
 * A post and its owner as a question writes them: "leader of civic party" or "civic party s leader" ->
 * { post: [leader], owner: [civic, party] }. Only a post (isRoleTitle or OWNED_POSTS), never a kinship or any noun
 * ("Who was Ayurbarwada's son?" is not "Genghis' third son, Ögedei Khan"); each side at most NAME_WORDS_MAX words.
 */
export function ownedPost(phrase: readonly string[]): { post: string[]; owner: string[] } | undefined {
  // "the leader of the Civic Party", "the returning officer for the Askerby by-election", "the Civic Party's leader".
  const of = phrase.findIndex((x) => x === 'of' || x === 'for');
  const possessive = phrase.indexOf('s');
  const [post, owner] =
    of > 0
      ? [phrase.slice(0, of), phrase.slice(of + 1).filter((x) => x !== 'the')]
      : [phrase.slice(possessive + 1), phrase.slice(0, Math.max(possessive, 0))];
  if (!post.length || post.length > NAME_WORDS_MAX || !owner.length || owner.length > OWNER_WORDS_MAX) return undefined;
  if (post.includes('s') || owner.includes('s')) return undefined;
  // A post, not a kinship or any noun ("Who was Ayurbarwada's son?" is not "Genghis' third son, Ögedei Khan").
  const head = post[post.length - 1] as string;
  if (!isRoleTitle(post.join(' ')) && !OWNED_POSTS.has(head)) return undefined;
  return { post, owner };
}

/** How far back (sentences) the body a description's "the forum" points at is looked for. */
const ANTECEDENT_REACH = 8;

/**
 * "the chair of the forum" -> "the chair of the Ambervale Bus Users' Forum": a description ending in "the <noun>"
 * names the body the article last called by a capitalised name ending in that noun, within ANTECEDENT_REACH
 * sentences before; with the sentence naming it (the evidence for the name). Undefined when none does.
 */
export function namedBefore(
  description: string,
  article: ArticleInfo,
  i: number,
): { description: string; quote: string } | undefined {
  const m = /\bthe\s+([a-z]+)$/.exec(description);
  if (!m?.[1]) return undefined;
  const noun = m[1];
  const name = new RegExp(`\\b((?:\\p{Lu}[\\p{L}’'-]*\\s+){1,5})${noun[0]?.toUpperCase()}${noun.slice(1)}\\b`, 'u');
  const ss = article.analysis.sentences;
  for (let j = i - 1; j >= Math.max(0, i - ANTECEDENT_REACH); j--) {
    const found = name.exec(ss[j]?.text ?? '');
    if (!found?.[1] || ss[j]?.part !== 'body') continue;
    const full = `${found[1].replace(/^The\s+/, '')}${noun[0]?.toUpperCase()}${noun.slice(1)}`;
    return { description: `${description.slice(0, m.index)}the ${full}`, quote: ss[j]?.text ?? '' };
  }
  return undefined;
}

/**
 * "his solicitor" -> "Mr Lyle's solicitor", "Its regional officer" -> "the union's regional officer": a description
 * opening with a possessive, owned as the sentence before it in its paragraph names the owner (its first person for
 * his/her, other than the one described; its source for its/their, else its first organisation). Unchanged when
 * that sentence names none.
 */
export function withOwner(description: string, article: ArticleInfo, i: number, described: string): string {
  const m = /^(his|her|its|their)\s+/i.exec(description);
  const ss = article.analysis.sentences;
  const prev = ss[i - 1];
  if (!m || !prev || prev.p !== ss[i]?.p) return description;
  const personal = /^(?:his|her)$/i.test(m[1] as string);
  // "its" owned by the body that spoke just before ("But Scottish Rural Estates, which represents private landowners,
  // said …. Its chief executive, Fiona Strachan, …"), not by a person who did, nor by an organisation its relative
  // clause names ("The Hospital Trusts Alliance, which represents NHS trusts …": not the NHS's chief executive).
  const source = prev.source;
  const body =
    source && (source.kind === 'spokesman' || !prev.people.some((x) => source.description.includes(x)))
      ? source.description
      : statedBy(prev.text);
  const owner = personal
    ? prev.people.find((x) => !described.includes(x) && !x.includes(described))
    : (body ?? prev.orgs[0]);
  if (!owner) return description;
  const named = owner.replace(/^(?:The|A|An)\b/, (x) => x.toLowerCase());
  // A plural name takes the apostrophe alone ("Scottish Rural Estates' chief executive").
  return `${named}${/s$/.test(named) ? "'" : "'s"} ${description.slice(m[0].length)}`;
}
