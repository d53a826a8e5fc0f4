/**
 * What a digest says: what is new in the knowledge base in a window [since, until) — the articles added (title,
 * publication, date), the top few claims and quotes from those articles (each with its citation and attribution)
 * and any question they newly make contested — rendered as an `info` Reply (fields + citations) so every
 * platform draws it natively. A channel's first digest covers WHIP_DIGEST_LOOKBACK_DAYS.
 */
import { asOfLabel, citation } from '../core/answer/format.js';
import type { ArticleInfo, Knowledge, QuoteInfo } from '../core/answer/knowledge.js';
import type { Claim } from '../core/kb/schema.js';
import { attributionPhrase, speakerSuffix } from '../core/nlp/attribution.js';
import { type Citation, infoReply, type Reply, type ReplyField, truncate } from '../core/reply.js';
import type { ArticleRow } from '../store/articles.js';
import { formatRunTime } from './schedule.js';

export const MAX_ARTICLES = 8;
export const MAX_CLAIMS = 3;
export const MAX_QUOTES = 3;
export const MAX_CONTESTED = 2;
export const MAX_CITATIONS = 6;
/** Discord's field-value limit is 1024; stay under it on every platform. */
const FIELD_MAX = 1000;
const DAY_MS = 86_400_000;

export interface DigestWindow {
  /** ISO-8601 UTC, inclusive. */
  since: string;
  /** ISO-8601 UTC, exclusive. */
  until: string;
  /** The channel's first digest (the window is the look-back). */
  first: boolean;
  /** The window was asked for (`digest preview --since`), not derived from the last digest. */
  given?: boolean;
}

/** The window for a channel's next digest ending at `until`. */
export function digestWindow(lastDigestAt: string | null, until: number | string, lookbackDays: number): DigestWindow {
  const end = new Date(until).getTime();
  if (lastDigestAt) {
    const since = Math.min(new Date(lastDigestAt).getTime(), end);
    return { since: new Date(since).toISOString(), until: new Date(end).toISOString(), first: false };
  }
  return {
    since: new Date(end - lookbackDays * DAY_MS).toISOString(),
    until: new Date(end).toISOString(),
    first: true,
  };
}

export interface NewArticle {
  id: string;
  title: string;
  publication: string | null;
  publicationConfirmed: boolean;
  date: string;
  url: string | null;
}

export interface ContestedItem {
  proposition: string;
  forClaims: Claim[];
  againstClaims: Claim[];
}

export interface DigestContent {
  window: DigestWindow;
  articles: NewArticle[];
  claims: Claim[];
  quotes: QuoteInfo[];
  contested: ContestedItem[];
  /** Totals before the top-few cut. */
  totals: { claims: number; quotes: number };
}

export interface ArticleSource {
  addedBetween(since: string, until: string): Promise<ArticleRow[]>;
}

function articleFromRow(r: ArticleRow): NewArticle {
  return {
    id: r.id,
    title: r.title,
    publication: r.publication,
    publicationConfirmed: Boolean(r.publication_confirmed),
    date: asOfLabel({
      published: r.published,
      precision: (r.published_precision as ArticleInfo['precision']) ?? 'day',
      inferred: Boolean(r.published_inferred),
    }),
    url: r.url,
  };
}

const KIND_RANK: Record<string, number> = { role: 0, plan: 1, position: 2, event: 3, relation: 4, number: 5, fact: 6 };

