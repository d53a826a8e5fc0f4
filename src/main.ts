/**
 * `whip start` (`npm start`): config -> services -> the adapters that are configured. With no platform tokens
 * this is the console bot. Discord starts when DISCORD_TOKEN is set, Slack when SLACK_BOT_TOKEN is set (both
 * may run side by side); background jobs (digest scheduler, feed polling) start with them.
 */
import { runConsole } from './adapters/console/repl.js';
import type { RunningAdapter } from './adapters/types.js';
import { closeServices, createServices } from './bootstrap.js';
import { enabledPlatforms, loadConfig } from './config.js';
import { startBackgroundJobs } from './jobs.js';

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

  const running: RunningAdapter[] = [];
  const stopAll = async () => {
    for (const a of running.reverse()) await a.stop().catch(() => undefined);
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
    running.push(...(await startBackgroundJobs(services)));
  } catch (e) {
    await stopAll();
    throw e;
  }
  services.log.info({ adapters: running.map((a) => a.name) }, 'whip is running');

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      services.log.info({ signal }, 'shutting down');
      void stopAll().finally(resolve);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}
