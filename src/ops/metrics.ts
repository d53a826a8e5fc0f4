/**
 * The Prometheus metrics (prom-client), in one place: every metric's name, help and labels are defined here and
 * nowhere else. Code elsewhere counts through the `Metrics` interface (src/core/metrics.ts); gauges that
 * describe state (KB size, identity) are read at scrape time from callbacks, so nothing has to push them.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../core/metrics.js';

/**
 * Answer latency buckets (seconds): the engine answers from memory in milliseconds; Discord's interaction
 * deadline is 3 s and Slack's acknowledgement deadline 3 s, so the top buckets show answers near those limits.
 */
const ANSWER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Event-loop lag is sampled at this resolution (ms): fine enough to see a 20 ms stall. */
const EVENT_LOOP_RESOLUTION_MS = 10;

export interface Identity {
  /** This process's name in the cluster (WHIP_INSTANCE_ID, else host-pid). */
  instance: string;
  /** The Discord shards this process runs (`all`, or ids like `0,1`), or `none` without Discord. */
  shards: string;
  /** `sqlite` or `postgres`. */
  store: string;
  version: string;
}

export interface PromMetrics extends Metrics {
  readonly registry: Registry;
  /** Text exposition for GET /metrics. */
  render(): Promise<string>;
  contentType: string;
}

export function createPromMetrics(
  identity: Identity,
  readings: { kb?: () => { articles: number; claims: number } | undefined } = {},
): PromMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ instance_id: identity.instance });
  // Process CPU, memory, GC and nodejs_eventloop_lag_* (the event-loop lag the issue asks for).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });

  const questions = new Counter({
    name: 'whip_questions_total',
    help: 'Questions answered, by platform and answer status.',
    labelNames: ['platform', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'whip_answer_duration_seconds',
    help: 'Time to compose an answer, by platform.',
    labelNames: ['platform'] as const,
    buckets: ANSWER_BUCKETS,
    registers: [registry],
  });
  const digests = new Counter({
    name: 'whip_digest_deliveries_total',
    help: 'Digest slots finished, by platform and outcome (sent, failed, skipped).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const fetches = new Counter({
    name: 'whip_feed_fetches_total',
    help: 'HTTP fetches made by the feed poller (feeds and their items), by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'whip_kb_size',
    help: 'Size of the knowledge base this instance answers from, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const kb = readings.kb?.();
      if (!kb) return;
      this.set({ kind: 'articles' }, kb.articles);
      this.set({ kind: 'claims' }, kb.claims);
    },
  });
  new Gauge({
    name: 'whip_instance_info',
    help: 'Identity of this instance: always 1, the labels carry the information.',
    labelNames: ['instance', 'shards', 'store', 'version'] as const,
    registers: [registry],
  }).set({ ...identity }, 1);
  // Zero series for the outcomes, so rates exist before the first event.
  for (const outcome of ['sent', 'failed', 'skipped']) digests.inc({ platform: 'none', outcome }, 0);
  fetches.inc({ result: 'ok' }, 0);
  fetches.inc({ result: 'failed' }, 0);

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    question(platform, status, seconds) {
      questions.inc({ platform, status });
      latency.observe({ platform }, seconds);
    },
    digest(platform, outcome) {
      digests.inc({ platform, outcome });
    },
    feedFetch(ok) {
      fetches.inc({ result: ok ? 'ok' : 'failed' });
    },
  };
}
