/**
 * RSS 2.0 / Atom (also RDF and JSON Feed) subscriptions: add, list, remove, and polling with conditional GET
 * (If-None-Match / If-Modified-Since; 304 = nothing new). Items are deduplicated per feed by GUID, else URL.
 * A new feed's existing items are recorded as seen without being ingested (silent seeding), so adding a feed
 * never floods the next digest. New items are ingested from their full text when the feed carries it, else from
 * their web page. A feed that keeps failing is marked `failing` with the reason and retried with exponential
 * backoff; one bad item never blocks the others.
 */

import type { RunningAdapter } from '../adapters/types.js';
import type { Logger } from '../log.js';
import { startPeriodic } from '../periodic.js';
import type { Db } from '../store/db.js';
import type { FeedsTable } from '../store/schema.js';
import { buildArticle, type RawArticle } from './article.js';
import { parseDate } from './dates.js';
import { IngestError, reasonOf } from './errors.js';
import { claimFeedPoll } from './feedClaim.js';
import { fetchText } from './fetch.js';
import { storeArticle } from './ingest.js';
import type { NetPolicy } from './netPolicy.js';
import { checkArticleSize, DEFAULT_MAX_ARTICLE_BYTES, loadWebPage } from './sources.js';
import { type htmlFragmentParagraphs, htmlToPlain, oneLine, wordCount } from './text.js';

/** After this many consecutive failures a feed is marked `failing`. */
export const FAILING_AFTER = 3;
/** Backoff never waits longer than this between two tries. */
export const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;
/** A feed item whose own content has at least this much text is ingested from it, without fetching its page. */
export const FULL_TEXT_MIN_CHARS = 500;
/** New items ingested per poll at most; the rest wait for the next poll. */
export const MAX_ITEMS_PER_POLL = 20;
/** An item whose ingestion failed is retried on later polls this many times in all. */
export const MAX_ITEM_ATTEMPTS = 3;

export type FeedRow = Omit<FeedsTable, 'id'> & { id: number };

/** The tenant of the CLI and console: the operator, who may also act on every tenant's feeds (`--all`). */
export const LOCAL_OWNER = 'local';
/**
 * A scope covering every tenant's feeds (the CLI's `--all`); chat commands always pass their own tenant. No tenant
 * can be called this: they are `local` or `<platform>:<id>`.
 */
export const ALL_OWNERS = '*';
/** Whose feeds a list or removal acts on: one tenant (`discord:<guild>`, `slack:<team>`, `local`) or ALL_OWNERS. */
export type FeedScope = string;

import type { FeedItem, ParsedFeed } from './feedDocument.js';
import { parseOffThread } from './parseRunner.js';

export { type FeedItem, type ParsedFeed, parseFeedDocument } from './feedDocument.js';

export interface FeedPollerOptions {
  db: Db;
  log: Logger;
  /** The normal interval between two polls of a feed (WHIP_FEED_POLL_MINUTES). */
  pollMinutes: number;
  /** Time limit for one feed or page fetch (WHIP_FETCH_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** The clock (injectable for tests). */
  now?: () => Date;
  /** Which hosts may be fetched (default: WHIP_FETCH_ALLOW_HOSTS). */
  policy?: NetPolicy;
  /** Largest article text accepted, in bytes (WHIP_MAX_ARTICLE_BYTES). */
  maxArticleBytes?: number;
  /** Called after a poll stored new or changed articles (e.g. to rebuild the engine at once). */
  onIngested?: (ids: string[]) => void | Promise<void>;
  /** Called after every feed fetch (ok = an answer below 400, 304 included), for metrics. */
  onFetch?: (ok: boolean) => void;
}

export interface PollResult {
  url: string;
  ok: boolean;
  /** 304 Not Modified. */
  notModified?: boolean;
  /** Items recorded silently (first poll of a new feed). */
  seeded?: number;
  /** Ids of the articles stored (added or updated) from new items. */
  ingested: string[];
  failedItems: { item: string; error: string }[];
  error?: string;
  status: 'ok' | 'failing';
  nextPollAt: string;
}

