/** Shared by `whip feeds …` and the admin-only `feeds` chat command: a poller from the config, and feed listings. */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { FeedPoller, type FeedSummary } from './feeds.js';
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

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never');

/** One line per feed: URL, title, status (with the failure reason), items seen / ingested, last and next poll. */
export function describeFeed(f: FeedSummary): string {
  const status =
    f.status === 'failing'
      ? `FAILING (${f.consecutive_failures} failures in a row: ${f.failure_reason ?? 'unknown reason'})`
      : f.consecutive_failures
        ? `ok, last poll failed (${f.failure_reason ?? 'unknown reason'})`
        : 'ok';
  return `${f.url}${f.title ? ` — ${f.title}` : ''} — ${status}; ${f.items} items seen, ${f.ingested} ingested; last polled ${when(f.last_polled_at)}, next poll ${when(f.next_poll_at)}`;
}