/** Collect what is new in the window: the store says which articles were added, the engine's knowledge what they say. */
export async function collectDigest(
  articles: ArticleSource,
  k: Knowledge | undefined,
  window: DigestWindow,
): Promise<DigestContent> {
  const rows = await articles.addedBetween(window.since, window.until);
  const newIds = new Set(rows.map((r) => r.id));
  const claims = k?.claims ?? [];
  const addedAt = (id: string) => k?.articleById.get(id)?.addedAt ?? '';

  const newClaims = claims
    .filter((c) => c.evidence.some((e) => newIds.has(e.article)))
    .map((c, i) => ({
      c,
      i,
      at: Math.max(...c.evidence.filter((e) => newIds.has(e.article)).map((e) => Date.parse(addedAt(e.article)) || 0)),
    }))
    .sort((a, b) => b.at - a.at || (KIND_RANK[a.c.kind] ?? 9) - (KIND_RANK[b.c.kind] ?? 9) || a.i - b.i)
    .map((x) => x.c);

  const speakerRank = (q: QuoteInfo) => (q.curated ? 0 : 2) + (q.speaker.kind === 'named' ? 0 : 1);
  // The new articles' quotes in the knowledge's order (curated first, then by article), read article by article.
  const position = new Map(k?.articles.map((a, i) => [a.id, i]));
  const newQuotes = [...newIds]
    .filter((id) => position.has(id))
    .sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0))
    .flatMap((id) => k?.quotes.ofArticle(id) ?? [])
    .map((q, i) => ({ q, i: (q.curated ? 0 : 1) * 1e9 + i }))
    .sort((a, b) => speakerRank(a.q) - speakerRank(b.q) || a.i - b.i)
    .map((x) => x.q);

  // Newly contested: a proposition with claims on both sides now, that was not contested on the evidence the
  // channel had already seen (articles added before the window).
  const contested: ContestedItem[] = [];
  const byProp = new Map<string, Claim[]>();
  for (const c of claims)
    if (c.proposition && c.stance) byProp.set(c.proposition, [...(byProp.get(c.proposition) ?? []), c]);
  for (const [proposition, cs] of byProp) {
    const forClaims = cs.filter((c) => c.stance === 'for');
    const againstClaims = cs.filter((c) => c.stance === 'against');
    if (!forClaims.length || !againstClaims.length) continue;
    const seenBefore = (c: Claim) =>
      c.evidence.some((e) => {
        const at = addedAt(e.article);
        return !newIds.has(e.article) && at !== '' && at < window.since;
      });
    const wasContested = forClaims.some(seenBefore) && againstClaims.some(seenBefore);
    const touchedNow = cs.some((c) => c.evidence.some((e) => newIds.has(e.article)));
    if (touchedNow && !wasContested) contested.push({ proposition, forClaims, againstClaims });
  }

  return {
    window,
    articles: rows.map(articleFromRow),
    claims: newClaims.slice(0, MAX_CLAIMS),
    quotes: newQuotes.slice(0, MAX_QUOTES),
    contested: contested.slice(0, MAX_CONTESTED),
    totals: { claims: newClaims.length, quotes: newQuotes.length },
  };
}

export function isEmpty(c: DigestContent): boolean {
  return !c.articles.length && !c.claims.length && !c.quotes.length && !c.contested.length;
}

function titleOf(k: Knowledge | undefined, id: string): string {
  const t = k?.articleById.get(id)?.title;
  return t ? `“${truncate(t, 80)}”` : id;
}

function claimLine(k: Knowledge | undefined, c: Claim): string {
  const ev = c.evidence[0];
  const who = attributionPhrase(ev?.attribution ?? c.attribution);
  return `• ${truncate(c.statement, 220)} — ${who}${ev ? ` (${titleOf(k, ev.article)})` : ''}`;
}

function quoteLine(k: Knowledge | undefined, q: QuoteInfo): string {
  return `• “${truncate(q.text.replace(/^[“"]|[”"]$/g, ''), 220)}” — ${q.speaker.description}${speakerSuffix(q.speaker.kind)} (${titleOf(k, q.article)})`;
}

function sideText(cs: Claim[]): string {
  const c = cs[0];
  if (!c) return '';
  return `${truncate(c.statement, 160)} (${attributionPhrase(c.evidence[0]?.attribution ?? c.attribution)})`;
}

/** Join lines into a field value that fits, saying how many were left out. */
function fieldValue(lines: string[], total = lines.length): string {
  const out: string[] = [];
  let len = 0;
  for (const l of lines) {
    const rest = total - out.length;
    const tail = rest > 1 ? `\n…and ${rest - 1} more` : '';
    if (len + l.length + 1 + tail.length > FIELD_MAX) break;
    out.push(l);
    len += l.length + 1;
  }
  const left = total - out.length;
  if (left > 0) out.push(`…and ${left} more`);
  return truncate(out.join('\n'), FIELD_MAX);
}

