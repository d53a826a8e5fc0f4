/**
 * The one periodic-job loop (feed polling, knowledge-base reload, question-log retention): runs never overlap
 * (the next is timed from the end of the last), a failed run is reported and the loop goes on, and stop() ends
 * the timer and waits for the run in progress.
 */
import type { RunningAdapter } from './adapters/types.js';

export interface PeriodicJob {
  name: string;
  /** Time from the end of one run to the start of the next. */
  intervalMs: number;
  /** When the first run starts: `now` (before startPeriodic returns) or after this many ms (default intervalMs). */
  firstRunMs?: number | 'now';
  /** Do not keep the process alive for this job alone (default false). */
  unref?: boolean;
  run: () => Promise<unknown>;
  /** Told of a run that threw; the loop carries on. */
  onError: (e: unknown) => void;
}

export function startPeriodic(job: PeriodicJob): RunningAdapter {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    if (job.unref) timer.unref();
  };
  function tick(): void {
    running = Promise.resolve()
      .then(job.run)
      .then(
        () => undefined,
        (e: unknown) => job.onError(e),
      )
      .finally(() => {
        running = undefined;
        schedule(job.intervalMs);
      });
  }
  if (job.firstRunMs === 'now') tick();
  else schedule(job.firstRunMs ?? job.intervalMs);
  return {
    name: job.name,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
