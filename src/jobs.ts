/**
 * Background jobs that run beside the platform adapters (the digest scheduler, feed polling). Each feature
 * adds its starter here.
 */
import type { RunningAdapter } from './adapters/types.js';
import type { Services } from './core/services.js';
import { type IngestJobOptions, startIngestJobs } from './ingest/jobs.js';

export async function startBackgroundJobs(
  services: Services,
  ingest: IngestJobOptions = {},
): Promise<RunningAdapter[]> {
  const jobs: RunningAdapter[] = [];
  jobs.push(...(await startIngestJobs(services, ingest)));
  // The digest scheduler posts through the started adapters' posters (services.posters).
  const { startDigestScheduler } = await import('./digest/runtime.js');
  jobs.push(startDigestScheduler(services));
  void services;
  return jobs;
}
