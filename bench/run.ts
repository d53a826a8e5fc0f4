/**
 * `npm run bench`: every benchmark of the project, one section each, figures printed (p50/p99, ratios against a
 * baseline measured in the same process). Benchmarks report; they never fail on a time. Pick sections with
 * BENCH=core,discord,slack,digest,ingest,cluster.
 */
import type { Figure } from './lib.js';
import { printFigures } from './lib.js';

const sections: [string, string, () => Promise<Figure[]>][] = [
  ['core', 'Core: answering', async () => (await import('./core.js')).benchCore()],
  ['discord', 'Discord: dispatch-to-callback', async () => (await import('./discord.js')).benchDiscord()],
  ['slack', 'Slack: slash-command ack', async () => (await import('./slack.js')).benchSlack()],
  ['digest', 'Digests: fan-out', async () => (await import('./digest.js')).benchDigest()],
  ['ingest', 'Ingestion and KB growth', async () => (await import('./ingest.js')).benchIngest()],
  ['cluster', 'Several instances on PostgreSQL', async () => (await import('./cluster.js')).benchCluster()],
];

const wanted = new Set((process.env.BENCH ?? sections.map((s) => s[0]).join(',')).split(',').map((s) => s.trim()));
process.stdout.write(`Whip benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const [key, title, run] of sections) {
  if (!wanted.has(key)) continue;
  try {
    printFigures(title, await run());
  } catch (e) {
    process.stdout.write(`\n## ${title}\n- failed: ${(e as Error).message}\n`);
  }
}
process.exit(0);
