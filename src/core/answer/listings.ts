/** The listing commands: quotes by speaker/topic, claims on a topic, an entity's profile, sources, autocomplete. */
import type { AutocompleteSource } from '../commands/spec.js';
import type { Claim } from '../kb/schema.js';
import { attributionPhrase, speakerLabel } from '../nlp/attribution.js';
import { foldText } from '../nlp/terms.js';
import { clampReply, infoReply, type Reply, type ReplyField, truncate } from '../reply.js';
import { citationsOf, contestedReply, type Evidence, unknownReply } from './compose.js';
import { asOfLabel, countLabel, period, scenarioPhrase, sentenceCase, withArticle } from './format.js';
import type { Knowledge, QuoteInfo } from './knowledge.js';
import { coverage, stemsOf, weighTerms } from './match.js';
import { parseQuestion } from './parse.js';
import { speakerRelation } from './speaker.js';
import { suggestionsFor } from './suggest.js';
import type { Choice } from './types.js';

/**
 * Quotes a listing (`quote`, `quote --speaker`, `quote --topic`) or a profile reads: the latest this many, the
 * same bound as the "what did X say" lane's (QUOTES_PER_SPEAKER). A KB a year old holds ~300,000 quotes; reading
 * every one for a listing took 4.6 s and 258 MiB at 100,000 articles. Beyond it a reply says it looked at the
 * latest 2,000; counts of all quotes come from a count, not a read.
 */
export const QUOTES_LISTED = 2000;

interface EngineLike {
  ask(q: string): Reply;
  suggest(): string[];
}

export class Listings {
  constructor(
    private readonly k: Knowledge,
    private readonly engine: EngineLike,
  ) {}

  private evidenceOfQuote(q: QuoteInfo): Evidence | undefined {
    const article = this.k.articleById.get(q.article);
    return article ? { article, quote: q.text, attribution: q.speaker } : undefined;
  }

  private claimEvidence(c: Claim): Evidence[] {
    return c.evidence.flatMap((ev) => {
      const article = this.k.articleById.get(ev.article);
      return article ? [{ article, quote: ev.quote, attribution: ev.attribution ?? c.attribution }] : [];
    });
  }

  quotes(query: { speaker?: string; topic?: string }): Reply {
    const label = [query.speaker && `by ${query.speaker}`, query.topic && `on ${query.topic}`]
      .filter(Boolean)
      .join(' ');
    const question = `quotes ${label}`;
    const person = query.speaker
      ? this.k.matcher.find(query.speaker, true).find((m) => this.k.entities.get(m.id)?.type === 'person')
      : undefined;
    // A person's quotes are among those filed under them (speakerRelation needs them named or linked); the latest
    // QUOTES_LISTED of them, or of all quotes.
    const read = person ? this.k.quotes.bySpeaker(person.id, QUOTES_LISTED) : this.k.quotes.all(QUOTES_LISTED);
    const among = read.length >= QUOTES_LISTED ? ` (among the latest ${QUOTES_LISTED.toLocaleString('en-GB')})` : '';
    let pool = read;
    if (query.topic) {
      const p = parseQuestion(query.topic, this.k);
      const w = weighTerms(p, this.k);
      pool = pool
        .map((q) => ({
          q,
          s: coverage(w, stemsOf(q.text)).score + (p.entities.some((e) => q.about.includes(e)) ? 0.5 : 0),
        }))
        .filter((x) => x.s >= 0.3)
        .sort((a, b) => b.s - a.s)
        .map((x) => x.q);
    }
    const entity = person ? this.k.entities.get(person.id) : undefined;
    if (query.speaker && entity) return this.quotesOfPerson(entity.id, entity.name, pool, query, question, among);
    if (query.speaker) {
      // Not a person the KB knows ("spokesman", "senior Labour figures"): match the speaker descriptions.
      const needle = foldText(query.speaker).trim();
      pool = pool.filter((q) => foldText(q.speaker.description).includes(needle));
    }
    const shown = pool.slice(0, 5);
    if (!shown.length) return this.noQuotes(question, label, query);
    // Every quote when nothing narrows them: their number is counted, not read.
    const total = query.speaker || query.topic ? pool.length : this.k.quotes.size;
    const what = `${shown.length === total ? total : `${shown.length} of ${total}`} quote${total === 1 ? '' : 's'} ${label}${query.speaker || query.topic ? among : ''}`;
    return this.quoteReply(question, `Quotes ${label}`, what, [{ heading: undefined, quotes: shown }]);
  }

