/**
 * The Slack adapter's parts against the loopback fake, in process: the ChannelPoster (errors classified, pacing,
 * plain-text retry), response_url retries, admin checks, and the text helpers.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { needsPrivilege, SlackCallers } from '../../src/adapters/slack/callers.js';
import { BoundedSet, isEphemeral } from '../../src/adapters/slack/handlers.js';
import { ChannelPacer, classifySlackError, createSlackPoster } from '../../src/adapters/slack/poster.js';
import { postToResponseUrl, ResponseUrlError } from '../../src/adapters/slack/respond.js';
import { fromSlackText, mentionsBot, stripBotMention } from '../../src/adapters/slack/text.js';
import { parseCommandLine } from '../../src/core/commands/parseText.js';
import { type CommandSpec, defineCommand } from '../../src/core/commands/spec.js';
import { DeliveryError } from '../../src/core/delivery.js';
import { errorReply, infoReply, type Reply } from '../../src/core/reply.js';
import { createLogger } from '../../src/log.js';
import { FAKE_TEAM_ID, SlackFake } from '../fakes/slackFake.js';

const log = createLogger('silent');
const fake = new SlackFake();
let client: InstanceType<typeof webApi.WebClient>;

const answer: Reply = {
  kind: 'answer',
  status: 'answered',
  answer: 'Nick Clegg',
  text: 'Nick Clegg would stay <!channel>',
  citations: [],
  confidence: 0.8,
};

beforeAll(async () => {
  await fake.start();
  client = new webApi.WebClient('xox' + 'b-test-token', {
    slackApiUrl: fake.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: {
      debug() {},
      info() {},
      warn() {},
      error() {},
      setLevel() {},
      getLevel: () => webApi.LogLevel.ERROR,
      setName() {},
    },
  });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => fake.reset());

describe('text helpers', () => {
  it('strips the bot mention (with or without a label) and keeps other text', () => {
    expect(stripBotMention('<@U0BOT> who is DPM under Lib-Lab?', 'U0BOT')).toBe('who is DPM under Lib-Lab?');
    expect(stripBotMention('hey <@U0BOT|whip>: quote Miliband', 'U0BOT')).toBe('hey quote Miliband');
    expect(stripBotMention('<@U0OTHER> hi', 'U0BOT')).toBe('<@U0OTHER> hi');
    expect(mentionsBot('x <@U0BOT|whip>', 'U0BOT')).toBe(true);
    expect(mentionsBot('x <@U0BOTX>', 'U0BOT')).toBe(false);
  });
  it('turns Slack markup into plain text', () => {
    expect(fromSlackText('Labour &amp; Lib Dems &lt;3 <https://x.org|the story> <#C123|general>')).toBe(
      'Labour & Lib Dems <3 the story #general',
    );
    expect(fromSlackText('<!channel> <@U123>')).toBe('<!channel> <@U123>');
  });
});

describe('ephemeral or in channel', () => {
  const commands: CommandSpec[] = [
    defineCommand({
      name: 'ask',
      description: 'a',
      options: [{ name: 'question', description: 'q', type: 'string' }],
      rest: 'question',
    }),
    defineCommand({ name: 'sources', description: 's', options: [] }),
    defineCommand({
      name: 'digest',
      description: 'd',
      options: [],
      subcommands: [
        {
          name: 'subscribe',
          description: 's',
          options: [],
          permission: 'manage_channel',
          handler: () => infoReply('', ''),
        },
        { name: 'list', description: 'l', options: [], handler: () => infoReply('', '') },
      ],
    }),
  ];
  it('answers in the channel; errors, sources and ephemeral replies only to the caller', () => {
    expect(isEphemeral(answer, parseCommandLine(commands, 'who is DPM?'))).toBe(false);
    expect(isEphemeral(errorReply('x'))).toBe(true);
    expect(isEphemeral(infoReply('Sources', 'x'), parseCommandLine(commands, 'sources'))).toBe(true);
    expect(isEphemeral({ ...answer, ephemeral: true })).toBe(true);
  });
  it('asks Slack about admins only for privileged commands', () => {
    expect(needsPrivilege(commands, parseCommandLine(commands, 'digest subscribe daily'))).toBe(true);
    expect(needsPrivilege(commands, parseCommandLine(commands, 'digest list'))).toBe(false);
    expect(needsPrivilege(commands, parseCommandLine(commands, 'who is DPM?'))).toBe(false);
  });
});

describe('SlackCallers', () => {
  it('treats workspace admins/owners and configured users as admins, others not', async () => {
    fake.users.set('UADMIN', { id: 'UADMIN', is_admin: true });
    fake.users.set('UOWNER', { id: 'UOWNER', is_owner: true });
    const callers = new SlackCallers(client, ['UCONF'], log);
    expect(await callers.resolve('UADMIN', true, FAKE_TEAM_ID)).toEqual({
      id: 'UADMIN',
      isAdmin: true,
      canManageChannel: true,
    });
    expect((await callers.resolve('UOWNER', true, FAKE_TEAM_ID)).isAdmin).toBe(true);
    expect((await callers.resolve('UPLAIN', true, FAKE_TEAM_ID)).isAdmin).toBe(false);
    expect((await callers.resolve('UCONF', true, FAKE_TEAM_ID)).canManageChannel).toBe(true);
    // Not privileged: no users.info call at all.
    const before = fake.calls('users.info').length;
    expect((await callers.resolve('UADMIN', false, FAKE_TEAM_ID)).isAdmin).toBe(false);
    expect(fake.calls('users.info').length).toBe(before);
  });
  it('checks admin status against the workspace the request came from, not the user’s own', async () => {
    // An admin of another workspace, reaching this one through a shared (Slack Connect) channel.
    fake.users.set('UGUEST', { id: 'UGUEST', is_admin: true, team_id: 'T0OTHER' });
    fake.users.set('UADMIN', { id: 'UADMIN', is_admin: true });
    const callers = new SlackCallers(client, [], log);
    expect((await callers.resolve('UGUEST', true, FAKE_TEAM_ID)).isAdmin).toBe(false);
    expect((await callers.resolve('UGUEST', true, 'T0OTHER')).isAdmin).toBe(true);
    // The answer is cached per workspace: being admin in one does not leak into another.
    expect((await callers.resolve('UADMIN', true, FAKE_TEAM_ID)).isAdmin).toBe(true);
    expect((await callers.resolve('UADMIN', true, 'T0OTHER')).isAdmin).toBe(false);
    // No workspace on the request: nobody is a workspace admin (configured admins still are).
    expect((await callers.resolve('UADMIN', true)).isAdmin).toBe(false);
    expect((await new SlackCallers(client, ['UADMIN'], log).resolve('UADMIN', true)).isAdmin).toBe(true);
  });
  it('fails closed when users.info fails', async () => {
    fake.invalidAuth = true;
    const callers = new SlackCallers(client, [], log);
    expect((await callers.resolve('UADMIN', true, FAKE_TEAM_ID)).isAdmin).toBe(false);
  });
});

describe('classifySlackError', () => {
  it('maps closed channels to permanent and rate limits, 5xx and timeouts to temporary', () => {
    for (const code of [
      'channel_not_found',
      'not_in_channel',
      'is_archived',
      'invalid_auth',
      'account_inactive',
      'token_revoked',
    ]) {
      const e = classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: code }));
      expect(e).toBeInstanceOf(DeliveryError);
      expect([e.reason, e.permanent]).toEqual([code, true]);
    }
    const rl = classifySlackError(new webApi.WebAPIRateLimitedError(7));
    expect([rl.permanent, rl.retryAfterMs]).toEqual([false, 7000]);
    expect(classifySlackError(new webApi.WebAPIHTTPError(503, 'Unavailable', {})).permanent).toBe(false);
    const timeout = new Error('The operation was aborted due to timeout');
    timeout.name = 'TimeoutError';
    const t = classifySlackError(new webApi.WebAPIRequestError(timeout));
    expect([t.reason, t.permanent]).toEqual(['timeout', false]);
    expect(classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: 'internal_error' })).permanent).toBe(
      false,
    );
  });
});

describe('ChannelPacer', () => {
  it('spaces posts to one channel by the interval and leaves other channels alone', async () => {
    let clock = 1000;
    const waits: number[] = [];
    const pacer = new ChannelPacer(
      1000,
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );
    const order: string[] = [];
    await Promise.all([
      pacer.run('C1', async () => order.push('a1')),
      pacer.run('C1', async () => order.push('a2')),
      pacer.run('C2', async () => order.push('b1')),
      pacer.run('C1', async () => order.push('a3')),
    ]);
    expect(order.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    // Two waits of a full interval for the 2nd and 3rd post to C1; none for C2's first post.
    expect(waits).toEqual([1000, 1000]);
  });
  it('bounds the posts waiting: overflow fails at once as temporary, without running, and frees up after', async () => {
    let clock = 0;
    // A fake clock whose sleeps only end when the test releases them: posts pile up in the queue.
    const sleepers: (() => void)[] = [];
    const pacer = new ChannelPacer(
      1000,
      () => clock,
      (ms) =>
        new Promise<void>((r) =>
          sleepers.push(() => {
            clock += ms;
            r();
          }),
        ),
      { perChannel: 2, total: 3 },
    );
    const ran: string[] = [];
    const task = (name: string) => async () => void ran.push(name);
    const a1 = pacer.run('C1', task('a1'));
    const a2 = pacer.run('C1', task('a2'));
    const a3 = pacer.run('C1', task('a3'));
    const b1 = pacer.run('C2', task('b1'));
    const b2 = pacer.run('C2', task('b2'));
    expect(pacer.pending).toBe(3);
    await expect(a3).rejects.toMatchObject({ reason: 'slack_channel_queue_full', permanent: false });
    await expect(a3).rejects.toBeInstanceOf(DeliveryError);
    // Channel-level overflow carries no Retry-After: it must not pause every other channel's digests.
    await expect(a3).rejects.toMatchObject({ retryAfterMs: undefined });
    await expect(b2).rejects.toMatchObject({ reason: 'slack_post_queue_full', permanent: false, retryAfterMs: 2000 });
    await a1;
    await b1;
    // a2 sleeps until the test releases it; meanwhile C1 has room for one more again.
    await vi.waitFor(() => expect(sleepers.length).toBe(1));
    const a4 = pacer.run('C1', task('a4'));
    sleepers.shift()?.();
    await a2;
    await vi.waitFor(() => expect(sleepers.length).toBe(1));
    sleepers.shift()?.();
    await a4;
    expect(ran).toEqual(['a1', 'b1', 'a2', 'a4']);
    expect(pacer.pending).toBe(0);
  });
  it('a Slack poster whose channel queue is full fails the digest post as temporary without calling Slack', async () => {
    const pacer = new ChannelPacer(1000, Date.now, () => new Promise<void>(() => {}), { perChannel: 1, total: 10 });
    const poster = createSlackPoster({ client, pacer, log });
    const before = fake.calls('chat.postMessage').length;
    const first = poster.post('CFULL', answer);
    const err = await poster.post('CFULL', answer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
    await first;
    expect(fake.calls('chat.postMessage').length).toBe(before + 1);
  });
  it('keeps going after a failed task', async () => {
    const pacer = new ChannelPacer(0);
    await expect(pacer.run('C', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pacer.run('C', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('Slack ChannelPoster', () => {
  it('posts Block Kit with escaped fallback text and link_names off', async () => {
    const poster = createSlackPoster({ client, pacer: new ChannelPacer(0), log });
    const res = await poster.post('C0DIGEST', answer);
    expect(res.messageId).toMatch(/^\d+\.\d+$/);
    const [call] = fake.calls('chat.postMessage');
    expect(call?.body.channel).toBe('C0DIGEST');
    expect(call?.body.link_names).toBe('false');
    expect(call?.body.parse).toBe('none');
    expect(Array.isArray(call?.body.blocks)).toBe(true);
    expect(call?.raw).not.toContain(encodeURIComponent('<!channel>'));
    expect(String(call?.body.text)).toContain('&lt;!channel&gt;');
  });
  it('reports channel_not_found as permanent', async () => {
    fake.channelNotFound.add('CGONE');
    const poster = createSlackPoster({ client, pacer: new ChannelPacer(0), log });
    await expect(poster.post('CGONE', answer)).rejects.toMatchObject({ reason: 'channel_not_found', permanent: true });
  });
  it('reports invalid_auth as permanent', async () => {
    fake.invalidAuth = true;
    const poster = createSlackPoster({ client, pacer: new ChannelPacer(0), log });
    await expect(poster.post('C1', answer)).rejects.toMatchObject({ reason: 'invalid_auth', permanent: true });
  });
  it('reports a 429 as temporary with Retry-After in ms', async () => {
    fake.rateLimit('chat.postMessage', 1, 12);
    const poster = createSlackPoster({ client, pacer: new ChannelPacer(0), log });
    await expect(poster.post('C1', answer)).rejects.toMatchObject({
      reason: 'rate_limited',
      permanent: false,
      retryAfterMs: 12_000,
    });
  });
});

describe('postToResponseUrl', () => {
  const noSleep = async () => undefined;
  it('posts JSON and retries after a 429, honouring Retry-After', async () => {
    fake.rateLimit('response_url', 2, 3);
    const slept: number[] = [];
    await postToResponseUrl(fake.responseUrl('r1'), { response_type: 'in_channel', text: 'hi' }, log, {
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(slept).toEqual([3000, 3000]);
    const calls = fake.calls('response_url');
    expect(calls.map((c) => c.status)).toEqual([429, 429, 200]);
    expect(calls[2]?.body).toEqual({ response_type: 'in_channel', text: 'hi' });
  });
  it('gives up after the bounded number of retries', async () => {
    fake.rateLimit('response_url', 10, 1);
    await expect(
      postToResponseUrl(fake.responseUrl('r2'), { text: 'x' }, log, { retries: 2, sleep: noSleep }),
    ).rejects.toBeInstanceOf(ResponseUrlError);
    expect(fake.calls('response_url').length).toBe(3);
  });
  it('gives up at once on a Retry-After longer than allowed', async () => {
    fake.rateLimit('response_url', 1, 600);
    await expect(postToResponseUrl(fake.responseUrl('r3'), { text: 'x' }, log, { sleep: noSleep })).rejects.toThrow(
      /rate limited/,
    );
  });
});

describe('BoundedSet', () => {
  it('forgets the oldest entries', () => {
    const s = new BoundedSet(2);
    s.add('a');
    s.add('b');
    s.add('c');
    expect([s.has('a'), s.has('b'), s.has('c'), s.size]).toEqual([false, true, true, 2]);
  });
});
