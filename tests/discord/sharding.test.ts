/**
 * Discord gateway sharding from configuration: DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS become the discord.js
 * client's `shards` / `shardCount`, and the real client identifies to the loopback fake Discord as the shard
 * this process was given (so shards spread over processes and hosts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { shardOptions, startDiscord } from '../../src/adapters/discord/index.js';
import { type ConfigError, parseConfig } from '../../src/config.js';
import { FakeDiscord } from '../fakes/discordFake.js';
import { stubServices } from '../fakes/stubServices.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('sharding config', () => {
  it('parses counts, auto and id lists/ranges', () => {
    expect(parseConfig({}).DISCORD_SHARD_COUNT).toBeUndefined();
    expect(parseConfig({ DISCORD_SHARD_COUNT: 'auto' }).DISCORD_SHARD_COUNT).toBe('auto');
    const c = parseConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '0, 4-6' });
    expect(c.DISCORD_SHARD_COUNT).toBe(8);
    expect(c.DISCORD_SHARD_IDS).toEqual([0, 4, 5, 6]);
  });

  it('refuses ids without a numeric count, ids beyond the count, and nonsense', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ DISCORD_SHARD_IDS: '0' })[0]).toMatch(/DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT/);
    expect(problems({ DISCORD_SHARD_COUNT: 'auto', DISCORD_SHARD_IDS: '0' })[0]).toMatch(/not auto/);
    expect(problems({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '2' })[0]).toMatch(
      /below DISCORD_SHARD_COUNT \(2\)/,
    );
    expect(problems({ DISCORD_SHARD_COUNT: 'many' })[0]).toMatch(/DISCORD_SHARD_COUNT must be/);
  });

  it('maps to discord.js options: nothing when unset, every shard of a count, the given ids, or auto', () => {
    expect(shardOptions({})).toEqual({});
    expect(shardOptions({ count: 'auto' })).toEqual({ shards: 'auto' });
    expect(shardOptions({ count: 3 })).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(shardOptions({ count: 4, ids: [2, 3] })).toEqual({ shards: [2, 3], shardCount: 4 });
  });
});

describe('a sharded bot on the fake Discord', () => {
  it('identifies as shard 1 of 2 when told to', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const { services, cleanup } = await stubServices({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_SHARD_COUNT: '2',
      DISCORD_SHARD_IDS: '1',
    });
    cleanups.push(cleanup);
    const bot = await startDiscord(services);
    cleanups.push(() => bot.stop());
    const identify = fake.gatewayReceived.find((m) => m.op === 2)?.d as { shard?: [number, number] };
    expect(identify.shard).toEqual([1, 2]);
  });
});
