/**
 * The ingestion jobs started beside the adapters: the KB reloader (checks the store every
 * WHIP_KB_RELOAD_SECONDS and swaps services.engine when articles changed) and the feed poller (every
 * WHIP_FEED_POLL_MINUTES per feed, with an immediate reload after it ingests anything).
 */
import type { RunningAdapter } from '../adapters/types.js';
import type { Metrics } from '../core/metrics.js';
import type { Services } from '../core/services.js';
import { startFeedPoller } from './feeds.js';
import { startKnowledgeReloader } from './reload.js';

export interface IngestJobOptions {
  /** The clock (tests). */
  now?: () => Date;
  fetch?: typeof fetch;
  /** Feed-poller tick (default: a minute, or the poll interval if shorter). */
  tickMs?: number;
}

export async function startIngestJobs(services: Services, opts: IngestJobOptions = {}): Promise<RunningAdapter[]> {
  const { config, log, db } = services;
  const reload = await startKnowledgeReloader(services, { intervalMs: config.WHIP_KB_RELOAD_SECONDS * 1000 });
  const feeds = startFeedPoller({
    db,
    log,
    pollMinutes: config.WHIP_FEED_POLL_MINUTES,
    timeoutMs: config.WHIP_FETCH_TIMEOUT_SECONDS * 1000,
    now: opts.now,
    fetch: services.metrics ? countingFetch(opts.fetch ?? globalThis.fetch, services.metrics) : opts.fetch,
    tickMs: opts.tickMs,
    onIngested: async () => {
      await reload.reloader.check();
    },
  });
  // Stopped in reverse order by main: the poller first, then the reloader.
  return [reload, feeds];
}

/** The poller's fetch, counting every request it makes (ok = an HTTP answer below 400; 304 counts as ok). */
export function countingFetch(inner: typeof fetch, metrics: Pick<Metrics, 'feedFetch'>): typeof fetch {
  return async (input, init) => {
    try {
      const res = await inner(input, init);
      metrics.feedFetch(res.status < 400);
      return res;
    } catch (e) {
      metrics.feedFetch(false);
      throw e;
    }
  };
}