  /**
   * Quotes of one person: their own words, then their spokesman's (labelled as speaking for them); words of
   * people close to them are not theirs and are listed apart, as such.
   */
  private quotesOfPerson(
    id: string,
    name: string,
    pool: readonly QuoteInfo[],
    query: { speaker?: string; topic?: string },
    question: string,
    among: string,
  ): Reply {
    const by = { self: [] as QuoteInfo[], spokesman: [] as QuoteInfo[], associate: [] as QuoteInfo[] };
    for (const q of pool) {
      const r = speakerRelation(q.speaker, id, this.k);
      if (r !== 'none') by[r].push(q);
    }
    const on = query.topic ? ` on ${query.topic}` : '';
    if (!by.self.length && !by.spokesman.length && !by.associate.length) {
      return this.noQuotes(question, `by ${name}${on}`, query);
    }
    const groups = [
      { heading: `By ${name}`, quotes: by.self.slice(0, 5) },
      { heading: `By a spokesman for ${name}`, quotes: by.spokesman.slice(0, 5) },
      { heading: `By people close to ${name} (not ${name}'s own words)`, quotes: by.associate.slice(0, 3) },
    ].filter((g) => g.quotes.length);
    const n = (k: number) => (k === 1 ? '1 quote' : `${k} quotes`);
    const parts = [
      by.self.length ? `${n(by.self.length)} by ${name}` : `none by ${name}`,
      by.spokesman.length ? `${n(by.spokesman.length)} by a spokesman for ${name}` : '',
      by.associate.length ? `${n(by.associate.length)} by people close to ${name}` : '',
    ].filter(Boolean);
    const answer = `${parts.join('; ')}${on}${among}`;
    return this.quoteReply(question, `Quotes by ${name}${on}`, answer, groups);
  }

  private noQuotes(question: string, label: string, query: { speaker?: string; topic?: string }): Reply {
    const near = [query.speaker, query.topic].filter(Boolean).join(' ');
    return unknownReply(question, `the knowledge base has no quotes ${label}.`, this.suggestNear(near));
  }

  private quoteReply(
    question: string,
    title: string,
    answer: string,
    groups: { heading: string | undefined; quotes: QuoteInfo[] }[],
  ): Reply {
    const all = groups.flatMap((g) => g.quotes);
    const evidence = all.map((q) => this.evidenceOfQuote(q)).filter((e): e is Evidence => Boolean(e));
    const line = (q: QuoteInfo) => `“${truncate(q.text, 280)}” — ${speakerLabel(q.speaker)}`;
    const text = groups
      .map((g) => [...(g.heading ? [`${g.heading}:`] : []), ...g.quotes.map(line)].join('\n'))
      .join('\n');
    return clampReply({
      kind: 'answer',
      status: 'answered',
      question,
      answer: truncate(answer, 120),
      text,
      citations: citationsOf(evidence),
      confidence: 0.8,
      title,
      ...(evidence[0] ? { asOf: asOfLabel(evidence[0].article) } : {}),
      actions: ['sources', 'feedback'],
    });
  }

  /** Suggestions near what was asked (its people, roles, scenario, words), not the same few for everything. */
  private suggestNear(text: string): string[] {
    return suggestionsFor(this.k, text ? parseQuestion(text, this.k) : undefined);
  }

  claims(topic: string): Reply {
    const question = `claims on ${topic}`;
    const p = parseQuestion(topic, this.k);
    const w = weighTerms(p, this.k);
    const scored = this.k.claims
      .map((c, i) => {
        const text = this.k.claimTexts[i] ?? c.statement;
        const ents = [c.subject, c.object, c.role, c.of, c.scenario];
        const entHit =
          p.entities.some((e) => ents.includes(e)) ||
          p.roles.some((r) => ents.includes(r)) ||
          (p.scenario?.id && ents.includes(p.scenario.id));
        return { c, s: (w.terms.length ? coverage(w, stemsOf(text)).score : 0) + (entHit ? 0.6 : 0) };
      })
      .filter((x) => x.s >= 0.4)
      .sort((a, b) => b.s - a.s);
    if (!scored.length) {
      const fallback = this.engine.ask(topic);
      return fallback.status === 'unknown'
        ? unknownReply(question, `the knowledge base has no claims on “${topic}”.`, this.suggestNear(topic))
        : fallback;
    }
    // A contested proposition among the top claims leads the reply with both sides.
    const top = scored[0]?.c as Claim;
    const props = new Map<string, Claim[]>();
    for (const { c } of scored) if (c.proposition) props.set(c.proposition, [...(props.get(c.proposition) ?? []), c]);
    const contested = [...props.keys()].find((prop) => {
      const all = this.k.claims.filter((c) => c.proposition === prop);
      return all.some((c) => c.stance === 'for') && all.some((c) => c.stance === 'against');
    });
    if (contested) {
      const all = this.k.claims.filter((c) => c.proposition === contested);
      const side = (stance: 'for' | 'against') => {
        const cs = all.filter((c) => c.stance === stance);
        return {
          label: stance === 'for' ? 'For' : 'Against',
          statement: cs.map((c) => c.statement).join(' '),
          evidence: cs.flatMap((c) => this.claimEvidence(c)),
        };
      };
      const reply = contestedReply(question, truncate(top.statement, 120), [side('for'), side('against')], 0.6);
      const others = scored.filter((x) => x.c.proposition !== contested).slice(0, 3);
      if (others.length) {
        reply.fields = others.map((x) => ({
          name: sentenceCase(attributionPhrase(x.c.attribution)),
          value: truncate(x.c.statement, 300),
        }));
      }
      return reply;
    }
    const shown = scored.slice(0, 5).map((x) => x.c);
    const evidence = shown.flatMap((c) => this.claimEvidence(c).slice(0, 1));
    return clampReply({
      kind: 'answer',
      status: 'answered',
      question,
      answer: truncate(top.statement, 120),
      text: shown.map((c) => `• ${period(c.statement)} — ${speakerLabel(c.attribution)}`).join('\n'),
      citations: citationsOf(evidence),
      confidence: 0.75,
      title: `Claims on ${topic} (${countLabel(shown.length, scored.length)})`,
      ...(evidence[0] ? { asOf: asOfLabel(evidence[0].article) } : {}),
      actions: ['sources', 'feedback'],
    });
  }

