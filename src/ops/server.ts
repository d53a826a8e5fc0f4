/**
 * The ops HTTP server (WHIP_OPS_PORT; off when unset): GET /metrics (Prometheus text), /healthz (the process is
 * alive: always 200 while it can answer) and /readyz (200 only when the database answers and the platform
 * adapters have logged in; 503 with the failing checks otherwise, so a load balancer or orchestrator stops
 * routing to it). Bound to WHIP_OPS_HOST, 127.0.0.1 by default: metrics are not for the public internet.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PromMetrics } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** A readiness check that hangs (a database that accepts the connection and then stalls) counts as failed. */
const CHECK_TIMEOUT_MS = 3_000;

async function run(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(check.check()),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function startOpsServer(opts: {
  host: string;
  port: number;
  metrics: PromMetrics;
  checks: ReadinessCheck[];
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/readyz') {
      void Promise.all(opts.checks.map(async (c) => [c.name, await run(c)] as const)).then((results) => {
        const failing = results.filter(([, ok]) => !ok).map(([name]) => name);
        const body = failing.length ? `not ready: ${failing.join(', ')}\n` : 'ready\n';
        res.writeHead(failing.length ? 503 : 200, { 'content-type': 'text/plain' }).end(body);
      });
      return;
    }
    if (path === '/metrics') {
      opts.metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': opts.metrics.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
