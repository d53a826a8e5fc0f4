/**
 * Registration and posting against the loopback fake, in process: scopes, dry runs, the unchanged case, and the
 * one-line explanations of failures.
 */
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { classifyDiscordError, rejectLongChannelPostLimits } from '../../src/adapters/discord/poster.js';
import { registerCommands, summarise } from '../../src/adapters/discord/register.js';
import { DeliveryError } from '../../src/core/delivery.js';
import { FakeDiscord } from '../fakes/discordFake.js';
import { stubServices } from '../fakes/stubServices.js';

let fake: FakeDiscord;
let rest: REST;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  rest = new REST({ api: fake.apiBase, retries: 0 }).setToken(fake.token);
});

afterAll(async () => {
  rest?.clearHashSweeper();
  rest?.clearHandlerSweeper();
  await fake?.close();
});

describe('registerCommands', () => {
  it('registers globally, then finds nothing to do', async () => {
    const first = await registerCommands({ rest, applicationId: fake.applicationId, commands });
    expect(first).toMatchObject({ scope: 'global', changed: true, written: true, count: commands.length });
    expect(summarise(first)).toMatch(/^discord: registered \d+ commands in global scope: added ask/);
    expect(fake.commands.get('global')?.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    // Globally, /ask works in a DM with the bot too; /digest configures a server channel.
    expect(fake.commands.get('global')?.find((c) => c.name === 'ask')?.contexts).toEqual([0, 1]);
    expect(fake.commands.get('global')?.find((c) => c.name === 'digest')?.contexts).toEqual([0]);

    const second = await registerCommands({ rest, applicationId: fake.applicationId, commands });
    expect(second.changed).toBe(false);
    expect(summarise(second)).toMatch(/up to date; nothing registered/);
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('reports a changed description and writes nothing on a dry run', async () => {
    const changed = commands.map((c) => (c.name === 'who' ? { ...c, description: 'Who holds a role' } : c));
    const dry = await registerCommands({ rest, applicationId: fake.applicationId, commands: changed, dryRun: true });
    expect(dry).toMatchObject({ changed: true, written: false });
    expect(dry.diff.changed).toEqual([{ name: 'who', paths: ['description'] }]);
    expect(summarise(dry)).toMatch(/would register \(dry run\).*changed who \(description\)/);
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('fails clearly for a guild the application cannot reach', async () => {
    await expect(
      registerCommands({ rest, applicationId: fake.applicationId, guildId: '123456789012345678', commands }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('poster error classification', () => {
  it('treats timeouts and network failures as temporary', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(classifyDiscordError(abort)).toMatchObject({ permanent: false });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyDiscordError(refused)).toMatchObject({ permanent: false });
    const d = new DeliveryError('x', true);
    expect(classifyDiscordError(d)).toBe(d);
  });

  it('only rejects long rate limits on channel posts', () => {
    const base = {
      global: false,
      method: 'POST',
      url: '',
      route: '/channels/:id/messages',
      majorParameter: '1',
      hash: 'h',
      limit: 5,
      timeToReset: 0,
      retryAfter: 0,
      sublimitTimeout: 0,
      scope: 'user' as const,
    };
    expect(rejectLongChannelPostLimits({ ...base, retryAfter: 10_000 })).toBe(true);
    expect(rejectLongChannelPostLimits({ ...base, retryAfter: 500 })).toBe(false);
    expect(
      rejectLongChannelPostLimits({ ...base, route: '/interactions/:id/:token/callback', retryAfter: 10_000 }),
    ).toBe(false);
  });
});

describe('login failures', () => {
  it('rejects, rather than hangs, when the gateway refuses the token', async () => {
    const gw = await FakeDiscord.start();
    gw.rejectIdentify = true;
    const { services, cleanup } = await stubServices({ DISCORD_TOKEN: gw.token, DISCORD_API_BASE: gw.apiBase });
    try {
      await expect(startDiscord(services)).rejects.toThrow(/^discord: DISCORD_TOKEN was rejected by the gateway/);
    } finally {
      await cleanup();
      await gw.close();
    }
  }, 30_000);

  it('rejects with one line when Discord cannot be reached', async () => {
    const { services, cleanup } = await stubServices({
      DISCORD_TOKEN: 'x',
      DISCORD_API_BASE: 'http://127.0.0.1:9/api',
    });
    try {
      await expect(startDiscord(services)).rejects.toThrow(
        /^discord: could not connect to Discord at http:\/\/127\.0\.0\.1:9\/api: .*ECONNREFUSED/,
      );
    } finally {
      await cleanup();
    }
  }, 30_000);
});
