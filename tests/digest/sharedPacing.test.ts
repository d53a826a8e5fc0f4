/**
 * WHIP_DIGEST_INSTANCES: a platform's rate limit is per bot, so N instances each pace digests at 1/N of it.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { DEFAULT_PACING } from '../../src/digest/limiter.js';
import { sharedPacing } from '../../src/digest/runtime.js';

describe('digest pacing shared between instances', () => {
  it('one instance keeps the default pacing; three each take a third of the rate', () => {
    expect(sharedPacing(1)).toBeUndefined();
    const three = sharedPacing(3);
    expect(three?.discord?.ratePerSec).toBeCloseTo(DEFAULT_PACING.discord.ratePerSec / 3);
    expect(three?.slack?.ratePerSec).toBeCloseTo(DEFAULT_PACING.slack.ratePerSec / 3);
    // Together never more in flight than one instance alone would have, and each at least one.
    expect((three?.discord?.concurrency ?? 0) * 3).toBeGreaterThanOrEqual(DEFAULT_PACING.discord.concurrency);
    expect(sharedPacing(100)?.slack?.concurrency).toBe(1);
    expect(three?.discord?.channelIntervalMs).toBe(DEFAULT_PACING.discord.channelIntervalMs);
  });
  it('WHIP_DIGEST_INSTANCES defaults to 1 and must be a whole number from 1', () => {
    expect(parseConfig({}).WHIP_DIGEST_INSTANCES).toBe(1);
    expect(parseConfig({ WHIP_DIGEST_INSTANCES: '3' }).WHIP_DIGEST_INSTANCES).toBe(3);
    expect(() => parseConfig({ WHIP_DIGEST_INSTANCES: '0' })).toThrow(ConfigError);
    expect(() => parseConfig({ WHIP_DIGEST_INSTANCES: 'two' })).toThrow(/WHIP_DIGEST_INSTANCES must be a whole number/);
  });
});
