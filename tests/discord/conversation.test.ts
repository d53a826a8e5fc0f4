/**
 * Conversations on Discord, in-process against the loopback fake: DMs answered privately (slash commands and
 * plain messages), follow-ups in a thread and replies to Whip's answers read against the previous question, small
 * talk neither answered nor logged, chatter that is not Whip's ignored, and the state kept in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import type { AnswerEngine } from '../../src/core/answer/types.js';
import type { Services } from '../../src/core/services.js';
import { FakeDiscord, type RecordedRequest } from '../fakes/discordFake.js';
import { stubEngine, stubServices } from '../fakes/stubServices.js';

let fake: FakeDiscord;
let services: Services;
let cleanup: () => Promise<void>;
let bot: RunningAdapter;
const handled = new Map<string, () => void>();
const done = new Set<string>();

/** People the stub knows, for pronouns: Ed Miliband and Nick Clegg. */
function withPeople(engine: AnswerEngine): AnswerEngine {
  const people = new Map([
    ['ed-miliband', { type: 'person', name: 'Ed Miliband' }],
    ['nick-clegg', { type: 'person', name: 'Nick Clegg' }],
  ]);
  const matcher = {
    find: (text: string) =>
      [...text.matchAll(/\b(?:Ed )?Miliband\b|\b(?:Nick )?Clegg\b/gi)].map((m) => ({
        id: /miliband/i.test(m[0]) ? 'ed-miliband' : 'nick-clegg',
        text: m[0],
      })),
  };
  return { ...engine, k: { matcher, entities: people } as unknown as AnswerEngine['k'] };
}

async function start(): Promise<void> {
  bot = await startDiscord(services, {
    onHandled: (id) => {
      done.add(id);
      handled.get(id)?.();
    },
  });
}

/** Resolves once the bot has finished with a message (answered or not). */
function handledOf(id: string): Promise<void> {
  if (done.has(id)) return Promise.resolve();
  return new Promise((resolve) => handled.set(id, resolve));
}

/** Send a message and return the bot's reply to it (a POST to the channel referencing it), if any. */
async function say(content: string, opts: Parameters<FakeDiscord['userMessage']>[1] = {}) {
  const msg = fake.userMessage(content, opts);
  await handledOf(String(msg.id));
  return fake.requests.find(
    (r) =>
      r.method === 'POST' &&
      r.path === `/channels/${String(msg.channel_id)}/messages` &&
      (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id === msg.id,
  );
}

function text(r: RecordedRequest | undefined): string {
  return JSON.stringify((r?.body as { embeds?: unknown } | undefined)?.embeds ?? '');
}

async function loggedQuestions(): Promise<string[]> {
  const rows = await services.db.selectFrom('questions').select('question').execute();
  return rows.map((r) => String(r.question));
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  ({ services, cleanup } = await stubServices({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase }));
  services.engine = withPeople(stubEngine());
  await start();
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await cleanup?.();
  await fake?.close();
});

describe('discord conversations', () => {
  it('asks Discord for the message intents it needs, none privileged', () => {
    const identify = fake.gatewayReceived.find((m) => m.op === 2)?.d as { intents: number };
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096); never MessageContent (32768).
    expect(identify.intents).toBe(1 | 512 | 4096);
  });

  it('a DM: answered privately in the DM, no pings; small talk gets nothing and is not logged', async () => {
    const dm = '990000000000000001';
    const first = await say('who is Ed Miliband? @everyone', { guildId: null, channelId: dm });
    expect(first).toBeDefined();
    expect(first?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(text(first)).toContain('You asked: who is Ed Miliband?');

    expect(await say('thanks!', { guildId: null, channelId: dm })).toBeUndefined();
    const follow = await say('what did he say about Clegg?', { guildId: null, channelId: dm });
    expect(text(follow)).toContain('You asked: what did Ed Miliband say about Clegg?');
    expect(await loggedQuestions()).not.toContain('thanks!');
  });

  it('/ask in a DM (no guild) is answered there', async () => {
    const i = fake.sendInteraction(
      fake.slashCommand('ask', { question: 'who is DPM?' }, { guildId: null, channelId: '990000000000000002' }),
    );
    const r = await fake.waitForReply(i);
    expect(r.via).toBe('edit');
    expect(JSON.stringify(r.body.embeds)).toContain('Nick Clegg');
    expect(r.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('a thread: /ask starts it; a mention follows up with the pronoun resolved; small talk is ignored', async () => {
    const thread = fake.createThread();
    const i = fake.sendInteraction(
      fake.slashCommand('ask', { question: 'who is Ed Miliband?' }, { channelId: thread }),
    );
    await fake.waitForReply(i);

    expect(await say('thanks!', { channelId: thread, mention: true })).toBeUndefined();
    const follow = await say('what did he say about Clegg?', { channelId: thread, mention: true });
    expect(text(follow)).toContain('You asked: what did Ed Miliband say about Clegg?');
    expect(follow?.body).toMatchObject({ allowed_mentions: { parse: [] } });

    // Elliptical: the thread's previous question is now about Clegg's words; "what about Nick Clegg?" asks it of him.
    const again = await say('what about Nick Clegg?', { channelId: thread, mention: true });
    expect(text(again)).toContain('You asked: what did Nick Clegg say about Clegg?');
    expect(await loggedQuestions()).not.toContain('thanks!');
  });

  it('a reply to an answer in a channel follows up; chatter and replies to other messages are ignored', async () => {
    const i = fake.sendInteraction(fake.slashCommand('ask', { question: 'who is Ed Miliband?' }));
    await fake.waitForReply(i);
    const answerId = String(fake.originalMessage(i)?.id);
    expect(answerId).toMatch(/^\d+$/);
    const follow = await say('what about Nick Clegg?', { replyTo: answerId });
    expect(text(follow)).toContain('You asked: who is Nick Clegg?');
    // A reply to that answer follows up in turn.
    const followId = String(fake.channelMessages.at(-1)?.id);
    const next = await say('what did he say about Clegg?', { replyTo: followId });
    expect(text(next)).toContain('You asked: what did Nick Clegg say about Clegg?');

    const posted = fake.channelMessages.length;
    expect(await say('what did he say about Clegg?')).toBeUndefined(); // no mention, no reply: not Whip's
    expect(
      await say('what did he say about Clegg?', { replyTo: '123456789012345678', replyToOther: true }),
    ).toBeUndefined();
    expect(fake.channelMessages.length).toBe(posted);
  });

  it('checks permissions on every message: a member (or anyone in a DM) cannot run an admin command', async () => {
    const thread = fake.createThread();
    const inThread = await say('/feeds list', { channelId: thread, mention: true });
    expect(text(inThread)).toMatch(/only administrators can use `feeds list`/);
    const inDm = await say('/feeds list', { guildId: null, channelId: '990000000000000003' });
    expect(text(inDm)).toMatch(/only administrators can use `feeds list`/);
  });

  it('keeps threads in the store: a follow-up after a restart still reads against the thread', async () => {
    const thread = fake.createThread();
    await fake.waitForReply(
      fake.sendInteraction(fake.slashCommand('ask', { question: 'who is Ed Miliband?' }, { channelId: thread })),
    );
    await bot.stop();
    await start();
    await fake.waitForIdentify();
    // Discord lists the guild's active threads again on connect; the fake sends the thread once more.
    fake.announceThread(thread);
    const follow = await say('what is his party?', { channelId: thread, mention: true });
    expect(text(follow)).toContain("You asked: what is Ed Miliband's party?");
  }, 30_000);
});
