/**
 * Rate limits on questions (issue #14): per user and per channel, through the real dispatcher, with an injected
 * clock — a burst is answered, the next question gets a clear "slow down" reply, and time refills the bucket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/core/commands/dispatch.js';
import type { Caller, CommandContext } from '../../src/core/commands/spec.js';
import type { Services } from '../../src/core/services.js';
import { MAX_KEYS, QuestionLimiter, setLimiter, TokenBuckets } from '../../src/rateLimit.js';
import { stubServices } from '../fakes/stubServices.js';

let services: Services;
let cleanup: () => Promise<void>;
let clock = 0;

beforeEach(async () => {
  ({ services, cleanup } = await stubServices());
  clock = 1_000_000;
  setLimiter(
    services,
    new QuestionLimiter({ user: { burst: 3, perMinute: 3 }, channel: { burst: 5, perMinute: 5 } }, () => clock),
  );
});
afterEach(async () => {
  await cleanup();
});

const caller = (id: string): Caller => ({ id, isAdmin: false, canManageChannel: false });
const ask = (user: string, channel = 'C1') =>
  dispatch(services.commands, { command: 'ask', args: { question: 'Who is the Deputy Prime Minister?' } }, {
    platform: 'slack',
    services,
    caller: caller(user),
    channelId: channel,
    workspaceId: 'T1',
  } as CommandContext);

describe('question rate limits', () => {
  it('per user: a burst is answered, then "slow down" until the bucket refills', async () => {
    for (let i = 0; i < 3; i++) expect((await ask('U1')).kind).toBe('answer');
    const slowed = await ask('U1');
    expect(slowed.kind).toBe('error');
    expect(slowed.text).toBe('Slow down: too many questions in a short time. Please try again in 20 seconds.');
    // Another user in another channel is not affected.
    expect((await ask('U2', 'C2')).kind).toBe('answer');
    clock += 20_000;
    expect((await ask('U1')).kind).toBe('answer');
  });

  it('per channel: many users together are limited in one channel, not in another', async () => {
    for (const u of ['A', 'B', 'C', 'D', 'E']) expect((await ask(u)).kind).toBe('answer');
    expect((await ask('F')).text).toMatch(/^Slow down/);
    expect((await ask('F', 'C9')).kind).toBe('answer');
  });

  it('the console is not limited', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await dispatch(
        services.commands,
        { command: 'ask', args: { question: 'Who is the Deputy Prime Minister?' } },
        { platform: 'console', services, caller: caller('console'), channelId: 'console' } as CommandContext,
      );
      expect(r.kind).toBe('answer');
    }
  });

  it('remembers a bounded number of keys', () => {
    const t = 0;
    const b = new TokenBuckets({ burst: 1, perMinute: 1 }, () => t);
    expect(b.take('first')).toBe(0);
    expect(b.take('first')).toBeGreaterThan(0);
    for (let i = 0; i < MAX_KEYS; i++) b.take(`k${i}`);
    // 'first' was forgotten (least recently used): a full bucket again.
    expect(b.take('first')).toBe(0);
  });
});
