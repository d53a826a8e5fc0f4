/**
 * `npm run bench`: every benchmark of the project, one section each, figures printed (p50/p99, ratios against a
 * baseline measured in the same process). Benchmarks report; they never fail on a time. Pick sections with
 * BENCH=core,core-pg,discord,slack,digest,ingest,cluster,scale. The scale section (10,000 and 100,000-article stores;
 * sizes from BENCH_SCALE_SIZES) takes tens of minutes and gigabytes of disk, so it runs only when asked for.
 */
import type { Figure } from './lib.js';
import { printFigures } from './lib.js';

const sections: [string, string, () => Promise<Figure[]>][] = [
  ['core', 'Core: answering', async () => (await import('./core.js')).benchCore()],
  [
    'core-pg',
    'Core: answering with retrieval in PostgreSQL',
    async () => (await import('./corePostgres.js')).benchCorePostgres(),
  ],
  ['discord', 'Discord: dispatch-to-callback', async () => (await import('./discord.js')).benchDiscord()],
  ['slack', 'Slack: slash-command ack', async () => (await import('./slack.js')).benchSlack()],
  ['digest', 'Digests: fan-out', async () => (await import('./digest.js')).benchDigest()],
  ['ingest', 'Ingestion and KB growth', async () => (await import('./ingest.js')).benchIngest()],
  ['cluster', 'Several instances on PostgreSQL', async () => (await import('./cluster.js')).benchCluster()],
  ['scale', 'Scale: a knowledge base of a year', async () => (await import('./scale.js')).benchScale()],
];
/** Sections run only when named in BENCH. */
const ON_REQUEST = new Set(['scale']);

const wanted = new Set(
  (process.env.BENCH ?? sections.flatMap((s) => (ON_REQUEST.has(s[0]) ? [] : [s[0]])).join(','))
    .split(',')
    .map((s) => s.trim()),
);
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