  profile(name: string): Reply {
    const question = `profile of ${name}`;
    const m = this.k.matcher.find(name, true).find((x) => x.type !== 'scenario');
    const e = m ? this.k.entities.get(m.id) : undefined;
    if (!e) return unknownReply(question, `I don't know anyone or anything called “${name}”.`, this.suggestNear(name));
    const fields: ReplyField[] = [{ name: 'Type', value: e.type, inline: true }];
    const party = e.party ? this.k.entities.get(e.party)?.name : undefined;
    if (party) fields.push({ name: 'Party', value: party, inline: true });
    const roleClaims = this.k.claims.filter((c) => c.kind === 'role' && c.subject === e.id);
    if (roleClaims.length) {
      fields.push({
        name: 'Roles',
        value: roleClaims.map((c) => this.roleLine(c)).join('\n'),
      });
    }
    const described = e.found?.[0]?.description;
    if (described) fields.push({ name: 'Described as', value: described });
    const other = this.k.claims.filter((c) => c.kind !== 'role' && (c.subject === e.id || c.object === e.id));
    if (other.length)
      fields.push({
        name: `Claims (${countLabel(Math.min(4, other.length), other.length)})`,
        value: other
          .slice(0, 4)
          .map((c) => `• ${c.statement}`)
          .join('\n'),
      });
    // Their own words and their spokesman's; words of people close to them are quotes about them, not by them.
    const said = this.k.quotes.bySpeaker(e.id, QUOTES_LISTED).filter((q) => {
      const r = speakerRelation(q.speaker, e.id, this.k);
      return r === 'self' || r === 'spokesman';
    });
    const saidIds = new Set(said.map((q) => q.id));
    const about = this.k.quotes.about(e.id, QUOTES_LISTED).filter((q) => !saidIds.has(q.id));
    if (said.length)
      fields.push({
        name: `Quotes by or for ${e.name} (${countLabel(Math.min(2, said.length), said.length)})`,
        value: said
          .slice(0, 2)
          .map((q) => `“${truncate(q.text, 200)}” — ${speakerLabel(q.speaker)}`)
          .join('\n'),
      });
    if (about.length)
      fields.push({
        name: `Quotes about ${e.name} (${countLabel(Math.min(2, about.length), about.length)})`,
        value: about
          .slice(0, 2)
          .map((q) => `“${truncate(q.text, 200)}” — ${speakerLabel(q.speaker)}`)
          .join('\n'),
      });
    const evidence: Evidence[] = [
      ...roleClaims.flatMap((c) => this.claimEvidence(c).slice(0, 1)),
      ...[...said, ...about]
        .slice(0, 2)
        .map((q) => this.evidenceOfQuote(q))
        .filter((x): x is Evidence => Boolean(x)),
    ];
    const mentions = this.k.sentences.entityDf(e.id);
    if (!evidence.length && !mentions) {
      return unknownReply(
        question,
        `the articles in the knowledge base say nothing about ${e.name}.`,
        this.suggestNear(name),
      );
    }
    const summary = [
      described ? `${e.name}, ${described}.` : `${e.name}.`,
      e.description && !e.auto ? `${e.description}.` : '',
      `Mentioned in ${mentions} sentence${mentions === 1 ? '' : 's'} of the knowledge base.`,
    ]
      .filter(Boolean)
      .join(' ');
    return clampReply({
      kind: 'answer',
      status: 'answered',
      question,
      answer: e.name,
      text: summary,
      citations: citationsOf(evidence),
      confidence: 0.8,
      title: `Profile: ${e.name}`,
      fields,
      ...(evidence[0] ? { asOf: asOfLabel(evidence[0].article) } : {}),
      actions: ['sources'],
    });
  }

