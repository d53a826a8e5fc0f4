/**
 * The ingestion jobs started beside the adapters: the KB reloader (checks the store every
 * WHIP_KB_RELOAD_SECONDS and swaps services.engine when articles changed) and the feed poller (every
 * WHIP_FEED_POLL_MINUTES per feed, with an immediate reload after it ingests anything).
 */
import type { RunningAdapter } from '../adapters/types.js';
import type { Services } from '../core/services.js';
import { startPeriodic } from '../periodic.js';
import { pruneArticles, pruneDigestLedger, pruneThreads, retentionCutoff } from '../store/retention.js';
import { startFeedPoller } from './feeds.js';
import { type NetPolicy, policyFromConfig } from './netPolicy.js';
import { startKnowledgeReloader } from './reload.js';

export interface IngestJobOptions {
  /** The clock (tests). */
  now?: () => Date;
  /** Which hosts may be fetched (tests: a loopback allow list and resolver); default from the config. */
  policy?: NetPolicy;
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
    maxArticleBytes: config.WHIP_MAX_ARTICLE_BYTES,
    now: opts.now,
    policy: opts.policy ?? policyFromConfig(config),
    ...(services.metrics ? { onFetch: (ok: boolean) => services.metrics?.feedFetch(ok) } : {}),
    tickMs: opts.tickMs,
    onIngested: async () => {
      await reload.reloader.check();
    },
  });
  // Stopped in reverse order by main: retention, the poller, then the reloader.
  return [reload, feeds, startRetention(services, opts.now)];
}

/** How often the running bot applies WHIP_QUESTION_LOG_DAYS. */
export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention, now and every few hours: questions older than WHIP_QUESTION_LOG_DAYS, ingested articles
 * published more than WHIP_KB_RETENTION_DAYS ago (with their analyses and index rows; the reloader then sees
 * the change), threads idle for WHIP_THREAD_DAYS and digest ledger rows finished WHIP_DIGEST_LEDGER_DAYS ago.
 * On several instances each runs it; the deletes are idempotent, so overlapping runs only repeat a no-op.
 */
export function startRetention(services: Services, now: () => Date = () => new Date()): RunningAdapter {
  const days = services.config.WHIP_QUESTION_LOG_DAYS;
  const kbDays = services.config.WHIP_KB_RETENTION_DAYS;
  const threadDays = services.config.WHIP_THREAD_DAYS;
  const ledgerDays = services.config.WHIP_DIGEST_LEDGER_DAYS;
  const run = async () => {
    if (days) {
      const n = await services.questions.purge(new Date(now().getTime() - days * DAY_MS));
      if (n) services.log.info({ removed: n, days }, 'question log: old questions removed');
    }
    if (kbDays) {
      const n = await pruneArticles(services.db, retentionCutoff(kbDays, now()));
      if (n) services.log.info({ removed: n, days: kbDays }, 'knowledge base: old articles removed');
    }
    if (threadDays) {
      const n = await pruneThreads(services.db, new Date(now().getTime() - threadDays * DAY_MS));
      if (n) services.log.info({ removed: n, days: threadDays }, 'threads: idle threads forgotten');
    }
    if (ledgerDays) {
      const n = await pruneDigestLedger(services.db, new Date(now().getTime() - ledgerDays * DAY_MS));
      if (n) services.log.info({ removed: n, days: ledgerDays }, 'digests: old ledger rows removed');
    }
  };
  return startPeriodic({
    name: 'question-log-retention',
    intervalMs: RETENTION_INTERVAL_MS,
    firstRunMs: 'now',
    unref: true,
    run,
    onError: (e) => services.log.warn({ err: e }, 'retention (question log, knowledge base, threads, digests) failed'),
  });
}
