import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/digest/limiter.js';
import { FakeClock } from './helpers.js';

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe('RateLimiter', () => {
  it('never starts more than ratePerSec posts in any one-second window, and keeps up with the rate', async () => {
    const clock = new FakeClock(0);
    const l = new RateLimiter({ ratePerSec: 10, concurrency: 100 }, clock);
    const grants: number[] = [];
    await Promise.all(
      Array.from({ length: 95 }, (_, i) =>
        l.acquire(`c${i}`).then((release) => {
          grants.push(clock.now());
          release();
        }),
      ),
    );
    expect(grants).toHaveLength(95);
    expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(10);
    // 95 posts at 10/s, spaced 100 ms apart (no burst at the start of each second).
    expect((grants.at(-1) as number) - (grants[0] as number)).toBe(9400);
    expect(grants.slice(0, 3)).toEqual([0, 100, 200]);
  });

  it('caps concurrency and serves waiters as posts finish', async () => {
    const clock = new FakeClock(0);
    const l = new RateLimiter({ ratePerSec: 1000, concurrency: 2 }, clock);
    const releases: (() => void)[] = [];
    const got: number[] = [];
    const all = [0, 1, 2, 3].map((i) =>
      l.acquire(`c${i}`).then((r) => {
        got.push(i);
        releases.push(r);
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([0, 1]);
    expect(l.pending).toBe(2);
    releases[0]?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([0, 1, 2]);
    releases[1]?.();
    releases[2]?.();
    await Promise.all(all);
    expect(got).toEqual([0, 1, 2, 3]);
  });

  it('spaces posts to one channel; other channels pass meanwhile', async () => {
    const clock = new FakeClock(0);
    const l = new RateLimiter({ ratePerSec: 100, concurrency: 10, channelIntervalMs: 1000 }, clock);
    const order: string[] = [];
    const at: Record<string, number[]> = {};
    await Promise.all(
      ['a', 'a', 'b', 'a'].map((ch) =>
        l.acquire(ch).then((release) => {
          order.push(ch);
          at[ch] = [...(at[ch] ?? []), clock.now()];
          release();
        }),
      ),
    );
    expect(order).toEqual(['a', 'b', 'a', 'a']);
    expect(at.a).toEqual([0, 1000, 2000]);
    expect(at.b).toEqual([10]); // 100/s: spaced 10 ms after the first
  });

  it('a pause (Retry-After) holds every post of the platform', async () => {
    const clock = new FakeClock(0);
    const l = new RateLimiter({ ratePerSec: 100, concurrency: 10 }, clock);
    l.pauseFor(5000);
    const release = await l.acquire('c');
    expect(clock.now()).toBeGreaterThanOrEqual(5000);
    release();
  });
});
