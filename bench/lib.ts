/**
 * Shared benchmark helpers: timing, percentiles and one printed row per figure. Benchmarks print figures; they
 * never fail on a time (tests never assert wall-clock times).
 */
import { performance } from 'node:perf_hooks';

export interface Figure {
  /** e.g. "ask latency, seed KB (warm)" */
  name: string;
  /** e.g. "p50 0.21 ms, p99 0.48 ms (n=1000)" */
  value: string;
  /** The target from the issue, e.g. "p99 < 1 ms". */
  target?: string;
  /** Raw numbers for the README table / JSON output. */
  data?: Record<string, number>;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export function summarise(samplesMs: number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = [...samplesMs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean, n: s.length };
}

export function fmtMs(ms: number): string {
  return ms < 1 ? `${ms.toFixed(3)} ms` : ms < 100 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}

/** Time `fn` n times (after `warmup` untimed runs); returns samples in milliseconds. */
export async function timeMany(n: number, fn: (i: number) => unknown, warmup = Math.min(100, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export function latencyFigure(name: string, samplesMs: number[], target?: string): Figure {
  const s = summarise(samplesMs);
  return {
    name,
    value: `p50 ${fmtMs(s.p50)}, p99 ${fmtMs(s.p99)} (n=${s.n})`,
    target,
    data: { p50_ms: s.p50, p99_ms: s.p99, mean_ms: s.mean, n: s.n },
  };
}

export function printFigures(section: string, figures: Figure[]): void {
  process.stdout.write(`\n## ${section}\n`);
  for (const f of figures) {
    process.stdout.write(`- ${f.name}: ${f.value}${f.target ? `   [target: ${f.target}]` : ''}\n`);
  }
}

/**
 * A fixed, non-allocating computation: `iters` steps of a multiply-add over a small table. It does the same work
 * every time and makes no garbage, so the spread of its times is the machine's own (scheduling, other processes,
 * CPU frequency), not the code's or the garbage collector's.
 */
const CONTROL_TABLE = Float64Array.from({ length: 1024 }, (_, i) => (i * 7919) % 1000);
export function controlWork(iters: number): number {
  let h = 0;
  for (let i = 0; i < iters; i++) h = (h * 31 + (CONTROL_TABLE[i & 1023] as number)) % 1_000_003;
  return h;
}

/** Steps of controlWork that take about `targetMs` on this machine now (measured, not assumed). */
export function calibrateControl(targetMs: number): number {
  const probe = 20_000;
  const times: number[] = [];
  for (let r = 0; r < 50; r++) {
    const t0 = performance.now();
    controlWork(probe);
    times.push(performance.now() - t0);
  }
  return Math.max(1, Math.round((probe * targetMs) / summarise(times).p50));
}

export interface Interleaved {
  /** The measured function's samples, ms. */
  samples: number[];
  /** The control's samples, ms, each taken right after one of the function's. */
  control: number[];
  /** Samples over `slowMs`, and how many of them overlapped a garbage-collection pause. */
  slow: number;
  slowInGc: number;
}

/**
 * Times `fn` n times (after `warmup` untimed runs), each run followed by the fixed control computation timed on its
 * own (same moments of the machine), and counts the slow runs that overlapped a GC pause (a PerformanceObserver
 * on 'gc' entries). The control is calibrated to the function's median, so the two p99/p50 ratios compare like
 * with like: a tail the control shares is the machine's; one it lacks is the code's (or its garbage).
 */
export async function timeInterleaved(
  n: number,
  fn: (i: number) => unknown,
  warmup: number,
  slowMs: number,
): Promise<Interleaved> {
  const { PerformanceObserver } = await import('node:perf_hooks');
  for (let i = 0; i < warmup; i++) await fn(i);
  const probe: number[] = [];
  for (let i = 0; i < Math.min(500, n); i++) {
    const t0 = performance.now();
    await fn(i);
    probe.push(performance.now() - t0);
  }
  const iters = calibrateControl(summarise(probe).p50);
  const gcs: Array<[number, number]> = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const samples: number[] = [];
  const control: number[] = [];
  const starts: number[] = [];
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    const t1 = performance.now();
    sink += controlWork(iters);
    const t2 = performance.now();
    starts.push(t0);
    samples.push(t1 - t0);
    control.push(t2 - t1);
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();
  if (sink < 0) throw new Error('unreachable: keeps the control from being optimised away');
  let slow = 0;
  let slowInGc = 0;
  for (let i = 0; i < n; i++) {
    const t0 = starts[i] as number;
    const t1 = t0 + (samples[i] as number);
    if (t1 - t0 <= slowMs) continue;
    slow++;
    if (gcs.some(([s, e]) => s < t1 && e > t0)) slowInGc++;
  }
  return { samples, control, slow, slowInGc };
}
