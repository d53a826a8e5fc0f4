/**
 * Wiring digests into the services: the composer (store + the engine's current knowledge), the scheduler built
 * from configuration, and the background job src/jobs.ts starts beside the platform adapters.
 */
import type { RunningAdapter } from '../adapters/types.js';
import type { Services } from '../core/services.js';
import { ArticleStore } from '../store/articles.js';
import { type Clock, systemClock } from './clock.js';
import { collectDigest, renderDigest } from './compose.js';
import { DEFAULT_PACING, type PaceOptions } from './limiter.js';
import { type Composer, DigestScheduler, type SchedulerOptions } from './scheduler.js';

/**
 * On shutdown, posts already sent get this long to be recorded; the rest of the 10-second shutdown budget
 * (src/main.ts) is for the adapters and the database. Unposted claims are handed back at once either way.
 */
const DRAIN_MS = 6_000;

export interface DigestServices {
  /** The running scheduler (only while a platform adapter runs). */
  scheduler?: DigestScheduler;
  /** A fake clock in tests. */
  clock?: Clock;
  /** Overrides for schedulers built from these services (tests, benchmarks). */
  options?: Partial<SchedulerOptions>;
}

export function digestClock(services: Services): Clock {
  return services.digests?.clock ?? systemClock;
}

/** What is new for a subscription's window, from the store and the engine's current knowledge. */
export function digestComposer(services: Services): Composer {
  return async (sub, window, { manual }) => {
    // The engine is replaced (not mutated) when the KB grows: read it now. Stub engines in tests may have no `k`.
    const k = (services.engine as { k?: Services['engine']['k'] }).k;
    const content = await collectDigest(new ArticleStore(services.db), k, window);
    return renderDigest(content, k, {
      timezone: sub.timezone,
      // `digest now` always posts something: a short note when nothing is new.
      whenEmpty: manual ? 'note' : sub.when_empty === 'note' ? 'note' : 'skip',
      lookbackDays: services.config.WHIP_DIGEST_LOOKBACK_DAYS,
    });
  };
}

/**
 * The digest pacing of one instance of `instances`: the platforms' bot-wide limits shared out, so instances
 * together post at the limit, not `instances` times it (a 429 storm, and on Discord a ban after enough of them).
 */
export function sharedPacing(instances: number): SchedulerOptions['pacing'] {
  if (instances <= 1) return undefined;
  const share = (p: PaceOptions): PaceOptions => ({
    ...p,
    ratePerSec: p.ratePerSec / instances,
    concurrency: Math.max(1, Math.ceil(p.concurrency / instances)),
  });
  return { discord: share(DEFAULT_PACING.discord), slack: share(DEFAULT_PACING.slack) };
}

/**
 * Claimed slots one of several instances keeps queued at most: what its share of the rates posts in two ticks
 * (at least 30 s), so its queue never runs dry between ticks and the rest of a busy minute is left to the others.
 */
export function sharedQueueBound(pacing: SchedulerOptions['pacing'], tickMs: number): number | undefined {
  if (!pacing) return undefined;
  const perSecond = Object.values(pacing).reduce((n, p) => n + (p?.ratePerSec ?? 0), 0);
  return Math.max(1, Math.ceil(perSecond * Math.max(30, (2 * tickMs) / 1000)));
}

export function createDigestScheduler(services: Services, overrides: Partial<SchedulerOptions> = {}): DigestScheduler {
  const { config } = services;
  const pacing = sharedPacing(config.WHIP_DIGEST_INSTANCES);
  const maxQueued = sharedQueueBound(pacing, config.WHIP_SCHEDULER_TICK_SECONDS * 1000);
  return new DigestScheduler({
    db: services.db,
    posters: () => services.posters,
    compose: digestComposer(services),
    clock: digestClock(services),
    log: services.log,
    tickMs: config.WHIP_SCHEDULER_TICK_SECONDS * 1000,
    graceMs: config.WHIP_DIGEST_GRACE_MINUTES * 60_000,
    lookbackDays: config.WHIP_DIGEST_LOOKBACK_DAYS,
    metrics: services.metrics,
    ...(pacing ? { pacing, maxQueued } : {}),
    ...services.digests?.options,
    ...overrides,
  });
}

/** The running scheduler, or a one-off one (console, one-shot CLI, tests) sharing the same ledger. */
export function schedulerFor(services: Services, overrides: Partial<SchedulerOptions> = {}): DigestScheduler {
  return services.digests?.scheduler && !Object.keys(overrides).length
    ? services.digests.scheduler
    : createDigestScheduler(services, overrides);
}

/** Start the scheduler loop (src/jobs.ts calls this when a platform adapter runs). */
export function startDigestScheduler(services: Services): RunningAdapter {
  const scheduler = createDigestScheduler(services);
  services.digests = { ...services.digests, scheduler };
  scheduler.start();
  services.log.info(
    { tickSeconds: services.config.WHIP_SCHEDULER_TICK_SECONDS, owner: scheduler.owner },
    'digest scheduler started',
  );
  return {
    name: 'digest-scheduler',
    async stop() {
      await scheduler.stop(DRAIN_MS);
      if (services.digests?.scheduler === scheduler) delete services.digests.scheduler;
    },
  };
}
