/** The listing commands: quotes by speaker/topic, claims on a topic, an entity's profile, sources, autocomplete. */
import type { AutocompleteSource } from '../commands/spec.js';
import type { Claim } from '../kb/schema.js';
import { attributionPhrase } from '../nlp/attribution.js';
import { foldText } from '../nlp/terms.js';
import { clampReply, infoReply, type Reply, type ReplyField, truncate } from '../reply.js';
import { citationsOf, contestedReply, type Evidence, unknownReply } from './compose.js';
import { asOfLabel } from './format.js';
import type { Knowledge, QuoteInfo } from './knowledge.js';
import { coverage, stemsOf, weighTerms } from './match.js';
import { parseQuestion } from './parse.js';
import type { Choice } from './types.js';

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
    let pool = this.k.quotes;
    if (query.speaker) {
      const ids = new Set(this.k.matcher.find(query.speaker, true).map((m) => m.id));
      const needle = foldText(query.speaker).trim();
      pool = pool.filter((q) => {
        const desc = foldText(q.speaker.description);
        if (desc.includes(needle)) return true;
        if (q.speaker.entity && ids.has(q.speaker.entity)) return true;
        return this.k.matcher.find(q.speaker.description).some((m) => ids.has(m.id));
      });
    }
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
    const shown = pool.slice(0, 5);
    if (!shown.length) {
      return unknownReply(question, `the knowledge base has no quotes ${label}.`, this.engine.suggest());
    }
    const evidence = shown.map((q) => this.evidenceOfQuote(q)).filter((e): e is Evidence => Boolean(e));
    const text = shown
      .map(
        (q) =>
          `“${truncate(q.text, 280)}” — ${q.speaker.description}${q.speaker.kind === 'anonymous' ? ' (anonymous)' : q.speaker.kind === 'spokesman' ? ' (official spokesman)' : ''}`,
      )
      .join('\n');
    return clampReply({
      kind: 'answer',
      status: 'answered',
      question,
      answer: truncate(
        shown.length === 1 ? (shown[0]?.speaker.description ?? '') : `${shown.length} quotes ${label}`,
        120,
      ),
      text,
      citations: citationsOf(evidence),
      confidence: 0.8,
      title: `Quotes ${label}`,
      ...(evidence[0] ? { asOf: asOfLabel(evidence[0].article) } : {}),
      actions: ['sources', 'feedback'],
    });
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
        ? unknownReply(question, `the knowledge base has no claims on “${topic}”.`, this.engine.suggest())
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
          name: `${modalityWord(x.c)} — ${attributionPhrase(x.c.attribution)}`,
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
      text: shown.map((c) => `• ${c.statement} (${modalityWord(c)}, ${attributionPhrase(c.attribution)})`).join('\n'),
      citations: citationsOf(evidence),
      confidence: 0.75,
      title: `Claims on ${topic}`,
      ...(evidence[0] ? { asOf: asOfLabel(evidence[0].article) } : {}),
      actions: ['sources', 'feedback'],
    });
  }

  profile(name: string): Reply {
    const question = `profile of ${name}`;
    const m = this.k.matcher.find(name, true).find((x) => x.type !== 'scenario');
    const e = m ? this.k.entities.get(m.id) : undefined;
    if (!e) return unknownReply(question, `I don't know anyone or anything called “${name}”.`, this.engine.suggest());
    const fields: ReplyField[] = [{ name: 'Type', value: e.type, inline: true }];
    const party = e.party ? this.k.entities.get(e.party)?.name : undefined;
    if (party) fields.push({ name: 'Party', value: party, inline: true });
    const roleClaims = this.k.claims.filter((c) => c.kind === 'role' && c.subject === e.id);
    if (roleClaims.length) {
      fields.push({
        name: 'Roles',
        value: roleClaims
          .map((c) => {
            const role = this.k.entities.get(c.role ?? '')?.name ?? c.role;
            const of = c.of ? ` of the ${this.k.entities.get(c.of)?.name}` : '';
            const scen = c.scenario ? ` under ${this.k.scenarios.get(c.scenario)?.name}` : '';
            return `${role}${of}${scen} (${modalityWord(c)}; ${attributionPhrase(c.attribution)})`;
          })
          .join('\n'),
      });
    }
    const described = e.found?.[0]?.description;
    if (described) fields.push({ name: 'Described as', value: described });
    const other = this.k.claims.filter((c) => c.kind !== 'role' && (c.subject === e.id || c.object === e.id));
    if (other.length)
      fields.push({
        name: `Claims (${other.length})`,
        value: other
          .slice(0, 4)
          .map((c) => `• ${c.statement}`)
          .join('\n'),
      });
    const said = this.k.quotes.filter(
      (q) => q.speaker.entity === e.id || this.k.matcher.find(q.speaker.description).some((x) => x.id === e.id),
    );
    const about = this.k.quotes.filter((q) => !said.includes(q) && q.about.includes(e.id));
    if (said.length)
      fields.push({
        name: `Quotes by or for ${e.name} (${said.length})`,
        value: said
          .slice(0, 2)
          .map((q) => `“${truncate(q.text, 200)}” — ${q.speaker.description}`)
          .join('\n'),
      });
    if (about.length)
      fields.push({
        name: `Quotes about ${e.name} (${about.length})`,
        value: about
          .slice(0, 2)
          .map((q) => `“${truncate(q.text, 200)}” — ${q.speaker.description}`)
          .join('\n'),
      });
    const evidence: Evidence[] = [
      ...roleClaims.flatMap((c) => this.claimEvidence(c).slice(0, 1)),
      ...[...said, ...about]
        .slice(0, 2)
        .map((q) => this.evidenceOfQuote(q))
        .filter((x): x is Evidence => Boolean(x)),
    ];
    const mentions = this.k.sentenceEntities.filter((ents) => ents.includes(e.id)).length;
    if (!evidence.length && !mentions) {
      return unknownReply(
        question,
        `the articles in the knowledge base say nothing about ${e.name}.`,
        this.engine.suggest(),
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

function modalityWord(c: Claim): string {
  return c.modality === 'is' ? 'fact as reported' : c.modality === 'would' ? 'would' : 'could';
}
