/**
 * Time for the digest scheduler, injectable so tests run on a fake clock (and never assert wall-clock times).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolve after `ms` milliseconds of this clock's time, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      // A referenced timer keeps a one-shot run alive; stop() aborts every pending sleep so shutdown is prompt.
      const t = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Virtual time running `speed` times faster than real time, from `virtualStartMs` at the real moment
 * `realEpochMs`. Several processes given the same three numbers agree on the time to within their real clocks'
 * agreement: what an end-to-end test of several instances needs to see an every-minute digest every few seconds.
 */
export function acceleratedClock(virtualStartMs: number, realEpochMs: number, speed: number): Clock {
  return {
    now: () => virtualStartMs + (Date.now() - realEpochMs) * speed,
    sleep: (ms, signal) => systemClock.sleep(ms / speed, signal),
  };
}

/** The fastest a test clock may run: the scheduler's 1-second tick must still be a few real milliseconds. */
const MAX_TEST_CLOCK_SPEED = 200;

/**
 * WHIP_TEST_CLOCK=`<virtual start ISO>,<real epoch ms>,<speed>` — an accelerated clock for the digest scheduler
 * and feed polling, honoured only under NODE_ENV=test (a deployment can never run on it by accident).
 */
export function testClockFromEnv(env: Record<string, string | undefined>): { clock: Clock; speed: number } | undefined {
  const spec = env.WHIP_TEST_CLOCK?.trim();
  if (!spec || env.NODE_ENV !== 'test') return undefined;
  const [start, epoch, speedText] = spec.split(',');
  const virtualStart = Date.parse(start ?? '');
  const realEpoch = Number(epoch);
  const speed = Number(speedText);
  if (!Number.isFinite(virtualStart) || !Number.isFinite(realEpoch) || !(speed >= 1 && speed <= MAX_TEST_CLOCK_SPEED)) {
    throw new Error(`WHIP_TEST_CLOCK must be "<ISO time>,<epoch ms>,<speed 1-${MAX_TEST_CLOCK_SPEED}>"`);
  }
  return { clock: acceleratedClock(virtualStart, realEpoch, speed), speed };
}