export interface FeedSummary extends FeedRow {
  items: number;
  ingested: number;
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export class FeedPoller {
  private readonly now: () => Date;
  private readonly pollMs: number;

  constructor(private readonly opts: FeedPollerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.pollMs = opts.pollMinutes * 60_000;
  }

  private at(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /** How long to wait after the n-th consecutive failure: the poll interval doubled per failure, capped. */
  backoffMs(failures: number): number {
    return Math.min(this.pollMs * 2 ** Math.max(0, failures), Math.max(MAX_BACKOFF_MS, this.pollMs));
  }

  /** The feed `owner` follows at this URL. */
  async get(url: string, owner: string = LOCAL_OWNER): Promise<FeedRow | undefined> {
    return this.opts.db
      .selectFrom('feeds')
      .selectAll()
      .where('url', '=', url.trim())
      .where('owner', '=', owner)
      .executeTakeFirst();
  }

  /** The feeds of one tenant (default: local), or of all with ALL_OWNERS. */
  async list(scope: FeedScope = LOCAL_OWNER): Promise<FeedSummary[]> {
    let q = this.opts.db.selectFrom('feeds').selectAll();
    if (scope !== ALL_OWNERS) q = q.where('owner', '=', scope);
    const feeds = await q.orderBy('added_at').orderBy('id').execute();
    const counts = await this.opts.db
      .selectFrom('feed_items')
      .select((eb) => [
        'feed_id',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'ingested').then(1).else(0).end()).as('ingested'),
      ])
      .groupBy('feed_id')
      .execute();
    const byFeed = new Map(counts.map((c) => [c.feed_id, c]));
    return feeds.map((f) => ({
      ...f,
      items: Number(byFeed.get(f.id)?.n ?? 0),
      ingested: Number(byFeed.get(f.id)?.ingested ?? 0),
    }));
  }

  /**
   * Follow a feed: fetch it once to check it is a feed, and record its current items as seen without ingesting
   * them. Throws IngestError (nothing stored) when the URL is not a reachable feed.
   */
  async add(
    rawUrl: string,
    owner: string = LOCAL_OWNER,
  ): Promise<{ added: boolean; feed: FeedRow; seeded: number; title?: string }> {
    const url = rawUrl.trim();
    if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new IngestError(rawUrl, 'a feed must be an http(s) URL');
    const existing = await this.get(url, owner);
    if (existing) return { added: false, feed: existing, seeded: 0, title: existing.title ?? undefined };
    const res = await fetchText(url, {
      timeoutMs: this.opts.timeoutMs,
      policy: this.opts.policy,
      headers: { accept: ACCEPT },
    });
    const parsed = await parseOffThread<ParsedFeed>({ kind: 'feed', source: url, xml: res.text });
    const now = this.at();
    const feed = await this.opts.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('feeds')
        .values({
          url,
          title: parsed.title ? htmlToPlain(parsed.title) : null,
          etag: res.headers.get('etag'),
          last_modified: res.headers.get('last-modified'),
          status: 'ok',
          failure_reason: null,
          consecutive_failures: 0,
          next_poll_at: this.at(this.pollMs),
          last_polled_at: now,
          last_success_at: now,
          seeded: 1,
          added_at: now,
          owner,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.recordSeen(trx, row.id, parsed.items, now);
      return row;
    });
    this.opts.log.info(
      { feed: url, items: parsed.items.length },
      'feed added; its current items recorded without ingesting',
    );
    return { added: true, feed, seeded: parsed.items.length, title: feed.title ?? undefined };
  }

