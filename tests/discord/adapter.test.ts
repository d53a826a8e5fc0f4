/**
 * The adapter in-process: a real discord.js Client (startDiscord) against the loopback fake, with the real
 * command set, dispatcher and store, and a hand-built answer engine (so these run without the knowledge base).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import { DeliveryError } from '../../src/core/delivery.js';
import { infoReply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { FakeDiscord, PERMISSIONS, type VisibleReply } from '../fakes/discordFake.js';
import { stubServices } from '../fakes/stubServices.js';

const alerts: CommandSpec = {
  name: 'alerts',
  description: 'Digests for this channel',
  options: [],
  subcommands: [
    {
      name: 'subscribe',
      description: 'Subscribe this channel',
      permission: 'manage_channel',
      options: [{ name: 'time', description: 'When', type: 'string', required: true }],
      handler: (args) => infoReply('Subscribed', `Daily digest at ${args.time}`),
    },
    {
      name: 'preview',
      description: 'Preview the next alert',
      options: [],
      handler: () => infoReply('Preview', 'Only you can see this', { ephemeral: true }),
    },
  ],
};

let fake: FakeDiscord;
let services: Services;
let cleanup: () => Promise<void>;
let bot: RunningAdapter;

function embed(r: VisibleReply): Record<string, unknown> {
  return ((r.body.embeds as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  ({ services, cleanup } = await stubServices({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase }));
  services.commands = [...services.commands, alerts];
  bot = await startDiscord(services);
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await cleanup?.();
  await fake?.close();
});

describe('discord adapter (in-process, real discord.js client)', () => {
  it('logged in through the fake with the Guilds and message intents (none privileged) and registered a channel poster', () => {
    const identify = fake.gatewayReceived.find((m) => m.op === 2)?.d as { intents: number; token: string };
    expect(identify.intents).toBe(1 | 512 | 4096);
    expect(identify.token).toBe(fake.token);
    expect(fake.requests.some((r) => r.path === '/gateway/bot')).toBe(true);
    expect(services.posters.discord?.platform).toBe('discord');
  });

  it('defers, then edits in the answer with buttons and no pings', async () => {
    const i = fake.sendInteraction(
      fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab? @everyone <@&123>' }),
    );
    const r = await fake.waitForReply(i);
    const reqs = fake.requestsFor(i);
    expect((reqs[0]?.body as { type?: number } | undefined)?.type).toBe(5);
    expect(reqs[0]?.headers.authorization).toBeUndefined();
    expect(r.via).toBe('edit');
    expect(r.ephemeral).toBe(false);
    expect(r.body.allowed_mentions).toEqual({ parse: [] });
    expect(embed(r).title).toBe('Nick Clegg');
    expect(JSON.stringify(r.body)).not.toMatch(/@everyone|<@&123>/);
    const ids = JSON.stringify(r.body.components);
    expect(ids).toMatch(/whip:sources:\d+/);
    expect(ids).toMatch(/whip:fb:up:\d+/);
  });

  it('answers a missing required option at once, ephemerally, without deferring', async () => {
    const i = fake.sendInteraction(fake.slashCommand('who', {}));
    const r = await fake.waitForReply(i);
    expect(r.via).toBe('callback');
    expect(r.ephemeral).toBe(true);
    expect(String(embed(r).description)).toContain('`role` is required');
    expect(fake.requestsFor(i)).toHaveLength(1);
  });

  it('swaps the public placeholder for an ephemeral follow-up when the handler returns a usage error', async () => {
    const i = fake.sendInteraction(fake.slashCommand('quote', {}));
    const r = await fake.waitForReply(i);
    expect(r.via).toBe('followup');
    expect(r.ephemeral).toBe(true);
    expect(r.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.requestsFor(i).some((x) => x.method === 'DELETE')).toBe(true);
  });

  it('refuses a manage-channel subcommand to a regular member and runs it, ephemerally, for a channel manager', async () => {
    const refused = await fake.waitForReply(
      fake.sendInteraction(fake.slashCommand('alerts', { time: '08:00' }, { subcommand: 'subscribe' })),
    );
    expect(refused.ephemeral).toBe(true);
    expect(String(embed(refused).description)).toMatch(/only people who can manage this channel/);
    const ok = await fake.waitForReply(
      fake.sendInteraction(
        fake.slashCommand(
          'alerts',
          { time: '08:00' },
          { subcommand: 'subscribe', permissions: PERMISSIONS.manageChannels },
        ),
      ),
    );
    expect(ok.via).toBe('edit');
    expect(ok.ephemeral).toBe(true);
    expect(embed(ok).description).toBe('Daily digest at 08:00');
  });

  it('defers previews ephemerally, so the private reply needs no placeholder swap', async () => {
    const i = fake.sendInteraction(fake.slashCommand('alerts', {}, { subcommand: 'preview' }));
    const r = await fake.waitForReply(i);
    expect(r.via).toBe('edit');
    expect(r.ephemeral).toBe(true);
    expect(fake.requestsFor(i).some((x) => x.method === 'DELETE')).toBe(false);
  });

  it('/help, an unknown command and a stale button are answered only to the caller', async () => {
    const asked = fake.sendInteraction(fake.slashCommand('help', {}));
    const help = await fake.waitForReply(asked);
    expect(help.ephemeral).toBe(true);
    expect(fake.requestsFor(asked).some((r) => r.method === 'DELETE')).toBe(false);
    const unknown = await fake.waitForReply(fake.sendInteraction(fake.slashCommand('frobnicate', {})));
    expect(unknown.ephemeral).toBe(true);
    expect(String(unknown.body.content)).toMatch(/Unknown command `frobnicate`/);
    const stale = await fake.waitForReply(fake.sendInteraction(fake.button('someone-else:42')));
    expect(stale.ephemeral).toBe(true);
    expect(String(stale.body.content)).toMatch(/no longer does anything/);
  });

  it('answers autocomplete from the engine with at most 25 choices', async () => {
    const i = fake.sendInteraction(fake.autocomplete('profile', { entity: 'cle' }, 'entity'));
    const r = await fake.waitForReply(i);
    expect((r.request.body as { type: number }).type).toBe(8);
    expect(r.body.choices).toEqual([{ name: 'Nick Clegg', value: 'nick-clegg' }]);
  });

  it('shows the full sources ephemerally and records feedback in the store', async () => {
    const asked = await fake.waitForReply(fake.sendInteraction(fake.slashCommand('ask', { question: 'who is DPM?' })));
    const questionId = Number(/whip:sources:(\d+)/.exec(JSON.stringify(asked.body.components))?.[1]);
    expect(questionId).toBeGreaterThan(0);

    const src = await fake.waitForReply(fake.sendInteraction(fake.button(`whip:sources:${questionId}`)));
    expect(src.ephemeral).toBe(true);
    const fields = (embed(src).fields as { name: string }[]).filter((f) => f.name.startsWith('['));
    expect(fields).toHaveLength(2);
    expect(src.body.components).toEqual([]);

    const fb = await fake.waitForReply(fake.sendInteraction(fake.button(`whip:fb:up:${questionId}`)));
    expect(fb.ephemeral).toBe(true);
    expect(String(fb.body.content)).toMatch(/Thanks/);
    expect(await services.questions.feedbackTotals(questionId)).toEqual({ up: 1, down: 0 });

    const gone = await fake.waitForReply(fake.sendInteraction(fake.button('whip:fb:down:999999')));
    expect(String(gone.body.content)).toMatch(/no longer have that question/);
  });

  it('survives a 500 on the edit (discord.js retries) and still delivers the reply', async () => {
    const rule = fake.fail({ method: 'PATCH', path: /^\/webhooks\//, status: 500, times: 1 });
    const i = fake.sendInteraction(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    const r = await fake.waitForReply(i);
    expect(rule.hits).toBe(1);
    expect(embed(r).title).toBe('Nick Clegg');
  });

  it('shows an ephemeral error when the edit keeps failing, and keeps serving', async () => {
    const rule = fake.fail({ method: 'PATCH', path: /^\/webhooks\//, status: 502, times: 10 });
    const i = fake.sendInteraction(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    const r = await fake.waitForReply(i, 30_000);
    expect(rule.hits).toBe(4); // first try + 3 retries
    expect(r.via).toBe('followup');
    expect(r.ephemeral).toBe(true);
    expect(String(r.body.content)).toMatch(/Sorry/);
    fake.clearFailures();
    const next = await fake.waitForReply(fake.sendInteraction(fake.slashCommand('sources', {})));
    expect(next.via).toBe('edit');
  }, 40_000);

  it('waits out a 429 with retry-after on the callback and still replies', async () => {
    const rule = fake.fail({ method: 'POST', path: /^\/interactions\//, status: 429, retryAfter: 0.3, times: 1 });
    const i = fake.sendInteraction(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    const r = await fake.waitForReply(i);
    expect(rule.hits).toBe(1);
    const callbacks = fake.requestsFor(i).filter((x) => x.path.endsWith('/callback'));
    expect(callbacks.map((x) => x.status)).toEqual([429, 204]);
    expect(embed(r).title).toBe('Nick Clegg');
  });

  it('resumes after the gateway drops and keeps answering', async () => {
    const before = fake.gatewayReceived.filter((m) => m.op === 6).length;
    fake.dropGateway(4000);
    await expect
      .poll(() => fake.gatewayReceived.filter((m) => m.op === 6).length, { timeout: 20_000 })
      .toBeGreaterThan(before);
    await fake.waitForIdentify();
    const r = await fake.waitForReply(fake.sendInteraction(fake.slashCommand('ask', { question: 'who is DPM?' })));
    expect(embed(r).title).toBe('Nick Clegg');
  }, 30_000);
});

describe('discord channel poster', () => {
  const reply = () => infoReply('Morning digest', 'Nothing new @everyone');

  it('posts a reply to a channel with allowed_mentions empty and no ephemeral flag', async () => {
    const poster = services.posters.discord;
    if (!poster) throw new Error('no poster');
    const res = await poster.post(fake.channelId, reply());
    expect(res.messageId).toMatch(/^\d+$/);
    const req = fake.requests.findLast((r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages`);
    expect((req?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions).toEqual({ parse: [] });
    expect(req?.body).not.toHaveProperty('flags');
    expect(req?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  it('makes a retried post idempotent with a nonce', async () => {
    const poster = services.posters.discord;
    if (!poster) throw new Error('no poster');
    const before = fake.channelMessages.length;
    const key = 'whip-digest:42:2026-03-30T07:00:00.000Z';
    const a = await poster.post(fake.channelId, reply(), { idempotencyKey: key });
    const b = await poster.post(fake.channelId, reply(), { idempotencyKey: key });
    expect(b.messageId).toBe(a.messageId);
    expect(fake.channelMessages.length).toBe(before + 1);
    const req = fake.requests.findLast((r) => r.path === `/channels/${fake.channelId}/messages`);
    const body = req?.body as { nonce?: string; enforce_nonce?: boolean } | undefined;
    expect(body?.enforce_nonce).toBe(true);
    expect(body?.nonce?.length).toBeLessThanOrEqual(25);
  });

  it('classifies 403/404 as permanent and 5xx/429 as temporary', async () => {
    const poster = services.posters.discord;
    if (!poster) throw new Error('no poster');
    const path = `/channels/${fake.channelId}/messages`;
    const attempt = async () => {
      try {
        await poster.post(fake.channelId, reply());
      } catch (e) {
        return e as DeliveryError;
      }
      throw new Error('expected a failure');
    };

    fake.fail({ path, status: 403, code: 50013, message: 'Missing Permissions' });
    let e = await attempt();
    expect(e).toBeInstanceOf(DeliveryError);
    expect(e.permanent).toBe(true);
    expect(e.reason).toContain('50013');

    fake.fail({ path, status: 404, code: 10003, message: 'Unknown Channel' });
    e = await attempt();
    expect(e.permanent).toBe(true);

    fake.fail({ path, status: 500, times: 4 });
    e = await attempt();
    expect(e.permanent).toBe(false);

    fake.fail({ path, status: 429, retryAfter: 30 });
    e = await attempt();
    expect(e.permanent).toBe(false);
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(30_000);
  }, 30_000);
});

describe('discord start-up failures', () => {
  it('rejects with one clear line when the token is refused', async () => {
    const { services: s, cleanup: c } = await stubServices({
      DISCORD_TOKEN: 'not-the-token',
      DISCORD_API_BASE: fake.apiBase,
    });
    try {
      const err = await startDiscord(s).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(/^discord: DISCORD_TOKEN was rejected .*401/);
      expect(err?.message).not.toContain('not-the-token');
      expect(err?.message.split('\n')).toHaveLength(1);
      expect(s.posters.discord).toBeUndefined();
    } finally {
      await c();
    }
  });
});