  /**
   * A role as a reader says it: "Could be Deputy Prime Minister under a Labour–Lib Dem coalition, according to
   * senior Labour figures (anonymous)", "Leader of the Liberal Democrats" (a plain fact as reported needs no tag).
   */
  private roleLine(c: Claim): string {
    const roleName = this.k.entities.get(c.role ?? '')?.name ?? c.role ?? 'a role';
    const ofName = c.of ? (this.k.entities.get(c.of)?.name ?? c.of) : undefined;
    const role = ofName ? `${roleName.replace(/^party leader$/i, 'Leader')} of ${withArticle(ofName)}` : roleName;
    const scenario = c.scenario ? ` ${scenarioPhrase(this.k.scenarios.get(c.scenario)?.name ?? c.scenario)}` : '';
    const modal = c.modality === 'is' ? '' : `${c.modality} be `;
    const who = c.attribution.kind === 'reporter' ? '' : `, ${attributionPhrase(c.attribution)}`;
    return sentenceCase(`${modal}${role}${scenario}${who}`);
  }

  /** One page of the article list, newest first; the reply says how to get the next page. */
  sources(page = 1, perPage = 10): Reply {
    const all = [...this.k.articles].sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const current = Math.min(Math.max(1, Math.floor(page)), pages);
    const lines = all.slice((current - 1) * perPage, current * perPage).map((a) => {
      const pub = a.publication
        ? `${a.publication}${a.publicationConfirmed ? '' : ' (unconfirmed)'}`
        : 'publication unknown';
      return `• ${truncate(a.title, 90)} — ${pub}, ${asOfLabel(a)} [${a.id}]`;
    });
    const more =
      pages > 1
        ? `\nPage ${current} of ${pages}${current < pages ? ` — next: \`sources page:${current + 1}\`` : ''}`
        : '';
    return infoReply(
      `Sources in the knowledge base (${all.length})`,
      lines.length ? `${lines.join('\n')}${more}` : 'No articles yet.',
      { fields: [{ name: 'page', value: `${current}/${pages}`, inline: true }] },
    );
  }

  autocomplete(source: AutocompleteSource, partial: string, limit: number): Choice[] {
    const needle = foldText(partial).trim();
    let pool: { name: string; value: string; keys: string[] }[];
    const entities = [...this.k.entities.values()];
    switch (source) {
      case 'role':
        pool = entities
          .filter((e) => e.type === 'role')
          .map((e) => ({ name: e.name, value: e.name, keys: [e.name, ...e.aliases] }));
        break;
      case 'person':
        pool = entities
          .filter((e) => e.type === 'person')
          .map((e) => ({ name: e.name, value: e.name, keys: [e.name, ...e.aliases] }));
        pool.push({ name: 'spokesman', value: 'spokesman', keys: ['spokesman', 'spokesperson'] });
        break;
      case 'scenario':
        pool = [...this.k.scenarios.values()].map((s) => ({
          name: s.name,
          value: s.id,
          keys: [s.name, s.id, ...s.aliases],
        }));
        break;
      case 'topic': {
        const topics = new Set<string>();
        for (const c of this.k.claims) for (const t of c.topics) topics.add(t);
        pool = [
          ...[...topics].map((t) => ({ name: t, value: t, keys: [t] })),
          ...entities
            .filter((e) => e.type !== 'role' && !e.auto)
            .map((e) => ({ name: e.name, value: e.name, keys: [e.name, ...e.aliases] })),
        ];
        break;
      }
      case 'timezone': {
        const zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
        pool = zones.map((z) => ({ name: z, value: z, keys: [z] }));
        break;
      }
      default:
        pool = entities
          .filter((e) => e.type !== 'role')
          .map((e) => ({ name: e.name, value: e.name, keys: [e.name, ...e.aliases] }));
    }
    const rank = (keys: string[]) => {
      if (!needle) return 1;
      const f = keys.map((k) => foldText(k));
      if (f.some((k) => k.startsWith(needle))) return 3;
      if (f.some((k) => k.split(/[\s/_-]+/).some((w) => w.startsWith(needle)))) return 2;
      return f.some((k) => k.includes(needle)) ? 1 : 0;
    };
    return pool
      .map((x) => ({ x, r: rank(x.keys) }))
      .filter((y) => y.r > 0)
      .sort((a, b) => b.r - a.r || a.x.name.localeCompare(b.x.name))
      .slice(0, limit)
      .map(({ x }) => ({ name: truncate(x.name, 100), value: x.value.slice(0, 100) }));
  }
}