  /**
   * Stop following a feed: `scope`'s row for this URL (default: local), or every tenant's with ALL_OWNERS.
   * Returns whether anything was removed.
   */
  async remove(rawUrl: string, scope: FeedScope = LOCAL_OWNER): Promise<boolean> {
    let q = this.opts.db.selectFrom('feeds').select('id').where('url', '=', rawUrl.trim());
    if (scope !== ALL_OWNERS) q = q.where('owner', '=', scope);
    const ids = (await q.execute()).map((r) => r.id);
    if (!ids.length) return false;
    await this.opts.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('feed_items').where('feed_id', 'in', ids).execute();
      await trx.deleteFrom('feeds').where('id', 'in', ids).execute();
    });
    return true;
  }

  private async recordSeen(db: Db, feedId: number, items: FeedItem[], now: string): Promise<void> {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.key)) continue;
      seen.add(it.key);
      await db
        .insertInto('feed_items')
        .values({
          feed_id: feedId,
          guid_or_url: it.key,
          title: it.title ?? null,
          url: it.url ?? null,
          status: 'seeded',
          article_id: null,
          attempts: 0,
          error: null,
          seen_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['feed_id', 'guid_or_url']).doNothing())
        .execute();
    }
  }

  /** Poll every feed whose next poll time has come. */
  async pollDue(): Promise<PollResult[]> {
    const due = await this.opts.db
      .selectFrom('feeds')
      .selectAll()
      .where('next_poll_at', '<=', this.at())
      .orderBy('next_poll_at')
      .execute();
    const out: PollResult[] = [];
    for (const f of due) {
      // Another instance may have claimed it since (src/ingest/feedClaim.ts): one poll per feed per interval.
      if (!(await claimFeedPoll(this.opts.db, f, this.at(this.pollMs)))) continue;
      out.push(await this.poll(f));
    }
    return out;
  }

  /** Poll every feed now, whatever its schedule. */
  async pollAll(): Promise<PollResult[]> {
    const feeds = await this.opts.db.selectFrom('feeds').selectAll().orderBy('id').execute();
    const out: PollResult[] = [];
    for (const f of feeds) out.push(await this.poll(f));
    return out;
  }

  /** Poll one feed; never throws (a failure is recorded on the feed and returned). */
  async poll(feed: FeedRow): Promise<PollResult> {
    const db = this.opts.db;
    const headers: Record<string, string> = { accept: ACCEPT };
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.last_modified) headers['if-modified-since'] = feed.last_modified;
    let parsed: ParsedFeed;
    let res: Awaited<ReturnType<typeof fetchText>>;
    try {
      res = await fetchText(feed.url, { timeoutMs: this.opts.timeoutMs, policy: this.opts.policy, headers }).catch(
        (e) => {
          this.opts.onFetch?.(false);
          throw e;
        },
      );
      this.opts.onFetch?.(res.status < 400);
      parsed =
        res.status === 304
          ? { format: '', items: [] }
          : await parseOffThread<ParsedFeed>({ kind: 'feed', source: feed.url, xml: res.text });
    } catch (e) {
      return this.recordFailure(feed, reasonOf(e));
    }
    const now = this.at();
    const ok = {
      status: 'ok',
      failure_reason: null,
      consecutive_failures: 0,
      last_polled_at: now,
      last_success_at: now,
      next_poll_at: this.at(this.pollMs),
    } as const;
    if (res.status === 304) {
      await db.updateTable('feeds').set(ok).where('id', '=', feed.id).execute();
      return {
        url: feed.url,
        ok: true,
        notModified: true,
        ingested: [],
        failedItems: [],
        status: 'ok',
        nextPollAt: ok.next_poll_at,
      };
    }

    if (!feed.seeded) {
      await db.transaction().execute(async (trx) => {
        await this.recordSeen(trx, feed.id, parsed.items, now);
        await trx
          .updateTable('feeds')
          .set({ ...ok, seeded: 1, etag: res.headers.get('etag'), last_modified: res.headers.get('last-modified') })
          .where('id', '=', feed.id)
          .execute();
      });
      return {
        url: feed.url,
        ok: true,
        seeded: parsed.items.length,
        ingested: [],
        failedItems: [],
        status: 'ok',
        nextPollAt: ok.next_poll_at,
      };
    }

    const known = new Map(
      (
        await db
          .selectFrom('feed_items')
          .select(['guid_or_url', 'status', 'attempts'])
          .where('feed_id', '=', feed.id)
          .execute()
      ).map((r) => [r.guid_or_url, r]),
    );
    const seenNow = new Set<string>();
    // Feeds list the newest first: ingest the oldest new item first.
    const fresh = [...parsed.items].reverse().filter((it) => {
      if (seenNow.has(it.key)) return false;
      seenNow.add(it.key);
      const k = known.get(it.key);
      return !k || (k.status === 'failed' && k.attempts < MAX_ITEM_ATTEMPTS);
    });
    const batch = fresh.slice(0, MAX_ITEMS_PER_POLL);
    const ingested: string[] = [];
    const failedItems: { item: string; error: string }[] = [];
    let retryLater = fresh.length > batch.length;
    for (const item of batch) {
      const source = item.url ?? `${feed.url} item ${item.key}`;
      const attempts = (known.get(item.key)?.attempts ?? 0) + 1;
      let status: 'ingested' | 'failed' = 'ingested';
      let articleId: string | null = null;
      let error: string | null = null;
      try {
        const input = await this.itemArticle(item, feed, source);
        const stored = await storeArticle(db, input, source, this.now);
        articleId = input.id;
        if (stored !== 'unchanged') ingested.push(input.id);
      } catch (e) {
        status = 'failed';
        error = reasonOf(e);
        failedItems.push({ item: source, error });
        if (attempts < MAX_ITEM_ATTEMPTS) retryLater = true;
        this.opts.log.warn({ feed: feed.url, item: source, error, attempts }, 'feed item not ingested');
      }
      const at = this.at();
      await db
        .insertInto('feed_items')
        .values({
          feed_id: feed.id,
          guid_or_url: item.key,
          title: item.title ?? null,
          url: item.url ?? null,
          status,
          article_id: articleId,
          attempts,
          error,
          seen_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(['feed_id', 'guid_or_url'])
            .doUpdateSet({ status, article_id: articleId, attempts, error, updated_at: at }),
        )
        .execute();
    }
    // When items wait for a retry, forget the validators so the next poll gets the full feed (not a 304).
    await db
      .updateTable('feeds')
      .set({
        ...ok,
        title: feed.title ?? (parsed.title ? htmlToPlain(parsed.title) : null),
        etag: retryLater ? null : res.headers.get('etag'),
        last_modified: retryLater ? null : res.headers.get('last-modified'),
      })
      .where('id', '=', feed.id)
      .execute();
    if (ingested.length) {
      this.opts.log.info({ feed: feed.url, articles: ingested.length }, 'new feed items ingested');
      await this.opts.onIngested?.(ingested);
    }
    return { url: feed.url, ok: true, ingested, failedItems, status: 'ok', nextPollAt: ok.next_poll_at };
  }

  private async recordFailure(feed: FeedRow, reason: string): Promise<PollResult> {
    const failures = feed.consecutive_failures + 1;
    const status = failures >= FAILING_AFTER ? 'failing' : (feed.status as 'ok' | 'failing');
    const nextPollAt = this.at(this.backoffMs(failures));
    await this.opts.db
      .updateTable('feeds')
      .set({
        status,
        failure_reason: reason,
        consecutive_failures: failures,
        last_polled_at: this.at(),
        next_poll_at: nextPollAt,
      })
      .where('id', '=', feed.id)
      .execute();
    this.opts.log.warn({ feed: feed.url, error: reason, failures, status, nextPollAt }, 'feed poll failed');
    return { url: feed.url, ok: false, error: reason, ingested: [], failedItems: [], status, nextPollAt };
  }

  /** The article of a feed item: from its own content when it carries the full text, else from its page. */
  private async itemArticle(item: FeedItem, feed: FeedRow, source: string) {
    const now = this.now();
    const published = parseDate(item.published, now);
    const own = item.contentHtml
      ? await parseOffThread<ReturnType<typeof htmlFragmentParagraphs>>({
          kind: 'fragment',
          source,
          html: item.contentHtml,
        })
      : undefined;
    const ownText = own?.paragraphs.join(' ') ?? '';
    let raw: RawArticle;
    if (own && ownText.length >= FULL_TEXT_MIN_CHARS && wordCount(ownText) >= 80) {
      raw = {
        title: item.title,
        url: item.url,
        published,
        author: item.author,
        publication: feed.title ?? undefined,
        paragraphs: own.paragraphs,
        captions: own.captions,
      };
    } else if (item.url) {
      const page = await loadWebPage(item.url, {
        timeoutMs: this.opts.timeoutMs,
        policy: this.opts.policy,
        maxArticleBytes: this.opts.maxArticleBytes,
        now,
      });
      raw = {
        ...page,
        title: page.title ?? item.title,
        published: page.published ?? published,
        author: page.author ?? item.author,
        publication: page.publication ?? feed.title ?? undefined,
      };
    } else {
      throw new IngestError(source, 'the item has neither a link nor its full text');
    }
    checkArticleSize(raw, source, this.opts.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES);
    return buildArticle({ ...raw, title: raw.title ? oneLine(raw.title) : undefined }, { source, now });
  }
}

/**
 * The feed-polling job: every tick, poll the feeds that are due. Ticks never overlap; stop() waits for the
 * current one.
 */
export function startFeedPoller(
  opts: FeedPollerOptions & { tickMs?: number },
): RunningAdapter & { poller: FeedPoller } {
  const poller = new FeedPoller(opts);
  const tickMs = opts.tickMs ?? Math.min(60_000, opts.pollMinutes * 60_000);
  const job = startPeriodic({
    name: 'feeds',
    intervalMs: tickMs,
    firstRunMs: Math.min(tickMs, 1000),
    run: () => poller.pollDue(),
    onError: (e) => opts.log.error({ err: e }, 'feed polling failed'),
  });
  return { name: job.name, poller, stop: () => job.stop() };
}
