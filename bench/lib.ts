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
