/**
 * Wiring the ops server into `whip start`: Prometheus metrics (set as services.metrics before the adapters and
 * jobs start, so they count from the first event) and the HTTP server on WHIP_OPS_PORT with its readiness
 * checks. Nothing here runs when WHIP_OPS_PORT is unset.
 */
import { hostname } from 'node:os';
import type { Services } from '../core/services.js';
import { pingDatabase } from '../store/db.js';
import { dialectOf } from '../store/dialect.js';
import { createPromMetrics } from './metrics.js';
import { type OpsServer, startOpsServer } from './server.js';

const VERSION = '0.1.0';

export function instanceId(services: Services): string {
  return services.config.WHIP_INSTANCE_ID ?? `${hostname()}-${process.pid}`;
}

export interface RunningOps {
  server: OpsServer;
  /** Whether the platform adapters are logged in (set by main once they are, cleared on shutdown). */
  setAdaptersReady(ready: boolean): void;
  stop(): Promise<void>;
}

export async function startOps(services: Services, opts: { shards?: string } = {}): Promise<RunningOps | undefined> {
  const { config } = services;
  if (config.WHIP_OPS_PORT === undefined) return undefined;
  const metrics = createPromMetrics(
    {
      instance: instanceId(services),
      shards:
        opts.shards ??
        (!config.DISCORD_TOKEN
          ? 'none'
          : config.DISCORD_SHARD_IDS
            ? `${config.DISCORD_SHARD_IDS.join(',')}/${config.DISCORD_SHARD_COUNT}`
            : config.DISCORD_SHARD_COUNT === undefined
              ? 'all'
              : `all/${config.DISCORD_SHARD_COUNT}`),
      store: dialectOf(services.db),
      version: VERSION,
    },
    {
      kb: () => {
        // The engine is replaced when the KB grows: read the current one at every scrape.
        const k = (services.engine as { k?: { articles: unknown[]; claims: unknown[] } }).k;
        return k ? { articles: k.articles.length, claims: k.claims.length } : undefined;
      },
    },
  );
  services.metrics = metrics;
  let adaptersReady = false;
  const server = await startOpsServer({
    host: config.WHIP_OPS_HOST,
    port: config.WHIP_OPS_PORT,
    metrics,
    checks: [
      { name: 'database', check: () => pingDatabase(services.db) },
      { name: 'adapters', check: () => adaptersReady },
    ],
  });
  services.log.info({ host: config.WHIP_OPS_HOST, port: server.port }, 'ops server listening');
  return {
    server,
    setAdaptersReady(ready) {
      adaptersReady = ready;
    },
    stop: () => server.close(),
  };
}
