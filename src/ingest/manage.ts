/** Shared by `whip feeds …` and the admin-only `feeds` chat command: a poller from the config, and feed listings. */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { FeedPoller, type FeedSummary, LOCAL_OWNER } from './feeds.js';
import { policyFromConfig } from './netPolicy.js';

export function pollerFor(
  db: Db,
  log: Logger,
  config: Config,
  extra: { onIngested?: () => Promise<unknown> } = {},
): FeedPoller {
  return new FeedPoller({
    db,
    log,
    pollMinutes: config.WHIP_FEED_POLL_MINUTES,
    timeoutMs: config.WHIP_FETCH_TIMEOUT_SECONDS * 1000,
    maxArticleBytes: config.WHIP_MAX_ARTICLE_BYTES,
    policy: policyFromConfig(config),
    onIngested: extra.onIngested ? async () => void (await extra.onIngested?.()) : undefined,
  });
}

/**
 * The tenant a chat command acts for: `discord:<guild id>` or `slack:<team id>`; the console is the operator
 * (`local`). Undefined in a Discord or Slack context without a server/workspace (a DM): no tenant to act for.
 */
export function feedOwnerOf(ctx: { platform: string; workspaceId?: string | undefined }): string | undefined {
  if (ctx.platform === 'console') return LOCAL_OWNER;
  return ctx.workspaceId ? `${ctx.platform}:${ctx.workspaceId}` : undefined;
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never');

/**
 * One line per feed: URL, title, status (with the failure reason), items seen / ingested, last and next poll;
 * with `showOwner` (listing every tenant's feeds), whose feed it is.
 */
export function describeFeed(f: FeedSummary, showOwner = false): string {
  const status =
    f.status === 'failing'
      ? `FAILING (${f.consecutive_failures} failures in a row: ${f.failure_reason ?? 'unknown reason'})`
      : f.consecutive_failures
        ? `ok, last poll failed (${f.failure_reason ?? 'unknown reason'})`
        : 'ok';
  return `${showOwner ? `[${f.owner ?? LOCAL_OWNER}] ` : ''}${f.url}${f.title ? ` — ${f.title}` : ''} — ${status}; ${f.items} items seen, ${f.ingested} ingested; last polled ${when(f.last_polled_at)}, next poll ${when(f.next_poll_at)}`;
}
