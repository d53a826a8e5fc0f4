/**
 * Slack for many workspaces, end to end: the real bot (`node bin/whip.js start`) with SLACK_CLIENT_ID instead of
 * SLACK_BOT_TOKEN, against the loopback fake Slack. Two workspaces install through /slack/install and the OAuth
 * redirect (state cookie and all); each is then answered with its own bot token; the token is in the store only
 * sealed; `app_uninstalled` and `tokens_revoked` remove the installation, after which that workspace gets nothing.
 * No network.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../fakes/slackFake.js';
import { usePostgres } from '../support/postgres.js';
import { type BotProcess, eventBody, humanLines, requireBuild, sendSigned, slashBody, startBot } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded' as const;
const JSON_TYPE = 'application/json' as const;
const CLIENT = { id: '1111111111.2222222222', secret: 'test-client-secret-0123456789' };
const SECRET_KEY = 'a1'.repeat(32);
const OAUTH_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: CLIENT.id,
  SLACK_CLIENT_SECRET: CLIENT.secret,
  SLACK_STATE_SECRET: 'test-state-secret-0123456789',
  WHIP_SECRET_KEY: SECRET_KEY,
};

const fake = new SlackFake();
let bot: BotProcess;
let dataDir: string;

function installations(): { install_key: string; sealed: string; bot_user_id: string | null }[] {
  const db = new Database(join(dataDir, 'whip.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('select install_key, sealed, bot_user_id from slack_installations order by install_key')
      .all() as {
      install_key: string;
      sealed: string;
      bot_user_id: string | null;
    }[];
  } finally {
    db.close();
  }
}

/** Install the app in `teamId` the way a browser does: the install page, then Slack's redirect back. */
async function install(teamId: string, code: string) {
  const granted = fake.grant(code, teamId);
  const page = await fetch(`http://127.0.0.1:${bot.port}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const authorize = /<a href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
  const state = new URL(authorize).searchParams.get('state');
  expect(state, 'the install page links to Slack with a state').toBeTruthy();
  expect(cookie).toContain(String(state));
  const redirect = await fetch(
    `http://127.0.0.1:${bot.port}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(String(state))}`,
    { headers: { cookie } },
  );
  return { granted, redirect, authorize: new URL(authorize) };
}

async function mention(teamId: string, botUserId: string, ts: string) {
  const body = eventBody(
    { type: 'app_mention', user: 'U0ASKER', text: `<@${botUserId}> who is DPM under Lib-Lab?`, ts, channel: 'C0ASK' },
    teamId,
    botUserId,
  );
  expect((await sendSigned(bot.port, body, JSON_TYPE)).status).toBe(200);
}

beforeAll(async () => {
  requireBuild();
  fake.oauthClient = CLIENT;
  await fake.start();
  bot = await startBot(fake.apiUrl, OAUTH_ENV);
  dataDir = bot.dataDir;
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
});

