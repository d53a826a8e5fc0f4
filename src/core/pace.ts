/**
 * Long synchronous work (building the knowledge base from 10,000 articles takes seconds) cut into slices, so the
 * event loop keeps serving — acking Slack within 3 s, answering Discord, posting digests — while it runs.
 * `await pace()` inside a loop yields to the event loop (setImmediate: pending I/O runs first) once `sliceMs`
 * has passed since the last yield; otherwise it costs a clock read.
 */
import { performance } from 'node:perf_hooks';

export type Pace = () => Promise<void> | undefined;

export function pacer(sliceMs = 10): Pace {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}
