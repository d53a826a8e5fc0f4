/**
 * The actions behind `whip digest preview` and `whip digest run` (imported lazily by src/cli/digest.ts).
 * Digests are printed to stdout; summaries and hints go to stderr.
 */
import { renderText } from '../adapters/console/renderText.js';
import { closeServices, createServices } from '../bootstrap.js';
import { ExitError } from '../cli/run.js';
import { loadConfig } from '../config.js';
import type { Reply } from '../core/reply.js';
import type { Services } from '../core/services.js';
import { ArticleStore } from '../store/articles.js';
import { type Clock, systemClock } from './clock.js';
import { collectDigest, type DigestWindow, digestWindow, renderDigest } from './compose.js';
import { ConsolePoster } from './consolePoster.js';
import { createDigestScheduler, digestComposer } from './runtime.js';
import { formatRunTime } from './schedule.js';
import { DigestStore } from './store.js';

function parseTime(raw: string, flag: string): number {
  const t = Date.parse(raw);
  if (Number.isNaN(t)) {
    process.stderr.write(
      `digest: ${flag} must be an ISO date or date-time like 2026-03-01 or 2026-03-01T08:00:00Z (got "${raw}")\n`,
    );
    throw new ExitError(2);
  }
  return t;
}

async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const services = await createServices(await loadConfig());
  try {
    return await fn(services);
  } finally {
    await closeServices(services);
  }
}

export async function runDigestPreview(opts: {
  since?: string;
  until?: string;
  channel: string;
  platform: string;
  json?: boolean;
}): Promise<void> {
  const givenUntil = opts.until ? parseTime(opts.until, '--until') : undefined;
  const since = opts.since ? parseTime(opts.since, '--since') : undefined;
  await withServices(async (services) => {
    // "Now" is after start-up, which syncs the bundled articles into the store.
    const until = givenUntil ?? Date.now();
    if (since !== undefined && since >= until) {
      process.stderr.write('digest: --since must be before --until (or now)\n');
      throw new ExitError(2);
    }
    const { config } = services;
    const sub = await new DigestStore(services.db).forChannel(opts.platform, opts.channel);
    const window: DigestWindow =
      since !== undefined
        ? { since: new Date(since).toISOString(), until: new Date(until).toISOString(), first: false, given: true }
        : digestWindow(sub?.last_digest_at ?? null, until, config.WHIP_DIGEST_LOOKBACK_DAYS);
    const k = (services.engine as { k?: Services['engine']['k'] }).k;
    const content = await collectDigest(new ArticleStore(services.db), k, window);
    const reply = renderDigest(content, k, {
      timezone: sub?.timezone ?? config.WHIP_TIMEZONE,
      whenEmpty: 'note',
      lookbackDays: config.WHIP_DIGEST_LOOKBACK_DAYS,
      heading: 'Digest preview',
    }) as Reply;
    process.stdout.write(opts.json ? `${JSON.stringify(reply)}\n` : `${renderText(reply)}\n`);
  });
}

/** A clock that starts at `at` and runs at real speed. */
function shiftedClock(at: number): Clock {
  const offset = at - Date.now();
  return { now: () => Date.now() + offset, sleep: systemClock.sleep };
}

export async function runDigestScheduler(opts: { once?: boolean; at?: string; dryRun?: boolean }): Promise<void> {
  const at = opts.at ? parseTime(opts.at, '--at') : undefined;
  await withServices(async (services) => {
    const clock = at !== undefined ? shiftedClock(at) : systemClock;
    if (opts.dryRun) return dryRun(services, clock.now());
    // Only the console poster: subscriptions of other platforms are left to the bot that serves them.
    services.posters = { console: new ConsolePoster(process.stdout) };
    const scheduler = createDigestScheduler(services, { clock, jitterMs: 0 });
    if (opts.once) {
      const r = await scheduler.runOnce();
      const rows = await new DigestStore(services.db).allDeliveries();
      const sent = rows.filter((d) => d.state === 'sent').length;
      process.stderr.write(
        `digest run: ${r.claimed} slot(s) claimed, ${r.skipped} skipped as missed, ${r.recovered} recovered; ${sent} console digest(s) sent in all\n`,
      );
      if (!r.claimed && !r.skipped && !r.recovered) {
        const sub = await new DigestStore(services.db).forChannel('console', 'console');
        const when = new Date(clock.now()).toISOString();
        process.stderr.write(
          sub
            ? `digest run: nothing due for the console at ${when}; ${sub.status !== 'active' ? `its subscription is ${sub.status}` : sub.next_run_at ? `the next digest is due ${formatRunTime(sub.next_run_at, sub.timezone)}` : 'no run is scheduled'}.\n`
            : 'digest run: the console has no digest subscription. Subscribe with `whip digest subscribe daily 08:00`, or use --dry-run to print what every due subscription would get.\n',
        );
      }
      return;
    }
    scheduler.start();
    process.stderr.write('digest run: scheduler running for console subscriptions; Ctrl-C to stop\n');
    const keepAlive = setInterval(() => undefined, 60_000);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    clearInterval(keepAlive);
    await scheduler.stop();
  });
}

/** Print what each due subscription (any platform) would receive at `now`, recording nothing. */
async function dryRun(services: Services, now: number): Promise<void> {
  const store = new DigestStore(services.db);
  const due = await store.due(['console', 'discord', 'slack'], now, 10_000);
  if (!due.length) {
    process.stderr.write(`digest run: no subscription is due at ${new Date(now).toISOString()}\n`);
    return;
  }
  const compose = digestComposer(services);
  for (const sub of due) {
    const window = digestWindow(sub.last_digest_at, now, services.config.WHIP_DIGEST_LOOKBACK_DAYS);
    const reply = await compose(sub, window, { manual: false });
    const slot = formatRunTime(sub.next_run_at as string, sub.timezone);
    process.stdout.write(`=== [dry run] ${sub.platform} channel ${sub.channel_id}, slot ${slot} ===\n`);
    process.stdout.write(
      reply ? `${renderText(reply)}\n\n` : `(nothing new: skipped, when_empty is ${sub.when_empty})\n\n`,
    );
  }
}
