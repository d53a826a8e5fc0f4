/**
 * What the bot counts, as a small interface the core and the jobs call. The Prometheus implementation lives in
 * src/ops/metrics.ts; the core never imports prom-client (nor any outer layer). Without WHIP_OPS_PORT nothing
 * is collected: `services.metrics` is undefined and every call site is `metrics?.x(...)`.
 */
export interface Metrics {
  /** A question answered (any status), with how long composing the answer took. */
  question(platform: string, status: string, seconds: number): void;
  /** A digest slot finished: posted, failed, or skipped (nothing new, missed, paused). */
  digest(platform: string, outcome: 'sent' | 'failed' | 'skipped'): void;
  /** One HTTP fetch made by the feed poller (a feed or an item's page). */
  feedFetch(ok: boolean): void;
}
