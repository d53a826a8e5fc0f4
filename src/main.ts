/**
 * `whip start` (`npm start`): config -> services -> the adapters that are configured. With no platform tokens
 * this is the console bot. Discord starts when DISCORD_TOKEN is set, Slack when SLACK_BOT_TOKEN is set (both
 * may run side by side); background jobs (digest scheduler, feed polling) start with them.
 */
import { runConsole } from './adapters/console/repl.js';
import type { RunningAdapter } from './adapters/types.js';
import { closeServices, createServices } from './bootstrap.js';
import { enabledPlatforms, loadConfig } from './config.js';
import { testClockFromEnv } from './digest/clock.js';
import { startBackgroundJobs } from './jobs.js';

/**
 * SIGTERM/SIGINT: stop taking work (readiness fails first), let in-flight posts finish and hand back unposted
 * claims (the digest scheduler drains for at most DRAIN_MS of this, src/digest/runtime.ts), then close the database. Orchestrators
 * send SIGKILL after a grace period (Kubernetes: 30 s, Docker: 10 s); exiting by 10 s stays inside both.
 */
const SHUTDOWN_DEADLINE_MS = 9_500;
/** Virtual seconds between two feed-poller ticks on a test clock (the real poller ticks once a real minute). */
const TEST_FEED_TICK_VIRTUAL_MS = 5_000;

export async function startBot(opts: { forceConsole?: boolean } = {}): Promise<void> {
  const config = await loadConfig();
  const services = await createServices(config);
  const platforms = enabledPlatforms(config);

  if (opts.forceConsole || (!platforms.discord && !platforms.slack)) {
    try {
      await runConsole(services, process.stdin, process.stdout);
    } finally {
      await closeServices(services);
    }
    return;
  }

  // The ops server (and prom-client) load only when WHIP_OPS_PORT is set.
  const opsModule = config.WHIP_OPS_PORT === undefined ? undefined : await import('./ops/index.js');
  const ops = await opsModule?.startOps(services).catch(async (e: unknown) => {
    await closeServices(services);
    throw e;
  });
  const running: RunningAdapter[] = [];
  const stopAll = async () => {
    ops?.setAdaptersReady(false);
    for (const a of running.reverse()) await a.stop().catch(() => undefined);
    await ops?.stop().catch(() => undefined);
    await closeServices(services);
  };
  try {
    if (platforms.discord) {
      const { startDiscord } = await import('./adapters/discord/index.js');
      running.push(await startDiscord(services));
    }
    if (platforms.slack) {
      const { startSlack } = await import('./adapters/slack/index.js');
      running.push(await startSlack(services));
    }
    // End-to-end tests of several instances run digests and feed polling on one shared accelerated clock.
    const test = testClockFromEnv(process.env);
    if (test) services.digests = { ...services.digests, clock: test.clock };
    running.push(
      ...(await startBackgroundJobs(
        services,
        test ? { now: () => new Date(test.clock.now()), tickMs: TEST_FEED_TICK_VIRTUAL_MS / test.speed } : {},
      )),
    );
  } catch (e) {
    await stopAll();
    throw e;
  }
  ops?.setAdaptersReady(true);
  services.log.info(
    { adapters: running.map((a) => a.name), instance: opsModule?.instanceId(services) },
    'whip is running',
  );

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      services.log.info({ signal }, 'shutting down');
      // Whatever hangs (a platform that never answers), the process is gone within the deadline.
      setTimeout(() => {
        services.log.warn({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      void stopAll().finally(resolve);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}
