/**
 * Per-platform pacing for digest posts: posts spaced 1/ratePerSec apart (GCRA, so a due batch does not burst at
 * the start of each second), never more than `ratePerSec` started in any sliding one-second window, at most
 * `concurrency` in flight, at most one post per channel every `channelIntervalMs`, and a pause of the whole
 * platform when it answers 429 with a Retry-After — so thousands of due digests drain at the platform's limit
 * instead of in a 429 storm. Waiters are served first come, first served (a waiter whose channel is cooling
 * down lets later ones pass).
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from './clock.js';

export interface PaceOptions {
  /** Posts started per second (sliding window). */
  ratePerSec: number;
  /** Posts in flight at once. */
  concurrency: number;
  /** Minimum gap between two posts to the same channel (Slack: ~1 message/s per channel). */
  channelIntervalMs?: number;
}

/**
 * Defaults per platform. Discord: 50 requests/s is the bot-wide global limit (discord.js's REST queue also
 * enforces it and each channel's route bucket); 48/s leaves a margin (interaction responses are not bound by it). Slack: about one
 * message per second per channel and "several hundred per minute" per workspace.
 */
export const DEFAULT_PACING: Record<'discord' | 'slack' | 'console', PaceOptions> = {
  discord: { ratePerSec: 48, concurrency: 10, channelIntervalMs: 1000 },
  slack: { ratePerSec: 4, concurrency: 4, channelIntervalMs: 1100 },
  console: { ratePerSec: 1000, concurrency: 1 },
};

interface Waiter {
  channel: string;
  resolve: (release: () => void) => void;
}

export class RateLimiter {
  private readonly waiters: Waiter[] = [];
  private readonly grants: number[] = [];
  private readonly lastByChannel = new Map<string, number>();
  private active = 0;
  private pausedUntil = 0;
  private wakeAt = Number.POSITIVE_INFINITY;
  /** Theoretical time of the next grant (GCRA): posts are spaced 1/rate apart instead of bursting per window. */
  private tat = 0;
  private readonly interval: number;
  private closed = false;
  private readonly aborter = new AbortController();
  private readonly perWindow: number;
  private readonly windowMs = 1000;

  constructor(
    private readonly opts: PaceOptions,
    private readonly clock: Clock,
  ) {
    this.perWindow = Math.max(1, Math.floor(opts.ratePerSec));
    this.interval = 1000 / Math.max(0.001, opts.ratePerSec);
    setMaxListeners(0, this.aborter.signal);
  }

  /** Wait for a turn to post to `channel`; call the returned function when the post is done. */
  acquire(channel: string): Promise<() => void> {
    if (this.closed) return Promise.resolve(() => undefined);
    return new Promise((resolve) => {
      this.waiters.push({ channel, resolve });
      this.pump();
    });
  }

  /** Hold every post of this platform for `ms` (the platform said Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  get pending(): number {
    return this.waiters.length;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Let every waiter go (they must check whether the scheduler is stopping). */
  close(): void {
    this.closed = true;
    this.aborter.abort();
    for (const w of this.waiters.splice(0)) w.resolve(() => undefined);
  }

  private pump(): void {
    while (this.waiters.length && !this.closed) {
      const now = this.clock.now();
      while (this.grants.length && (this.grants[0] as number) <= now - this.windowMs) this.grants.shift();
      if (now < this.pausedUntil) {
        this.wake(this.pausedUntil);
        return;
      }
      if (this.active >= this.opts.concurrency) return; // a release pumps again
      if (now < this.tat) {
        this.wake(this.tat);
        return;
      }
      if (this.grants.length >= this.perWindow) {
        this.wake((this.grants[0] as number) + this.windowMs);
        return;
      }
      const gap = this.opts.channelIntervalMs ?? 0;
      let idx = 0;
      let earliest = Number.POSITIVE_INFINITY;
      if (gap > 0) {
        idx = this.waiters.findIndex((w) => {
          const last = this.lastByChannel.get(w.channel);
          const ready = last === undefined ? now : last + gap;
          if (ready > now) earliest = Math.min(earliest, ready);
          return ready <= now;
        });
        if (idx < 0) {
          this.wake(earliest);
          return;
        }
      }
      const [w] = this.waiters.splice(idx, 1) as [Waiter];
      this.active++;
      this.grants.push(now);
      // A late wake-up does not push the schedule back (the sliding window still caps any second).
      this.tat = Math.max(this.tat, now - this.interval) + this.interval;
      if (gap > 0) {
        this.lastByChannel.set(w.channel, now);
        if (this.lastByChannel.size > 10_000) {
          for (const [ch, t] of this.lastByChannel) if (t + gap <= now) this.lastByChannel.delete(ch);
        }
      }
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.active--;
        this.pump();
      });
    }
  }

  private wake(at: number): void {
    if (at >= this.wakeAt) return;
    this.wakeAt = at;
    void this.clock.sleep(Math.max(1, at - this.clock.now()), this.aborter.signal).then(() => {
      if (this.wakeAt === at) this.wakeAt = Number.POSITIVE_INFINITY;
      this.pump();
    });
  }
}