describe('Slack OAuth: one app, many workspaces (real bot, loopback Slack)', { timeout: 30_000 }, () => {
  it('starts without a bot token: no auth.test at start, the install page is served', async () => {
    expect(fake.calls('auth.test')).toHaveLength(0);
    const page = await fetch(`http://127.0.0.1:${bot.port}/slack/install`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('slack.com/oauth/v2/authorize');
  });

  it('a redirect without the browser state cookie installs nothing', async () => {
    fake.grant('code-forged', 'T0FORGED');
    const page = await fetch(`http://127.0.0.1:${bot.port}/slack/install`);
    const state = new URL(
      /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replace(/&amp;/g, '&') ?? '',
    ).searchParams.get('state');
    const res = await fetch(`http://127.0.0.1:${bot.port}/slack/oauth_redirect?code=code-forged&state=${state}`);
    expect(res.status).not.toBe(200);
    expect(installations()).toHaveLength(0);
    expect(fake.calls('oauth.v2.access')).toHaveLength(0);
  });

  it('installs two workspaces through the OAuth redirect; tokens are stored sealed', async () => {
    const one = await install('T0ONE', 'code-one');
    expect(one.redirect.status).toBe(200);
    expect(one.authorize.searchParams.get('client_id')).toBe(CLIENT.id);
    expect(one.authorize.searchParams.get('scope')).toContain('chat:write');
    const two = await install('T0TWO', 'code-two');
    expect(two.redirect.status).toBe(200);
    expect(fake.calls('oauth.v2.access', { ok: true })).toHaveLength(2);

    const rows = installations();
    expect(rows.map((r) => r.install_key)).toEqual(['team:T0ONE', 'team:T0TWO']);
    expect(rows.map((r) => r.bot_user_id)).toEqual([one.granted.botUserId, two.granted.botUserId]);
    for (const r of rows) {
      expect(r.sealed.startsWith('v1.')).toBe(true);
      // A bot token's prefix, not its first three letters: the sealed text is random base64url, which holds "xox"
      // by chance about once in 500 runs (session 19 met one); "xoxb-" about once in 3 million.
      expect(r.sealed).not.toContain('xoxb-');
    }
    // Not on disk in the clear anywhere in the store, not in the logs.
    const everything = JSON.stringify(rows) + bot.stderr() + bot.stdout();
    expect(everything).not.toContain(one.granted.botToken);
    expect(everything).not.toContain(two.granted.botToken);
  });

  it("answers each workspace with that workspace's own bot token", async () => {
    const one = [...fake.installs.values()].find((i) => i.teamId === 'T0ONE');
    const two = [...fake.installs.values()].find((i) => i.teamId === 'T0TWO');
    if (!one || !two) throw new Error('both workspaces should be installed');
    await mention('T0ONE', one.botUserId, '1700000900.000001');
    await mention('T0TWO', two.botUserId, '1700000900.000002');
    for (const [ts, token] of [
      ['1700000900.000001', one.botToken],
      ['1700000900.000002', two.botToken],
    ] as const) {
      const answer = await fake.waitFor(
        (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r.status === 200,
        20_000,
        `the answer in ${ts}`,
      );
      expect(answer.token).toBe(token);
      expect(JSON.stringify(answer.body)).toMatch(/Clegg/);
      // The mention of that workspace's bot user was stripped before answering.
      expect(String(answer.body.text)).not.toContain('U0BOT');
    }
    const slash = await sendSigned(
      bot.port,
      slashBody('who is DPM under Lib-Lab?', fake.responseUrl('two'), { team_id: 'T0TWO' }),
      FORM,
    );
    expect(slash.status).toBe(200);
    expect(slash.text).toMatch(/Clegg/);
  });

  it('app_uninstalled removes the installation; that workspace is then not answered', async () => {
    const one = [...fake.installs.values()].find((i) => i.teamId === 'T0ONE');
    if (!one) throw new Error('T0ONE should be installed');
    const uninstalled = eventBody({ type: 'app_uninstalled', event_ts: '1700000901.000001' }, 'T0ONE', one.botUserId);
    expect((await sendSigned(bot.port, uninstalled, JSON_TYPE)).status).toBe(200);
    await waitFor(() => installations().every((r) => r.install_key !== 'team:T0ONE'), 'the uninstall');
    expect(installations().map((r) => r.install_key)).toEqual(['team:T0TWO']);

    const before = fake.calls('chat.postMessage').length;
    await mention('T0ONE', one.botUserId, '1700000902.000001');
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.calls('chat.postMessage').length).toBe(before);
  });

  it('tokens_revoked for user tokens keeps the installation; for the bot token removes it', async () => {
    const two = [...fake.installs.values()].find((i) => i.teamId === 'T0TWO');
    if (!two) throw new Error('T0TWO should be installed');
    const users = eventBody({ type: 'tokens_revoked', tokens: { oauth: ['U0INSTALLER'] } }, 'T0TWO', two.botUserId);
    expect((await sendSigned(bot.port, users, JSON_TYPE)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(installations()).toHaveLength(1);
    const bots = eventBody({ type: 'tokens_revoked', tokens: { bot: [two.botUserId] } }, 'T0TWO', two.botUserId);
    expect((await sendSigned(bot.port, bots, JSON_TYPE)).status).toBe(200);
    await waitFor(() => installations().length === 0, 'the revoked bot token');
    expect(humanLines(bot.stderr())).toEqual([]);
  });
});

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${bot.stderr().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Slack OAuth across instances: installed through one, served by another (one PostgreSQL)', () => {
  const freshPostgres = usePostgres();
  const bots: BotProcess[] = [];
  afterAll(async () => {
    for (const b of bots) await b.stop();
  });

  it("a workspace installed through instance A is answered by instance B with that workspace's token", async () => {
    const url = await freshPostgres();
    const env = { ...OAUTH_ENV, DATABASE_URL: url, WHIP_FEEDBACK_SECRET: 'oauth-cluster-feedback-secret' };
    const [a, b] = await Promise.all([startBot(fake.apiUrl, env), startBot(fake.apiUrl, env)]);
    if (!a || !b) throw new Error('both instances should start');
    bots.push(a, b);
    const granted = fake.grant('code-cluster', 'T0CLUSTER');
    const page = await fetch(`http://127.0.0.1:${a.port}/slack/install`);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const state = new URL(
      /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replace(/&amp;/g, '&') ?? '',
    ).searchParams.get('state');
    const redirect = await fetch(
      `http://127.0.0.1:${a.port}/slack/oauth_redirect?code=code-cluster&state=${encodeURIComponent(String(state))}`,
      { headers: { cookie } },
    );
    expect(redirect.status).toBe(200);

    const ts = '1700000950.000001';
    const body = eventBody(
      {
        type: 'app_mention',
        user: 'U0ASKER',
        text: `<@${granted.botUserId}> who is DPM under Lib-Lab?`,
        ts,
        channel: 'C0CLUSTER',
      },
      'T0CLUSTER',
      granted.botUserId,
    );
    expect((await sendSigned(b.port, body, JSON_TYPE)).status).toBe(200);
    const answer = await fake.waitFor(
      (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r.status === 200,
      20_000,
      'the answer from instance B',
    );
    expect(answer.token).toBe(granted.botToken);
    expect(JSON.stringify(answer.body)).toMatch(/Clegg/);

    // Uninstalled through B: A no longer answers that workspace either.
    const gone = eventBody({ type: 'app_uninstalled' }, 'T0CLUSTER', granted.botUserId);
    expect((await sendSigned(b.port, gone, JSON_TYPE)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!/app uninstalled/.test(b.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const before = fake.calls('chat.postMessage').length;
    const again = eventBody(
      {
        type: 'app_mention',
        user: 'U0ASKER',
        text: `<@${granted.botUserId}> hi`,
        ts: '1700000951.000001',
        channel: 'C0X',
      },
      'T0CLUSTER',
      granted.botUserId,
    );
    expect((await sendSigned(a.port, again, JSON_TYPE)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.calls('chat.postMessage').length).toBe(before);
  }, 90_000);
});
