/**
 * Per-user and per-channel limits on questions (ask, mentions and thread follow-ups all dispatch `ask`): a token
 * bucket per key, refilled continuously, so a burst is allowed and a steady flood is not. A small in-process
 * bucket is all this needs (one bot process per deployment; no shared store), so no library. The clock is
 * injectable for tests. Keys are bounded: the least recently used are forgotten past MAX_KEYS.
 */

/** Keys remembered at most (users and channels); an idle key's bucket is full anyway, so forgetting is harmless. */
export const MAX_KEYS = 10_000;

export interface Limit {
  /** Requests allowed in a burst. */
  burst: number;
  /** Sustained requests per minute. */
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: Limit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one token for `key`: 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const t = this.now();
    const ratePerMs = this.limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + (t - b.at) * ratePerMs);
    b.at = t;
    this.buckets.delete(key); // re-insert: Map order is the LRU order
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / ratePerMs);
  }
}

export interface QuestionLimits {
  user: Limit;
  channel: Limit;
}

/** Questions per user and per channel; a request must fit both. */
export class QuestionLimiter {
  private readonly users: TokenBuckets;
  private readonly channels: TokenBuckets;

  constructor(limits: QuestionLimits, now: () => number = Date.now) {
    this.users = new TokenBuckets(limits.user, now);
    this.channels = new TokenBuckets(limits.channel, now);
  }

  /** 0 when the question may be answered, else how long to wait (ms). */
  check(platform: string, userId: string, channelId: string | undefined): number {
    const user = this.users.take(`${platform}:${userId}`);
    if (user) return user;
    return channelId ? this.channels.take(`${platform}:${channelId}`) : 0;
  }
}

/** The "slow down" reply text. */
export function slowDownText(waitMs: number): string {
  const s = Math.max(1, Math.ceil(waitMs / 1000));
  return `Slow down: too many questions in a short time. Please try again in ${s} second${s === 1 ? '' : 's'}.`;
}

const limiters = new WeakMap<object, QuestionLimiter>();

/** The limiter of a running bot (one per Services object), created from its configuration on first use. */
export function limiterFor(
  services: object,
  config: { WHIP_RATE_USER_PER_MINUTE: number; WHIP_RATE_CHANNEL_PER_MINUTE: number },
): QuestionLimiter {
  let l = limiters.get(services);
  if (!l) {
    l = new QuestionLimiter({
      user: { perMinute: config.WHIP_RATE_USER_PER_MINUTE, burst: config.WHIP_RATE_USER_PER_MINUTE },
      channel: { perMinute: config.WHIP_RATE_CHANNEL_PER_MINUTE, burst: config.WHIP_RATE_CHANNEL_PER_MINUTE },
    });
    limiters.set(services, l);
  }
  return l;
}

/** Replace the limiter of a Services object (tests: an injected clock). */
export function setLimiter(services: object, limiter: QuestionLimiter): void {
  limiters.set(services, limiter);
}
