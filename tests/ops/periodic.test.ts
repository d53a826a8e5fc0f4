/**
 * The one periodic-job loop behind feed polling, knowledge-base reload and question-log retention.
 */
import { describe, expect, it } from 'vitest';
import { startPeriodic } from '../../src/periodic.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPeriodic', () => {
  it('never overlaps runs, goes on after a failed run, and stop() waits for the run in progress', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const errors: unknown[] = [];
    let finished = false;
    const job = startPeriodic({
      name: 'test',
      intervalMs: 5,
      firstRunMs: 0,
      run: async () => {
        runs++;
        active++;
        most = Math.max(most, active);
        await sleep(15);
        active--;
        finished = true;
        if (runs === 1) throw new Error('first run fails');
      },
      onError: (e) => errors.push(e),
    });
    expect(job.name).toBe('test');
    await expect.poll(() => runs, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
    finished = false;
    await expect.poll(() => active, { timeout: 2000 }).toBe(1);
    await job.stop();
    expect(finished).toBe(true);
    expect(most).toBe(1);
    expect(errors).toHaveLength(1);
    const after = runs;
    await sleep(40);
    expect(runs).toBe(after);
  });

  it("runs at once with firstRunMs 'now', and otherwise first after the interval", async () => {
    let now = 0;
    const a = startPeriodic({
      name: 'a',
      intervalMs: 60_000,
      firstRunMs: 'now',
      run: async () => now++,
      onError: () => {},
    });
    await a.stop();
    expect(now).toBe(1);
    let later = 0;
    const b = startPeriodic({ name: 'b', intervalMs: 60_000, run: async () => later++, onError: () => {} });
    await sleep(20);
    await b.stop();
    expect(later).toBe(0);
  });
});
