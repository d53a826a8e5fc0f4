/**
 * End to end, the way a user runs it: `node bin/whip.js start` with SLACK_* env pointing at a loopback fake of
 * the Slack Web API, and requests signed with the v0 HMAC scheme sent to the real Bolt app. No network.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type FakeRequest, SlackFake } from '../fakes/slackFake.js';
import {
  actionBody,
  BIN,
  type BotProcess,
  botEnv,
  eventBody,
  freePort,
  humanLines,
  nowSeconds,
  requireBuild,
  SIGNING_SECRET,
  sendSigned,
  signature,
  slashBody,
  spawnBot,
  waitReady,
} from './helpers.js';

const FORM = 'application/x-www-form-urlencoded' as const;
const JSON_TYPE = 'application/json' as const;
const TITLE = 'Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact';

const fake = new SlackFake();
let bot: BotProcess;
let tsSeq = 100;
const nextTs = () => `1700000500.${String(++tsSeq).padStart(6, '0')}`;

/** Everything Slack would show: the fallback text and every text inside the blocks. */
function shown(r: Pick<FakeRequest, 'body'>): string {
  return JSON.stringify({ text: r.body.text, blocks: r.body.blocks });
}

function blocksOf(
  r: Pick<FakeRequest, 'body'>,
): { type: string; text?: { text: string }; elements?: Record<string, unknown>[] }[] {
  return (r.body.blocks ?? []) as { type: string; text?: { text: string }; elements?: Record<string, unknown>[] }[];
}

function questionIdOf(r: Pick<FakeRequest, 'body'>): string {
  const actions = blocksOf(r).find((b) => b.type === 'actions');
  const sources = actions?.elements?.find((e) => e.action_id === 'whip_sources');
  expect(sources, `no Sources button in ${shown(r)}`).toBeDefined();
  return String(sources?.value);
}

/**
 * Send `/whip <text>` and return the reply: Whip answers inside the ack when the answer is ready within its budget
 * (always, for these questions), otherwise it acks empty and posts to response_url — both are accepted here.
 */
async function slash(text: string, id: string): Promise<Pick<FakeRequest, 'body'>> {
  const res = await sendSigned(bot.port, slashBody(text, fake.responseUrl(id)), FORM);
  expect(res.status).toBe(200);
  if (res.text) return { body: JSON.parse(res.text) as Record<string, unknown> };
  return fake.waitFor(
    (r) => r.method === 'response_url' && r.path === `/response/${id}` && r.status === 200,
    20_000,
    `the reply to /whip ${text}`,
  );
}

beforeAll(async () => {
  requireBuild();
  await fake.start();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'whip-slack-data-'));
  bot = spawnBot(botEnv(fake.apiUrl, port, dataDir));
  await waitReady(bot);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
});

