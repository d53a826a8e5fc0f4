/**
 * Background jobs that run beside the platform adapters (the digest scheduler, feed polling). Each feature
 * adds its starter here.
 */
import type { RunningAdapter } from './adapters/types.js';
import type { Services } from './core/services.js';

export async function startBackgroundJobs(services: Services): Promise<RunningAdapter[]> {
  const jobs: RunningAdapter[] = [];
  void services;
  return jobs;
}