export interface RenderOptions {
  timezone: string;
  whenEmpty: 'skip' | 'note';
  lookbackDays: number;
  /** Heading prefix, e.g. "Digest preview". */
  heading?: string;
}

/** The digest as a Reply, or null when there is nothing new and the subscription says `skip`. */
export function renderDigest(content: DigestContent, k: Knowledge | undefined, opts: RenderOptions): Reply | null {
  const heading = opts.heading ?? 'Digest';
  const since = formatRunTime(content.window.since, opts.timezone);
  const scope = content.window.given
    ? `since ${since}`
    : content.window.first
      ? `in the last ${opts.lookbackDays} day${opts.lookbackDays === 1 ? '' : 's'} (since ${since})`
      : `since the last digest (${since})`;
  if (isEmpty(content)) {
    if (opts.whenEmpty === 'skip') return null;
    return infoReply(`${heading}: nothing new`, `Nothing new in the knowledge base ${scope}.`);
  }

  const n = content.articles.length;
  const counts = [
    n ? `${n} new article${n === 1 ? '' : 's'}` : '',
    content.totals.claims ? `${content.totals.claims} claim${content.totals.claims === 1 ? '' : 's'}` : '',
    content.totals.quotes ? `${content.totals.quotes} quote${content.totals.quotes === 1 ? '' : 's'}` : '',
    content.contested.length
      ? `${content.contested.length} newly contested question${content.contested.length === 1 ? '' : 's'}`
      : '',
  ].filter(Boolean);
  const text = `New in the knowledge base ${scope}: ${counts.join(', ')}.`;

  const fields: ReplyField[] = [];
  if (n) {
    const lines = content.articles.slice(0, MAX_ARTICLES).map((a) => {
      const pub = a.publication
        ? `${a.publication}${a.publicationConfirmed ? '' : ' (unconfirmed)'}`
        : 'publication unknown';
      return `• “${truncate(a.title, 160)}” — ${pub}, ${a.date}`;
    });
    fields.push({ name: `New articles (${n})`, value: fieldValue(lines, n) });
  }
  if (content.claims.length) {
    fields.push({
      name: `New claims${content.totals.claims > content.claims.length ? ` (top ${content.claims.length} of ${content.totals.claims})` : ''}`,
      value: fieldValue(content.claims.map((c) => claimLine(k, c))),
    });
  }
  if (content.quotes.length) {
    fields.push({
      name: `New quotes${content.totals.quotes > content.quotes.length ? ` (top ${content.quotes.length} of ${content.totals.quotes})` : ''}`,
      value: fieldValue(content.quotes.map((q) => quoteLine(k, q))),
    });
  }
  if (content.contested.length) {
    fields.push({
      name: 'Newly contested',
      value: fieldValue(
        content.contested.map((x) => `• For: ${sideText(x.forClaims)}\n  Against: ${sideText(x.againstClaims)}`),
      ),
    });
  }

  const citations: Citation[] = [];
  const seen = new Set<string>();
  const add = (articleId: string, quote: string, who?: Parameters<typeof citation>[2]) => {
    const a = k?.articleById.get(articleId);
    const key = `${articleId}\u0000${quote}`;
    if (!a || seen.has(key) || citations.length >= MAX_CITATIONS) return;
    seen.add(key);
    citations.push(citation(a, quote, who));
  };
  for (const c of content.claims) {
    const ev = c.evidence[0];
    if (ev) add(ev.article, ev.quote, ev.attribution ?? c.attribution);
  }
  for (const q of content.quotes) add(q.article, q.text, q.speaker);
  for (const x of content.contested) {
    for (const c of [x.forClaims[0], x.againstClaims[0]]) {
      const ev = c?.evidence[0];
      if (c && ev) add(ev.article, ev.quote, ev.attribution ?? c.attribution);
    }
  }

  return infoReply(`${heading}: ${counts[0] ?? 'what is new'}`, text, { fields, citations });
}