describe('Slack end to end (real bot, loopback Slack)', { timeout: 30_000 }, () => {
  it('checks the token with auth.test at start, against SLACK_API_URL', () => {
    const auth = fake.calls('auth.test');
    expect(auth.length).toBeGreaterThanOrEqual(1);
    expect(auth[0]?.token).toBe('xox' + 'b-test-0000-whip');
  });

  it('answers Slack url_verification', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'challenge-abc', type: 'url_verification' });
    const res = await sendSigned(bot.port, body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.text).toContain('challenge-abc');
  });

  it('/whip who is DPM under Lib-Lab? -> Nick Clegg in the channel, with citations and buttons', async () => {
    const r = await slash('who is DPM under Lib-Lab?', 'dpm');
    expect(r.body.response_type).toBe('in_channel');
    expect(String(r.body.text)).toMatch(/Clegg/);
    const blocks = blocksOf(r);
    expect(blocks[0]?.type).toBe('header');
    expect(JSON.stringify(blocks[0])).toMatch(/Clegg/);
    const quotes = blocks.filter((b) => b.type === 'section' && b.text?.text.startsWith('>'));
    expect(quotes.length).toBeGreaterThan(0);
    expect(JSON.stringify(quotes)).toContain(TITLE);
    expect(questionIdOf(r)).toMatch(/^\d+$/);
  });

  it('/whip who "Deputy Prime Minister" lib-lab -> Nick Clegg', async () => {
    const r = await slash('who "Deputy Prime Minister" lib-lab', 'who');
    expect(r.body.response_type).toBe('in_channel');
    expect(shown(r)).toMatch(/Clegg/);
  });

  it('/whip quote Miliband -> quotes in the channel', async () => {
    const r = await slash('quote Miliband', 'quote');
    expect(r.body.response_type).toBe('in_channel');
    expect(shown(r)).toMatch(/Miliband/);
    // Each quote once: in the listing, not again as a citation block (those are behind Sources).
    const blocks = JSON.stringify(blocksOf(r));
    expect(blocks.split('a prop, not a brake').length - 1).toBe(1);
  });

  it('/whip sources -> the articles, only to the caller', async () => {
    const r = await slash('sources', 'sources');
    expect(r.body.response_type).toBe('ephemeral');
    expect(shown(r)).toContain(TITLE);
  });

  it('/whip help and bare /whip -> the commands, only to the caller', async () => {
    const r = await slash('help', 'help');
    expect(r.body.response_type).toBe('ephemeral');
    for (const name of ['ask', 'who', 'quote', 'sources']) expect(shown(r)).toContain(name);
    const bare = await slash('', 'bare');
    expect(bare.body.response_type).toBe('ephemeral');
    expect(shown(bare)).toContain('quote');
  });

  it('a usage error is ephemeral', async () => {
    const r = await slash('quote', 'usage');
    expect(r.body.response_type).toBe('ephemeral');
    expect(shown(r)).toMatch(/speaker|topic/);
  });

  it('@Whip who is DPM under Lib-Lab? -> answered in a thread, and a follow-up in that thread too', async () => {
    const ts = nextTs();
    const mention = eventBody({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0WHIPBOT> who is DPM under Lib-Lab?',
      ts,
      channel: 'C0MENTION',
    });
    expect((await sendSigned(bot.port, mention, JSON_TYPE)).status).toBe(200);
    const answer = await fake.waitFor(
      (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r.status === 200,
      20_000,
      'the threaded answer',
    );
    expect(answer.body.channel).toBe('C0MENTION');
    expect(shown(answer)).toMatch(/Clegg/);
    expect(String(answer.body.text)).not.toContain('WHIPBOT');
    expect(answer.body.link_names).toBe('false');

    // A message in some other thread is not Whip's business.
    const stranger = eventBody({
      type: 'message',
      user: 'U0OTHER',
      text: 'who is PM?',
      ts: nextTs(),
      thread_ts: '1600000000.000001',
      channel: 'C0MENTION',
      channel_type: 'channel',
    });
    expect((await sendSigned(bot.port, stranger, JSON_TYPE)).status).toBe(200);

    const followTs = nextTs();
    const follow = eventBody({
      type: 'message',
      user: 'U0ASKER',
      text: 'Who would be prime minister under a Lib-Lab pact?',
      ts: followTs,
      thread_ts: ts,
      channel: 'C0MENTION',
      channel_type: 'channel',
    });
    expect((await sendSigned(bot.port, follow, JSON_TYPE)).status).toBe(200);
    const second = await fake.waitFor(
      (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r !== answer && r.status === 200,
      20_000,
      'the follow-up answer in the thread',
    );
    expect(shown(second)).toMatch(/Miliband/);
    expect(fake.calls('chat.postMessage').some((r) => r.body.thread_ts === '1600000000.000001')).toBe(false);
  });

  it('a thread: small talk is not answered; a pronoun follow-up is read against the previous question', async () => {
    const ts = nextTs();
    const mention = eventBody({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0WHIPBOT> who is Nick Clegg?',
      ts,
      channel: 'C0THREAD',
    });
    expect((await sendSigned(bot.port, mention, JSON_TYPE)).status).toBe(200);
    const first = await fake.waitFor(
      (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r.status === 200,
      20_000,
      'the threaded answer',
    );
    const inThread = (text: string) =>
      eventBody({
        type: 'message',
        user: 'U0ASKER',
        text,
        ts: nextTs(),
        thread_ts: ts,
        channel: 'C0THREAD',
        channel_type: 'channel',
      });
    expect((await sendSigned(bot.port, inThread('thanks!'), JSON_TYPE)).status).toBe(200);
    expect((await sendSigned(bot.port, inThread('what job does he have?'), JSON_TYPE)).status).toBe(200);
    const second = await fake.waitFor(
      (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r !== first && r.status === 200,
      20_000,
      'the follow-up answer',
    );
    expect(shown(second)).toMatch(/Nick Clegg is the Deputy Prime Minister/);
    // "thanks!" got no reply: the thread has the answer and the follow-up's answer only.
    expect(fake.calls('chat.postMessage').filter((r) => r.body.thread_ts === ts)).toHaveLength(2);
  });

  it('App Home messages tab: a direct message is answered privately in the DM; small talk is not', async () => {
    const dm = (text: string) =>
      eventBody({ type: 'message', user: 'U0ASKER', text, ts: nextTs(), channel: 'D0WHIPDM', channel_type: 'im' });
    expect((await sendSigned(bot.port, dm('hello'), JSON_TYPE)).status).toBe(200);
    expect((await sendSigned(bot.port, dm('who is DPM under Lib-Lab?'), JSON_TYPE)).status).toBe(200);
    const answer = await fake.waitFor(
      (r) => r.method === 'chat.postMessage' && r.body.channel === 'D0WHIPDM' && r.status === 200,
      20_000,
      'the answer in the DM',
    );
    expect(shown(answer)).toMatch(/Clegg/);
    expect(fake.calls('chat.postMessage').filter((r) => r.body.channel === 'D0WHIPDM')).toHaveLength(1);
  });

  it('Sources button -> the citations, only to the clicker', async () => {
    const r = await slash('who is DPM under Lib-Lab?', 'for-sources');
    const id = questionIdOf(r);
    const res = await sendSigned(bot.port, actionBody('whip_sources', id, fake.responseUrl('src-click')), FORM);
    expect(res.status).toBe(200);
    const view = await fake.waitFor(
      (x) => x.path === '/response/src-click' && x.status === 200,
      20_000,
      'Sources view',
    );
    expect(view.body.response_type).toBe('ephemeral');
    expect(view.body.replace_original).toBe(false);
    expect(shown(view)).toContain(TITLE);
  });

  it('👍 and 👎 buttons -> stored with the question in the SQLite file', async () => {
    const r = await slash('who is DPM under Lib-Lab?', 'for-votes');
    const id = questionIdOf(r);
    await sendSigned(bot.port, actionBody('whip_feedback_up', id, fake.responseUrl('up'), 'U0VOTER1'), FORM);
    const thanks = await fake.waitFor((x) => x.path === '/response/up' && x.status === 200, 20_000, 'thanks');
    expect(thanks.body.response_type).toBe('ephemeral');
    expect(shown(thanks)).toMatch(/Thanks/);
    await sendSigned(bot.port, actionBody('whip_feedback_down', id, fake.responseUrl('down'), 'U0VOTER2'), FORM);
    await fake.waitFor((x) => x.path === '/response/down' && x.status === 200, 20_000, 'thanks for 👎');

    const db = new Database(join(bot.dataDir, 'whip.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare('select vote, platform from feedback where question_id = ? order by vote desc')
        .all(Number(id)) as { vote: number; platform: string }[];
      expect(rows).toEqual([
        { vote: 1, platform: 'slack' },
        { vote: -1, platform: 'slack' },
      ]);
      const q = db.prepare('select platform, question from questions where id = ?').get(Number(id)) as {
        platform: string;
        question: string;
      };
      expect(q).toMatchObject({ platform: 'slack' });
      expect(q.question).toMatch(/DPM/);
    } finally {
      db.close();
    }
  });

  it('refuses a bad signature and a stale timestamp with 401, and posts nothing for them', async () => {
    const bad = await sendSigned(bot.port, slashBody('who is DPM under Lib-Lab?', fake.responseUrl('bad-sig')), FORM, {
      signatureOverride: `v0=${'0'.repeat(64)}`,
    });
    expect(bad.status).toBe(401);
    const wrongSecret = await sendSigned(
      bot.port,
      slashBody('who is DPM under Lib-Lab?', fake.responseUrl('bad-secret')),
      FORM,
      { secret: 'not-the-secret' },
    );
    expect(wrongSecret.status).toBe(401);
    const staleTs = nowSeconds() - 6 * 60;
    const staleBody = slashBody('who is DPM under Lib-Lab?', fake.responseUrl('stale'));
    const stale = await sendSigned(bot.port, staleBody, FORM, { timestamp: staleTs });
    expect(stale.status).toBe(401);
    // Refused means no answer in the response either (Whip answers inside the ack when it can).
    for (const r of [bad, wrongSecret, stale]) expect(r.text).not.toMatch(/Clegg|Deputy/);
    // Correctly signed for its (old) timestamp, so only the age is wrong.
    expect(signature(SIGNING_SECRET, staleTs, staleBody)).toMatch(/^v0=/);
    const staleEvent = eventBody({
      type: 'app_mention',
      user: 'U0X',
      text: '<@U0WHIPBOT> hi',
      ts: nextTs(),
      channel: 'C0STALE',
    });
    expect((await sendSigned(bot.port, staleEvent, JSON_TYPE, { timestamp: staleTs })).status).toBe(401);

    // A good request sent afterwards is answered; by then nothing was posted for the refused ones.
    await slash('help', 'after-refused');
    const refused = ['/response/bad-sig', '/response/bad-secret', '/response/stale'];
    expect(fake.requests.filter((r) => refused.includes(r.path))).toEqual([]);
    expect(fake.requests.filter((r) => r.body.channel === 'C0STALE')).toEqual([]);
  });

  it('escapes hostile text: <!channel> and <@U123> never reach Slack unescaped', async () => {
    const hostile = 'who is DPM under Lib-Lab? <!channel> <!here> <@U123> &';
    const r = await slash(hostile, 'hostile');
    const mention = eventBody({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0WHIPBOT> who is &lt;!channel&gt; DPM <!channel> <@U123>?',
      ts: nextTs(),
      channel: 'C0HOSTILE',
    });
    await sendSigned(bot.port, mention, JSON_TYPE);
    const threaded = await fake.waitFor(
      (x) => x.method === 'chat.postMessage' && x.body.channel === 'C0HOSTILE' && x.status === 200,
      20_000,
      'the hostile mention answer',
    );
    for (const posted of [r, threaded]) {
      const everything = JSON.stringify(posted.body);
      expect(everything).not.toContain('<!channel>');
      expect(everything).not.toContain('<!here>');
      expect(everything).not.toContain('<@U123>');
      expect(everything).toContain('&lt;!channel&gt;');
    }
    expect(JSON.stringify(r.body)).toContain('&lt;@U123&gt;');
  });

  it('retries a 429 from Slack after Retry-After and still posts the answer', async () => {
    fake.rateLimit('chat.postMessage', 1, 1);
    const ts = nextTs();
    const mention = eventBody({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0WHIPBOT> who is DPM under Lib-Lab?',
      ts,
      channel: 'C0LIMITED',
    });
    await sendSigned(bot.port, mention, JSON_TYPE);
    const ok = await fake.waitFor(
      (x) => x.method === 'chat.postMessage' && x.body.thread_ts === ts && x.status === 200,
      20_000,
      'the answer after the 429',
    );
    expect(shown(ok)).toMatch(/Clegg/);
    const tries = fake.calls('chat.postMessage').filter((x) => x.body.thread_ts === ts);
    expect(tries.map((x) => x.status)).toEqual([429, 200]);
  });

  it('keeps serving after a failed Web API call', async () => {
    fake.channelNotFound.add('C0GONE');
    const ts = nextTs();
    const body = eventBody({ type: 'app_mention', user: 'U0ASKER', text: '<@U0WHIPBOT> help', ts, channel: 'C0GONE' });
    await sendSigned(bot.port, body, JSON_TYPE);
    await fake.waitFor(
      (x) => x.body.channel === 'C0GONE' && x.error === 'channel_not_found',
      20_000,
      'the failed post',
    );
    const r = await slash('who is DPM under Lib-Lab?', 'still-alive');
    expect(shown(r)).toMatch(/Clegg/);
    expect(bot.child.exitCode).toBeNull();
  });
});

describe('Slack start-up failures and set-up', { timeout: 60_000 }, () => {
  it('invalid_auth at start: one clear line and a non-zero exit', async () => {
    const badFake = await new SlackFake().start();
    badFake.invalidAuth = true;
    const dataDir = mkdtempSync(join(tmpdir(), 'whip-slack-bad-'));
    const b = spawnBot(botEnv(badFake.apiUrl, await freePort(), dataDir));
    try {
      const code = await Promise.race([
        b.exited,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 45_000)),
      ]);
      expect(code, b.stderr()).not.toBe('timeout');
      expect(code).not.toBe(0);
      const lines = humanLines(b.stderr());
      expect(lines, b.stderr()).toHaveLength(1);
      expect(lines[0]).toMatch(/invalid_auth/);
      expect(lines[0]).toMatch(/SLACK_BOT_TOKEN/);
      expect(b.stderr()).not.toMatch(/Unhandled|\n\s+at /);
      expect(b.stderr()).not.toContain('xox' + 'b-test');
      expect(badFake.calls('auth.test').length).toBeGreaterThanOrEqual(1);
    } finally {
      await b.stop();
      await badFake.stop();
    }
  });

  it('`whip slack manifest` prints a manifest generated from commands/', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.on('exit', (code) => resolve({ code, out }));
      });
    const json = await run(['slack', 'manifest', '--json']);
    expect(json.code).toBe(0);
    const m = JSON.parse(json.out);
    expect(m.features.slash_commands[0].command).toBe('/whip');
    expect(m.features.slash_commands[0].usage_hint).toMatch(/who <role> \[scenario\]/);
    expect(m.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'channels:history', 'users:read']),
    );
    expect(m.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.channels']),
    );
    expect(m.settings.interactivity.is_enabled).toBe(true);
    const yaml = await run(['slack', 'manifest', '--socket-mode']);
    expect(yaml.code).toBe(0);
    const y = parseYaml(yaml.out);
    expect(y.settings.socket_mode_enabled).toBe(true);
    expect(y.features.slash_commands[0].url).toBeUndefined();
  });
});
